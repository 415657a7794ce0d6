"""Many lanes, one port: events per second and end-to-end latency lane → console through Mosquitto.

Each simulated lane is a real Store (SQLite, WAL) with the outbox enabled and a LanePublisher on a
real Mosquitto (TLS, client certificates, ACL) started on 127.0.0.1; the console is an MqttConsole
de-duplicating by event id. A lane event is an audited write (`Store.audit`), so the figures include
the hash-chained audit insert, the outbox trigger, the pump's poll, the broker, and the console.

  paced   every lane writes `--rate` events/s for `--seconds`: latency median / p95 (write → console)
  burst   every lane writes `--burst` events as fast as it can: throughput (events/s to the console)

Baselines, measured in the same run: the same with a single lane (what 20 lanes cost), and 20 lanes
publishing straight to the broker at QoS 0 with no database, no outbox and no acknowledgement (what
store and forward costs; that variant may lose events by design, so it is a lower bound only).

    .venv/bin/python benchmarks/bench_bus.py [--lanes 20] [--rate 10] [--seconds 4] [--burst 200]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hardware.bus import connect_console, lane_publisher
from hardware.bus.broker import Mosquitto
from hardware.bus.pki import PortPki, write_port_pki
from kiosk.bus.envelope import EventEnvelope
from kiosk.config import BusConfig
from kiosk.store import Store


def _cfg(pki: PortPki, broker: Mosquitto, ident: str) -> BusConfig:
    cert, key = pki.lanes[ident] if ident in pki.lanes else pki.consoles[ident]
    return BusConfig.model_validate({
        "host": "127.0.0.1", "port": broker.port, "prefix": "bench",
        "tls": {"ca_file": str(pki.ca_file), "cert_file": str(cert), "key_file": str(key)},
        "reconnect_min_s": 0.1, "reconnect_max_s": 1.0})


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def run(pki: PortPki, broker: Mosquitto, workdir: Path, lanes: list[str], console_id: str, *, rate: float,
        seconds: float, burst: int, raw_qos0: bool = False) -> dict[str, float]:
    console = connect_console(_cfg(pki, broker, console_id), console_id)
    assert console.wait_connected(10)
    latencies: list[float] = []
    count = [0]
    last = [0.0]
    lock = threading.Lock()

    def on_event(e: EventEnvelope) -> None:
        now = time.time()
        t = e.data.get("data", {}).get("t")
        with lock:
            count[0] += 1
            last[0] = now
            if t is not None and e.data["data"].get("phase") == "paced":
                latencies.append((now - t) * 1000)

    console.on_event(on_event)
    stores = {lane: Store(workdir / f"{console_id}-{lane}.sqlite", lane) for lane in lanes}
    pubs = {lane: lane_publisher(_cfg(pki, broker, lane), lane, stores[lane], None) for lane in lanes}
    for p in pubs.values():
        assert p.bus.wait_connected(10)
    if raw_qos0:
        for p in pubs.values():
            p.pump.stop()  # only the MQTT connection is used
    seqs = {lane: 0 for lane in lanes}

    def emit(store: Store, data: dict) -> None:
        if not raw_qos0:
            store.audit("lane", "bench", data)
            return
        seqs[store.lane_id] += 1
        env = EventEnvelope(uuid.uuid4().hex, store.lane_id, seqs[store.lane_id], "audit",
                            datetime.now(UTC).isoformat(), {"data": data})
        bus = pubs[store.lane_id].bus
        bus.client.publish(bus.topics.events(store.lane_id), env.to_json(), qos=0)

    def wait_for(total: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and count[0] < total:
            time.sleep(0.01)
        if count[0] < total:
            raise RuntimeError(f"only {count[0]} of {total} events reached the console")

    def writers(fn) -> None:
        threads = [threading.Thread(target=fn, args=(stores[lane],)) for lane in lanes]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def paced(store: Store) -> None:
        n = int(rate * seconds)
        t0 = time.monotonic()
        for i in range(n):
            emit(store, {"i": i, "t": time.time(), "phase": "paced"})
            delay = t0 + (i + 1) / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)

    def flood(store: Store) -> None:
        for i in range(burst):
            emit(store, {"i": i, "t": time.time(), "phase": "burst"})

    try:
        writers(paced)
        total = len(lanes) * int(rate * seconds)
        wait_for(total, 60)
        t0 = time.time()
        writers(flood)
        wait_for(total + len(lanes) * burst, 120)
        elapsed = last[0] - t0
    finally:
        for p in pubs.values():
            p.stop()
        for s in stores.values():
            s.close()
        console.close()
    return {"variant": "QoS 0, no outbox" if raw_qos0 else "outbox, QoS 1", "lanes": len(lanes),
            "p50_ms": statistics.median(latencies), "p95_ms": _pct(latencies, 95),
            "events_s": len(lanes) * burst / elapsed, "duplicates": console.dedup.duplicates}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lanes", type=int, default=20)
    ap.add_argument("--rate", type=float, default=10.0, help="events per second per lane (paced)")
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--burst", type=int, default=200, help="events per lane (burst)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    lanes = [f"L{i:02d}" for i in range(1, args.lanes + 1)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pki = write_port_pki(work / "pki", lanes, ["BENCH-1", "BENCH-N", "BENCH-0"], prefix="bench")
        with Mosquitto(pki, work / "broker") as broker:
            base = run(pki, broker, work, lanes[:1], "BENCH-1", rate=args.rate, seconds=args.seconds,
                       burst=args.burst)
            many = run(pki, broker, work, lanes, "BENCH-N", rate=args.rate, seconds=args.seconds,
                       burst=args.burst)
            raw = run(pki, broker, work, lanes, "BENCH-0", rate=args.rate, seconds=args.seconds,
                      burst=args.burst, raw_qos0=True)
    print(f"{'variant':18s} {'lanes':>5} {'latency p50 ms':>15} {'p95 ms':>8} {'events/s':>9} {'dupes':>6}")
    for r in (base, many, raw):
        print(f"{r['variant']:18s} {r['lanes']:>5} {r['p50_ms']:>15.1f} {r['p95_ms']:>8.1f} {r['events_s']:>9.0f} "
              f"{r['duplicates']:>6}")
    print(f"ratio {many['lanes']} lanes / 1 lane: throughput x{many['events_s'] / base['events_s']:.2f}, "
          f"latency p50 x{many['p50_ms'] / base['p50_ms']:.2f}, p95 x{many['p95_ms'] / base['p95_ms']:.2f}")
    print(f"ratio store-and-forward / QoS 0 without outbox ({many['lanes']} lanes): "
          f"throughput x{many['events_s'] / raw['events_s']:.2f}, latency p50 x{many['p50_ms'] / raw['p50_ms']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
