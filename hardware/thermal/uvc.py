"""Raw (unconverted) UVC capture through OpenCV, shared by the Lepton/PureThermal and InfiRay drivers.

Radiometric cameras deliver 16-bit words that must not go through OpenCV's RGB conversion: the capture
asks for the FOURCC (Y16 for PureThermal, YUYV for InfiRay's split frame) with CONVERT_RGB off and hands
back the raw buffer. A device that vanishes gives DeviceDisconnected; the next read reopens it when it is
back, so a replugged camera recovers without restarting the lane.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from kiosk.errors import ConfigError, DeviceDisconnected, DeviceTimeout
from kiosk.ports import Clock, SystemClock


def _default_factory(source: int | str, api: int) -> Any:
    import cv2

    return cv2.VideoCapture(source, api)


class RawUvcCapture:
    def __init__(self, source: int | str, fourcc: str, width: int | None, height: int | None,
                 backend: str = "v4l2", clock: Clock | None = None, device: str = "thermal_camera",
                 read_timeout_ms: int = 2000,
                 capture_factory: Callable[[int | str, int], Any] | None = None) -> None:
        import cv2

        if len(fourcc) != 4:
            raise ConfigError(f"devices.{device}.fourcc: four characters expected, got {fourcc!r}")
        api = getattr(cv2, f"CAP_{backend.upper()}", None)
        if api is None:
            raise ConfigError(f"devices.{device}.backend: unknown OpenCV backend {backend!r}")
        self.source: int | str = int(source) if isinstance(source, str) and source.isdigit() else source
        self.fourcc, self.width, self.height, self.api = fourcc, width, height, int(api)
        self.clock = clock or SystemClock()
        self.device = device
        self.read_timeout_ms = int(read_timeout_ms)
        self._factory = capture_factory or _default_factory
        self._cap: Any = None
        self.error = ""
        self.frames = 0
        self.lock = threading.Lock()
        self._open()

    def _present(self) -> bool:
        if isinstance(self.source, int):
            return os.path.exists(f"/dev/video{self.source}") or not os.path.isdir("/dev/v4l")
        return "://" in str(self.source) or os.path.exists(str(self.source))

    def _open(self) -> None:
        import cv2

        try:
            cap = self._factory(self.source, self.api)
        except cv2.error as exc:
            self._cap, self.error = None, f"cannot open {self.source!r}: {exc}"
            return
        if cap is None or not cap.isOpened():
            if cap is not None:
                cap.release()
            self._cap, self.error = None, f"cannot open {self.source!r}"
            return
        cap.set(cv2.CAP_PROP_FOURCC, float(cv2.VideoWriter_fourcc(*self.fourcc)))
        if self.width:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, float(self.width))
        if self.height:
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, float(self.height))
        cap.set(cv2.CAP_PROP_CONVERT_RGB, 0.0)  # keep the 16-bit words as they come
        if hasattr(cv2, "CAP_PROP_READ_TIMEOUT_MSEC"):
            cap.set(cv2.CAP_PROP_READ_TIMEOUT_MSEC, float(self.read_timeout_ms))
        self._cap, self.error = cap, ""

    @property
    def is_open(self) -> bool:
        return self._cap is not None

    def read_raw(self, timeout: float) -> np.ndarray:
        """The next raw frame buffer (call with `lock` held)."""
        if self._cap is None:
            if self._present():
                self._open()  # replugged
            if self._cap is None:
                raise DeviceDisconnected(self.device, self.error or "not open")
        deadline = self.clock.monotonic() + timeout
        while True:
            ok, frame = self._cap.read()
            if ok and frame is not None:
                self.frames += 1
                return np.asarray(frame)
            if not self._cap.isOpened() or not self._present():
                self.release(f"device {self.source!r} disappeared after {self.frames} frames")
                raise DeviceDisconnected(self.device, self.error)
            if self.clock.monotonic() >= deadline:
                raise DeviceTimeout(self.device, f"no frame within {timeout:.1f} s")
            self.clock.sleep(0.01)

    def release(self, why: str) -> None:
        if self._cap is not None:
            self._cap.release()
        self._cap, self.error = None, why


def words16(raw: np.ndarray, rows: int, cols: int, device: str) -> np.ndarray:
    """A raw buffer as rows x cols little-endian 16-bit words, whatever shape OpenCV returned it in."""
    from kiosk.errors import DeviceError

    a = np.ascontiguousarray(raw)
    if a.dtype == np.uint16 and a.size == rows * cols:
        return a.reshape(rows, cols)
    if a.dtype == np.uint8 and a.size == rows * cols * 2:
        return a.reshape(-1).view("<u2").reshape(rows, cols)
    raise DeviceError(device, f"unexpected frame: {a.dtype} {a.shape}, expected {rows}x{cols} 16-bit words")


def create_uvc_camera(cls: Callable[..., Any], options: dict[str, Any], context: Any, allowed: set[str]) -> Any:
    """A UVC thermal driver from its configuration section: unknown options name themselves."""
    opts = {k: v for k, v in options.items() if k != "driver"}
    unknown = set(opts) - allowed
    if unknown:
        raise ConfigError(f"devices.thermal_camera: unknown option(s) {', '.join(sorted(unknown))}")
    return cls(clock=getattr(context, "clock", None), **opts)
