"""One frame's measurement: where to look, whether to look, and what the pixels say.

Follows the screening practice of IEC 80601-2-59 / ISO/TR 13154 and the FDA's thermograph evaluations:
the inner canthi (the skin over the internal carotid, most stable against ambient), a robust maximum
inside small landmark-guided regions instead of the hottest pixel in view, the external temperature
reference source (blackbody) measured in every frame, and no reading outside the calibrated working
distance, from a turned face or while the shutter is closed for a flat-field correction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.config import ThermalCalibration, ThermalConfig
from kiosk.ports import ThermalFrame
from kiosk.thermal.registration import Registration

KELVIN = 273.15

# Where the eyes sit in a detector's face box when no landmarks come with it (insightface/SCRFD boxes).
_TEMPLATE_EYES = ((0.31, 0.37), (0.74, 0.37))
_TEMPLATE_NOSE = (0.52, 0.55)
_TEMPLATE_MOUTH = ((0.34, 0.76), (0.68, 0.76))
# The inner canthus lies about a quarter of the eye distance from the eye centre towards the nose.
CANTHUS_INSET = 0.25


@dataclass(frozen=True)
class FaceGeometry:
    """The face of one moment in visible-camera pixels, with what the gates need."""

    box: tuple[float, float, float, float]
    eyes: np.ndarray  # 2 x 2: the two eye centres (landmarks 0 and 1)
    canthi: np.ndarray  # 2 x 2: inner canthi
    eye_distance: float
    yaw: float  # |nose offset from the eye midpoint along the eye line| / eye distance
    roll_deg: float
    from_landmarks: bool

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]


def template_landmarks(box: tuple[float, float, float, float] | list[float]) -> np.ndarray:
    """Typical 5-point landmarks (eyes, nose, mouth corners) of a frontal face in a detector's box."""
    x1, y1, x2, y2 = (float(v) for v in box)
    w, h = x2 - x1, y2 - y1
    pts = (*_TEMPLATE_EYES, _TEMPLATE_NOSE, *_TEMPLATE_MOUTH)
    return np.array([[x1 + fx * w, y1 + fy * h] for fx, fy in pts], dtype=np.float64)


def face_geometry(box: tuple[float, float, float, float] | list[float],
                  landmarks: np.ndarray | None) -> FaceGeometry:
    x1, y1, x2, y2 = (float(v) for v in box)
    w, h = x2 - x1, y2 - y1
    if not (w > 0 and h > 0 and math.isfinite(w) and math.isfinite(h)):  # NaN compares False
        raise ValueError(f"empty face box {box}")
    lm = None if landmarks is None else np.asarray(landmarks, dtype=np.float64)
    if lm is not None and lm.shape[0] >= 3 and lm.shape[1] == 2 and np.isfinite(lm[:3]).all():
        eyes, nose, real = lm[:2].copy(), lm[2], True
    else:
        tpl = template_landmarks(box)
        eyes, nose, real = tpl[:2], tpl[2], False
    d = eyes[1] - eyes[0]
    iod = float(np.hypot(*d))
    if iod < 1e-6:
        raise ValueError("eye landmarks coincide")
    u = d / iod
    mid = eyes.mean(axis=0)
    yaw = abs(float((nose - mid) @ u)) / iod
    roll = math.degrees(math.atan2(d[1], d[0]))
    canthi = np.vstack([eyes[0] + CANTHUS_INSET * d, eyes[1] - CANTHUS_INSET * d])
    return FaceGeometry((x1, y1, x2, y2), eyes, canthi, iod, yaw, roll, real)


def pose_problem(geom: FaceGeometry, cfg: ThermalConfig) -> str | None:
    """Why this face cannot be measured (distance band, not frontal), or None."""
    lo, hi = cfg.calibration.face_width_px
    if not lo <= geom.width <= hi:
        where = "too far" if geom.width < lo else "too close"
        return f"outside the distance band: face {geom.width:.0f} px wide, band {lo:.0f}-{hi:.0f} px ({where})"
    if geom.from_landmarks:
        if abs(geom.roll_deg) > cfg.max_roll_deg:
            return f"head tilted {geom.roll_deg:.0f}° (max {cfg.max_roll_deg:.0f}°)"
        if geom.yaw > cfg.max_yaw:
            return f"face not frontal (turn {geom.yaw:.2f}, max {cfg.max_yaw:.2f})"
    return None


@dataclass(frozen=True)
class ThermalRois:
    centres: np.ndarray  # 2 x 2 thermal px: the inner canthi
    radius: float  # thermal px


def canthus_rois(geom: FaceGeometry, reg: Registration, roi_scale: float) -> ThermalRois:
    centres = reg.points(geom.canthi)
    scale = reg.scale_at(geom.canthi.mean(axis=0))
    return ThermalRois(centres, max(1.5, roi_scale * geom.eye_distance * scale))


def robust_max(image_c: np.ndarray, centre: np.ndarray, radius: float, percentile: float) -> float | None:
    """High percentile of a 3x3-median-filtered disc: dead/hot pixels and noise do not make the reading."""
    h, w = image_c.shape
    cx, cy = float(centre[0]), float(centre[1])
    r = float(radius)
    x0, x1 = math.floor(cx - r) - 1, math.ceil(cx + r) + 2
    y0, y1 = math.floor(cy - r) - 1, math.ceil(cy + r) + 2
    if x0 < 0 or y0 < 0 or x1 > w or y1 > h:
        return None  # the ROI leaves the frame: the face is not where the calibration expects it
    patch = np.ascontiguousarray(image_c[y0:y1, x0:x1], dtype=np.float32)
    patch = cv2.medianBlur(patch, 3)
    yy, xx = np.mgrid[y0:y1, x0:x1]
    inside = (xx - cx) ** 2 + (yy - cy) ** 2 <= r * r
    values = patch[inside]
    if values.size < 3:
        return None
    return float(np.percentile(values, percentile))


def blackbody_reading(image_c: np.ndarray, region: list[int]) -> tuple[float, float] | None:
    """Median and spread (p95 - p5) of the blackbody region; None when it lies outside the frame."""
    x, y, w, h = region
    H, W = image_c.shape
    if x + w > W or y + h > H:
        return None
    values = image_c[y:y + h, x:x + w]
    p5, med, p95 = np.percentile(values, [5, 50, 95])
    return float(med), float(p95 - p5)


def skin_to_core(skin_c: float, cal: ThermalCalibration, ambient_c: float | None) -> float:
    """The commissioning fit: core = skin + offset + k·(reference ambient − ambient)."""
    amb = cal.reference_ambient_c if ambient_c is None else ambient_c
    return skin_c + cal.skin_core_offset_c + cal.ambient_coeff * (cal.reference_ambient_c - amb)


@dataclass(frozen=True)
class FrameReading:
    timestamp: float
    canthus_raw_c: float  # what the camera reports at the canthi (uncorrected)
    blackbody_error_c: float  # set-point - measured: the correction applied to this frame
    skin_c: float  # corrected inner-canthus skin temperature
    core_c: float
    ambient_c: float | None


class Rejected(Exception):
    """This frame cannot be used (FFC, blackbody not seen, face not in the ROIs); `fatal` ends screening."""

    def __init__(self, reason: str, fatal: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fatal = fatal


def operating_problem(frame: ThermalFrame, cfg: ThermalConfig) -> str | None:
    if frame.ambient_c is not None:
        lo, hi = cfg.ambient_c
        if not lo <= frame.ambient_c <= hi:
            return f"ambient {frame.ambient_c:.1f} °C outside the operating band {lo:g}-{hi:g} °C"
    if frame.humidity_pct is not None:
        lo, hi = cfg.humidity_pct
        if not lo <= frame.humidity_pct <= hi:
            return f"humidity {frame.humidity_pct:.0f} % outside the operating band {lo:g}-{hi:g} %"
    return None


def measure_blackbody(frame: ThermalFrame, cfg: ThermalConfig) -> tuple[float, float]:
    """(error = set-point − measured, spread) of one frame; raises Rejected when it is unusable."""
    image_c = np.asarray(frame.kelvin, dtype=np.float32) - np.float32(KELVIN)
    bb = blackbody_reading(image_c, cfg.calibration.blackbody_region)
    if bb is None:
        raise Rejected("blackbody region outside the thermal frame: recommission", fatal=True)
    measured, spread = bb
    if spread > cfg.max_blackbody_spread_c:
        raise Rejected(f"blackbody region not uniform ({spread:.2f} °C): occluded?")
    error = cfg.calibration.blackbody_setpoint_c - measured
    if abs(error) > cfg.max_blackbody_error_c:
        raise Rejected(f"blackbody reads {measured:.2f} °C for a set-point of "
                       f"{cfg.calibration.blackbody_setpoint_c:.2f} °C: camera or blackbody faulty", fatal=True)
    return error, spread


def measure_frame(frame: ThermalFrame, rois: ThermalRois, cfg: ThermalConfig) -> FrameReading:
    """One corrected reading from one frame (raises Rejected)."""
    if frame.ffc_in_progress:
        raise Rejected("flat-field correction in progress")
    if frame.since_ffc_s is not None and frame.since_ffc_s < cfg.ffc_settle_s:
        raise Rejected("settling after a flat-field correction")
    image = np.asarray(frame.kelvin)
    if image.ndim != 2 or image.size == 0 or not np.isfinite(image).all():
        raise Rejected("malformed thermal frame")
    problem = operating_problem(frame, cfg)
    if problem:
        raise Rejected(problem, fatal=True)
    error, _ = measure_blackbody(frame, cfg)
    image_c = image.astype(np.float32) - np.float32(KELVIN)
    values = [robust_max(image_c, c, rois.radius, cfg.percentile) for c in rois.centres]
    found = [v for v in values if v is not None]
    if not found:
        raise Rejected("the registered canthus regions fall outside the thermal frame")
    raw = max(found)  # the warmer canthus: the other may be shadowed by the nose or glasses
    cal = cfg.calibration
    corrected = raw + error
    # Reflected ambient radiation: apparent = ε·T + (1 − ε)·T_reflected (linearised near skin temperature).
    reflected = cal.reference_ambient_c if frame.ambient_c is None else frame.ambient_c
    skin = (corrected - (1.0 - cal.emissivity) * reflected) / cal.emissivity
    return FrameReading(frame.timestamp, raw, error, skin, skin_to_core(skin, cal, frame.ambient_c), frame.ambient_c)
