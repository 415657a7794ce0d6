"""Visible camera → thermal camera registration: a homography fitted at commissioning.

The two cameras look at the standing mark from slightly different places; for faces at the mark the
mapping of the (nearly planar) face region is a homography. It is fitted once from point pairs (a heated
target seen by both cameras) with `cv2.findHomography`; faces off the mark are rejected by the distance
band, so the single plane stays valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.errors import KioskError


class CalibrationError(KioskError):
    """A commissioning input cannot give a usable calibration (too few points, degenerate, no blackbody)."""


@dataclass(frozen=True)
class HomographyFit:
    matrix: np.ndarray  # 3 x 3, visible px -> thermal px
    rms_px: float  # reprojection error of the inliers, thermal px
    inliers: int
    points: int

    def as_list(self) -> list[list[float]]:
        return [[round(float(v), 8) for v in row] for row in self.matrix]


class Registration:
    """Maps visible-camera points and lengths into the thermal frame."""

    def __init__(self, homography: Sequence[Sequence[float]] | np.ndarray) -> None:
        h = np.asarray(homography, dtype=np.float64)
        if h.shape != (3, 3) or abs(h[2, 2]) < 1e-12 or abs(np.linalg.det(h)) < 1e-12:
            raise CalibrationError("homography must be an invertible 3x3 matrix")
        self.matrix = h / h[2, 2]

    def points(self, pts: np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
        arr = np.asarray(pts, dtype=np.float64).reshape(-1, 1, 2)
        return cv2.perspectiveTransform(arr, self.matrix).reshape(-1, 2)

    def scale_at(self, pt: Sequence[float]) -> float:
        """Local length scale (thermal px per visible px) around `pt`: maps ROI radii."""
        x, y = float(pt[0]), float(pt[1])
        p = self.points([[x, y], [x + 1.0, y], [x, y + 1.0]])
        jac = np.column_stack([p[1] - p[0], p[2] - p[0]])
        return float(np.sqrt(abs(np.linalg.det(jac))))


def fit_homography(visible: Sequence[Sequence[float]] | np.ndarray, thermal: Sequence[Sequence[float]] | np.ndarray,
                   ransac_px: float = 1.5) -> HomographyFit:
    """Fit visible→thermal from ≥ 4 point pairs; RANSAC drops a mis-clicked pair when there are more than 4."""
    src = np.asarray(visible, dtype=np.float64).reshape(-1, 2)
    dst = np.asarray(thermal, dtype=np.float64).reshape(-1, 2)
    if len(src) != len(dst):
        raise CalibrationError(f"{len(src)} visible points but {len(dst)} thermal points")
    if len(src) < 4:
        raise CalibrationError(f"a homography needs at least 4 point pairs, got {len(src)}")
    # Three or more collinear points of four leave the plane undetermined.
    centred = src - src.mean(axis=0)
    if np.linalg.matrix_rank(centred, tol=1e-6 * max(1.0, float(np.abs(centred).max()))) < 2:
        raise CalibrationError("the visible points are collinear: spread them over the face area")
    method = cv2.RANSAC if len(src) > 4 else 0
    h, mask = cv2.findHomography(src, dst, method, ransac_px)
    if h is None:
        raise CalibrationError("cv2.findHomography found no transform for these points")
    inl = mask.ravel().astype(bool) if mask is not None else np.ones(len(src), bool)
    if inl.sum() < 4:
        raise CalibrationError(f"only {int(inl.sum())} of {len(src)} point pairs agree with one transform")
    reg = Registration(h)
    err = np.linalg.norm(reg.points(src[inl]) - dst[inl], axis=1)
    return HomographyFit(reg.matrix, float(np.sqrt(np.mean(err ** 2))), int(inl.sum()), len(src))
