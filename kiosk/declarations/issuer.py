"""The issuing side of QR e-declarations, for demos and tests (the real issuer is an online service).

    python -m kiosk.declarations.issuer keygen --alg ed25519 --private issuer.pem --public issuer.pub.pem
    python -m kiosk.declarations.issuer issue --key issuer.pem --kid demo-1 \
        --document E12345678 --birth 900101 --nationality CHN \
        [--answers answers.json | --declare alcohol_tobacco=yes --declare cigarettes=600] \
        [--direction entry] [--png token.png]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from .rules import DeclarationRules, default_rules, nothing_to_declare_answers
from .token import DocumentIdentity, PrivateKey, issue_token


def generate_key(alg: str = "ed25519") -> PrivateKey:
    if alg == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if alg in ("p256", "es256"):
        return ec.generate_private_key(ec.SECP256R1())
    raise ValueError(f"unknown algorithm {alg!r} (ed25519 or p256)")


def private_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_pem(key: PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_private_key(pem: bytes) -> PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError("not an Ed25519 or EC private key")
    return key


def qr_image(text: str, *, scale: int = 4, ec_level: str = "M") -> np.ndarray:
    """The QR code of `text` as a grayscale uint8 image with quiet zone (zxing-cpp's writer)."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ec_level)
    return np.asarray(barcode.to_image(scale=scale)).copy()


def qr_version(text: str | bytes, *, ec_level: str = "M") -> int:
    """The QR version (1..40) zxing-cpp picks for `text` (from the symbol size: 17 + 4 * version)."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ec_level)
    modules = np.asarray(barcode.to_image(scale=1, add_quiet_zones=False)).shape[0]
    return (modules - 17) // 4


def write_qr_png(text: str, path: str | Path, *, scale: int = 4) -> None:
    from PIL import Image

    Image.fromarray(qr_image(text, scale=scale)).save(path, format="PNG")


def _parse_value(raw: str) -> Any:
    low = raw.lower()
    if low in ("true", "yes"):
        return True
    if low in ("false", "no"):
        return False
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        return float(raw)
    except ValueError:
        return raw


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk.declarations.issuer", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    kg = sub.add_parser("keygen", help="generate an issuer key pair (PEM)")
    kg.add_argument("--alg", choices=["ed25519", "p256"], default="ed25519")
    kg.add_argument("--private", type=Path, required=True)
    kg.add_argument("--public", type=Path, required=True)
    iss = sub.add_parser("issue", help="issue a signed e-declaration; print its text, optionally write a PNG")
    iss.add_argument("--key", type=Path, required=True, help="issuer private key (PEM)")
    iss.add_argument("--kid", required=True, help="key id the kiosk knows the public key by")
    iss.add_argument("--document", required=True, help="travel document number")
    iss.add_argument("--birth", required=True, help="date of birth YYMMDD")
    iss.add_argument("--nationality", required=True, help="ICAO 3-letter code")
    iss.add_argument("--direction", choices=["entry", "exit"], default="entry")
    iss.add_argument("--answers", type=Path, help="JSON answers file (default: nothing to declare)")
    iss.add_argument("--declare", action="append", default=[], metavar="QUESTION=VALUE")
    iss.add_argument("--validity-hours", type=float, default=24.0)
    iss.add_argument("--png", type=Path)
    iss.add_argument("--scale", type=int, default=4)
    args = parser.parse_args(argv)

    try:
        if args.command == "keygen":
            key = generate_key(args.alg)
            args.private.write_bytes(private_pem(key))
            args.private.chmod(0o600)
            args.public.write_bytes(public_pem(key))
            print(f"wrote {args.private} and {args.public}")
            return 0
        key = load_private_key(args.key.read_bytes())
        if args.answers:
            answers = json.loads(args.answers.read_text(encoding="utf-8"))
        else:
            overrides = {}
            for item in args.declare:
                name, _, value = item.partition("=")
                overrides[name] = _parse_value(value)
            answers = nothing_to_declare_answers(
                DeclarationRules.from_config(default_rules(), args.direction), **overrides
            )
        doc = DocumentIdentity(args.document, args.birth, args.nationality)
        text = issue_token(answers, doc, key, kid=args.kid, validity=timedelta(hours=args.validity_hours))
        print(text)
        if args.png:
            write_qr_png(text, args.png, scale=args.scale)
            print(f"wrote {args.png} (QR version {qr_version(text)})", file=sys.stderr)
        return 0
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
