"""FLIR Lepton 2.5 / 3.5 on a GroupGets PureThermal board, over UVC Y16 with OpenCV.

With radiometry (TLinear) enabled each Y16 word is the scene temperature in centikelvin (high-gain
mode; 0.1 K per count in low gain: `resolution_k = 0.1`). PureThermal firmware built with telemetry
appends (or prepends) the Lepton's telemetry lines: 160x122 for a Lepton 3.5, 80x63 for a 2.5. The
telemetry words, read in order, are the Lepton's telemetry row A (engineering datasheet): words 1-2
the uptime in ms, 3-4 the status bits (bits 4-5: FFC state, 2 = in progress), 20-21 the frame
counter, 24 the FPA temperature in K x 100, 30-31 the uptime at the last FFC. 32-bit values come
least significant word first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hardware.registry import register
from hardware.thermal.uvc import RawUvcCapture, create_uvc_camera, words16
from kiosk.errors import ConfigError, DeviceError
from kiosk.ports import Clock, DeviceHealth, ThermalFrame

FFC_NEVER, FFC_IMMINENT, FFC_IN_PROGRESS, FFC_COMPLETE = 0, 1, 2, 3
_MODELS = {"3.5": (160, 120, 2), "2.5": (80, 60, 3)}  # width, height, telemetry lines


@dataclass(frozen=True)
class LeptonTelemetry:
    revision: int
    uptime_ms: int
    status: int
    frame_counter: int
    fpa_temp_k: float
    last_ffc_ms: int

    @property
    def ffc_state(self) -> int:
        return (self.status >> 4) & 0x3

    @property
    def ffc_desired(self) -> bool:
        return bool(self.status & 0x8)

    @property
    def ffc_in_progress(self) -> bool:
        return self.ffc_state == FFC_IN_PROGRESS

    @property
    def since_ffc_s(self) -> float | None:
        if self.ffc_state == FFC_NEVER or self.last_ffc_ms > self.uptime_ms:
            return None
        return (self.uptime_ms - self.last_ffc_ms) / 1000.0


def parse_telemetry(words: np.ndarray) -> LeptonTelemetry:
    w = np.asarray(words, dtype=np.uint32).reshape(-1)
    if w.size < 32:
        raise ValueError(f"telemetry row too short ({w.size} words)")

    def dword(i: int) -> int:
        return int(w[i]) | (int(w[i + 1]) << 16)

    return LeptonTelemetry(revision=int(w[0]), uptime_ms=dword(1), status=dword(3), frame_counter=dword(20),
                           fpa_temp_k=int(w[24]) / 100.0, last_ffc_ms=dword(30))


def parse_y16(raw: np.ndarray, width: int = 160, height: int = 120, telemetry: str = "bottom",
              telemetry_lines: int = 2, resolution_k: float = 0.01,
              device: str = "thermal_camera") -> tuple[np.ndarray, LeptonTelemetry | None]:
    """Kelvin float32 image (telemetry stripped) and the telemetry, from one raw Y16 buffer."""
    extra = telemetry_lines if telemetry in ("top", "bottom") else 0
    words = words16(raw, height + extra, width, device)
    if telemetry == "bottom":
        image, tele = words[:height], words[height:]
    elif telemetry == "top":
        tele, image = words[:extra], words[extra:]
    else:
        image, tele = words, None
    parsed = None
    if tele is not None:
        try:
            parsed = parse_telemetry(tele)
        except ValueError as exc:
            raise DeviceError(device, f"bad telemetry: {exc}") from None
    kelvin = image.astype(np.float32) * np.float32(resolution_k)
    if not np.any(image):
        raise DeviceError(device, "all-zero frame (radiometry disabled or sensor not ready)")
    return kelvin, parsed


class LeptonCamera:
    """`ThermalCamera` for a Lepton on PureThermal (any UVC Y16 radiometric source)."""

    def __init__(self, source: int | str = 0, model: str = "3.5", telemetry: str = "bottom",
                 resolution_k: float = 0.01, backend: str = "v4l2", clock: Clock | None = None,
                 device: str = "thermal_camera", capture_factory: Any = None) -> None:
        if model not in _MODELS:
            raise ConfigError(f"devices.{device}.model: {model!r} (known: {', '.join(_MODELS)})")
        if telemetry not in ("bottom", "top", "none"):
            raise ConfigError(f"devices.{device}.telemetry: bottom, top or none, not {telemetry!r}")
        if resolution_k not in (0.01, 0.1):
            raise ConfigError(f"devices.{device}.resolution_k: 0.01 (high gain) or 0.1 (low gain)")
        self.width, self.height, self.telemetry_lines = _MODELS[model]
        self.model, self.telemetry, self.resolution_k = model, telemetry, resolution_k
        self.device = device
        rows = self.height + (self.telemetry_lines if telemetry != "none" else 0)
        self.capture = RawUvcCapture(source, "Y16 ", self.width, rows, backend, clock, device,
                                     capture_factory=capture_factory)
        self.clock = self.capture.clock
        self.last_telemetry: LeptonTelemetry | None = None

    def read(self, timeout: float) -> ThermalFrame:
        with self.capture.lock:
            raw = self.capture.read_raw(timeout)
        kelvin, tele = parse_y16(raw, self.width, self.height, self.telemetry, self.telemetry_lines,
                                 self.resolution_k, self.device)
        self.last_telemetry = tele
        return ThermalFrame(
            kelvin=kelvin, timestamp=self.clock.monotonic(),
            fpa_temp_k=tele.fpa_temp_k if tele else None,
            ffc_in_progress=tele.ffc_in_progress if tele else False,
            frame_id=tele.frame_counter if tele else self.capture.frames,
            since_ffc_s=tele.since_ffc_s if tele else None,
        )

    def health(self) -> DeviceHealth:
        if not self.capture.is_open:
            return DeviceHealth(self.device, "lepton", False, self.capture.error or "not open")
        t = self.last_telemetry
        data: dict[str, Any] = {"frames": self.capture.frames, "model": self.model}
        if t is not None:
            data.update(fpa_temp_k=t.fpa_temp_k, ffc_state=t.ffc_state, uptime_ms=t.uptime_ms)
        return DeviceHealth(self.device, "lepton", True, f"Lepton {self.model} on {self.capture.source!r}", data)

    def close(self) -> None:
        with self.capture.lock:
            self.capture.release("closed")


_OPTIONS = {"source", "model", "telemetry", "resolution_k", "backend"}


@register("thermal_camera", "lepton")
def create_lepton(options: dict[str, Any], context: Any) -> LeptonCamera:
    return create_uvc_camera(LeptonCamera, options, context, _OPTIONS)
