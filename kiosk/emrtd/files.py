"""Reading elementary files from an eMRTD: SFI or SELECT, size from the TLV header, READ BINARY with
the largest Le the chip (and reader) accepts, learnt per session.

Strategy: the first READ BINARY of a file names it by short file identifier (saving the SELECT)
and asks for a whole block at once (a file shorter than Le comes back with 6282 or 9000 in one
round trip). Refusals that mean "too much" (6700, 6Cxx, 6B00, 6282 without data, a dropped SM
session) shrink the block size for the rest of the session; offsets above 32767 use the odd
READ BINARY (B1) with an offset data object. Every length is bounded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.emrtd import tlv
from kiosk.emrtd.apdu import (
    SW_EOF,
    SW_FILE_NOT_FOUND,
    SW_OK,
    SW_WRONG_LENGTH,
    ChipError,
    Command,
    SmSessionLost,
    split_response,
)
from kiosk.emrtd.sm import SecureMessaging

MAX_FILE = 1 << 20  # no LDS file of a real document is near 1 MiB
EXTENDED_STEPS = (0xFF00, 0x1000, 0x0400)  # data bytes per READ BINARY with extended length
SHORT_STEPS = (0xDF, 0x80, 0x40, 0x20)  # 0xDF: the largest block whose SM response fits 256 bytes
HEADER_LE = 8  # enough for a tag and a 4-byte length
_SFI_UNSUPPORTED = {0x6A81, 0x6A86, 0x6B00, 0x6D00, 0x6E00, 0x6986, 0x6981}


class FileNotFound(ChipError):
    def __init__(self, fid: int) -> None:
        super().__init__(f"file {fid:04X} not found on the chip")
        self.fid = fid


@dataclass
class ChannelStats:
    apdus: int = 0
    bytes_read: int = 0  # plain file bytes delivered
    bytes_on_wire: int = 0
    refusals: list[str] = field(default_factory=list)


class ChipChannel:
    """Sends commands to the chip, through secure messaging once a session exists."""

    def __init__(self, transmit: Callable[[bytes], bytes]) -> None:
        self._transmit = transmit
        self.sm: SecureMessaging | None = None
        self.stats = ChannelStats()
        self.extended_ok = True  # False: never send extended-length APDUs (reader or chip cannot)

    def raw(self, apdu: bytes) -> bytes:
        self.stats.apdus += 1
        resp = self._transmit(apdu)
        self.stats.bytes_on_wire += len(apdu) + len(resp)
        # 61xx: more response bytes wait (T=0-style chaining some chips use for long answers)
        chunks = 0
        while len(resp) >= 2 and resp[-2] == 0x61:
            chunks += 1
            if chunks > 256:
                raise ChipError("endless 61xx response chaining")
            more = self._transmit(bytes([apdu[0] & 0x03, 0xC0, 0x00, 0x00, resp[-1]]))
            self.stats.apdus += 1
            self.stats.bytes_on_wire += 5 + len(more)
            resp = resp[:-2] + more
        return resp

    def send(self, cmd: Command) -> tuple[bytes, int]:
        if self.sm is None:
            return split_response(self.raw(cmd.encode()))
        short = not self.extended_ok and len(cmd.data) < 200 and (cmd.le or 0) <= 256
        return self.sm.unprotect(self.raw(self.sm.protect(cmd, extended=False if short else None)))


class FileReader:
    def __init__(self, channel: ChipChannel, *, extended: bool = True, max_le: int | None = None,
                 use_sfi: bool = True, reestablish: Callable[[], None] | None = None) -> None:
        self.channel = channel
        steps = (EXTENDED_STEPS if extended else ()) + SHORT_STEPS
        channel.extended_ok = extended
        if max_le is not None:
            steps = tuple(s for s in steps if s <= max_le) or (max_le,)
        self.steps = steps
        self.step = 0
        self.use_sfi = use_sfi
        self.reestablish = reestablish
        self.eof_refused_at: int | None = None  # a first read of this Le was refused: read headers first
        self.reauths = 0
        self.log: list[dict[str, Any]] = []

    @property
    def max_le(self) -> int:
        return self.steps[self.step]

    def _shrink(self, why: str) -> bool:
        self.channel.stats.refusals.append(f"{why}@{self.max_le}")
        if self.step + 1 >= len(self.steps):
            return False
        self.step += 1
        if self.max_le <= 0xDF:
            self.channel.extended_ok = False  # the chip took no extended block: keep every APDU short
        return True

    def _read(self, offset: int, le: int, sfi: int | None) -> tuple[bytes, int]:
        if sfi is not None:
            return self.channel.send(Command(0x00, 0xB0, 0x80 | sfi, offset, b"", le))
        if offset <= 0x7FFF:
            return self.channel.send(Command(0x00, 0xB0, offset >> 8, offset & 0xFF, b"", le))
        # odd INS: offset in DO'54', data comes back inside DO'53' (a few bytes of header extra)
        do54 = tlv.encode(0x54, offset.to_bytes(3, "big"))
        data, sw = self.channel.send(Command(0x00, 0xB1, 0x00, 0x00, do54, min(le + 5, self.max_le)))
        if data:
            try:
                do53 = tlv.decode(data)
            except tlv.TlvError as exc:
                raise ChipError(f"READ BINARY B1: malformed DO'53': {exc}") from exc
            if do53.tag != 0x53:
                raise ChipError(f"READ BINARY B1: tag {do53.tag:X} instead of 53")
            data = do53.value
        return data, sw

    def select(self, fid: int) -> None:
        _data, sw = self.channel.send(Command(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        if sw == SW_FILE_NOT_FOUND:
            raise FileNotFound(fid)
        if sw != SW_OK:
            raise ChipError(f"SELECT {fid:04X}: chip answered {sw:04X}")

    def read_file(self, fid: int, sfi: int | None = None) -> bytes:
        t0 = time.perf_counter()
        apdus0 = self.channel.stats.apdus
        use_sfi = sfi is not None and self.use_sfi
        if not use_sfi:
            self.select(fid)
        buf = b""
        total: int | None = None
        while total is None or len(buf) < total:
            if total is not None:
                want = total - len(buf)
            elif self.eof_refused_at is not None and self.max_le >= self.eof_refused_at:
                want = HEADER_LE
            else:
                want = self.max_le
            le = max(1, min(want, self.max_le))
            try:
                data, sw = self._read(len(buf), le, sfi if use_sfi and not buf else None)
            except SmSessionLost:
                if self.reestablish is None or self.reauths >= 2:
                    raise
                self.reauths += 1
                self.reestablish()  # the chip dropped the session: reopen it (and ask for less if we asked a lot)
                if le > SHORT_STEPS[0]:
                    self._shrink("sm-lost")
                if not use_sfi or buf:
                    self.select(fid)
                continue
            if sw == SW_FILE_NOT_FOUND and not buf:
                raise FileNotFound(fid)
            if use_sfi and not buf and sw in _SFI_UNSUPPORTED and sw != 0x6B00:
                self.use_sfi = use_sfi = False
                self.select(fid)
                continue
            if (sw >> 8) == 0x6C:  # wrong Le, SW2 is the right one
                exact = sw & 0xFF or 256
                if exact < le:
                    data, sw = self._read(len(buf), exact, sfi if use_sfi and not buf else None)
            if sw in (SW_OK, SW_EOF) and data:
                buf += data[: (total - len(buf)) if total is not None else len(data)]
                if total is None:
                    try:
                        total = tlv.header_length(buf)
                    except tlv.TlvError:
                        if len(buf) >= 16:
                            raise ChipError(f"file {fid:04X} does not start with a TLV header") from None
                        continue  # header longer than what we have: read on
                    if total > MAX_FILE:
                        raise ChipError(f"file {fid:04X} claims {total} bytes")
                if sw == SW_EOF and len(buf) < total:
                    raise ChipError(f"file {fid:04X} ends at {len(buf)} bytes, its header says {total}")
                continue
            # a refusal: too big a block (or reading past the end of a short file)
            if total is None and want > HEADER_LE and sw != SW_WRONG_LENGTH:
                # 6B00/6282 and the like on a first read may mean "not that far": this chip will not
                # read past the end of a short file, so learn sizes from a header read first
                self.eof_refused_at = le if self.eof_refused_at is None else min(self.eof_refused_at, le)
                self.channel.stats.refusals.append(f"{sw:04X}-first-read@{le}")
                continue
            if not self._shrink(f"{sw:04X}"):
                raise ChipError(f"READ BINARY of {fid:04X} at {len(buf)} refused ({sw:04X}) even with Le {le}")
        self.channel.stats.bytes_read += len(buf)
        self.log.append({"fid": f"{fid:04X}", "bytes": len(buf), "apdus": self.channel.stats.apdus - apdus0,
                         "ms": round((time.perf_counter() - t0) * 1000, 1)})
        return buf
