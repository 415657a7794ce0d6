"""Declaration benchmarks: QR size per encoding, token verify time, camera-qr decode time.

    /work/venv/bin/python benchmarks/bench_decl.py

Every figure is printed next to a ratio against a baseline measured in the same run.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import tempfile
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import base45
import cbor2
import cv2
import numpy as np
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from hardware.declaration.camera_qr import decode_qr
from kiosk.declarations import DeclarationRules, default_rules
from kiosk.declarations.issuer import qr_image, qr_version
from kiosk.declarations.replay import MemoryUsedIdStore, SqliteUsedIdStore
from kiosk.declarations.rules import nothing_to_declare_answers
from kiosk.declarations.token import DocumentIdentity, TokenVerifier, issue_token

DOC = DocumentIdentity("E12345678", "900101", "CHN")
KID = "cn-customs-2026-01"


def best_of(fn, n: int, repeat: int = 5) -> float:
    """Best mean seconds per call over `repeat` runs of `n` calls."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    return best


def b64u(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def encodings(answers: dict, key: ed25519.Ed25519PrivateKey) -> dict[str, str | bytes]:
    """The same signed declaration in several encodings (same claims, same 64-byte signature size)."""
    iat = int(time.time())
    salt, cti = os.urandom(8), os.urandom(12)
    binding = [salt, DOC.digest(salt)]
    out: dict[str, str | bytes] = {}
    # JWS compact (JSON, names as keys), QR byte mode
    header = b64u(json.dumps({"alg": "EdDSA", "kid": KID}, separators=(",", ":")).encode())
    claims = {"iat": iat, "exp": iat + 86400, "jti": b64u(cti), "b": [b64u(b) for b in binding], "d": answers}
    payload = b64u(json.dumps(claims, separators=(",", ":")).encode())
    jws = f"{header}.{payload}"
    out["JWS (JSON names) base64url, byte mode"] = jws + "." + b64u(key.sign(jws.encode()))
    # the same JSON, signature appended raw, base45 (alphanumeric mode)
    raw_json = json.dumps({"k": KID, **claims}, separators=(",", ":")).encode()
    out["JSON names + sig, base45"] = "CKD1:" + base45.b45encode(raw_json + key.sign(raw_json)).decode()
    # CBOR COSE with question names instead of the codebook
    chosen = issue_token(answers, DOC, key, kid=KID)
    cose = cbor2.loads(base45.b45decode(chosen[5:]))
    prot, _, pl, sig = cose.value
    c = cbor2.loads(pl)
    c["d"] = answers
    named = cbor2.dumps(cbor2.CBORTag(18, [prot, {}, cbor2.dumps(c), sig]))
    out["COSE/CBOR names, base45"] = "CKD1:" + base45.b45encode(named).decode()
    raw = base45.b45decode(chosen[5:])
    out["COSE/CBOR codebook, base64, byte mode"] = "CKD1:" + base64.b64encode(raw).decode()
    out["COSE/CBOR codebook, zlib, base45"] = "CKD1:" + base45.b45encode(zlib.compress(raw, 9)).decode()
    out["COSE/CBOR codebook, base45 (chosen)"] = chosen
    return out


def bench_sizes() -> None:
    rules = DeclarationRules.from_config(default_rules(), "entry")
    key = ed25519.Ed25519PrivateKey.generate()
    cases = {
        "nothing to declare": nothing_to_declare_answers(rules),
        "declares tobacco + cash": nothing_to_declare_answers(
            rules, alcohol_tobacco=True, cigarettes=600, alcohol_ml=750, cash=True, cash_cny=30000
        ),
    }
    print("== QR size per encoding (entry declaration, Ed25519, EC level M) ==")
    for label, answers in cases.items():
        encs = encodings(answers, key)
        base = encs["COSE/CBOR codebook, base45 (chosen)"]
        base_v = qr_version(base)
        print(f"-- {label} ({len(answers)} answers)")
        print(f"   {'encoding':42s} {'chars':>6s} {'ratio':>6s} {'QR ver':>6s} {'modules^2 ratio':>15s}")
        for name, text in encs.items():
            v = qr_version(text)
            area = (17 + 4 * v) ** 2 / (17 + 4 * base_v) ** 2
            print(f"   {name:42s} {len(text):6d} {len(text) / len(base):6.2f} {v:6d} {area:15.2f}")


def bench_verify() -> None:
    rules = DeclarationRules.from_config(default_rules(), "entry")
    answers = nothing_to_declare_answers(rules)
    keys = {"ed25519": ed25519.Ed25519PrivateKey.generate(), "p256": ec.generate_private_key(ec.SECP256R1())}
    pubs = {k: v.public_key() for k, v in keys.items()}
    n = 300
    texts = {k: [issue_token(answers, DOC, key, kid=k) for _ in range(n * 6)] for k, key in keys.items()}
    print("\n== verify time per token (full check incl. binding and used-id store) ==")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kid in keys:
            for store_name in ("memory", "sqlite"):
                store = (
                    MemoryUsedIdStore()
                    if store_name == "memory"
                    else SqliteUsedIdStore(Path(tmp) / f"{kid}.db")
                )
                v = TokenVerifier(pubs, store)
                it = iter(texts[kid] if store_name == "memory" else texts[kid][::-1])

                def one(v=v, it=it):
                    assert v.verify(next(it), DOC).valid

                results[(kid, store_name)] = best_of(one, n, repeat=3)
    no_consume = TokenVerifier(pubs, None)
    t_parse = best_of(lambda: no_consume.verify(texts["ed25519"][0], DOC, consume=False), n)
    base = results[("ed25519", "memory")]
    print(f"   {'ed25519, no store':30s} {t_parse * 1e6:8.1f} µs  ratio {t_parse / base:5.2f}")
    for (kid, store_name), t in results.items():
        print(f"   {kid + ', ' + store_name + ' store':30s} {t * 1e6:8.1f} µs  ratio {t / base:5.2f}")


def scene(code: np.ndarray, angle: float, blur: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    h, w = 1080, 1920
    frame = cv2.GaussianBlur(rng.integers(90, 200, (h, w), dtype=np.uint8), (0, 0), 6)
    ch, cw = code.shape
    y, x = int(rng.integers(0, h - ch)), int(rng.integers(0, w - cw))
    frame[y : y + ch, x : x + cw] = code
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    frame = cv2.warpAffine(frame, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
    frame = cv2.GaussianBlur(frame, (0, 0), blur) if blur else frame
    frame = np.clip(frame + rng.normal(0, 4, frame.shape), 0, 255).astype(np.uint8)
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


def bench_camera() -> None:
    rules = DeclarationRules.from_config(default_rules(), "entry")
    text = issue_token(nothing_to_declare_answers(rules), DOC, ed25519.Ed25519PrivateKey.generate(), kid=KID)
    print(f"\n== camera-qr decode, 1080p BGR frames, QR version {qr_version(text)} ==")
    frames = []
    for i, (scale, angle, blur) in enumerate(
        [(6, 0, 0), (6, 20, 1.0), (5, -40, 1.5), (4, 90, 0.8), (4, 12, 1.2), (3, 0, 0.5), (3, -25, 0)]
    ):
        code = qr_image(text, scale=scale)
        code = code[: min(code.shape[0], 1000), : min(code.shape[1], 1000)]
        frames.append(scene(code, angle, blur, seed=i))
    empty = scene(np.full((8, 8), 150, np.uint8), 0, 0, seed=99)
    rows = []
    for label, width in [
        ("full 1920", 0),
        ("downscaled 1280", 1280),
        ("downscaled 960", 960),
        ("downscaled 640", 640),
    ]:
        ok = sum(decode_qr(f, max_width=width) == [text] for f in frames)
        t_hit = best_of(lambda w=width: [decode_qr(f, max_width=w) for f in frames], 1, repeat=3) / len(
            frames
        )
        t_miss = best_of(lambda w=width: decode_qr(empty, max_width=w), 3, repeat=3)
        rows.append((label, ok, t_hit, t_miss))
    base_hit, base_miss = rows[0][2], rows[0][3]
    print(
        f"   {'frame size':18s} {'decoded':>8s} {'ms/frame':>9s} {'ratio':>6s} {'ms empty':>9s} {'ratio':>6s}"
    )
    for label, ok, t_hit, t_miss in rows:
        print(
            f"   {label:18s} {ok:>4d}/{len(frames):<3d} {t_hit * 1e3:9.1f} {t_hit / base_hit:6.2f}"
            f" {t_miss * 1e3:9.1f} {t_miss / base_miss:6.2f}"
        )


if __name__ == "__main__":
    print(f"bench_decl {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs")
    bench_sizes()
    bench_verify()
    bench_camera()
