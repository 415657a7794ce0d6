"""eMRTD data-side benchmarks: test PKI, LDS/SOD building, portrait decoding, passive authentication.

    /work/main/.venv/bin/python benchmarks/bench_emrtd_data.py

Every figure is printed next to a ratio against a baseline measured in the same run (building a
JPEG passport for the LDS figures, decoding the JPEG portrait for decoding, RSA PKCS#1 v1.5 for PA).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hardware.sim.lds_builder import _ENCODED, build_lds, default_portrait
from hardware.sim.pki import TestPki, _load_or_create, demo_pki
from hardware.sim.world import _PASSPORT_DEFAULTS
from kiosk.emrtd.images import decode_portrait
from kiosk.emrtd.lds import parse_dg2
from kiosk.emrtd.passive import PassiveAuthenticator


def best_of(fn, n: int, repeat: int = 3) -> float:
    """Best mean seconds per call over `repeat` runs of `n` calls."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    return best


def main() -> None:
    t = time.perf_counter()
    TestPki()
    cold = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        _load_or_create(Path(tmp) / "pki")
        t = time.perf_counter()
        _load_or_create(Path(tmp) / "pki")
        warm = time.perf_counter() - t
    print(f"test PKI: generate {cold * 1000:.0f} ms, load from disk cache {warm * 1000:.1f} ms "
          f"(x{warm / cold:.3f} of generating)")

    pki = demo_pki()
    passport = dict(_PASSPORT_DEFAULTS)
    portrait = default_portrait(360, 480)
    def cold(fmt: str, **kw: object) -> dict:
        _ENCODED.clear()  # measure the encoder, not the cache of recent portraits
        return build_lds(passport, portrait, fmt, pki=pki, **kw)

    base = best_of(lambda: cold("jpeg"), 10)
    print(f"build_lds 360x480 jpeg (baseline): {base * 1000:.1f} ms per passport")
    for fmt in ("jpeg", "jp2", "j2k"):
        for target in (None, 20_000, 60_000):
            s = best_of(lambda fmt=fmt, target=target: cold(fmt, target_bytes=target), 3)
            size = len(build_lds(passport, portrait, fmt, pki=pki, target_bytes=target)[2])
            print(f"build_lds {fmt:4} target={target!s:>6}: {s * 1000:6.1f} ms, DG2 {size:6} B (x{s / base:.1f})")
    s = best_of(lambda: build_lds(passport, portrait, "jp2", pki=pki), 10)
    print(f"build_lds jp2, same portrait again (encode cached): {s * 1000:.1f} ms (x{s / base:.2f})")
    s = best_of(lambda: cold("jpeg", container="39794-5"), 10)
    print(f"build_lds jpeg 39794-5: {s * 1000:.1f} ms (x{s / base:.2f})")
    for sig, alg in (("rsa-pss", "rsa"), ("ecdsa", "ec")):
        s = best_of(lambda sig=sig, alg=alg: cold("jpeg", signature=sig, algorithm=alg), 10)
        print(f"build_lds jpeg {sig}: {s * 1000:.1f} ms (x{s / base:.2f})")

    decoded = {}
    for fmt in ("jpeg", "jp2", "j2k"):
        face = parse_dg2(build_lds(passport, portrait, fmt, pki=pki, target_bytes=20_000)[2])[0]
        decoded[fmt] = best_of(lambda face=face: decode_portrait(face.data), 10)
    for fmt, s in decoded.items():
        print(f"decode_portrait {fmt:4} 20 KB: {s * 1000:.1f} ms (x{s / decoded['jpeg']:.1f} of jpeg)")

    pa = PassiveAuthenticator(pki.trust_store())
    now = dt.datetime.now(dt.UTC)
    timings = {}
    for sig, alg in (("rsa-pkcs1", "rsa"), ("rsa-pss", "rsa"), ("ecdsa", "ec")):
        files = build_lds(passport, portrait, "jpeg", pki=pki, signature=sig, algorithm=alg)
        dgs = {k: v for k, v in files.items() if isinstance(k, int)}
        timings[sig] = best_of(lambda files=files, dgs=dgs: pa.verify(files["SOD"], dgs, now), 20)
    for sig, s in timings.items():
        print(f"passive auth {sig:9}: {s * 1000:.2f} ms (x{s / timings['rsa-pkcs1']:.2f})")

    # A trust store the size of the ICAO master list (several hundred CSCAs): loading and lookups.
    from cryptography.hazmat.primitives.asymmetric import ec

    from hardware.sim.pki import make_csca
    from kiosk.emrtd.trust import TrustStore

    others = [make_csca("ZZ", f"CSCA {i}", ec.generate_private_key(ec.SECP256R1())) for i in range(500)]
    ml = pki.master_list([*others, pki.csca_cert])
    t = time.perf_counter()
    big = TrustStore()
    big.load_master_list(ml)
    big.add_crl(pki.crl)
    load = time.perf_counter() - t
    files = build_lds(passport, portrait, "jpeg", pki=pki)
    dgs = {k: v for k, v in files.items() if isinstance(k, int)}
    big_pa = PassiveAuthenticator(big)
    s = best_of(lambda: big_pa.verify(files["SOD"], dgs, now), 20)
    print(f"master list of {len(big.cscas)} CSCAs: load {load * 1000:.0f} ms; passive auth {s * 1000:.2f} ms "
          f"(x{s / timings['rsa-pkcs1']:.2f} of a one-CSCA store)")


if __name__ == "__main__":
    main()
