"""Active Authentication (ICAO Doc 9303-11 §6.1): INTERNAL AUTHENTICATE over a random challenge,
RSA with ISO/IEC 9796-2 digital signature scheme 1 (message recovery) or ECDSA (plain r||s)."""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from kiosk.emrtd.securityinfos import ECDSA_PLAIN_HASH, ECDSA_X962_HASH, ChipPublicKey

# ISO/IEC 10118-3 hash identifiers of the two-byte 9796-2 trailer (xx CC); BC = implicit SHA-1
_TRAILER_HASH = {0x33: "sha1", 0x34: "sha256", 0x35: "sha512", 0x36: "sha384", 0x38: "sha224"}
_HASH_TRAILER = {v: k for k, v in _TRAILER_HASH.items()}
_CRYPTO_HASH = {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
                "sha512": hashes.SHA512}


def challenge() -> bytes:
    return os.urandom(8)


def verify_rsa_9796_2(key: rsa.RSAPublicKey, message: bytes, signature: bytes) -> bool:
    numbers = key.public_numbers()
    n, e = numbers.n, numbers.e
    k = (n.bit_length() + 7) // 8
    s = int.from_bytes(signature, "big")
    if len(signature) > k or not 0 < s < n:
        return False
    f = pow(s, e, n).to_bytes(k, "big")
    if f[-1] == 0xBC:
        name, tlen = "sha1", 1
    elif f[-1] == 0xCC and f[-2] in _TRAILER_HASH:
        name, tlen = _TRAILER_HASH[f[-2]], 2
    else:
        return False
    hlen = hashlib.new(name).digest_size
    if f[0] != 0x6A or len(f) < 1 + hlen + tlen + 1:  # 0x6A: partial message recovery, scheme 1
        return False
    m1 = f[1 : -(hlen + tlen)]
    digest = f[-(hlen + tlen) : -tlen]
    return hmac.compare_digest(hashlib.new(name, m1 + message).digest(), digest)


def sign_rsa_9796_2(key: rsa.RSAPrivateKey, message: bytes, digest: str = "sha1") -> bytes:
    numbers = key.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    k = (n.bit_length() + 7) // 8
    hlen = hashlib.new(digest).digest_size
    trailer = b"\xBC" if digest == "sha1" else bytes([_HASH_TRAILER[digest], 0xCC])
    m1 = os.urandom(k - 1 - hlen - len(trailer))
    f = b"\x6A" + m1 + hashlib.new(digest, m1 + message).digest() + trailer
    return pow(int.from_bytes(f, "big"), d, n).to_bytes(k, "big")


def ecdsa_hash(signature_algorithm: str | None) -> str:
    if signature_algorithm is None:
        return "sha256"
    name = ECDSA_PLAIN_HASH.get(signature_algorithm) or ECDSA_X962_HASH.get(signature_algorithm)
    if name is None:
        raise ValueError(f"unsupported Active Authentication algorithm {signature_algorithm}")
    return name


def verify_ecdsa(key: ec.EllipticCurvePublicKey, message: bytes, signature: bytes, digest: str) -> bool:
    size = (key.curve.key_size + 7) // 8
    try:
        if len(signature) == 2 * size:
            der = encode_dss_signature(int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big"))
        else:
            der = signature  # some chips answer DER
        key.verify(der, message, ec.ECDSA(_CRYPTO_HASH[digest]()))
        return True
    except (InvalidSignature, ValueError):
        return False


def sign_ecdsa_plain(key: ec.EllipticCurvePrivateKey, message: bytes, digest: str = "sha256") -> bytes:
    size = (key.curve.key_size + 7) // 8
    r, s = decode_dss_signature(key.sign(message, ec.ECDSA(_CRYPTO_HASH[digest]())))
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def verify(key: ChipPublicKey, message: bytes, signature: bytes, signature_algorithm: str | None) -> bool:
    """The AA response for `message` (the 8-byte challenge) under DG15's key."""
    if key.kind == "rsa" and key.rsa is not None:
        return verify_rsa_9796_2(key.rsa, message, signature)
    if key.kind == "ec":
        return verify_ecdsa(key.ec_key(), message, signature, ecdsa_hash(signature_algorithm))
    return False


def sign(key: Any, message: bytes, signature_algorithm: str | None = None) -> bytes:
    """Chip side (virtual passport)."""
    if isinstance(key, rsa.RSAPrivateKey):
        return sign_rsa_9796_2(key, message)
    return sign_ecdsa_plain(key, message, ecdsa_hash(signature_algorithm))
