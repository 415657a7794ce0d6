"""Command/response APDUs (ISO/IEC 7816-4) and the errors of talking to an eMRTD chip."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.errors import KioskError

Transmit = Callable[[bytes], bytes]

SW_OK = 0x9000
SW_EOF = 0x6282  # end of file reached before Le bytes
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_STATUS = 0x6982
SW_AUTH_FAILED = 0x6300
SW_SM_MISSING = 0x6987
SW_SM_INCORRECT = 0x6988
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00

MAX_SHORT_LE = 256
MAX_EXTENDED_LE = 65536


class ChipError(KioskError):
    """The chip answered something unusable (or nothing): a protocol, crypto or data error."""


class ChipAccessDenied(ChipError):
    """BAC or PACE was refused: the MRZ/CAN does not open this chip."""


class SmError(ChipError):
    """A secure-messaging response failed verification (MAC, padding, missing data objects)."""


class SmSessionLost(SmError):
    """The chip dropped the secure-messaging session (6987/6988 or an unprotected answer)."""


class StatusError(ChipError):
    def __init__(self, what: str, sw: int) -> None:
        super().__init__(f"{what}: chip answered {sw:04X}")
        self.sw = sw


@dataclass(frozen=True)
class Command:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None  # 1..65536, None = no response data expected

    def encode(self, *, extended: bool | None = None) -> bytes:
        return encode_command(self.cla, self.ins, self.p1, self.p2, self.data, self.le, extended=extended)


def encode_command(
    cla: int, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None, *, extended: bool | None = None
) -> bytes:
    """ISO 7816-4 cases 1-4, short or extended; `extended=None` chooses extended only when needed."""
    if le is not None and not 1 <= le <= MAX_EXTENDED_LE:
        raise ValueError(f"Le {le} out of range")
    if len(data) > 65535:
        raise ValueError("command data too long")
    if extended is None:
        extended = len(data) > 255 or (le is not None and le > MAX_SHORT_LE)
    head = bytes([cla, ins, p1, p2])
    if not extended:
        if len(data) > 255 or (le is not None and le > MAX_SHORT_LE):
            raise ValueError("short APDU cannot carry this Lc/Le")
        body = (bytes([len(data)]) + data) if data else b""
        tail = bytes([le & 0xFF]) if le is not None else b""
        return head + body + tail
    out = head
    if data:
        out += b"\x00" + len(data).to_bytes(2, "big") + data
    if le is not None:
        out += (b"" if data else b"\x00") + (le & 0xFFFF).to_bytes(2, "big")
    return out


def parse_command(apdu: bytes) -> Command:
    """Decode a command APDU of any case; raises ChipError on a malformed one."""
    if len(apdu) < 4:
        raise ChipError("command APDU shorter than 4 bytes")
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if not body:
        return Command(cla, ins, p1, p2)
    if len(body) == 1:
        return Command(cla, ins, p1, p2, b"", body[0] or 256)
    if body[0] != 0:  # short Lc
        lc = body[0]
        if len(body) == 1 + lc:
            return Command(cla, ins, p1, p2, bytes(body[1:]))
        if len(body) == 2 + lc:
            return Command(cla, ins, p1, p2, bytes(body[1 : 1 + lc]), body[-1] or 256)
        raise ChipError("APDU length does not match Lc")
    # extended
    if len(body) == 3:
        return Command(cla, ins, p1, p2, b"", int.from_bytes(body[1:3], "big") or 65536)
    lc = int.from_bytes(body[1:3], "big")
    if lc == 0:
        raise ChipError("extended Lc of 0")
    if len(body) == 3 + lc:
        return Command(cla, ins, p1, p2, bytes(body[3:]))
    if len(body) == 5 + lc:
        return Command(cla, ins, p1, p2, bytes(body[3 : 3 + lc]), int.from_bytes(body[-2:], "big") or 65536)
    raise ChipError("APDU length does not match extended Lc")


def split_response(resp: bytes) -> tuple[bytes, int]:
    if len(resp) < 2:
        raise ChipError(f"response of {len(resp)} bytes has no status word")
    return bytes(resp[:-2]), int.from_bytes(resp[-2:], "big")


def sw_ok(sw: int) -> bool:
    return sw == SW_OK or sw >> 8 == 0x61
