"""LDS data groups (ICAO Doc 9303 Part 10): EF.COM, DG1, DG2, DG7, DG11, DG12, read as hostile input.

Every parser bounds what it accepts (file size, counts, field lengths) and raises `LdsError` (or the
codec's `TlvError`, both `ValueError`s) with a message that says what is wrong; never an IndexError,
a struct.error or a huge allocation.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

from kiosk.emrtd import tlv
from kiosk.emrtd.mrz import Mrz, MrzError, parse_mrz
from kiosk.errors import KioskError

MAX_FILE_BYTES = 1 << 20  # no LDS file of a real document comes near 1 MiB (DG2 is usually 15-40 KB)
MAX_BIOMETRIC_INSTANCES = 16
MAX_TEXT_BYTES = 4096
MAX_LANDMARKS = 256


class LdsError(KioskError, ValueError):
    """A data group is malformed; the message says which one and where."""


@dataclass(frozen=True)
class DgFile:
    number: int  # 1..16; 0 for EF.COM, -1 for EF.SOD
    fid: int
    sfi: int
    tag: int

    @property
    def name(self) -> str:
        return {0: "EF.COM", -1: "EF.SOD"}.get(self.number, f"DG{self.number}")


_DG_TAGS = {
    1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68,
    9: 0x69, 10: 0x6A, 11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F, 16: 0x70,
}
DG_FILES: dict[int, DgFile] = {n: DgFile(n, 0x0100 + n, n, tag) for n, tag in _DG_TAGS.items()}
EF_COM = DgFile(0, 0x011E, 0x1E, 0x60)
EF_SOD = DgFile(-1, 0x011D, 0x1D, 0x77)
EF_CARD_ACCESS_FID, EF_CARD_ACCESS_SFI = 0x011C, 0x1C
EF_CARD_SECURITY_FID, EF_CARD_SECURITY_SFI = 0x011D, 0x1D
TAG_TO_DG: dict[int, int] = {tag: n for n, tag in _DG_TAGS.items()}


def dg_for_tag(tag: int) -> int | None:
    return TAG_TO_DG.get(tag)


# ---------------------------------------------------------------------------------------------- helpers


def decode_file(data: bytes, name: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, tlv.Tlv]:
    """A file's bytes and its outer TLV, or LdsError (not bytes, empty, too big, not BER-TLV)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise LdsError(f"{name}: expected bytes, got {type(data).__name__}")
    data = bytes(data)
    if not data:
        raise LdsError(f"{name}: empty file")
    if len(data) > max_bytes:
        raise LdsError(f"{name}: {len(data)} bytes is more than the {max_bytes} accepted")
    try:
        return data, tlv.decode(data)
    except tlv.TlvError as exc:
        raise LdsError(f"{name}: {exc}") from exc


def _outer(data: bytes, tag: int, name: str) -> tlv.Tlv:
    _data, outer = decode_file(data, name)
    if outer.tag != tag:
        raise LdsError(f"{name}: outer tag {outer.tag:X}, expected {tag:X}")
    if not outer.constructed:
        raise LdsError(f"{name}: outer tag {tag:X} is not constructed")
    return outer


def _children(t: tlv.Tlv, name: str) -> list[tlv.Tlv]:
    if not t.constructed:
        raise LdsError(f"{name}: tag {t.tag:X} should be constructed")
    try:
        return t.children()
    except tlv.TlvError as exc:
        raise LdsError(f"{name}: inside {t.tag:X}: {exc}") from exc


def _text(value: bytes, name: str) -> str:
    if len(value) > MAX_TEXT_BYTES:
        raise LdsError(f"{name}: text field of {len(value)} bytes")
    # 9303 Part 10 uses UTF-8 for DG11/DG12 (older documents: Latin-1 subset); never fail on it.
    return value.decode("utf-8", errors="replace").strip("\x00").strip()


def _small_int(value: bytes, name: str) -> int:
    if not 1 <= len(value) <= 4:
        raise LdsError(f"{name}: integer of {len(value)} bytes")
    return int.from_bytes(value, "big")


# ---------------------------------------------------------------------------------------------- EF.COM


@dataclass(frozen=True)
class Com:
    lds_version: str  # "1.7"
    unicode_version: str  # "4.0.0"
    data_groups: list[int]
    unknown_tags: list[int] = field(default_factory=list)


def _dotted(digits: str, width: int) -> str:
    parts = [str(int(digits[i:i + width])) for i in range(0, len(digits), width)]
    return ".".join(parts)


def parse_com(data: bytes) -> Com:
    outer = _outer(data, EF_COM.tag, "EF.COM")
    lds_version = unicode_version = ""
    groups: list[int] = []
    unknown: list[int] = []
    for child in _children(outer, "EF.COM"):
        if child.tag == 0x5F01:
            v = child.value.decode("ascii", errors="replace")
            if len(v) != 4 or not v.isdigit():
                raise LdsError(f"EF.COM: LDS version {v!r} is not 4 digits")
            lds_version = _dotted(v, 2)
        elif child.tag == 0x5F36:
            v = child.value.decode("ascii", errors="replace")
            if len(v) != 6 or not v.isdigit():
                raise LdsError(f"EF.COM: Unicode version {v!r} is not 6 digits")
            unicode_version = _dotted(v, 2)
        elif child.tag == 0x5C:
            for b in child.value:
                n = TAG_TO_DG.get(b)
                if n is None:
                    unknown.append(b)
                elif n not in groups:
                    groups.append(n)
    if not lds_version:
        raise LdsError("EF.COM: LDS version (5F01) missing")
    return Com(lds_version, unicode_version, groups, unknown)


# ---------------------------------------------------------------------------------------------- DG1

_MRZ_SHAPES = {90: (3, 30), 72: (2, 36), 88: (2, 44)}


def parse_dg1(data: bytes) -> Mrz:
    outer = _outer(data, DG_FILES[1].tag, "DG1")
    children = _children(outer, "DG1")
    mrz_tlv = next((c for c in children if c.tag == 0x5F1F), None)
    if mrz_tlv is None:
        raise LdsError("DG1: MRZ (5F1F) missing")
    raw = mrz_tlv.value
    shape = _MRZ_SHAPES.get(len(raw))
    if shape is None:
        raise LdsError(f"DG1: MRZ of {len(raw)} characters (TD1 90, TD2 72, TD3 88)")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as exc:
        raise LdsError("DG1: MRZ is not ASCII") from exc
    rows, width = shape
    lines = "\n".join(text[i * width:(i + 1) * width] for i in range(rows))
    try:
        return parse_mrz(lines)
    except MrzError as exc:
        raise LdsError(f"DG1: {exc}") from exc


# ---------------------------------------------------------------------------------------------- DG2


@dataclass(frozen=True)
class FaceImage:
    format: str  # "jpeg" | "jp2" | "j2k"
    data: bytes
    width: int
    height: int
    standard: str  # "19794-5" | "39794-5"
    header: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # keep image bytes out of logs
        return (
            f"FaceImage(format={self.format!r}, bytes={len(self.data)}, {self.width}x{self.height}, "
            f"standard={self.standard!r})"
        )


JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
J2K_SIGNATURE = b"\xff\x4f\xff\x51"
JPEG_SIGNATURE = b"\xff\xd8\xff"


def sniff_image(data: bytes) -> str | None:
    """"jpeg" | "jp2" | "j2k" from the magic bytes, None if it is none of them."""
    if data.startswith(JPEG_SIGNATURE):
        return "jpeg"
    if data.startswith(JP2_SIGNATURE):
        return "jp2"
    if data.startswith(J2K_SIGNATURE):
        return "j2k"
    return None


def _find_image(block: bytes, start: int) -> int | None:
    """Offset of the first image signature at or after `start` (for records whose layout varies)."""
    best: int | None = None
    for sig in (JPEG_SIGNATURE, JP2_SIGNATURE, J2K_SIGNATURE):
        i = block.find(sig, start)
        if i >= 0 and (best is None or i < best):
            best = i
    return best


def _bht(children: list[tlv.Tlv]) -> dict[str, Any]:
    bht = next((c for c in children if c.tag == 0xA1), None)
    if bht is None:
        return {}
    out: dict[str, Any] = {}
    for c in _children(bht, "DG2 biometric header template"):
        key = {0x80: "icao_header_version", 0x81: "biometric_type", 0x82: "biometric_subtype",
               0x83: "creation_date", 0x85: "validity_period", 0x86: "creator",
               0x87: "format_owner", 0x88: "format_type"}.get(c.tag)
        if key:
            out[key] = c.value.hex()
    return out


def parse_dg2(data: bytes) -> list[FaceImage]:
    outer = _outer(data, DG_FILES[2].tag, "DG2")
    group = next((c for c in _children(outer, "DG2") if c.tag == 0x7F61), None)
    if group is None:
        raise LdsError("DG2: biometric information group template (7F61) missing")
    members = _children(group, "DG2 group")
    count_tlv = next((c for c in members if c.tag == 0x02), None)
    templates = [c for c in members if c.tag == 0x7F60]
    if not templates:
        raise LdsError("DG2: no biometric information template (7F60)")
    if len(templates) > MAX_BIOMETRIC_INSTANCES:
        raise LdsError(f"DG2: {len(templates)} biometric templates")
    if count_tlv is not None and _small_int(count_tlv.value, "DG2 instance count") != len(templates):
        raise LdsError(
            f"DG2: instance count says {_small_int(count_tlv.value, 'count')}, found {len(templates)} templates"
        )
    faces: list[FaceImage] = []
    for i, template in enumerate(templates, 1):
        children = _children(template, f"DG2 template {i}")
        header = _bht(children)
        bdb = next((c for c in children if c.tag in (0x5F2E, 0x7F2E)), None)
        if bdb is None:
            raise LdsError(f"DG2 template {i}: biometric data block (5F2E/7F2E) missing")
        if bdb.tag == 0x5F2E and bdb.value.startswith(b"FAC\x00"):
            images = _parse_19794_5(bdb.value, f"DG2 template {i}")
        elif bdb.tag == 0x7F2E:
            images = _parse_39794_5(bdb.value, f"DG2 template {i}")
        else:
            raise LdsError(f"DG2 template {i}: biometric data block is neither ISO/IEC 19794-5 nor 39794-5")
        for img in images:
            faces.append(FaceImage(img.format, img.data, img.width, img.height, img.standard,
                                   {**header, **img.header}))
    return faces


_FAC_IMAGE_TYPES = {0: "jpeg", 1: "jpeg2000"}


def _parse_19794_5(block: bytes, name: str) -> list[FaceImage]:
    if len(block) < 14:
        raise LdsError(f"{name}: ISO/IEC 19794-5 header truncated")
    version = block[4:8]
    if version not in (b"010\x00", b"020\x00", b"030\x00"):
        raise LdsError(f"{name}: ISO/IEC 19794-5 version {version!r} unknown")
    v = version[:3].decode()
    record_length, count = struct.unpack(">IH", block[8:14])
    if record_length > len(block):
        raise LdsError(f"{name}: record length {record_length} exceeds the {len(block)} bytes present")
    if not 1 <= count <= MAX_BIOMETRIC_INSTANCES:
        raise LdsError(f"{name}: {count} facial images")
    pos = 14 if v != "030" else 17
    end = record_length or len(block)
    faces: list[FaceImage] = []
    for n in range(count):
        where = f"{name} facial record {n + 1}"
        if pos + 4 > end:
            raise LdsError(f"{where}: truncated")
        (block_length,) = struct.unpack(">I", block[pos:pos + 4])
        if block_length < 32 or pos + block_length > end:
            raise LdsError(f"{where}: block length {block_length} does not fit the record")
        rec = block[pos:pos + block_length]
        faces.append(_fac_010(rec, where, v) if v != "030" else _fac_030(rec, where))
        pos += block_length
    return faces


def _fac_010(rec: bytes, where: str, version: str) -> FaceImage:
    # Facial information block (20 bytes incl. the length), landmarks (8 each), image information (12).
    (n_points, gender, eye, hair) = struct.unpack(">HBBB", rec[4:9])
    expression = struct.unpack(">H", rec[12:14])[0]
    yaw, pitch, roll = struct.unpack(">bbb", rec[14:17])
    if n_points > MAX_LANDMARKS:
        raise LdsError(f"{where}: {n_points} landmark points")
    info = 20 + 8 * n_points
    if info + 12 > len(rec):
        raise LdsError(f"{where}: image information block truncated")
    face_type, data_type, width, height, colour_space, source, _device, quality = struct.unpack(
        ">BBHHBBHH", rec[info:info + 12]
    )
    image = rec[info + 12:]
    return _face(image, width, height, "19794-5", where, data_type, {
        "fac_version": version, "landmark_points": n_points, "gender": gender, "eye_colour": eye,
        "hair_colour": hair, "expression": expression, "pose": (yaw, pitch, roll),
        "face_image_type": face_type, "image_data_type": _FAC_IMAGE_TYPES.get(data_type, str(data_type)),
        "colour_space": colour_space, "source_type": source, "quality": quality,
    })


def _fac_030(rec: bytes, where: str) -> FaceImage:
    # ISO/IEC 19794-5:2011: representation header with capture date and quality records, facial
    # information (17 bytes), landmarks, image information (width/height at fixed offsets), then
    # the image data length and the image itself.
    if len(rec) < 19:
        raise LdsError(f"{where}: representation header truncated")
    n_quality = rec[18]
    pos = 19 + 5 * n_quality
    if pos + 17 > len(rec):
        raise LdsError(f"{where}: facial information truncated")
    n_points, gender, eye, hair = struct.unpack(">HBBB", rec[pos:pos + 5])
    if n_points > MAX_LANDMARKS:
        raise LdsError(f"{where}: {n_points} landmark points")
    pos += 17 + 8 * n_points
    if pos + 10 > len(rec):
        raise LdsError(f"{where}: image information truncated")
    face_type, data_type, width, height = struct.unpack(">BBHH", rec[pos:pos + 6])
    pos += 10
    start = pos
    if pos + 4 <= len(rec):
        (length,) = struct.unpack(">I", rec[pos:pos + 4])
        if length == len(rec) - pos - 4:
            start = pos + 4
    if sniff_image(rec[start:start + 12]) is None:
        # Optional 3D blocks etc. in between: find the image by its signature.
        found = _find_image(rec, pos)
        if found is None:
            raise LdsError(f"{where}: no JPEG/JPEG 2000 image in the representation")
        start = found
    return _face(rec[start:], width, height, "19794-5", where, data_type, {
        "fac_version": "030", "landmark_points": n_points, "gender": gender, "eye_colour": eye,
        "hair_colour": hair, "face_image_type": face_type,
        "image_data_type": _FAC_IMAGE_TYPES.get(data_type, str(data_type)), "quality_records": n_quality,
    })


def _face(image: bytes, width: int, height: int, standard: str, where: str, declared: int | None,
          header: dict[str, Any]) -> FaceImage:
    fmt = sniff_image(image)
    if fmt is None:
        raise LdsError(f"{where}: image data is neither JPEG, JP2 nor a JPEG 2000 codestream")
    if declared is not None and standard == "19794-5" and (declared == 0) != (fmt == "jpeg"):
        header = {**header, "image_type_mismatch": True}  # the header and the bytes disagree: trust bytes
    return FaceImage(fmt, image, width, height, standard, header)


# ISO/IEC 39794-5 ImageDataFormat codes (unknown 0, other 1, jpeg 2, jpeg2000Lossy 3, jpeg2000Lossless 4, png 5)
IMAGE_DATA_FORMATS_39794 = {0: "unknown", 1: "other", 2: "jpeg", 3: "jpeg2000-lossy", 4: "jpeg2000-lossless",
                            5: "png"}


def _ctx(children: list[tlv.Tlv], n: int, constructed: bool) -> tlv.Tlv | None:
    tag = (0xA0 if constructed else 0x80) | n
    return next((c for c in children if c.tag == tag), None)


def _code(choice: tlv.Tlv | None, where: str) -> int | None:
    """A 39794 extensible code: CHOICE { code [0], extensionBlock [1] { code [0] } } (or a bare [0])."""
    if choice is None:
        return None
    if not choice.constructed:
        return _small_int(choice.value, where)
    kids = _children(choice, where)
    inner = _ctx(kids, 0, False)
    if inner is not None:
        return _small_int(inner.value, where)
    ext = _ctx(kids, 1, True)
    if ext is not None:
        inner = _ctx(_children(ext, where), 0, False)
        if inner is not None:
            return _small_int(inner.value, where)
    return None


def _parse_39794_5(value: bytes, name: str) -> list[FaceImage]:
    """FaceImageDataBlock ::= [APPLICATION 5] SEQUENCE { versionBlock [0], representationBlocks [1], ... }."""
    try:
        items = tlv.decode_all(value)
    except tlv.TlvError as exc:
        raise LdsError(f"{name}: ISO/IEC 39794-5 block: {exc}") from exc
    if len(items) == 1 and items[0].tag == 0x65:
        items = _children(items[0], name)
    version = _ctx(items, 0, True)
    header: dict[str, Any] = {}
    if version is not None:
        vk = _children(version, f"{name} version block")
        gen, year = _ctx(vk, 0, False), _ctx(vk, 1, False)
        if gen is not None:
            header["generation"] = _small_int(gen.value, "39794 generation")
        if year is not None:
            header["year"] = _small_int(year.value, "39794 year")
    blocks = _ctx(items, 1, True)
    if blocks is None:
        raise LdsError(f"{name}: ISO/IEC 39794-5 representation blocks ([1]) missing")
    reps = _children(blocks, f"{name} representation blocks")
    if not 1 <= len(reps) <= MAX_BIOMETRIC_INSTANCES:
        raise LdsError(f"{name}: {len(reps)} ISO/IEC 39794-5 representations")
    faces: list[FaceImage] = []
    for i, rep in enumerate(reps, 1):
        where = f"{name} representation {i}"
        kids = _children(rep, where)
        image_rep = _ctx(kids, 1, True)
        base = _ctx(_children(image_rep, where), 0, True) if image_rep is not None else None
        two_d = _ctx(_children(base, where), 0, True) if base is not None else None
        if two_d is None:
            raise LdsError(f"{where}: no 2D image representation")
        two_kids = _children(two_d, where)
        data = _ctx(two_kids, 0, False)
        if data is None:
            raise LdsError(f"{where}: representation data (the image) missing")
        info = _ctx(two_kids, 1, True)
        width = height = 0
        rep_header = dict(header)
        if info is not None:
            info_kids = _children(info, f"{where} image information")
            fmt_code = _code(_ctx(info_kids, 0, True) or _ctx(info_kids, 0, False), f"{where} image data format")
            if fmt_code is not None:
                rep_header["image_data_format"] = IMAGE_DATA_FORMATS_39794.get(fmt_code, str(fmt_code))
            size = _ctx(info_kids, 7, True)
            if size is not None:
                sk = _children(size, f"{where} image size")
                w, h = _ctx(sk, 0, False), _ctx(sk, 1, False)
                width = _small_int(w.value, "width") if w is not None else 0
                height = _small_int(h.value, "height") if h is not None else 0
        faces.append(_face(data.value, width, height, "39794-5", where, None, rep_header))
    return faces


# ---------------------------------------------------------------------------------------------- DG7


def parse_dg7(data: bytes) -> list[bytes]:
    """Displayed signature or usual mark images (5F43), as encoded on the chip."""
    outer = _outer(data, DG_FILES[7].tag, "DG7")
    children = _children(outer, "DG7")
    images = [c.value for c in children if c.tag == 0x5F43]
    count = next((c for c in children if c.tag == 0x02), None)
    if count is not None and _small_int(count.value, "DG7 count") != len(images):
        raise LdsError(f"DG7: count says {_small_int(count.value, 'count')}, found {len(images)} images")
    if len(images) > MAX_BIOMETRIC_INSTANCES:
        raise LdsError(f"DG7: {len(images)} images")
    return images


# ---------------------------------------------------------------------------------------------- DG11 / DG12

DG11_TAGS = {
    0x5F0E: "full_name", 0x5F10: "personal_number", 0x5F2B: "date_of_birth", 0x5F11: "place_of_birth",
    0x5F42: "address", 0x5F12: "telephone", 0x5F13: "profession", 0x5F14: "title",
    0x5F15: "personal_summary", 0x5F16: "proof_of_citizenship", 0x5F17: "other_td_numbers",
    0x5F18: "custody_information",
}
DG12_TAGS = {
    0x5F19: "issuing_authority", 0x5F26: "date_of_issue", 0x5F1B: "endorsements",
    0x5F1C: "tax_exit_requirements", 0x5F1D: "image_front", 0x5F1E: "image_rear",
    0x5F55: "personalization_time", 0x5F56: "personalization_system_serial",
}
_BINARY = {"proof_of_citizenship", "image_front", "image_rear"}


def _details(data: bytes, tag: int, name: str, names: dict[int, str], list_key: str,
             list_tag: int) -> dict[str, Any]:
    outer = _outer(data, tag, name)
    out: dict[str, Any] = {}
    for child in _children(outer, name):
        if child.tag == 0x5C:
            out["tag_list"] = [int.from_bytes(child.value[i:i + 2], "big") for i in range(0, len(child.value) - 1, 2)]
        elif child.tag == 0xA0:  # other names (DG11) / other persons (DG12): count + entries
            entries = [_text(c.value, name) for c in _children(child, name) if c.tag == list_tag]
            if len(entries) > MAX_BIOMETRIC_INSTANCES:
                raise LdsError(f"{name}: {len(entries)} entries in {list_key}")
            out.setdefault(list_key, []).extend(entries)
        elif child.tag == list_tag:  # some issuers put the entries directly in the template
            out.setdefault(list_key, []).append(_text(child.value, name))
        elif child.tag in names:
            key = names[child.tag]
            out[key] = child.value if key in _BINARY else _text(child.value, name)
    return out


def parse_dg11(data: bytes) -> dict[str, Any]:
    """Additional personal details; names are as written on the chip ("SURNAME<<GIVEN NAMES")."""
    return _details(data, DG_FILES[11].tag, "DG11", DG11_TAGS, "other_names", 0x5F0F)


def parse_dg12(data: bytes) -> dict[str, Any]:
    """Additional document details (issuing authority, date of issue YYYYMMDD, ...)."""
    return _details(data, DG_FILES[12].tag, "DG12", DG12_TAGS, "other_persons", 0x5F1A)
