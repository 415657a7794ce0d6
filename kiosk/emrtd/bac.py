"""Basic Access Control (ICAO Doc 9303-11 §4.3): key seed from the MRZ information, mutual
authentication with GET CHALLENGE / EXTERNAL AUTHENTICATE, 3DES secure messaging."""

from __future__ import annotations

import hashlib
import hmac
import os

from kiosk.emrtd.apdu import SW_OK, ChipAccessDenied, ChipError, Transmit, encode_command, split_response
from kiosk.emrtd.kdf import ENC, MAC, derive_key
from kiosk.emrtd.sm import SecureMessaging, pad, retail_mac, tdes_cbc


def key_seed(mrz_information: str) -> bytes:
    return hashlib.sha1(mrz_information.encode("ascii")).digest()[:16]


def document_keys(mrz_information: str) -> tuple[bytes, bytes]:
    """(K_enc, K_mac) as 16-byte two-key 3DES keys."""
    seed = key_seed(mrz_information)
    return derive_key(seed, ENC, "3DES")[:16], derive_key(seed, MAC, "3DES")[:16]


def session_keys(k_ifd: bytes, k_ic: bytes) -> tuple[bytes, bytes]:
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    return derive_key(seed, ENC, "3DES")[:16], derive_key(seed, MAC, "3DES")[:16]


def initial_ssc(rnd_ic: bytes, rnd_ifd: bytes) -> bytes:
    return rnd_ic[-4:] + rnd_ifd[-4:]


def cryptogram(k_enc: bytes, k_mac: bytes, plain: bytes) -> bytes:
    enc = tdes_cbc(k_enc, plain)
    return enc + retail_mac(k_mac, pad(enc, 8))


def open_cryptogram(k_enc: bytes, k_mac: bytes, data: bytes) -> bytes:
    """Verify the MAC of E||M and decrypt E; raises ChipAccessDenied when the MAC is wrong."""
    if len(data) != 40:
        raise ChipError(f"BAC cryptogram of {len(data)} bytes, 40 expected")
    enc, mac = data[:32], data[32:]
    if not hmac.compare_digest(retail_mac(k_mac, pad(enc, 8)), mac):
        raise ChipAccessDenied("BAC cryptogram MAC is wrong (MRZ does not match the chip)")
    return tdes_cbc(k_enc, enc, decrypt=True)


def perform_bac(
    transmit: Transmit,
    mrz_information: str,
    *,
    rnd_ifd: bytes | None = None,
    k_ifd: bytes | None = None,
) -> SecureMessaging:
    """Terminal side of BAC; returns the 3DES secure-messaging session."""
    k_enc, k_mac = document_keys(mrz_information)
    data, sw = split_response(transmit(encode_command(0x00, 0x84, 0x00, 0x00, le=8)))
    if sw != SW_OK or len(data) != 8:
        raise ChipError(f"GET CHALLENGE failed ({sw:04X}, {len(data)} bytes)")
    rnd_ic = data
    rnd_ifd = rnd_ifd if rnd_ifd is not None else os.urandom(8)
    k_ifd = k_ifd if k_ifd is not None else os.urandom(16)
    cmd = cryptogram(k_enc, k_mac, rnd_ifd + rnd_ic + k_ifd)
    data, sw = split_response(transmit(encode_command(0x00, 0x82, 0x00, 0x00, cmd, le=40)))
    if sw != SW_OK:
        raise ChipAccessDenied(f"BAC refused by the chip ({sw:04X}): the MRZ does not open it")
    plain = open_cryptogram(k_enc, k_mac, data)
    if plain[:8] != rnd_ic or plain[8:16] != rnd_ifd:
        raise ChipAccessDenied("BAC: the chip's answer does not match our challenge")
    ks_enc, ks_mac = session_keys(k_ifd, plain[16:32])
    return SecureMessaging("3DES", ks_enc, ks_mac, initial_ssc(rnd_ic, rnd_ifd))


class BacCard:
    """Chip side of BAC (used by the virtual passport)."""

    def __init__(self, mrz_information: str) -> None:
        self.k_enc, self.k_mac = document_keys(mrz_information)
        self.rnd_ic: bytes | None = None

    def challenge(self) -> bytes:
        self.rnd_ic = os.urandom(8)
        return self.rnd_ic

    def authenticate(self, data: bytes, k_ic: bytes | None = None) -> tuple[bytes, SecureMessaging]:
        """EXTERNAL AUTHENTICATE: returns the response cryptogram and the SM session."""
        if self.rnd_ic is None:
            raise ChipAccessDenied("no challenge issued")
        rnd_ic, self.rnd_ic = self.rnd_ic, None
        plain = open_cryptogram(self.k_enc, self.k_mac, data)
        rnd_ifd, k_ifd = plain[:8], plain[16:32]
        if plain[8:16] != rnd_ic:
            raise ChipAccessDenied("challenge mismatch")
        k_ic = k_ic if k_ic is not None else os.urandom(16)
        resp = cryptogram(self.k_enc, self.k_mac, rnd_ic + rnd_ifd + k_ic)
        ks_enc, ks_mac = session_keys(k_ifd, k_ic)
        return resp, SecureMessaging("3DES", ks_enc, ks_mac, initial_ssc(rnd_ic, rnd_ifd))
