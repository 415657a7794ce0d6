"""BER-TLV (ISO/IEC 7816-4 / X.690 subset) as eMRTDs use it, for hostile input.

Every length is bounded by the buffer it sits in; anything malformed raises `TlvError` (a
`ValueError`), never an IndexError or a huge allocation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

MAX_TAG_BYTES = 4
MAX_LENGTH_BYTES = 4


class TlvError(ValueError):
    pass


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes
    constructed: bool

    def children(self) -> list[Tlv]:
        if not self.constructed:
            raise TlvError(f"tag {self.tag:X} is primitive")
        return decode_all(self.value)

    def find(self, tag: int) -> Tlv | None:
        return next((c for c in self.children() if c.tag == tag), None)

    def require(self, tag: int) -> Tlv:
        found = self.find(tag)
        if found is None:
            raise TlvError(f"tag {tag:X} missing inside {self.tag:X}")
        return found


def read_tag(data: bytes | memoryview, pos: int) -> tuple[int, bool, int]:
    """(tag number including class bits as they appear, constructed?, next position)."""
    if pos >= len(data):
        raise TlvError("truncated: tag expected")
    first = data[pos]
    constructed = bool(first & 0x20)
    tag = first
    pos += 1
    if first & 0x1F == 0x1F:  # multi-byte tag
        n = 1
        while True:
            if pos >= len(data):
                raise TlvError("truncated tag")
            b = data[pos]
            tag = (tag << 8) | b
            pos += 1
            n += 1
            if n > MAX_TAG_BYTES:
                raise TlvError("tag too long")
            if not b & 0x80:
                break
    return tag, constructed, pos


def read_length(data: bytes | memoryview, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise TlvError("truncated: length expected")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    n = first & 0x7F
    if n == 0:
        raise TlvError("indefinite length is not allowed")
    if n > MAX_LENGTH_BYTES:
        raise TlvError(f"length field of {n} bytes")
    if pos + n > len(data):
        raise TlvError("truncated length")
    return int.from_bytes(bytes(data[pos:pos + n]), "big"), pos + n


def decode_one(data: bytes, pos: int = 0) -> tuple[Tlv, int]:
    """Decode the TLV at `pos`; return it and the position after it."""
    tag, constructed, pos = read_tag(data, pos)
    length, pos = read_length(data, pos)
    end = pos + length
    if end > len(data):
        raise TlvError(f"tag {tag:X}: length {length} exceeds the {len(data) - pos} bytes left")
    return Tlv(tag, bytes(data[pos:end]), constructed), end


def decode(data: bytes) -> Tlv:
    """Exactly one TLV, trailing bytes ignored (chips pad files)."""
    tlv, _ = decode_one(data)
    return tlv


def iter_tlv(data: bytes) -> Iterator[Tlv]:
    pos = 0
    while pos < len(data):
        if data[pos] in (0x00, 0xFF) and all(b == data[pos] for b in data[pos:]):
            return  # padding
        tlv, pos = decode_one(data, pos)
        yield tlv


def decode_all(data: bytes) -> list[Tlv]:
    return list(iter_tlv(data))


def header_length(data: bytes) -> int:
    """Total length (header + value) of the TLV that starts `data`, from its first bytes only.

    Used to learn a file's size from its first few bytes before reading the rest.
    """
    _tag, _c, pos = read_tag(data, 0)
    length, pos = read_length(data, pos)
    return pos + length


def encode_length(n: int) -> bytes:
    if n < 0:
        raise ValueError("negative length")
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode_tag(tag: int) -> bytes:
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode(tag: int, value: bytes | list[bytes]) -> bytes:
    body = b"".join(value) if isinstance(value, list) else value
    return encode_tag(tag) + encode_length(len(body)) + body
