"""Secure messaging (ICAO Doc 9303-11 §9.8): 3DES (retail MAC) and AES (CMAC), both directions.

The same class serves the terminal (`protect` / `unprotect`) and the virtual chip
(`unprotect_command` / `protect_response`). The send sequence counter is incremented once per
protected message: an error the chip answers *without* SM data objects (e.g. a plain 6A82) carries
no MAC, so neither side counts it and the session stays in step.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from cryptography.hazmat.primitives.ciphers.algorithms import AES
from cryptography.hazmat.primitives.cmac import CMAC

from kiosk.emrtd import tlv
from kiosk.emrtd.apdu import (
    SW_SM_INCORRECT,
    SW_SM_MISSING,
    ChipError,
    Command,
    SmError,
    SmSessionLost,
    encode_command,
    parse_command,
    split_response,
    sw_ok,
)


def pad(data: bytes, block: int) -> bytes:
    """ISO/IEC 9797-1 padding method 2."""
    data = data + b"\x80"
    return data + bytes(-len(data) % block)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80:
        raise SmError("bad padding in decrypted data")
    return stripped[:-1]


def _tdes_key(key: bytes) -> bytes:
    if len(key) not in (16, 24):
        raise ValueError("3DES key must be 16 or 24 bytes")
    return key[:16] + key[:8]


def tdes_cbc(key: bytes, data: bytes, *, decrypt: bool = False, iv: bytes = bytes(8)) -> bytes:
    c = Cipher(TripleDES(_tdes_key(key)), modes.CBC(iv))
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


def aes_cbc(key: bytes, data: bytes, iv: bytes, *, decrypt: bool = False) -> bytes:
    c = Cipher(AES(key), modes.CBC(iv))
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


def aes_ecb(key: bytes, block: bytes) -> bytes:
    op = Cipher(AES(key), modes.ECB()).encryptor()
    return op.update(block) + op.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 (DES, IV 0) over already padded data."""
    ka, kb = key[:8], key[8:16]
    if len(data) % 8 or not data:
        raise ValueError("retail MAC input must be padded to 8 bytes")
    h = bytes(8)
    if len(data) > 8:  # single-DES CBC over all blocks but the last (DES = 3DES with K1=K2=K3)
        op = Cipher(TripleDES(ka * 3), modes.CBC(bytes(8))).encryptor()
        h = (op.update(data[:-8]) + op.finalize())[-8:]
    last = bytes(a ^ b for a, b in zip(data[-8:], h, strict=True))
    op = Cipher(TripleDES(ka + kb + ka), modes.ECB()).encryptor()
    return op.update(last) + op.finalize()


def aes_cmac(key: bytes, data: bytes) -> bytes:
    c = CMAC(AES(key))
    c.update(data)
    return c.finalize()


@dataclass
class SmKeys:
    cipher: str  # "3DES" | "AES"
    ks_enc: bytes
    ks_mac: bytes


class SecureMessaging:
    def __init__(self, cipher: str, ks_enc: bytes, ks_mac: bytes, ssc: int | bytes = 0) -> None:
        if cipher not in ("3DES", "AES"):
            raise ValueError(f"unknown SM cipher {cipher!r}")
        self.cipher = cipher
        self.ks_enc = ks_enc
        self.ks_mac = ks_mac
        self.block = 8 if cipher == "3DES" else 16
        self.ssc = int.from_bytes(ssc, "big") if isinstance(ssc, bytes) else ssc

    def ssc_bytes(self, value: int | None = None) -> bytes:
        return ((self.ssc if value is None else value) % (1 << (8 * self.block))).to_bytes(self.block, "big")

    # --- primitives -----------------------------------------------------------------------

    def encrypt(self, data: bytes, ssc: int) -> bytes:
        padded = pad(data, self.block)
        if self.cipher == "3DES":
            return tdes_cbc(self.ks_enc, padded)
        return aes_cbc(self.ks_enc, padded, aes_ecb(self.ks_enc, self.ssc_bytes(ssc)))

    def decrypt(self, data: bytes, ssc: int) -> bytes:
        if not data or len(data) % self.block:
            raise SmError("encrypted data is not a whole number of blocks")
        if self.cipher == "3DES":
            return unpad(tdes_cbc(self.ks_enc, data, decrypt=True))
        return unpad(aes_cbc(self.ks_enc, data, aes_ecb(self.ks_enc, self.ssc_bytes(ssc)), decrypt=True))

    def mac(self, data: bytes, ssc: int) -> bytes:
        n = pad(self.ssc_bytes(ssc) + data, self.block)
        if self.cipher == "3DES":
            return retail_mac(self.ks_mac, n)
        return aes_cmac(self.ks_mac, n)[:8]

    # --- terminal side --------------------------------------------------------------------

    def protect(self, apdu: bytes | Command, *, extended: bool | None = None) -> bytes:
        """Wrap a plain command APDU; increments the SSC."""
        cmd = apdu if isinstance(apdu, Command) else parse_command(apdu)
        if cmd.cla & 0x0C:
            raise ValueError("command is already SM-protected")
        self.ssc += 1
        cla = cmd.cla | 0x0C
        header = bytes([cla, cmd.ins, cmd.p1, cmd.p2])
        body = b""
        if cmd.data:
            enc = self.encrypt(cmd.data, self.ssc)
            body += tlv.encode(0x85, enc) if cmd.ins & 1 else tlv.encode(0x87, b"\x01" + enc)
        if cmd.le is not None:
            body += tlv.encode(0x97, bytes([cmd.le & 0xFF]) if cmd.le <= 256 else (cmd.le & 0xFFFF).to_bytes(2, "big"))
        body += tlv.encode(0x8E, self.mac(pad(header, self.block) + body, self.ssc))
        if extended is None:
            extended = len(body) > 255 or (cmd.le is not None and self.response_size(cmd.le) > 256)
        return encode_command(cla, cmd.ins, cmd.p1, cmd.p2, body, 65536 if extended else 256, extended=extended)

    def unprotect(self, resp: bytes) -> tuple[bytes, int]:
        """Verify and decrypt a protected response: (plain data, authenticated SW).

        A bare status word is only accepted as an (unauthenticated) error, never as success."""
        body, sw = split_response(resp)
        if not body:
            if sw in (SW_SM_MISSING, SW_SM_INCORRECT):
                raise SmSessionLost(f"chip dropped secure messaging ({sw:04X})")
            if sw_ok(sw):
                raise SmError("chip answered success without secure messaging")
            return b"", sw
        try:
            dos = tlv.decode_all(body)
        except tlv.TlvError as exc:
            raise SmError(f"malformed SM response: {exc}") from exc
        mac_do = [d for d in dos if d.tag == 0x8E]
        if len(mac_do) != 1 or dos[-1].tag != 0x8E:
            raise SmError("SM response without exactly one trailing DO'8E'")
        covered = b"".join(tlv.encode(d.tag, d.value) for d in dos[:-1])
        ssc = self.ssc + 1
        if not hmac.compare_digest(self.mac(covered, ssc), mac_do[0].value):
            raise SmSessionLost("response MAC does not verify")
        self.ssc = ssc
        found = {d.tag: d.value for d in dos[:-1]}
        if 0x99 not in found or len(found[0x99]) != 2:
            raise SmError("SM response without DO'99' status")
        protected_sw = int.from_bytes(found[0x99], "big")
        data = b""
        if 0x87 in found:
            v = found[0x87]
            if not v or v[0] != 0x01:
                raise SmError("DO'87' without padding indicator 01")
            data = self.decrypt(v[1:], ssc)
        elif 0x85 in found:
            data = self.decrypt(found[0x85], ssc)
        elif 0x81 in found:
            data = found[0x81]
        return data, protected_sw

    def response_size(self, le: int) -> int:
        """Bytes of the protected response (without SW) that carries `le` plain bytes."""
        enc = (le // self.block + 1) * self.block + 1
        return 1 + len(tlv.encode_length(enc)) + enc + 4 + 10

    def transmit(self, transmit, apdu: bytes | Command, *, extended: bool | None = None) -> tuple[bytes, int]:
        return self.unprotect(transmit(self.protect(apdu, extended=extended)))

    # --- card side ------------------------------------------------------------------------

    def unprotect_command(self, apdu: bytes) -> Command:
        """Verify and decrypt a protected command (chip side); increments the SSC."""
        cmd = parse_command(apdu)
        if cmd.cla & 0x0C != 0x0C:
            raise SmError("command without secure messaging")
        try:
            dos = tlv.decode_all(cmd.data)
        except tlv.TlvError as exc:
            raise SmError(f"malformed SM command: {exc}") from exc
        if not dos or dos[-1].tag != 0x8E:
            raise SmError("SM command without trailing DO'8E'")
        header = bytes([cmd.cla, cmd.ins, cmd.p1, cmd.p2])
        covered = b"".join(tlv.encode(d.tag, d.value) for d in dos[:-1])
        ssc = self.ssc + 1
        if not hmac.compare_digest(self.mac(pad(header, self.block) + covered, ssc), dos[-1].value):
            raise SmError("command MAC does not verify")
        self.ssc = ssc
        found = {d.tag: d.value for d in dos[:-1]}
        data = b""
        if 0x87 in found:
            if not found[0x87] or found[0x87][0] != 1:
                raise SmError("DO'87' without padding indicator")
            data = self.decrypt(found[0x87][1:], ssc)
        elif 0x85 in found:
            data = self.decrypt(found[0x85], ssc)
        le = None
        if 0x97 in found:
            raw = found[0x97]
            if len(raw) not in (1, 2):
                raise SmError("DO'97' of bad length")
            le = int.from_bytes(raw, "big") or (256 if len(raw) == 1 else 65536)
        return Command(cmd.cla & ~0x0C & 0xFF, cmd.ins, cmd.p1, cmd.p2, data, le)

    def protect_response(self, data: bytes, sw: int, *, odd: bool = False) -> bytes:
        self.ssc += 1
        body = b""
        if data:
            enc = self.encrypt(data, self.ssc)
            body += tlv.encode(0x85, enc) if odd else tlv.encode(0x87, b"\x01" + enc)
        body += tlv.encode(0x99, sw.to_bytes(2, "big"))
        body += tlv.encode(0x8E, self.mac(body, self.ssc))
        return body + sw.to_bytes(2, "big")


def check_sw(what: str, sw: int) -> None:
    if not sw_ok(sw):
        from kiosk.emrtd.apdu import StatusError

        raise StatusError(what, sw)


__all__ = ["ChipError", "SecureMessaging", "SmKeys", "aes_cmac", "pad", "retail_mac", "unpad"]
