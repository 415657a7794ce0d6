"""Portrait decoding: JPEG, JP2 and raw J2K to BGR arrays; corrupt and absurd images refused cleanly."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardware.sim.lds_builder import default_portrait, encode_image
from kiosk.emrtd import images
from kiosk.emrtd.images import ImageError, decode_portrait


@pytest.fixture(scope="module")
def portrait() -> np.ndarray:
    return default_portrait(180, 240)


@pytest.mark.parametrize("fmt", ["jpeg", "jp2", "j2k"])
def test_decodes_each_format_to_bgr(portrait: np.ndarray, fmt: str) -> None:
    data = encode_image(portrait, fmt, target_bytes=30_000)
    image, got = decode_portrait(data)
    assert got == fmt
    assert image.shape == (240, 180, 3) and image.dtype == np.uint8
    # lossy, but the same picture: mean error small, colours not swapped (BGR in, BGR out)
    assert float(np.abs(image.astype(int) - portrait.astype(int)).mean()) < 8
    assert np.allclose(image.reshape(-1, 3).mean(0), portrait.reshape(-1, 3).mean(0), atol=4)


def test_grayscale_jpeg_comes_back_as_three_channels(portrait: np.ndarray) -> None:
    import cv2

    gray = cv2.cvtColor(portrait, cv2.COLOR_BGR2GRAY)
    ok, buf = cv2.imencode(".jpg", gray)
    assert ok
    image, fmt = decode_portrait(buf.tobytes())
    assert image.shape == (240, 180, 3) and fmt == "jpeg"


@pytest.mark.parametrize("data", [b"", b"GIF89a....", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, b"\0" * 100])
def test_unknown_formats_are_refused(data: bytes) -> None:
    with pytest.raises(ImageError, match="magic"):
        decode_portrait(data)


@pytest.mark.parametrize("fmt", ["jpeg", "jp2", "j2k"])
def test_truncated_or_corrupted_images_raise_image_error_or_decode(portrait: np.ndarray, fmt: str) -> None:
    data = encode_image(portrait, fmt)
    for broken in (data[:40], data[: len(data) // 3], data[:20] + b"\xa5" * 200 + data[220:]):
        try:
            image, _ = decode_portrait(broken)
        except ImageError:
            continue
        assert image.shape == (240, 180, 3)  # decoders may conceal damage; never a wrong shape


def _jpeg_with_size(width: int, height: int) -> bytes:
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + sof + b"\xff\xd9"


@pytest.mark.parametrize(("w", "h", "message"), [(60000, 60000, "exceeds"), (5000, 100, "exceeds"), (4, 4, "small")])
def test_absurd_sizes_are_refused_before_decoding(w: int, h: int, message: str) -> None:
    with pytest.raises(ImageError, match=message):
        decode_portrait(_jpeg_with_size(w, h))


def test_j2k_with_absurd_size_header_is_refused(portrait: np.ndarray) -> None:
    data = bytearray(encode_image(portrait, "j2k"))
    # SIZ marker right after SOC: Lsiz(2) Rsiz(2) Xsiz(4) Ysiz(4)
    assert data[2:4] == b"\xff\x51"
    data[8:16] = struct.pack(">II", 100_000, 100_000)
    with pytest.raises(ImageError):
        decode_portrait(bytes(data))


def test_too_many_bytes_are_refused() -> None:
    with pytest.raises(ImageError, match="more than"):
        decode_portrait(b"\xff\xd8\xff" + b"\0" * (images.MAX_IMAGE_BYTES + 1))


def test_non_bytes_input_is_refused() -> None:
    with pytest.raises(ImageError):
        decode_portrait("not bytes")  # type: ignore[arg-type]


_SEEDS = {fmt: encode_image(default_portrait(32, 40), fmt, target_bytes=1500) for fmt in ("jpeg", "jp2", "j2k")}


@pytest.mark.parametrize("fmt", sorted(_SEEDS))
def test_fuzz_mutated_images_never_crash(fmt: str) -> None:
    seed = _SEEDS[fmt]

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.integers(0, len(seed) - 1), st.integers(0, 255)), min_size=1, max_size=8),
           st.integers(0, len(seed) - 4))
    def run(changes: list[tuple[int, int]], cut: int) -> None:
        b = bytearray(seed)
        for pos, val in changes:
            b[pos] = val
        try:
            image, got = decode_portrait(bytes(b[: len(b) - cut]))
        except ImageError:
            return
        assert image.ndim == 3 and image.shape[2] == 3 and got in ("jpeg", "jp2", "j2k")

    run()


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([b"\xff\xd8\xff", b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51"]),
       st.binary(max_size=300))
def test_fuzz_magic_then_garbage(magic: bytes, rest: bytes) -> None:
    try:
        decode_portrait(magic + rest)
    except ImageError:
        pass


@pytest.mark.parametrize("fmt", ["jpeg", "jp2", "j2k"])
def test_pillow_fallback_when_opencv_cannot_decode(portrait: np.ndarray, fmt: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = encode_image(portrait, fmt, target_bytes=30_000)
    via_cv2, _ = decode_portrait(data)
    monkeypatch.setattr(images.cv2, "imdecode", lambda *_a, **_k: None)
    via_pillow, got = decode_portrait(data)
    assert got == fmt and via_pillow.shape == via_cv2.shape
    assert float(np.abs(via_pillow.astype(int) - via_cv2.astype(int)).mean()) < 3  # same BGR picture


@pytest.mark.parametrize("fmt", ["jpeg", "j2k", "jp2"])
def test_truncated_images_are_refused(portrait: np.ndarray, fmt: str) -> None:
    data = encode_image(portrait, fmt)
    assert decode_portrait(data + b"\x00" * 16)[1] == fmt  # zero padding after the end marker is fine
    with pytest.raises(ImageError, match="truncated"):
        decode_portrait(data[: len(data) * 2 // 3])
