"""Verification accuracy from labelled scores: ROC, FRR at a target FAR, EER, threshold calibration.

Conventions (ISO/IEC 19795-1 style, similarity scores, "match" means score >= threshold):
FAR(t) = share of impostor comparisons with score >= t; FRR(t) = share of genuine comparisons with
score < t. The threshold for a target FAR is the smallest t with FAR(t) <= target, i.e. the most
permissive threshold that still meets the target on this data. With n impostor comparisons the
smallest FAR that can be shown is 1/n: a target below that is reported as not `supported`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

TARGET_FARS = (0.01, 0.001, 0.0001)


@dataclass(frozen=True)
class OperatingPoint:
    target_far: float
    threshold: float
    far: float
    frr: float
    supported: bool  # enough impostor comparisons (>= 1 / target) to measure this FAR at all

    def as_dict(self) -> dict[str, Any]:
        return {"target_far": self.target_far, "threshold": round(self.threshold, 6), "far": self.far,
                "frr": self.frr, "supported": self.supported}


def _arrays(genuine: Sequence[float], impostor: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    g = np.sort(np.asarray(genuine, dtype=np.float64))
    i = np.sort(np.asarray(impostor, dtype=np.float64))
    if g.size == 0 or i.size == 0:
        raise ValueError(f"need genuine and impostor scores (have {g.size} genuine, {i.size} impostor)")
    return g, i


def rates(genuine: Sequence[float], impostor: Sequence[float], threshold: float) -> tuple[float, float]:
    """(FAR, FRR) at `threshold`."""
    g, i = _arrays(genuine, impostor)
    far = float(i.size - np.searchsorted(i, threshold, side="left")) / i.size
    frr = float(np.searchsorted(g, threshold, side="left")) / g.size
    return far, frr


def _candidates(g: np.ndarray, i: np.ndarray) -> np.ndarray:
    # FAR/FRR only change at observed scores; just above the top score nothing is accepted.
    top = max(float(g[-1]), float(i[-1]))
    return np.unique(np.concatenate([g, i, [np.nextafter(top, np.inf)]]))


def roc(genuine: Sequence[float], impostor: Sequence[float]) -> list[dict[str, float]]:
    """Every operating point, ascending threshold: threshold, far, frr."""
    g, i = _arrays(genuine, impostor)
    t = _candidates(g, i)
    far = (i.size - np.searchsorted(i, t, side="left")) / i.size
    frr = np.searchsorted(g, t, side="left") / g.size
    return [{"threshold": float(a), "far": float(b), "frr": float(c)} for a, b, c in zip(t, far, frr)]


def threshold_for_far(genuine: Sequence[float], impostor: Sequence[float], target: float) -> OperatingPoint:
    """The most permissive threshold whose FAR on this data is at most `target`, and its FRR.

    With n impostor scores at most m = floor(target * n) may be accepted, so the threshold sits just
    above the (m+1)-th highest impostor score (every score when m >= n)."""
    g, i = _arrays(genuine, impostor)
    allowed = int(np.floor(target * i.size + 1e-9))
    top = i[::-1]
    thr = float(min(g[0], i[0])) if allowed >= i.size else float(np.nextafter(top[allowed], np.inf))
    far, frr = rates(g, i, thr)
    return OperatingPoint(target, thr, far, frr, supported=i.size * target >= 1.0)


def equal_error_rate(genuine: Sequence[float], impostor: Sequence[float]) -> tuple[float, float]:
    """(EER, threshold): where FAR and FRR cross; the mean of the two at the closest operating point."""
    g, i = _arrays(genuine, impostor)
    t = _candidates(g, i)
    far = (i.size - np.searchsorted(i, t, side="left")) / i.size
    frr = np.searchsorted(g, t, side="left") / g.size
    k = int(np.argmin(np.abs(far - frr) + 1e-9 * np.arange(t.size)))
    return float((far[k] + frr[k]) / 2.0), float(t[k])


def summarise(genuine: Sequence[float], impostor: Sequence[float], *, threshold: float | None = None,
              targets: Sequence[float] = TARGET_FARS, max_roc_points: int = 200) -> dict[str, Any]:
    """Everything `face evaluate` reports, JSON-ready."""
    g, i = _arrays(genuine, impostor)
    eer, eer_t = equal_error_rate(g, i)
    points = roc(g, i)
    if len(points) > max_roc_points:  # keep the ends, thin the middle evenly
        idx = np.unique(np.linspace(0, len(points) - 1, max_roc_points).round().astype(int))
        points = [points[k] for k in idx]
    out: dict[str, Any] = {
        "genuine": {"count": int(g.size), "min": float(g[0]), "median": float(np.median(g)), "max": float(g[-1])},
        "impostor": {"count": int(i.size), "min": float(i[0]), "median": float(np.median(i)),
                     "max": float(i[-1])},
        "eer": eer,
        "eer_threshold": eer_t,
        "at_far": [threshold_for_far(g, i, t).as_dict() for t in targets],
        "roc": points,
    }
    if threshold is not None:
        far, frr = rates(g, i, threshold)
        out["at_threshold"] = {"threshold": threshold, "far": far, "frr": frr}
    return out
