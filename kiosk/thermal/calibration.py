"""Commissioning math: what the field installer's calibration step computes, and how old it is.

1. locate the blackbody (ETRS) region in frames of the empty lane;
2. fit the visible→thermal homography from point pairs (kiosk.thermal.registration);
3. fit the skin→core offset against reference thermometer readings of volunteers at the mark;
and the result is saved as `[thermal.calibration]` in the lane's configuration.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import cv2
import numpy as np

from kiosk.config import ThermalCalibration, ThermalConfig
from kiosk.errors import DeviceError
from kiosk.ports import Clock, ThermalCamera
from kiosk.thermal.measure import KELVIN, Rejected, measure_blackbody
from kiosk.thermal.registration import CalibrationError


def locate_blackbody(frames_k: Sequence[np.ndarray], min_contrast_c: float = 4.0, margin: int = 1) -> list[int]:
    """The blackbody's [x, y, w, h] in thermal px: the largest compact, uniform, warm blob of the empty lane.

    Works on uncalibrated frames: it looks for contrast against the background, not for the set-point
    (the camera may still be off by degrees before commissioning)."""
    if not frames_k:
        raise CalibrationError("no thermal frames to locate the blackbody in")
    image = np.mean([np.asarray(f, np.float32) for f in frames_k], axis=0) - KELVIN
    background = float(np.median(image))
    peak = float(np.percentile(image, 99.9))
    if peak - background < min_contrast_c:
        raise CalibrationError(f"nothing {min_contrast_c:g} °C warmer than the background "
                               f"({background:.1f} °C): is the blackbody on and in view?")
    mask = (image > background + 0.5 * (peak - background)).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
    best: tuple[float, list[int]] | None = None
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w <= 2 * margin + 1 or h <= 2 * margin + 1:
            continue
        fill = area / float(w * h)  # a blackbody aperture is a filled rectangle, a face is not
        inner = image[y + margin:y + h - margin, x + margin:x + w - margin]
        spread = float(np.percentile(inner, 95) - np.percentile(inner, 5))
        if fill < 0.85 or spread > 0.5:
            continue
        score = area * fill
        if best is None or score > best[0]:
            best = (score, [x + margin, y + margin, w - 2 * margin, h - 2 * margin])
    if best is None:
        raise CalibrationError("no uniform rectangular warm region found: clear the lane and check the blackbody")
    return best[1]


@dataclass(frozen=True)
class OffsetFit:
    offset_c: float
    ambient_coeff: float
    rms_c: float
    pairs: int


def fit_skin_core(skin_c: Sequence[float], reference_c: Sequence[float], ambient_c: Sequence[float] | None = None,
                  reference_ambient_c: float = 23.0, ambient_coeff: float = 0.0) -> OffsetFit:
    """core = skin + offset + k·(reference ambient − ambient), by least squares.

    k is fitted only when the reference pairs span at least 3 °C of ambient; otherwise the given
    `ambient_coeff` is kept and only the offset is fitted (the usual one-visit commissioning)."""
    skin = np.asarray(skin_c, np.float64)
    ref = np.asarray(reference_c, np.float64)
    if skin.size == 0 or skin.size != ref.size:
        raise CalibrationError(f"need matching skin and reference readings (got {skin.size} and {ref.size})")
    if not (np.isfinite(skin).all() and np.isfinite(ref).all()):
        raise CalibrationError("readings must be numbers")
    if ((ref < 34) | (ref > 42)).any():
        raise CalibrationError("a reference thermometer reading outside 34-42 °C is not a body temperature")
    amb = np.full(skin.size, reference_ambient_c) if ambient_c is None else np.asarray(ambient_c, np.float64)
    if amb.size != skin.size:
        raise CalibrationError("need one ambient reading per pair")
    da = reference_ambient_c - amb
    k = ambient_coeff
    if skin.size >= 3 and float(amb.max() - amb.min()) >= 3.0:
        a = np.column_stack([np.ones(skin.size), da])
        (offset, k), *_ = np.linalg.lstsq(a, ref - skin, rcond=None)
    else:
        offset = float(np.mean(ref - skin - k * da))
    resid = ref - (skin + offset + k * da)
    return OffsetFit(float(offset), float(k), float(np.sqrt(np.mean(resid ** 2))), int(skin.size))


def calibration_age(cal: ThermalCalibration, now: datetime) -> timedelta | None:
    if not cal.commissioned_at:
        return None
    when = datetime.fromisoformat(cal.commissioned_at)
    if when.tzinfo is None:
        when = when.replace(tzinfo=now.tzinfo)
    return now - when


def blackbody_status(camera: ThermalCamera, cfg: ThermalConfig, clock: Clock, frames: int = 5,
                     timeout: float = 5.0) -> dict[str, object]:
    """The blackbody's current error (set-point − measured) over a few frames, for `doctor`."""
    deadline = clock.monotonic() + timeout
    errors: list[float] = []
    rejected: list[str] = []
    while len(errors) < frames and clock.monotonic() < deadline:
        t0 = clock.monotonic()
        try:
            frame = camera.read(min(0.5, max(0.01, deadline - clock.monotonic())))
        except DeviceError as exc:
            return {"ok": False, "detail": f"thermal camera: {exc.detail}", "error_c": None}
        if clock.monotonic() <= t0:
            clock.sleep(1 / 30)  # an unpaced source must not spin this loop
        if frame.ffc_in_progress:
            continue
        try:
            errors.append(measure_blackbody(frame, cfg)[0])
        except Rejected as rej:
            rejected.append(rej.reason)
            if rej.fatal:
                return {"ok": False, "detail": rej.reason, "error_c": None}
    if not errors:
        return {"ok": False, "detail": rejected[-1] if rejected else "no thermal frame", "error_c": None}
    err = statistics.median(errors)
    return {"ok": True, "detail": f"blackbody error {err:+.2f} °C", "error_c": round(err, 3), "frames": len(errors)}
