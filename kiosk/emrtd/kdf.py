"""ICAO Doc 9303 Part 11 §9.7.1 key derivation: K = H(shared secret || counter)."""

from __future__ import annotations

import hashlib

ENC = 1  # counter for the encryption key
MAC = 2  # counter for the MAC key
PACE_PASSWORD = 3  # counter for the PACE password key


def _adjust_des_parity(key: bytes) -> bytes:
    out = bytearray(key)
    for i, b in enumerate(out):
        b &= 0xFE
        out[i] = b | (bin(b).count("1") + 1) % 2
    return bytes(out)


def derive_key(secret: bytes, counter: int, cipher: str, key_bits: int = 128) -> bytes:
    """Derive a session key. `cipher` is "3DES" or "AES"; `key_bits` 128/192/256 for AES.

    3DES and AES-128 use SHA-1, AES-192/256 use SHA-256 (Part 11, §9.7.1.1).
    """
    data = secret + counter.to_bytes(4, "big")
    if cipher == "3DES":
        digest = hashlib.sha1(data).digest()
        ka, kb = digest[:8], digest[8:16]
        return _adjust_des_parity(ka + kb + ka)  # two-key 3DES as a 24-byte key
    if cipher != "AES":
        raise ValueError(f"unknown cipher {cipher!r}")
    if key_bits == 128:
        return hashlib.sha1(data).digest()[:16]
    if key_bits == 192:
        return hashlib.sha256(data).digest()[:24]
    if key_bits == 256:
        return hashlib.sha256(data).digest()
    raise ValueError(f"unsupported AES key size {key_bits}")
