"""Reading a passport through the real stack: ChipReader → pyscard → pcscd → vpcd → VirtualPassport.

    /work/main/.venv/bin/python benchmarks/bench_chip.py [--quick] [--portrait-bytes 20000]

Reads DG1 + a ~20 KB DG2 + EF.SOD with BAC and passive authentication, and prints, all measured
in this run: APDU count, bytes on the wire and wall time for
  * the baseline: SELECT + READ BINARY in fixed 223-byte (0xDF) blocks (short APDUs), and
  * the adaptive reader: READ BINARY by SFI with the largest Le the chip takes (extended length),
and the ratio baseline / adaptive. A third line shows the adaptive reader on a chip that only takes
Le <= 0xE0 (it must fall back, and cost no more than the baseline).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pcsc import ensure_pcscd, take_slot, wait_state

from hardware.pcsc import PcscCardReader
from hardware.sim.chip import ChipBehaviour
from hardware.sim.passport import build_passport
from hardware.sim.pki import demo_pki
from hardware.sim.vpcd import VpcdCard
from kiosk.emrtd.mrz import build_td3, parse_mrz
from kiosk.emrtd.reader import ChipReader
from kiosk.evidence import Check

P = dict(surname="MUSTERMANN", given_names="ERIKA", document_number="C01X00T47", issuing_state="D",
         nationality="D", date_of_birth="640812", sex="F", date_of_expiry="310630")


def run(reader_name: str, port: int, chip: ChipReader, card, n: int) -> dict[str, float]:
    vc = VpcdCard(card, port=port).start()
    wait_state(reader_name, "present")
    mrz = parse_mrz(build_td3(**P))
    times, ev = [], None
    try:
        for i in range(n + 1):  # the first read warms caches up and is not counted
            transport = PcscCardReader(reader_name).connect(timeout=5)
            t0 = time.perf_counter()
            ev = chip.read(transport, mrz)
            if i:
                times.append(time.perf_counter() - t0)
            transport.close()
            if ev.passive_auth is not Check.VALID:
                sys.exit(f"passive authentication failed: {ev.passive_auth_failures}")
    finally:
        vc.stop()
        wait_state(reader_name, "empty")
    assert ev is not None
    return {"apdus": ev.apdu_count, "bytes": ev.details["bytes_on_wire"], "file_bytes": ev.bytes_read,
            "ms": statistics.median(times) * 1000, "dg2": ev.details["files"].get("0102", 0)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--portrait-bytes", type=int, default=20_000)
    args = ap.parse_args()
    n = 3 if args.quick else 9
    proc = ensure_pcscd()
    try:
        reader_name, port, _lock = take_slot()
        wait_state(reader_name, "empty")
        trust = demo_pki().trust_store()
        kw = dict(access="BAC", ca=False, portrait_bytes=args.portrait_bytes, cache_key="bench")
        fixed = ChipReader(trust, data_groups=(1, 2), extended_length=False, max_le=0xDF, use_sfi=False)
        adaptive = ChipReader(trust, data_groups=(1, 2))
        rows = {
            "fixed 0xDF blocks (baseline)": run(reader_name, port, fixed, build_passport(P, **kw), n),
            "adaptive": run(reader_name, port, adaptive, build_passport(P, **kw), n),
            "adaptive, chip Le <= 0xE0": run(reader_name, port, adaptive,
                                             build_passport(P, behaviour=ChipBehaviour(max_le=0xE0), **kw), n),
        }
        base = rows["fixed 0xDF blocks (baseline)"]
        print(f"reader {reader_name!r}; DG1 + DG2 ({base['dg2']} bytes) + SOD, BAC, passive auth; median of {n}")
        print(f"{'':32s} {'APDUs':>6s} {'wire bytes':>11s} {'file bytes':>11s} {'ms':>8s}  speed-up")
        for label, r in rows.items():
            print(f"{label:32s} {r['apdus']:6d} {r['bytes']:11d} {r['file_bytes']:11d} {r['ms']:8.1f}  "
                  f"{base['ms'] / r['ms']:5.2f}x time, {base['apdus'] / r['apdus']:5.2f}x fewer APDUs")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
