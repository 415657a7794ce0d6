"""Chip portrait decoding: JPEG, JPEG 2000 (JP2 file format) and raw JPEG 2000 codestreams (J2K).

The image comes from the chip, so it is hostile: the size is checked from the header (Pillow reads
only the header on open) before anything is decoded, and every decoder failure becomes an
`ImageError`. OpenCV decodes all three formats (its build bundles OpenJPEG); Pillow is the fallback.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator

import cv2
import numpy as np
from PIL import Image

from kiosk.emrtd.lds import sniff_image
from kiosk.errors import KioskError

MAX_IMAGE_BYTES = 1 << 20
MAX_SIDE = 4096
MAX_PIXELS = 8_000_000
MIN_SIDE = 8


class ImageError(KioskError, ValueError):
    """The portrait cannot be decoded (unknown format, corrupt, absurd size)."""


def image_size(data: bytes) -> tuple[str, int, int]:
    """(format, width, height) from the header only; ImageError when it is no usable image."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImageError(f"image: expected bytes, got {type(data).__name__}")
    data = bytes(data)
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"image of {len(data)} bytes is more than the {MAX_IMAGE_BYTES} accepted")
    fmt = sniff_image(data)
    if fmt is None:
        raise ImageError("image is neither JPEG, JP2 nor a JPEG 2000 codestream (unknown magic bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
    except Exception as exc:  # Pillow raises many types on garbage; all mean "not an image"
        raise ImageError(f"{fmt}: unreadable header ({type(exc).__name__}: {exc})") from exc
    _check_size(fmt, width, height)
    return fmt, width, height


def _check_size(fmt: str, width: int, height: int) -> None:
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ImageError(f"{fmt}: {width}x{height} is too small for a portrait")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageError(f"{fmt}: {width}x{height} exceeds the accepted {MAX_SIDE} px / {MAX_PIXELS} pixels")


def decode_portrait(data: bytes) -> tuple[np.ndarray, str]:
    """(BGR uint8 H×W×3, "jpeg" | "jp2" | "j2k"). Raises ImageError."""
    fmt, width, height = image_size(data)
    if fmt in ("jpeg", "j2k") and not bytes(data).rstrip(b"\x00").endswith(b"\xff\xd9"):
        # JPEG EOI / J2K EOC (both FFD9; chips may pad with zeros after it). Without this check
        # libjpeg/OpenJPEG paint the missing part grey and return a "valid" picture.
        raise ImageError(f"{fmt}: truncated (no end-of-image marker)")
    if fmt == "jp2" and not _jp2_complete(bytes(data)):
        raise ImageError("jp2: truncated (box or codestream incomplete)")
    buf = np.frombuffer(bytes(data), dtype=np.uint8)
    image: np.ndarray | None
    try:
        with _quiet_opencv():
            image = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    except cv2.error:
        image = None
    if image is None:
        image = _decode_pillow(bytes(data), fmt)
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ImageError(f"{fmt}: decoded to an unexpected array {image.shape} {image.dtype}")
    if (image.shape[1], image.shape[0]) != (width, height):
        raise ImageError(f"{fmt}: header says {width}x{height}, decoded {image.shape[1]}x{image.shape[0]}")
    return image, fmt


def _jp2_complete(data: bytes) -> bool:
    """Every box of the JP2 file fits in the data and the codestream box ends with EOC (FFD9)."""
    pos, codestream_ok = 0, False
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        header = 8
        if length == 1:  # 64-bit length follows
            if pos + 16 > len(data):
                return False
            length, header = int.from_bytes(data[pos + 8:pos + 16], "big"), 16
        elif length == 0:  # the box runs to the end of the file
            length = len(data) - pos
        if length < header or pos + length > len(data):
            return False
        if kind == b"jp2c":
            codestream_ok = data[pos + header:pos + length].rstrip(b"\x00").endswith(b"\xff\xd9")
        pos += length
    return codestream_ok and data[pos:].strip(b"\x00") == b""


@contextlib.contextmanager
def _quiet_opencv() -> Iterator[None]:
    """OpenJPEG warns on stderr for every J2K codestream without a colour space (normal for DG2)."""
    level = cv2.utils.logging.getLogLevel()
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    try:
        yield
    finally:
        cv2.utils.logging.setLogLevel(level)


def _decode_pillow(data: bytes, fmt: str) -> np.ndarray:
    try:
        with Image.open(io.BytesIO(data)) as im:
            rgb = im.convert("RGB")
            rgb.load()
    except Exception as exc:
        raise ImageError(f"{fmt}: cannot be decoded ({type(exc).__name__}: {exc})") from exc
    return np.ascontiguousarray(np.asarray(rgb, dtype=np.uint8)[:, :, ::-1])
