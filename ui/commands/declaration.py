"""`clearance-kiosk declaration keygen|issue|check`: QR e-declarations for demos, tests and diagnosis.

    declaration keygen --out DIR [--alg ed25519|p256]
    declaration issue DECLARATION.json --key PRIVATE_KEY --out CODE.png|CODE.svg [--kid KID]
    declaration check (--image CODE.png | --text PAYLOAD) --key PUBLIC_KEY
                      [--document-number N --date-of-birth YYMMDD] [--kid KID] [--used-ids FILE] [--json]

The declaration file format is documented in kiosk/declarations/issuer.py (DeclarationFile) with an
example in assets/demo/declaration.example.json. Keys are PEM; the key id defaults to one derived from
the public key (printed by keygen), so `check` finds the key the code was signed with.

check prints (with --json) {"valid", "reasons", "items", "refer", ...}: `valid` is the code itself
(format, signature, validity, binding, single use), `refer` whether the lane would refer the traveller
(an invalid code, or anything declared). Exit status: 0 valid code, 1 invalid code, 2 bad usage or
input (unreadable key or image, no QR code in the image).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    d = sub.add_parser("declaration", help="QR e-declarations: issuer keys, issue a code, check a code")
    dsub = d.add_subparsers(dest="declaration_command", required=True)

    k = dsub.add_parser("keygen", help="generate an issuer key pair (PEM) in a folder")
    k.add_argument("--out", type=Path, required=True, metavar="DIR")
    k.add_argument("--alg", choices=("ed25519", "p256"), default="ed25519")
    k.add_argument("--force", action="store_true", help="overwrite an existing key pair")
    k.set_defaults(func=cmd_keygen)

    i = dsub.add_parser("issue", help="sign a declaration file and write its QR code (PNG or SVG)")
    i.add_argument("declaration", type=Path, metavar="DECLARATION.json")
    i.add_argument("--key", type=Path, required=True, metavar="PRIVATE_KEY")
    i.add_argument("--out", type=Path, required=True, metavar="CODE.png|CODE.svg")
    i.add_argument("--kid", help="key id (default: the file's 'kid', else derived from the key)")
    i.add_argument("--scale", type=int, default=4, help="PNG pixels per QR module")
    i.set_defaults(func=cmd_issue)

    c = dsub.add_parser("check", help="verify a code and show what the lane would decide")
    src = c.add_mutually_exclusive_group(required=True)
    src.add_argument("--image", type=Path, metavar="CODE.png", help="a picture holding the QR code")
    src.add_argument("--text", metavar="PAYLOAD", help="the code's text (CKD1:...)")
    c.add_argument("--key", type=Path, required=True, metavar="PUBLIC_KEY", help="issuer public key or certificate")
    c.add_argument("--kid", help="key id the code must carry (default: derived from the key)")
    c.add_argument("--document-number", metavar="N")
    c.add_argument("--date-of-birth", metavar="YYMMDD")
    c.add_argument("--direction", choices=("entry", "exit"), help="form the answers are judged by "
                   "(default: lane.direction)")
    c.add_argument("--used-ids", type=Path, metavar="FILE",
                   help="single-use store (SQLite) to check and record the code in, like a lane; default: none")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_check)


def _error(message: str, as_json: bool = False) -> int:
    if as_json:
        print(json.dumps({"valid": False, "error": message}))
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


# --- keygen ----------------------------------------------------------------------------------------------


def cmd_keygen(args: argparse.Namespace) -> int:
    from kiosk.declarations.issuer import generate_key, key_id, private_pem, public_pem

    out: Path = args.out
    private, public = out / "issuer.key.pem", out / "issuer.pub.pem"
    if not args.force and (private.exists() or public.exists()):
        return _error(f"{out} already holds a key pair (use --force to replace it)")
    try:
        out.mkdir(parents=True, exist_ok=True)
        key = generate_key(args.alg)
        # Create the private key file owner-only from the start (no window with the umask's mode).
        private.unlink(missing_ok=True)
        with os.fdopen(os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as stream:
            stream.write(private_pem(key))
        public.write_bytes(public_pem(key))
    except OSError as exc:
        return _error(f"{out}: {exc.strerror or exc}")
    kid = key_id(key)
    print(f"wrote {private} (private, keep it secret) and {public}")
    print(f"key id {kid}; to trust it on a lane:\n[declarations.keys]\n\"{kid}\" = \"{public.resolve()}\"")
    return EXIT_VALID


# --- issue -----------------------------------------------------------------------------------------------


def _private_key(path: Path) -> Any:
    from kiosk.declarations.issuer import load_private_key

    try:
        return load_private_key(path.read_bytes())
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the key: {exc.strerror or exc}") from None
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{path}: not an unencrypted Ed25519 or P-256 private key (PEM): {exc}") from None


def cmd_issue(args: argparse.Namespace) -> int:
    from kiosk.declarations.issuer import DeclarationFile, qr_version, write_qr_png, write_qr_svg
    from kiosk.declarations.rules import load_rules
    from ui.cli import load_config

    suffix = args.out.suffix.lower()
    if suffix not in (".png", ".svg"):
        return _error(f"{args.out}: the output must end in .png or .svg")
    cfg = load_config(args)
    try:
        key = _private_key(args.key)
        rules = load_rules(cfg.declarations.rules, cfg.declarations.overrides)
        declaration = DeclarationFile.load(args.declaration, rules, cfg.declarations.port)
        text = declaration.sign(key, args.kid)
        if suffix == ".png":
            write_qr_png(text, args.out, scale=max(1, args.scale))
        else:
            write_qr_svg(text, args.out)
    except OSError as exc:
        return _error(f"{args.out}: {exc.strerror or exc}")
    except ValueError as exc:
        return _error(str(exc))
    print(text)
    print(f"wrote {args.out} (QR version {qr_version(text)}, {len(text)} characters)", file=sys.stderr)
    return EXIT_VALID


# --- check -----------------------------------------------------------------------------------------------


def read_code_image(path: Path) -> str:
    """The text of the one QR code in a picture (zxing-cpp); ValueError when there is none or several."""
    import numpy as np
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            pixels = np.asarray(im.convert("L"))
    except (OSError, UnidentifiedImageError) as exc:
        raise ValueError(f"{path}: not a readable image ({exc})") from None
    codes = [b for b in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode) if b.valid]
    if not codes:
        raise ValueError(f"{path}: no QR code found in the image")
    if len({b.text for b in codes}) > 1:
        raise ValueError(f"{path}: {len(codes)} different QR codes in the image, expected one")
    return codes[0].text


def cmd_check(args: argparse.Namespace) -> int:
    from kiosk.declarations.issuer import key_id
    from kiosk.declarations.replay import ReplayStoreError, SqliteUsedIdStore
    from kiosk.declarations.rules import DeclarationRules, invalid_decision, load_rules
    from kiosk.declarations.token import DocumentIdentity, TokenVerifier, load_public_key
    from kiosk.errors import ConfigError
    from ui.cli import load_config

    if (args.document_number is None) != (args.date_of_birth is None):
        return _error("give both --document-number and --date-of-birth (or neither)", args.json)
    cfg = load_config(args)
    try:
        public = load_public_key(args.key.read_bytes())
    except OSError as exc:
        return _error(f"{args.key}: cannot read the key: {exc.strerror or exc}", args.json)
    except ConfigError as exc:
        return _error(f"{args.key}: {exc}", args.json)
    if args.image is not None:
        try:
            text = read_code_image(args.image)
        except ValueError as exc:
            return _error(str(exc), args.json)
    else:
        text = args.text
    direction = args.direction or cfg.lane.direction
    rules = DeclarationRules.from_config(load_rules(cfg.declarations.rules, cfg.declarations.overrides),
                                         direction, cfg.declarations.port)
    used = None
    if args.used_ids is not None:
        try:
            used = SqliteUsedIdStore(str(args.used_ids))
        except ReplayStoreError as exc:
            return _error(f"{args.used_ids}: {exc}", args.json)
    verifier = TokenVerifier({args.kid or key_id(public): public}, used,
                             max_validity=timedelta(hours=cfg.declarations.max_validity_h),
                             clock_skew=timedelta(seconds=cfg.declarations.clock_skew_s))
    document = (DocumentIdentity(args.document_number, args.date_of_birth)
                if args.document_number is not None else None)
    # Without the document the binding cannot be checked, so the code is not recorded as used either.
    result = verifier.verify(text, document, consume=document is not None)
    if result.valid:
        decision = rules.evaluate(result.answers, "qr")
    else:
        assert result.reason is not None and result.text_key is not None
        decision = invalid_decision("qr", result.reason, result.text_key, detail=result.detail)
    report = _report(text, result, decision, rules, used is not None and document is not None)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print(report)
    return EXIT_VALID if result.valid else EXIT_INVALID


def _iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat()


def _report(text: str, result: Any, decision: Any, rules: Any, replay_checked: bool) -> dict[str, Any]:
    form = rules.form
    reasons = [
        {"code": r.code, "text": form.text(r.text_key, "en", **r.params),
         **({"detail": r.params["detail"]} if r.params.get("detail") else {})}
        for r in decision.reasons
    ]
    return {
        "valid": result.valid,
        "reasons": reasons,
        "items": list(decision.items),
        "refer": decision.refers,
        "status": decision.status,
        "checks": {"binding": result.binding_checked if result.valid else None, "replay": replay_checked},
        "token": {
            "version": text.strip()[3:].split(":", 1)[0] if text.strip().startswith("CKD") else None,
            "kid": result.kid,
            "id": result.token_id,
            "issuer": result.issuer,
            "issued_at": _iso(result.issued_at),
            "expires_at": _iso(result.expires_at),
        },
        "answers": dict(result.answers),
    }


def _print(r: dict[str, Any]) -> None:
    verdict = "REFER" if r["refer"] else "clear"
    print(f"{'VALID' if r['valid'] else 'INVALID'} e-declaration; the lane would {verdict} ({r['status']})")
    t = r["token"]
    if t["kid"]:
        print(f"  key {t['kid']}, id {t['id']}, issued {t['issued_at']}, expires {t['expires_at']}")
    if r["valid"] and not r["checks"]["binding"]:
        print("  document binding NOT checked (give --document-number and --date-of-birth)")
    if not r["checks"]["replay"]:
        print("  single use NOT checked (give --used-ids to check against a store)")
    for item in r["items"]:
        print(f"  declared: {item}")
    for reason in r["reasons"]:
        print(f"  reason {reason['code']}: {reason['text']}")
