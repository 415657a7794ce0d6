"""The issuing side of QR e-declarations, for demos and tests (the real issuer is an online service).

Keys, the declaration file format and the QR writers; the commands are `clearance-kiosk declaration
keygen|issue|check` (ui/commands/declaration.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from .rules import STATUS_INVALID, DeclarationRules, default_rules, nothing_to_declare_answers
from .token import DEFAULT_VALIDITY, DocumentIdentity, PrivateKey, PublicKey, issue_token

_YYMMDD = re.compile(r"^\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")


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


def write_qr_svg(text: str, path: str | Path) -> None:
    """The QR code as SVG (zxing-cpp's writer): scales without loss on a phone screen or in print."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    Path(path).write_text(barcode.to_svg(), encoding="utf-8")


def key_id(key: PrivateKey | PublicKey) -> str:
    """A key id derived from the public key: "k-" + the first 8 bytes of SHA-256(SubjectPublicKeyInfo)."""
    public = key.public_key() if isinstance(key, ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey) else key
    spki = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "k-" + hashlib.sha256(spki).hexdigest()[:16]


# --- the declaration file ---------------------------------------------------------------------------

DECLARATION_FORMAT = "clearance-kiosk/declaration"


@dataclass
class DeclarationFile:
    """A declaration to sign, as read from JSON (see assets/demo/declaration.example.json):

        {
          "format": "clearance-kiosk/declaration", "version": 1,
          "document": {"number": "E12345678", "date_of_birth": "900101", "nationality": "CHN"},
          "direction": "entry",              optional, default "entry": which form the answers are for
          "complete": true,                  optional, default true: unanswered questions are "no"
          "answers": {"alcohol_tobacco": true, "cigarettes": 600},
          "kid": "cn-customs-2026-01",       optional: default derived from the key (key_id)
          "issuer": "...",                   optional: the CWT iss claim
          "issued_at": "2026-12-01T09:00:00+00:00",   optional, default now
          "validity_hours": 24               optional, default 24
        }
    """

    document: DocumentIdentity
    answers: dict[str, Any]
    direction: str = "entry"
    kid: str | None = None
    issuer: str = ""
    issued_at: datetime | None = None
    validity: timedelta = DEFAULT_VALIDITY

    _KEYS: ClassVar[frozenset[str]] = frozenset(
        {"format", "version", "document", "direction", "complete", "answers", "kid", "issuer", "issued_at",
         "validity_hours", "comment"}
    )

    @classmethod
    def load(cls, path: str | Path, rules_config: Mapping[str, Any] | None = None,
             port: str | None = None) -> DeclarationFile:
        where = str(path)
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ValueError(f"{where}: cannot read: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise ValueError(f"{where}: not valid JSON: {exc}") from None
        return cls.from_dict(data, where, rules_config, port)

    @classmethod
    def from_dict(cls, data: Any, where: str = "declaration",
                  rules_config: Mapping[str, Any] | None = None, port: str | None = None) -> DeclarationFile:
        """Validate against the form of `direction` at `port` (the rules of the lane's configuration)."""
        if not isinstance(data, Mapping):
            raise ValueError(f"{where}: expected a JSON object")
        unknown = sorted(set(data) - cls._KEYS)
        if unknown:
            raise ValueError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(cls._KEYS))})")
        if data.get("format", DECLARATION_FORMAT) != DECLARATION_FORMAT:
            raise ValueError(f"{where}: format must be {DECLARATION_FORMAT!r}")
        if data.get("version", 1) != 1:
            raise ValueError(f"{where}: unsupported version {data.get('version')!r} (1)")
        doc = data.get("document")
        if not isinstance(doc, Mapping) or not isinstance(doc.get("number"), str) \
                or not _YYMMDD.match(str(doc.get("date_of_birth", ""))):
            raise ValueError(f"{where}: document needs 'number' and 'date_of_birth' (YYMMDD)")
        direction = data.get("direction", "entry")
        if direction not in ("entry", "exit"):
            raise ValueError(f"{where}: direction must be 'entry' or 'exit'")
        answers = data.get("answers", {})
        if not isinstance(answers, Mapping):
            raise ValueError(f"{where}: answers must be an object")
        rules = DeclarationRules.from_config(rules_config or default_rules(), direction, port)
        if data.get("complete", True):
            answers = nothing_to_declare_answers(rules, **answers)
        # Sign only what the kiosk would accept: the same schema and checks as the on-screen form.
        decision = rules.evaluate(answers, "qr")
        if decision.status == STATUS_INVALID:
            raise ValueError(f"{where}: answers rejected: " + ", ".join(r.code for r in decision.reasons))
        unknown_q = sorted(set(answers) - {q.id for q in rules.form.questions})
        if unknown_q:
            raise ValueError(f"{where}: answers to questions not on the {direction} form: {', '.join(unknown_q)}")
        issued_at = None
        if data.get("issued_at") is not None:
            try:
                issued_at = datetime.fromisoformat(str(data["issued_at"]))
            except ValueError:
                raise ValueError(f"{where}: issued_at is not an ISO 8601 time") from None
            if issued_at.tzinfo is None:
                raise ValueError(f"{where}: issued_at needs a time zone (e.g. +00:00)")
        hours = data.get("validity_hours", DEFAULT_VALIDITY.total_seconds() / 3600)
        if not isinstance(hours, int | float) or isinstance(hours, bool) or not 0 < hours <= 24 * 7:
            raise ValueError(f"{where}: validity_hours must be a number of hours in (0, 168]")
        kid = data.get("kid")
        if kid is not None and (not isinstance(kid, str) or not kid):
            raise ValueError(f"{where}: kid must be a non-empty string")
        return cls(
            document=DocumentIdentity(doc["number"], str(doc["date_of_birth"]), str(doc.get("nationality", ""))),
            answers=dict(answers),
            direction=direction,
            kid=kid,
            issuer=str(data.get("issuer", "")),
            issued_at=issued_at,
            validity=timedelta(hours=float(hours)),
        )

    def sign(self, key: PrivateKey, kid: str | None = None) -> str:
        return issue_token(self.answers, self.document, key, kid=kid or self.kid or key_id(key),
                           issued_at=self.issued_at, validity=self.validity, issuer=self.issuer)
