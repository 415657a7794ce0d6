"""InfiRay P2 (Pro)-style UVC thermal cameras: one "YUYV" frame of two halves.

At 256x384 the camera sends a 256x192 grey image on top and, below it, the 256x192 radiometric
half: little-endian 16-bit words in 1/64 K, so °C = raw / 64 − 273.15. The stream carries no FFC flag;
while the shutter is closed for its periodic flat-field correction the camera repeats the same frame,
and a sensor with noise never repeats itself, so an identical temperature half means "shutter closed".
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hardware.registry import register
from hardware.thermal.uvc import RawUvcCapture, create_uvc_camera, words16
from kiosk.errors import DeviceError
from kiosk.ports import Clock, DeviceHealth, ThermalFrame

RAW_PER_KELVIN = 64.0


def split_frame(raw: np.ndarray, width: int = 256, height: int = 192,
                device: str = "thermal_camera") -> tuple[np.ndarray, np.ndarray]:
    """(grey image uint8 H x W, raw temperature words uint16 H x W) from one 2H-row frame buffer."""
    words = words16(raw, 2 * height, width, device)
    grey = (words[:height] & 0xFF).astype(np.uint8)  # YUYV: the luma byte of each word
    return grey, words[height:]


def raw_to_kelvin(raw_words: np.ndarray) -> np.ndarray:
    return raw_words.astype(np.float32) / np.float32(RAW_PER_KELVIN)


class InfiRayCamera:
    def __init__(self, source: int | str = 0, width: int = 256, height: int = 192, backend: str = "v4l2",
                 clock: Clock | None = None, device: str = "thermal_camera", capture_factory: Any = None) -> None:
        self.width, self.height, self.device = int(width), int(height), device
        self.capture = RawUvcCapture(source, "YUYV", self.width, 2 * self.height, backend, clock, device,
                                     capture_factory=capture_factory)
        self.clock = self.capture.clock
        self._previous: np.ndarray | None = None
        self._last_change = self.clock.monotonic()

    def read(self, timeout: float) -> ThermalFrame:
        with self.capture.lock:
            raw = self.capture.read_raw(timeout)
        _, words = split_frame(raw, self.width, self.height, self.device)
        if not np.any(words):
            raise DeviceError(self.device, "empty temperature half (camera not in its radiometric mode?)")
        now = self.clock.monotonic()
        frozen = self._previous is not None and np.array_equal(words, self._previous)
        if not frozen:
            self._last_change = now
        self._previous = words.copy()
        return ThermalFrame(kelvin=raw_to_kelvin(words), timestamp=now, ffc_in_progress=frozen,
                            frame_id=self.capture.frames)

    def health(self) -> DeviceHealth:
        if not self.capture.is_open:
            return DeviceHealth(self.device, "infiray", False, self.capture.error or "not open")
        return DeviceHealth(self.device, "infiray", True, f"InfiRay {self.width}x{self.height} on "
                            f"{self.capture.source!r}", {"frames": self.capture.frames})

    def close(self) -> None:
        with self.capture.lock:
            self.capture.release("closed")


_OPTIONS = {"source", "width", "height", "backend"}


@register("thermal_camera", "infiray")
def create_infiray(options: dict[str, Any], context: Any) -> InfiRayCamera:
    return create_uvc_camera(InfiRayCamera, options, context, _OPTIONS)
