"""Per-frame capture quality from the detector's 5 landmarks and the aligned 112 x 112 crop.

Pose angles are geometric approximations from 5 points (good to a few degrees near frontal, which
is all a capture gate needs); sharpness, exposure and occlusion are measured on the aligned crop so
the numbers do not depend on the camera resolution or the distance to the traveller.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from kiosk.biometrics.engine import DetectedFace

# ArcFace 112 x 112 reference points: eye line y 51.6, nose 71.7, mouth line 92.3.
_NOSE_RATIO_FRONTAL = (71.7366 - 51.6) / (92.28 - 51.6)
# Regions of the aligned crop (x1, y1, x2, y2).
_EYES = (28, 40, 84, 62)
_CHEEKS = ((22, 66, 40, 84), (72, 66, 90, 84))
_UPPER_CHEEKS = ((22, 62, 38, 72), (74, 62, 90, 72))  # under the eyes: skin unless sunglasses
_LOWER_CHEEKS = ((24, 86, 38, 102), (74, 86, 88, 102))  # beside the mouth: skin, or the mask


@dataclass
class QualityConfig:
    min_eye_distance: float = 40.0  # pixels in the camera frame (ISO/IEC 19794-5 asks 90 for portraits)
    max_face_fraction: float = 0.75  # face box height / frame height above which we ask to step back
    max_yaw: float = 25.0  # degrees
    max_pitch: float = 30.0
    max_roll: float = 20.0
    min_sharpness: float = 40.0  # variance of Laplacian on the aligned crop
    min_brightness: float = 60.0  # mean grey level of the aligned crop
    max_brightness: float = 210.0
    min_det_score: float = 0.5
    occlusion_checks: tuple[str, ...] = ()  # "mask", "glasses"
    mask_chroma_distance: float = 30.0  # demo set: bare faces 0-29 (smiles, beards), paper masks 35-88
    glasses_darkness: float = 0.55  # eye band / cheek luminance ratio below which we see dark glasses


@dataclass
class FrameQuality:
    eye_distance: float
    face_fraction: float
    yaw: float
    pitch: float
    roll: float
    sharpness: float
    brightness: float
    det_score: float
    mask_score: float = 0.0
    glasses_score: float = 1.0
    score: float = 0.0  # 0..1
    guidance: list[str] = field(default_factory=list)  # empty: frame is usable

    @property
    def ok(self) -> bool:
        return not self.guidance

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def estimate_pose(kps: np.ndarray) -> tuple[float, float, float]:
    """Approximate (yaw, pitch, roll) in degrees from the 5 detector landmarks."""
    eye_r, eye_l, nose, mouth_r, mouth_l = (np.asarray(p, dtype=np.float64) for p in kps)
    axis = eye_l - eye_r
    ied = float(np.linalg.norm(axis))
    if ied < 1e-6:
        return 0.0, 0.0, 0.0
    roll = math.degrees(math.atan2(axis[1], axis[0]))
    # Express everything in the roll-corrected face frame.
    c, s = axis / ied
    rot = np.array([[c, s], [-s, c]])
    eye_mid = (eye_r + eye_l) / 2
    mouth_mid = (mouth_r + mouth_l) / 2
    n = rot @ (nose - eye_mid)
    m = rot @ (mouth_mid - eye_mid)
    # Yaw: the nose tip sits ~0.6 inter-eye distances in front of the eye plane.
    yaw = math.degrees(math.asin(float(np.clip(n[0] / (0.6 * ied), -1.0, 1.0))))
    # Pitch: where the nose falls between eye line and mouth line moves with head tilt.
    ratio = n[1] / m[1] if abs(m[1]) > 1e-6 else _NOSE_RATIO_FRONTAL
    pitch = math.degrees(math.asin(float(np.clip((ratio - _NOSE_RATIO_FRONTAL) * 1.5, -1.0, 1.0))))
    return yaw, pitch, roll


def _region(img: np.ndarray, r: tuple[int, int, int, int]) -> np.ndarray:
    return img[r[1]:r[3], r[0]:r[2]]


def assess(face: DetectedFace, aligned: np.ndarray, frame_shape: tuple[int, ...],
           config: QualityConfig) -> FrameQuality:
    """Measure one detected face and list the guidance codes that would make it usable."""
    grey = cv2.cvtColor(aligned, cv2.COLOR_BGR2GRAY)
    yaw, pitch, roll = estimate_pose(face.kps)
    sharpness = float(cv2.Laplacian(grey, cv2.CV_64F).var())
    brightness = float(_region(grey, (20, 20, 92, 100)).mean())
    face_fraction = face.height / float(frame_shape[0])

    ycc = cv2.cvtColor(aligned, cv2.COLOR_BGR2YCrCb).astype(np.float32)
    # Mask: the skin beside the mouth no longer has the under-eye skin's chroma. (Not the lips: lipstick;
    # not the forehead: fringes.)
    skin = np.concatenate([_region(ycc, r).reshape(-1, 3) for r in _UPPER_CHEEKS])
    lower = np.concatenate([_region(ycc, r).reshape(-1, 3) for r in _LOWER_CHEEKS])
    mask_score = float(np.linalg.norm(np.median(skin[:, 1:], 0) - np.median(lower[:, 1:], 0)))
    cheek_y = float(np.mean([_region(grey, r).mean() for r in _CHEEKS]))
    glasses_score = float(_region(grey, _EYES).mean() / max(cheek_y, 1.0))

    q = FrameQuality(
        eye_distance=face.eye_distance, face_fraction=face_fraction, yaw=yaw, pitch=pitch, roll=roll,
        sharpness=sharpness, brightness=brightness, det_score=face.score,
        mask_score=mask_score, glasses_score=glasses_score,
    )
    g = q.guidance
    if q.eye_distance < config.min_eye_distance:
        g.append("come-closer")
    if face_fraction > config.max_face_fraction:
        g.append("step-back")
    if brightness < config.min_brightness:
        g.append("more-light")
    elif brightness > config.max_brightness:
        g.append("too-bright")
    if abs(yaw) > config.max_yaw or abs(pitch) > config.max_pitch or abs(roll) > config.max_roll:
        g.append("look-at-camera")
    if "mask" in config.occlusion_checks and mask_score > config.mask_chroma_distance:
        g.append("remove-mask")
    if "glasses" in config.occlusion_checks and glasses_score < config.glasses_darkness:
        g.append("remove-glasses")
    if sharpness < config.min_sharpness and not g:
        g.append("hold-still")  # blur only matters once the rest is right
    if face.score < config.min_det_score and not g:
        g.append("look-at-camera")

    def ramp(value: float, low: float, high: float) -> float:
        return float(np.clip((value - low) / (high - low), 0.0, 1.0)) if high > low else 1.0

    parts = [
        ramp(q.eye_distance, config.min_eye_distance * 0.5, config.min_eye_distance * 2.0),
        1.0 - max(abs(yaw) / 90.0, abs(pitch) / 90.0, abs(roll) / 90.0),
        ramp(sharpness, config.min_sharpness * 0.25, config.min_sharpness * 4.0),
        1.0 - min(abs(brightness - 128.0) / 128.0, 1.0),
        ramp(face.score, 0.3, 0.8),
    ]
    q.score = float(np.clip(np.prod(np.clip(parts, 0.0, 1.0)) ** (1.0 / len(parts)), 0.0, 1.0))
    return q
