"""APDU round trips through the real stack: pyscard → pcscd → vpcd → VpcdCard.

    /work/venv/bin/python benchmarks/bench_pcsc.py [--quick]

Reuses a running pcscd or starts `pcscd --foreground` (root) for the run. Prints, all measured in
this run:
  1. short-APDU round-trip time with TCP_QUICKACK (+TCP_NODELAY) on the card socket versus
     without (the baseline), as a ratio;
  2. round trips per second for short (2-byte) versus 4 KB and 60 KB responses;
  3. the driver's own cost: PcscTransport.transmit (worker thread, timeout) versus a bare
     pyscard CardConnection.transmit on the same card.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hardware.pcsc import PcscCardReader, _reader_state
from hardware.sim.vpcd import DEFAULT_PORT, VpcdCard

SELECT = bytes.fromhex("00A4020C020101")


class BenchCard:
    """Answers SELECT with 9000 and READ BINARY with Ne bytes (extended Le honoured)."""

    def process_apdu(self, apdu: bytes) -> bytes:
        if apdu[1] == 0xB0:
            ne = int.from_bytes(apdu[5:7], "big") if len(apdu) == 7 else (apdu[4] or 256)
            return bytes(min(ne or 65536, 65533)) + b"\x90\x00"
        return b"\x90\x00"


def read_binary(ne: int) -> bytes:
    return bytes([0x00, 0xB0, 0, 0, 0]) + (ne & 0xFFFF).to_bytes(2, "big")


def ensure_pcscd() -> subprocess.Popen[bytes] | None:
    from smartcard import scard

    hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult == scard.SCARD_S_SUCCESS:
        scard.SCardReleaseContext(ctx)
        return None
    pcscd = shutil.which("pcscd") or "/usr/sbin/pcscd"
    if os.geteuid() != 0 or not Path(pcscd).exists():
        sys.exit("pcscd is not running and cannot be started here (needs root and the pcscd package)")
    proc = subprocess.Popen([pcscd, "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult == scard.SCARD_S_SUCCESS:
            scard.SCardReleaseContext(ctx)
            time.sleep(0.3)  # let it load the vpcd driver
            return proc
        time.sleep(0.05)
    proc.kill()
    sys.exit("pcscd did not start")


def take_slot() -> tuple[str, int, object]:
    """A vpcd slot nobody else (tests, another bench) uses right now."""
    from smartcard.System import readers

    names = sorted(str(r) for r in readers() if str(r).startswith("Virtual PCD"))
    for name in names:
        slot = int(name.rsplit(" ", 1)[1], 16)
        lock = open(f"/tmp/kiosk-vpcd-{DEFAULT_PORT + slot}.lock", "w")  # noqa: SIM115
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        return name, DEFAULT_PORT + slot, lock
    sys.exit(f"no free vpcd slot (readers: {names or 'none'})")


def wait_state(reader: str, state: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while _reader_state(reader) != state:
        if time.monotonic() > deadline:
            sys.exit(f"{reader}: pcscd did not report the card {state}")
        time.sleep(0.02)


def per_call(fn: Callable[[], object], n: int) -> float:
    """Median of 5 batches of seconds per call."""
    fn()
    batches = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(max(1, n // 5)):
            fn()
        batches.append((time.perf_counter() - start) / max(1, n // 5))
    return statistics.median(batches)


def with_card(reader: str, port: int, **vpcd: bool) -> tuple[VpcdCard, object]:
    vc = VpcdCard(BenchCard(), port=port, **vpcd).start()
    wait_state(reader, "present")
    return vc, PcscCardReader(reader).connect(timeout=5)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer iterations")
    args = ap.parse_args()
    scale = 0.2 if args.quick else 1.0
    proc = ensure_pcscd()
    try:
        reader, port, _lock = take_slot()
        wait_state(reader, "empty")
        print(f"reader {reader!r}, vpcd port {port}")

        results: dict[str, float] = {}
        for label, opts, n in [
            ("quickack+nodelay", {"quickack": True, "nodelay": True}, 2000),
            ("nodelay only", {"quickack": False, "nodelay": True}, 25),
            ("neither (baseline)", {"quickack": False, "nodelay": False}, 25),
        ]:
            vc, transport = with_card(reader, port, **opts)
            results[label] = per_call(lambda t=transport: t.transmit(SELECT), max(5, int(n * scale)))
            transport.close()
            vc.stop()
            wait_state(reader, "empty")
        base = results["neither (baseline)"]
        print("\n1. short APDU round trip (SELECT → 9000), card socket options:")
        for label, t in results.items():
            print(f"   {label:20s} {t * 1e3:8.3f} ms   {base / t:7.1f}x faster than baseline")

        vc, transport = with_card(reader, port)
        print("\n2. round trips per second (quickack+nodelay):")
        rates = {}
        for label, apdu, n in [
            ("short (2 B)", SELECT, 2000),
            ("4 KB", read_binary(4096), 1000),
            ("60 KB", read_binary(60_000), 100),
        ]:
            assert len(transport.transmit(apdu)) in (2, 4098, 60_002)
            rates[label] = 1 / per_call(lambda a=apdu, t=transport: t.transmit(a), max(5, int(n * scale)))
        for label, rate in rates.items():
            print(f"   {label:12s} {rate:9.0f}/s   {rate / rates['short (2 B)']:6.2f}x of short")

        print("\n3. driver overhead (worker thread + timeout) versus bare pyscard:")
        bare = transport._conn  # the pyscard CardConnection under the transport
        n = max(5, int(2000 * scale))
        t_bare = per_call(lambda: bare.transmit(list(SELECT)), n)
        t_drv = per_call(lambda: transport.transmit(SELECT), n)
        print(f"   bare pyscard {t_bare * 1e6:8.1f} us   driver {t_drv * 1e6:8.1f} us", end="")
        print(f"   ratio {t_drv / t_bare:5.2f}")
        transport.close()
        vc.stop()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
