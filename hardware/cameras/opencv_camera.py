"""A camera read through OpenCV's VideoCapture: a device index (V4L2), a file, or a stream URL."""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np

from hardware.registry import register
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceTimeout
from kiosk.ports import Clock, DeviceHealth, SystemClock

_OPTIONS = {"source", "width", "height", "fps", "backend", "read_timeout_ms"}


class OpenCVCamera:
    """`source` is an int (device index), a digit string, a file path or an rtsp/http URL.

    Opening failures do not raise at construction: `health()` reports them and `read()` raises
    DeviceDisconnected, so a lane starts (and refers travellers) even with the camera unplugged.
    """

    def __init__(self, source: int | str = 0, width: int | None = None, height: int | None = None,
                 fps: float | None = None, backend: str | None = None, read_timeout_ms: int = 2000,
                 clock: Clock | None = None, device: str = "camera") -> None:
        self.source: int | str = int(source) if isinstance(source, str) and source.isdigit() else source
        self.width, self.height, self.fps = width, height, fps
        self.backend = backend
        self.read_timeout_ms = int(read_timeout_ms)
        self.clock = clock or SystemClock()
        self.device = device
        self._cap: Any = None
        self._error = ""
        self._frames = 0
        self._lock = threading.Lock()
        self._open()

    @property
    def _is_stream_file(self) -> bool:
        return isinstance(self.source, str) and "://" not in self.source

    def _open(self) -> None:
        import cv2

        api = getattr(cv2, f"CAP_{self.backend.upper()}", None) if self.backend else cv2.CAP_ANY
        if api is None:
            raise ConfigError(f"devices.camera.backend: unknown OpenCV backend {self.backend!r}")
        params = [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, self.read_timeout_ms,
                  cv2.CAP_PROP_READ_TIMEOUT_MSEC, self.read_timeout_ms]
        try:
            cap = cv2.VideoCapture(self.source, api, params)
        except cv2.error as exc:
            self._cap, self._error = None, f"cannot open {self.source!r}: {exc}"
            return
        if not cap.isOpened():
            cap.release()
            self._cap, self._error = None, f"cannot open {self.source!r}"
            return
        if self.width:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, float(self.width))
        if self.height:
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, float(self.height))
        if self.fps:
            cap.set(cv2.CAP_PROP_FPS, float(self.fps))
        self._cap, self._error = cap, ""

    def _device_present(self) -> bool:
        if isinstance(self.source, int):
            return os.path.exists(f"/dev/video{self.source}") or not os.path.isdir("/dev")
        if self._is_stream_file:
            return os.path.exists(str(self.source))
        return True

    def read(self, timeout: float) -> np.ndarray:
        import cv2

        with self._lock:
            if self._cap is None:
                raise DeviceDisconnected(self.device, self._error or "not open")
            deadline = self.clock.monotonic() + timeout
            while True:
                ok, frame = self._cap.read()
                if ok and frame is not None:
                    self._frames += 1
                    if frame.ndim == 2:
                        frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
                    elif frame.shape[2] == 4:
                        frame = cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
                    return frame
                if not self._cap.isOpened() or not self._device_present():
                    self._release(f"device {self.source!r} disappeared")
                    raise DeviceDisconnected(self.device, self._error)
                if self._is_stream_file:
                    self._release(f"end of stream {self.source!r} after {self._frames} frames")
                    raise DeviceDisconnected(self.device, self._error)
                if self.clock.monotonic() >= deadline:
                    raise DeviceTimeout(self.device, f"no frame within {timeout:.1f} s")
                self.clock.sleep(0.01)

    def _release(self, why: str) -> None:
        if self._cap is not None:
            self._cap.release()
        self._cap, self._error = None, why

    def health(self) -> DeviceHealth:
        import cv2

        if self._cap is None:
            return DeviceHealth(self.device, "opencv", False, self._error or "not open")
        w = int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        h = int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        return DeviceHealth(self.device, "opencv", True, f"{self.source!r} {w}x{h}",
                            {"backend": self._cap.getBackendName(), "frames": self._frames})

    def close(self) -> None:
        with self._lock:
            self._release("closed")


@register("camera", "opencv")
def create_opencv_camera(options: dict[str, Any], context: Any) -> OpenCVCamera:
    unknown = set(options) - _OPTIONS - {"driver"}
    if unknown:
        raise ConfigError(f"devices.camera: unknown option(s) {', '.join(sorted(unknown))}")
    opts = {k: v for k, v in options.items() if k != "driver"}
    try:
        return OpenCVCamera(clock=getattr(context, "clock", None), **opts)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"devices.camera: {exc}") from exc
