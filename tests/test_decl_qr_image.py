"""QR e-declarations through real images: zxing-cpp writer -> distortions -> camera-qr driver -> verify."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from decl_fixtures import DOC, T0, FakeClock, clean_answers, entry_rules, keys

from hardware.declaration.camera_qr import CameraQrScanner, decode_qr
from hardware.registry import create
from kiosk.declarations.issuer import qr_image, qr_version
from kiosk.declarations.replay import MemoryUsedIdStore
from kiosk.declarations.token import GARBLED, TokenVerifier, declaration_from_qr, issue_token
from kiosk.errors import ConfigError, DeviceTimeout
from kiosk.ports import DeviceHealth

KEY = keys()["p256"]


class FrameCamera:
    """A Camera that plays a list of frames in a loop."""

    def __init__(self, frames):
        self.frames = list(frames)
        self.reads = 0
        self.closed = False

    def read(self, timeout: float) -> np.ndarray:
        frame = self.frames[self.reads % len(self.frames)]
        self.reads += 1
        return frame

    def health(self) -> DeviceHealth:
        return DeviceHealth("camera", "frames", True, "ok")

    def close(self) -> None:
        self.closed = True


def _token(**answers):
    return issue_token(clean_answers(**answers), DOC, KEY, kid="k1", issued_at=T0)


def _verifier():
    return TokenVerifier({"k1": KEY.public_key()}, MemoryUsedIdStore(), clock=FakeClock())


def scene(
    code: np.ndarray, *, size=(1080, 1920), angle=0.0, blur=0.0, scale=1.0, noise=0.0, seed=0
) -> np.ndarray:
    """Put a QR image into a textured BGR frame, rotated, blurred and noisy like a camera sees it."""
    rng = np.random.default_rng(seed)
    h, w = size
    frame = np.full((h, w), 150, np.uint8)
    frame[:] = cv2.GaussianBlur(rng.integers(90, 200, (h, w), dtype=np.uint8), (0, 0), 6)
    code = cv2.resize(code, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    ch, cw = code.shape
    y, x = (h - ch) // 2, (w - cw) // 2
    frame[y : y + ch, x : x + cw] = code
    if angle:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        frame = cv2.warpAffine(frame, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
    if blur:
        frame = cv2.GaussianBlur(frame, (0, 0), blur)
    if noise:
        frame = np.clip(frame + rng.normal(0, noise, frame.shape), 0, 255).astype(np.uint8)
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


def test_writer_output_decodes_and_version_is_reported():
    text = _token()
    img = qr_image(text, scale=3)
    assert img.dtype == np.uint8 and img.ndim == 2
    assert decode_qr(img) == [text]
    v = qr_version(text)
    modules = qr_image(text, scale=1).shape[0] - 2 * 4  # minus the quiet zones (4 modules each side)
    assert 1 <= v <= 40 and modules == 17 + 4 * v


@pytest.mark.parametrize(
    ("angle", "blur", "noise"),
    [(0, 0, 0), (17, 0, 0), (90, 0, 0), (-35, 1.2, 4), (180, 1.6, 6)],
)
def test_distorted_camera_frame_round_trip(angle, blur, noise):
    text = _token(alcohol_tobacco=True, cigarettes=600)
    frame = scene(qr_image(text, scale=4), angle=angle, blur=blur, noise=noise)
    scanner = CameraQrScanner(FrameCamera([frame]), max_width=960)
    read = scanner.scan(timeout=5)
    assert read == text
    decision, result = declaration_from_qr(read, _verifier(), entry_rules(), DOC)
    assert result.valid and decision.items == ["tobacco"]


def test_camera_scanner_skips_frames_without_code_and_foreign_codes():
    text = _token()
    empty = scene(np.full((10, 10), 150, np.uint8))
    boarding_pass = scene(qr_image("M1DOE/JOHN EABC123 PEKSHACA 1234 100Y012A0001 100", scale=4))
    camera = FrameCamera([empty, boarding_pass, scene(qr_image(text, scale=4), angle=8)])
    assert CameraQrScanner(camera).scan(timeout=5) == text
    assert camera.reads == 3


def test_damaged_qr_gives_a_clear_timeout_not_a_crash():
    text = _token()
    code = qr_image(text, scale=4)
    h, w = code.shape
    code[h // 4 : 3 * h // 4, w // 5 : 4 * w // 5] = 255  # half the symbol wiped: beyond error correction
    camera = FrameCamera([scene(code)])
    with pytest.raises(DeviceTimeout, match="no e-declaration QR code"):
        CameraQrScanner(camera).scan(timeout=0.3)
    assert camera.reads >= 1


def test_garbled_code_content_is_invalid_with_reason():
    garbled = _token()[:120] + "~"
    read = CameraQrScanner(FrameCamera([scene(qr_image(garbled, scale=4))])).scan(timeout=5)
    decision, result = declaration_from_qr(read, _verifier(), entry_rules(), DOC)
    assert result.reason == GARBLED and decision.status == "invalid"


def test_camera_qr_from_registry_uses_context_camera():
    import hardware.declaration  # noqa: F401  (registers the drivers)

    class Ctx:
        clock = FakeClock()
        camera = FrameCamera([scene(qr_image(_token(), scale=4))])

    scanner = create("declaration_scanner", "camera-qr", {"max_width": 640}, Ctx())
    assert scanner.scan(timeout=5).startswith("CKD1:")
    assert scanner.health().ok
    scanner.close()
    assert not Ctx.camera.closed  # shared with the face stage: not ours to close
    with pytest.raises(ConfigError, match="camera"):
        create("declaration_scanner", "camera-qr", {}, object())
