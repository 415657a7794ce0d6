"""QR e-declarations read by a camera (any `kiosk.ports.Camera`), decoded with zxing-cpp.

Frames are converted to grayscale and, when wider than `max_width`, downscaled with area
averaging before decoding (zxing's own pyramid then handles small codes); every
`retry_every`-th frame that finds nothing is retried at full resolution with the global-histogram
binarizer, which copes better with motion blur. The first decoded text that starts with `prefix`
is returned (other codes in view, e.g. a boarding pass, are ignored).

Options: camera (a Camera object, or taken from context.camera), prefix ("CKD"), max_width (960),
retry_every (3), close_camera (false: the camera is usually shared with the face stage).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from hardware.registry import register
from kiosk.errors import ConfigError, DeviceTimeout
from kiosk.ports import Camera, DeviceHealth

from ._common import PORT, check_options


def decode_qr(image: np.ndarray, *, max_width: int = 0, robust: bool = False) -> list[str]:
    """All QR texts zxing-cpp finds in a BGR or grayscale image (optionally downscaled first)."""
    import cv2
    import zxingcpp

    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if max_width and gray.shape[1] > max_width:
        f = max_width / gray.shape[1]
        gray = cv2.resize(gray, (max_width, max(1, round(gray.shape[0] * f))), interpolation=cv2.INTER_AREA)
    binarizer = zxingcpp.Binarizer.GlobalHistogram if robust else zxingcpp.Binarizer.LocalAverage
    found = zxingcpp.read_barcodes(
        np.ascontiguousarray(gray),
        formats=zxingcpp.BarcodeFormat.QRCode,
        try_rotate=True,
        binarizer=binarizer,
    )
    return [b.text for b in found if b.valid and b.text]


class CameraQrScanner:
    """A DeclarationScanner that looks for an e-declaration QR code in camera frames."""

    def __init__(
        self,
        camera: Camera,
        *,
        prefix: str = "CKD",
        max_width: int = 960,
        retry_every: int = 3,
        close_camera: bool = False,
        name: str = PORT,
    ) -> None:
        self.camera = camera
        self.prefix = prefix
        self.max_width = max_width
        self.retry_every = retry_every
        self.close_camera = close_camera
        self.name = name
        self.frames_decoded = 0

    def scan(self, timeout: float) -> str:
        deadline = time.monotonic() + max(0.0, timeout)
        misses = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DeviceTimeout(self.name, f"no e-declaration QR code in view within {timeout:.1f} s")
            frame = self.camera.read(remaining)  # camera errors are the camera's DeviceErrors
            self.frames_decoded += 1
            texts = decode_qr(frame, max_width=self.max_width)
            if not texts and self.retry_every and (misses + 1) % self.retry_every == 0:
                texts = decode_qr(frame, robust=True)
            for text in texts:
                if text.startswith(self.prefix):
                    return text
            misses += 1

    def health(self) -> DeviceHealth:
        cam = self.camera.health()
        return DeviceHealth(self.name, "camera-qr", cam.ok, f"camera: {cam.detail}", {"camera": cam.driver})

    def close(self) -> None:
        if self.close_camera:
            self.camera.close()


@register(PORT, "camera-qr")
def create_camera_qr_scanner(options: dict[str, Any], context: Any) -> CameraQrScanner:
    check_options(options, ("camera", "prefix", "max_width", "retry_every", "close_camera"), "camera-qr")
    camera = options.get("camera") or getattr(context, "camera", None)
    if camera is None or not hasattr(camera, "read"):
        raise ConfigError(f"devices.{PORT}.camera: the camera-qr driver needs a camera (context.camera)")
    return CameraQrScanner(
        camera,
        prefix=str(options.get("prefix", "CKD")),
        max_width=int(options.get("max_width", 960)),
        retry_every=int(options.get("retry_every", 3)),
        close_camera=bool(options.get("close_camera", False)),
    )
