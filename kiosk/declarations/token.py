"""QR e-declarations: a signed, single-use, document-bound declaration in one QR code.

Text form (fits QR alphanumeric mode):  ``CKD<version>:`` + base45(COSE_Sign1)

* COSE_Sign1 (RFC 9052, CBOR tag 18) with protected header {alg, kid}; alg is EdDSA (Ed25519, -8)
  or ES256 (ECDSA P-256 + SHA-256, -7, raw r||s signature as COSE requires).
* The payload is a CWT claims map (RFC 8392): iss (1), exp (4), iat (6), cti (7, the single-use
  id), plus "b" = [salt, SHA-256(salt || document number | date of birth)[:16]] binding it to one
  travel document (the chip's DG1 fields; a fresh random salt per token, so codes are unlinkable)
  and "d" = the answers, keyed by a small integer from the version's codebook (or by the question
  id for configured questions not in it).
* Why CBOR + base45 (measured by `benchmarks/bench_decl.py`): a full entry declaration is ~240
  bytes of COSE/CBOR, ~360 base45 characters, QR version 11-12 at EC level M; the same claims as
  JSON/JWS need version 21-26 and CBOR with question names instead of the codebook 18-19. base64 in
  byte mode is shorter in characters but a larger symbol (13-14); zlib gains nothing on signed,
  high-entropy data this small. base45 stays in QR alphanumeric mode and survives keyboard wedges.

Every failure gives a distinct reason code; the lane refers with it.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import base45
import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from kiosk.errors import ConfigError
from kiosk.ports import Clock, SystemClock

from .replay import ReplayStoreError, UsedIdStore
from .rules import Decision, DeclarationRules, Reason, invalid_decision

PREFIX = "CKD"
VERSION = 1
SUPPORTED_VERSIONS = (1,)
MAX_TOKEN_CHARS = 4296  # QR version 40-L alphanumeric capacity: nothing longer can come from a QR
DEFAULT_VALIDITY = timedelta(hours=24)
COSE_SIGN1_TAG = 18
ALG_EDDSA = -8
ALG_ES256 = -7
_HDR_ALG, _HDR_KID = 1, 4
_CWT_ISS, _CWT_EXP, _CWT_IAT, _CWT_CTI = 1, 4, 6, 7
_SALT_LEN, _HASH_LEN, _CTI_LEN = 8, 16, 12

# v1 codebook: answers keys are the index in this tuple. Append only; a new order is a new version.
CODEBOOK_V1: tuple[str, ...] = (
    "bio_items",
    "residency",
    "goods_acquired_abroad_value_cny",
    "goods_left_value_cny",
    "alcohol_tobacco",
    "alcohol_ml",
    "cigarettes",
    "cigars",
    "tobacco_g",
    "cash",
    "cash_cny",
    "foreign_currency_usd",
    "unaccompanied_goods",
    "other_items",
    "cultural_relics",
    "valuables_to_return",
    "symptom_fever",
    "symptom_cough",
    "symptom_breathing_difficulty",
    "symptom_vomiting",
    "symptom_diarrhoea",
    "symptom_rash",
    "symptom_subcutaneous_bleeding",
    "symptom_infectious_disease",
)
_CODE_OF = {qid: i for i, qid in enumerate(CODEBOOK_V1)}

_TEXT_RE = re.compile(r"^([A-Z]{3})(\d{1,3}):")

# reason codes
GARBLED = "token:garbled"
UNKNOWN_VERSION = "token:unknown-version"
UNKNOWN_KEY = "token:unknown-key"
BAD_SIGNATURE = "token:bad-signature"
EXPIRED = "token:expired"
NOT_YET_VALID = "token:not-yet-valid"
REPLAYED = "token:replayed"
OTHER_DOCUMENT = "token:other-document"
STORE_UNAVAILABLE = "token:store-unavailable"

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey


# --- document binding ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentIdentity:
    """The travel-document fields a token is bound to, as read from the chip (DG1) or MRZ.

    The binding covers the document number and the date of birth; the nationality is carried for
    display and records only (an issuer cannot always know it, and it adds nothing to uniqueness).
    """

    document_number: str
    date_of_birth: str  # YYMMDD as in the MRZ
    nationality: str = ""  # ICAO 3-letter code

    @classmethod
    def from_evidence(cls, doc: Any) -> DocumentIdentity:
        """From `kiosk.evidence.DocumentEvidence` (or anything with the same three attributes)."""
        return cls(doc.document_number, doc.date_of_birth, doc.nationality)

    def canonical(self) -> bytes:
        def norm(s: str) -> str:
            return "".join(ch for ch in str(s).upper() if ch not in "< \t")

        return f"{norm(self.document_number)}|{norm(self.date_of_birth)}".encode()

    def digest(self, salt: bytes) -> bytes:
        return hashlib.sha256(salt + self.canonical()).digest()[:_HASH_LEN]


# --- keys ----------------------------------------------------------------------------------------


def _alg_for(key: PrivateKey | PublicKey) -> int:
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return ALG_EDDSA
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) and isinstance(
        key.curve, ec.SECP256R1
    ):
        return ALG_ES256
    raise ConfigError(f"unsupported key type {type(key).__name__} (Ed25519 or P-256 only)")


def load_public_key(pem: bytes) -> PublicKey:
    """An issuer public key from PEM (SubjectPublicKeyInfo or an X.509 certificate)."""
    try:
        if b"BEGIN CERTIFICATE" in pem:
            from cryptography import x509

            key: Any = x509.load_pem_x509_certificate(pem).public_key()
        else:
            key = serialization.load_pem_public_key(pem)
    except ValueError as exc:
        raise ConfigError(f"not a PEM public key or certificate: {exc}") from exc
    _alg_for(key)
    return key


def load_issuer_keys(paths: Mapping[str, str | Path]) -> dict[str, PublicKey]:
    """key id -> public key, from a mapping key id -> PEM file (as in the configuration)."""
    keys: dict[str, PublicKey] = {}
    for kid, path in paths.items():
        try:
            keys[kid] = load_public_key(Path(path).read_bytes())
        except OSError as exc:
            raise ConfigError(f"declarations.keys.{kid}: cannot read {path}: {exc}") from exc
        except ConfigError as exc:
            raise ConfigError(f"declarations.keys.{kid}: {exc}") from exc
    return keys


# --- encoding --------------------------------------------------------------------------------------


def encode_answers(answers: Mapping[str, Any]) -> dict[int | str, Any]:
    return {_CODE_OF.get(k, k): v for k, v in answers.items()}


def _decode_answers(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise _Garbled("answers are not a map")
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if isinstance(k, int) and not isinstance(k, bool) and 0 <= k < len(CODEBOOK_V1):
            qid = CODEBOOK_V1[k]
        elif isinstance(k, str) and 0 < len(k) <= 64:
            qid = k
        else:
            raise _Garbled(f"bad answer key {k!r}")
        if not isinstance(v, bool | int | float | str) or (isinstance(v, str) and len(v) > 64):
            raise _Garbled(f"bad answer value for {qid}")
        out[qid] = v
    return out


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def issue_token(
    answers: Mapping[str, Any],
    document: DocumentIdentity,
    key: PrivateKey,
    *,
    kid: str,
    issued_at: datetime | None = None,
    validity: timedelta = DEFAULT_VALIDITY,
    token_id: bytes | None = None,
    issuer: str = "",
    version: int = VERSION,
) -> str:
    """Sign `answers` for `document` and return the QR text (``CKD1:...``)."""
    alg = _alg_for(key)
    iat = int((issued_at or datetime.now().astimezone()).timestamp())
    salt = os.urandom(_SALT_LEN)
    claims: dict[int | str, Any] = {
        _CWT_IAT: iat,
        _CWT_EXP: iat + int(validity.total_seconds()),
        _CWT_CTI: token_id if token_id is not None else os.urandom(_CTI_LEN),
        "b": [salt, document.digest(salt)],
        "d": encode_answers(answers),
    }
    if issuer:
        claims[_CWT_ISS] = issuer
    payload = cbor2.dumps(claims)
    protected = cbor2.dumps({_HDR_ALG: alg, _HDR_KID: kid.encode()})
    to_sign = _sig_structure(protected, payload)
    if alg == ALG_EDDSA:
        signature = key.sign(to_sign)  # type: ignore[call-arg]
    else:
        r, s = decode_dss_signature(key.sign(to_sign, ec.ECDSA(hashes.SHA256())))  # type: ignore[call-arg]
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    cose = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return f"{PREFIX}{version}:" + base45.b45encode(cose).decode("ascii")


# --- verification ----------------------------------------------------------------------------------


class _Garbled(Exception):
    pass


_TEXT_KEYS = {
    GARBLED: "decl.reason.token.garbled",
    UNKNOWN_VERSION: "decl.reason.token.unknown_version",
    UNKNOWN_KEY: "decl.reason.token.unknown_key",
    BAD_SIGNATURE: "decl.reason.token.bad_signature",
    EXPIRED: "decl.reason.token.expired",
    NOT_YET_VALID: "decl.reason.token.not_yet_valid",
    REPLAYED: "decl.reason.token.replayed",
    OTHER_DOCUMENT: "decl.reason.token.other_document",
    STORE_UNAVAILABLE: "decl.reason.token.store_unavailable",
}


@dataclass
class TokenResult:
    """Outcome of verifying one token. `reason` is None when valid."""

    reason: str | None
    detail: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    kid: str | None = None
    token_id: str | None = None
    issued_at: float | None = None
    expires_at: float | None = None
    issuer: str | None = None
    binding_checked: bool = True  # False when verified without a document (the `declaration check` tool)

    @property
    def valid(self) -> bool:
        return self.reason is None

    @property
    def text_key(self) -> str | None:
        return _TEXT_KEYS.get(self.reason) if self.reason else None


class TokenVerifier:
    """Verifies QR e-declarations against the issuers' public keys, the clock and the used-id store."""

    def __init__(
        self,
        keys: Mapping[str, PublicKey],
        used_ids: UsedIdStore | None,
        *,
        clock: Clock | None = None,
        clock_skew: timedelta = timedelta(minutes=5),
        max_validity: timedelta = timedelta(days=7),
    ) -> None:
        for kid, key in keys.items():
            try:
                _alg_for(key)
            except ConfigError as exc:
                raise ConfigError(f"declarations.keys.{kid}: {exc}") from exc
        self.keys = dict(keys)
        self.used_ids = used_ids
        self.clock: Clock = clock or SystemClock()
        self.skew = clock_skew.total_seconds()
        self.max_validity = max_validity.total_seconds()

    def verify(self, text: str, document: DocumentIdentity | None, *, consume: bool = True) -> TokenResult:
        """Check `text` for `document`. With consume=True a valid token's id is marked used.

        `document` None skips the binding check (`binding_checked` False): only for inspecting a code
        away from the lane; the lane always passes the chip's document."""
        try:
            return self._verify(text, document, consume)
        except _Garbled as exc:
            return TokenResult(GARBLED, str(exc))

    def _verify(self, text: str, document: DocumentIdentity | None, consume: bool) -> TokenResult:
        if not isinstance(text, str):
            raise _Garbled("not text")
        text = text.strip()
        if len(text) > MAX_TOKEN_CHARS:
            raise _Garbled(f"too long ({len(text)} characters)")
        m = _TEXT_RE.match(text)
        if m is None or m.group(1) != PREFIX:
            raise _Garbled("not an e-declaration (no CKD<version>: prefix)")
        version = int(m.group(2))
        if version not in SUPPORTED_VERSIONS:
            return TokenResult(UNKNOWN_VERSION, f"version {version}")
        try:
            raw = base45.b45decode(text[m.end() :])
            obj = cbor2.loads(raw)
        except (ValueError, cbor2.CBORError, TypeError, OverflowError) as exc:
            raise _Garbled(f"undecodable: {exc}") from None
        if not (isinstance(obj, cbor2.CBORTag) and obj.tag == COSE_SIGN1_TAG):
            raise _Garbled("not a COSE_Sign1")
        parts = obj.value
        if not (isinstance(parts, list | tuple) and len(parts) == 4):
            raise _Garbled("COSE_Sign1 is not a 4-element array")
        protected, _unprotected, payload, signature = parts
        if not all(isinstance(p, bytes) for p in (protected, payload, signature)):
            raise _Garbled("COSE_Sign1 members of the wrong type")
        header = _loads_map(protected, "protected header")
        alg, kid_raw = header.get(_HDR_ALG), header.get(_HDR_KID)
        if not isinstance(kid_raw, bytes) or not isinstance(alg, int):
            raise _Garbled("protected header lacks alg or kid")
        kid = kid_raw.decode("utf-8", "replace")
        key = self.keys.get(kid)
        if key is None:
            return TokenResult(UNKNOWN_KEY, f"key id {kid!r}", kid=kid)
        if alg != _alg_for(key) or not self._signature_ok(
            key, alg, signature, _sig_structure(protected, payload)
        ):
            return TokenResult(BAD_SIGNATURE, f"key id {kid!r}", kid=kid)

        # Signed by a known issuer from here on; still check the shape rather than trust it.
        claims = _loads_map(payload, "payload")
        iat, exp, cti = claims.get(_CWT_IAT), claims.get(_CWT_EXP), claims.get(_CWT_CTI)
        binding = claims.get("b")
        if not (_is_int(iat) and _is_int(exp) and isinstance(cti, bytes) and 8 <= len(cti) <= 32):
            raise _Garbled("payload lacks iat, exp or cti")
        if not (
            isinstance(binding, list | tuple)
            and len(binding) == 2
            and all(isinstance(b, bytes) for b in binding)
        ):
            raise _Garbled("payload lacks the document binding")
        issuer = claims.get(_CWT_ISS)
        result = TokenResult(
            None,
            kid=kid,
            token_id=cti.hex(),
            issued_at=float(iat),
            expires_at=float(exp),
            issuer=issuer if isinstance(issuer, str) else None,
        )
        now = self.clock.now().timestamp()
        if iat > now + self.skew:
            result.reason, result.detail = NOT_YET_VALID, f"issued {iat - now:.0f} s in the future"
            return result
        if exp < now - self.skew or exp - iat > self.max_validity or exp < iat:
            result.reason, result.detail = EXPIRED, f"expired {now - exp:.0f} s ago"
            return result
        if document is None:
            result.binding_checked = False
        elif not _consteq(document.digest(binding[0]), binding[1]):
            result.reason, result.detail = OTHER_DOCUMENT, "document number or date of birth differ"
            return result
        result.answers = _decode_answers(claims.get("d"))
        if consume and self.used_ids is not None:
            try:
                first = self.used_ids.mark_used(f"{kid}/{cti.hex()}", exp + self.skew, now)
            except ReplayStoreError as exc:
                result.reason, result.detail = STORE_UNAVAILABLE, str(exc)
                return result
            if not first:
                result.reason, result.detail = REPLAYED, f"token id {cti.hex()} already used"
                return result
        return result

    def purge_used_ids(self) -> int:
        """Forget used ids whose tokens can no longer verify anyway (call at start-up and daily)."""
        if self.used_ids is None:
            return 0
        try:
            return self.used_ids.purge(self.clock.now().timestamp())
        except ReplayStoreError:
            return 0

    @staticmethod
    def _signature_ok(key: PublicKey, alg: int, signature: bytes, data: bytes) -> bool:
        try:
            if alg == ALG_EDDSA:
                key.verify(signature, data)  # type: ignore[call-arg]
            else:
                if len(signature) != 64:
                    return False
                der = encode_dss_signature(
                    int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
                )
                key.verify(der, data, ec.ECDSA(hashes.SHA256()))  # type: ignore[call-arg]
        except InvalidSignature:
            return False
        return True


def _loads_map(data: bytes, what: str) -> Mapping[Any, Any]:
    try:
        obj = cbor2.loads(data)
    except (ValueError, cbor2.CBORError, TypeError, OverflowError) as exc:
        raise _Garbled(f"{what} undecodable: {exc}") from None
    if not isinstance(obj, Mapping):
        raise _Garbled(f"{what} is not a map")
    return obj


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**40


def _consteq(a: bytes, b: bytes) -> bool:
    import hmac

    return hmac.compare_digest(a, b)


def declaration_from_qr(
    text: str, verifier: TokenVerifier, rules: DeclarationRules, document: DocumentIdentity
) -> tuple[Decision, TokenResult]:
    """Verify a scanned e-declaration and decide on its answers. Invalid tokens refer with their reason."""
    result = verifier.verify(text, document)
    if not result.valid:
        assert result.reason is not None and result.text_key is not None
        decision = invalid_decision("qr", result.reason, result.text_key, detail=result.detail)
        return decision, result
    return rules.evaluate(result.answers, "qr"), result


def token_reason(result: TokenResult) -> Reason | None:
    """The `Reason` for a failed verification (None if valid)."""
    if result.valid:
        return None
    assert result.reason is not None and result.text_key is not None
    return Reason(result.reason, result.text_key, {"detail": result.detail})
