"""Presentation-attack detection (liveness), pluggable.

Without a trained PAD model the lane can only measure what a burst of frames shows. The default
`HeuristicLiveness` measures:

* landmark motion: a live person is never perfectly still for a second; a photo on a stand or a
  frozen replay gives landmarks that do not move (beyond detector noise);
* non-rigid motion: the residual of the 106 landmarks after the best similarity transform between
  frames; a flat photo waved by hand moves rigidly, a face deforms (eyes, mouth, head rotation);
* blink: eye aspect ratio from the 106 landmarks dropping during the burst;
* screen replay: a strong isolated peak in the face's spectrum (moiré of a display's pixel grid).

Limits, stated plainly: these cues stop a still photo and a frozen screen; they do NOT reliably stop
a video replay with motion, a photo moved or bent by hand, a cut-out mask or a 3D mask. Blink and
non-rigidity are reported but by default not required (a short burst often has no blink). A border
deployment must add a certified PAD (ISO/IEC 30107-3) model: `OnnxLiveness` runs a licensed 80 x 80
ONNX liveness model through insightface's own adapter and is chosen by configuration.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np

from kiosk.biometrics.errors import ModelError
from kiosk.errors import ConfigError
from kiosk.evidence import Check

# Eye contours of insightface's 2d106det mark-up.
_EYE_A = list(range(33, 43))
_EYE_B = list(range(87, 97))

LIMITS = ("heuristic liveness: stops still photos and frozen screens only; does not stop moving "
          "video replays, hand-moved photos or masks; a certified PAD model is needed for deployment")


@dataclass
class Observation:
    """What the verifier saw in one usable frame."""

    kps: np.ndarray  # 5 x 2, camera frame
    landmarks106: np.ndarray | None  # 106 x 2, camera frame
    face_grey: np.ndarray  # face region of the camera frame, grey, native resolution
    frame: np.ndarray = field(repr=False)  # the BGR camera frame (memory only)
    eye_distance: float = 0.0


@dataclass
class LivenessResult:
    check: Check
    details: dict[str, Any] = field(default_factory=dict)


class LivenessCheck(Protocol):
    name: str

    def assess(self, observations: Sequence[Observation]) -> LivenessResult: ...


def _similarity_residual(a: np.ndarray, b: np.ndarray) -> float:
    m, _ = cv2.estimateAffinePartial2D(a.astype(np.float32), b.astype(np.float32))
    if m is None:
        return 0.0
    moved = a @ m[:, :2].T + m[:, 2]
    return float(np.mean(np.linalg.norm(moved - b, axis=1)))


def eye_aspect_ratio(lm: np.ndarray) -> float:
    """Mean height/width of both eye contours (order-independent: extents along the eye axis)."""
    values = []
    for idx in (_EYE_A, _EYE_B):
        pts = lm[idx].astype(np.float64)
        centred = pts - pts.mean(0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        proj = centred @ vt.T
        width = np.ptp(proj[:, 0])
        values.append(np.ptp(proj[:, 1]) / width if width > 1e-6 else 0.0)
    return float(np.mean(values))


def spectral_peak_ratio(grey: np.ndarray) -> float:
    """Strongest isolated mid/high-frequency peak against the band's median (moiré, pixel grids)."""
    img = cv2.resize(grey, (128, 128), interpolation=cv2.INTER_AREA).astype(np.float32)
    img -= cv2.GaussianBlur(img, (0, 0), 3.0)  # keep the fine texture only
    img *= np.outer(np.hanning(128), np.hanning(128)).astype(np.float32)
    mag = np.abs(np.fft.fftshift(np.fft.fft2(img)))
    yy, xx = np.mgrid[-64:64, -64:64]
    radius = np.hypot(yy, xx)
    band = (radius > 16) & (radius < 60)
    values = mag[band]
    return float(values.max() / max(np.median(values), 1e-6))


@dataclass
class HeuristicLiveness:
    name: str = "heuristic"
    min_frames: int = 3
    # Largest mean landmark displacement over the burst / inter-eye distance. Measured on the simulator:
    # a still face under sensor noise 0.003-0.011 (detector jitter), 1 px of head motion 0.03.
    min_motion: float = 0.02
    # Screen-replay cue: reported always, decisive only once calibrated for the lane's camera (JPEG block
    # artefacts of low-quality faces give peaks too), so off by default.
    max_spectral_peak: float | None = None
    require_nonrigid: bool = False
    min_nonrigid: float = 0.004

    def assess(self, observations: Sequence[Observation]) -> LivenessResult:
        details: dict[str, Any] = {"method": self.name, "limits": LIMITS, "frames": len(observations)}
        if len(observations) < self.min_frames:
            details["reason"] = f"only {len(observations)} usable frames (need {self.min_frames})"
            return LivenessResult(Check.NOT_CHECKED, details)
        ied = float(np.median([o.eye_distance for o in observations])) or 1.0
        use106 = all(o.landmarks106 is not None for o in observations)
        pts = [o.landmarks106 if use106 else o.kps for o in observations]
        first = pts[0]
        motion = float(np.max([np.mean(np.linalg.norm(p - first, axis=1)) for p in pts[1:]])) / ied
        nonrigid = float(np.max([_similarity_residual(a, b) for a, b in itertools.pairwise(pts)])) / ied
        pixel = float(np.max([
            np.mean(cv2.absdiff(cv2.resize(a.face_grey, (64, 64)), cv2.resize(b.face_grey, (64, 64))))
            for a, b in itertools.pairwise(observations)
        ]))
        spectral = float(np.median([spectral_peak_ratio(o.face_grey) for o in observations]))
        details.update(landmark_motion=round(motion, 5), nonrigid_motion=round(nonrigid, 5),
                       pixel_change=round(pixel, 3), spectral_peak=round(spectral, 2),
                       landmarks="106" if use106 else "5")
        if use106:
            ears = [eye_aspect_ratio(o.landmarks106) for o in observations]  # type: ignore[arg-type]
            details["ear_min"], details["ear_max"] = round(min(ears), 4), round(max(ears), 4)
            details["blink"] = bool(max(ears) > 0 and min(ears) < 0.6 * max(ears))
        reasons = []
        # Written as "not (measure passes)": a NaN measure (degenerate landmarks or eye distance) fails
        # every comparison, and must count as not shown rather than slip through as VALID.
        if not motion >= self.min_motion:
            reasons.append("static-face")  # photo on a stand, frozen replay
        if self.max_spectral_peak is not None and not spectral <= self.max_spectral_peak:
            reasons.append("screen-pattern")
        if self.require_nonrigid and not nonrigid >= self.min_nonrigid and not details.get("blink"):
            reasons.append("rigid-motion")
        details["reasons"] = reasons
        return LivenessResult(Check.INVALID if reasons else Check.VALID, details)


@dataclass
class NoLiveness:
    name: str = "none"

    def assess(self, observations: Sequence[Observation]) -> LivenessResult:
        return LivenessResult(Check.NOT_CHECKED, {"method": self.name, "reason": "liveness disabled"})


class OnnxLiveness:
    """A licensed single-frame PAD model (float32 [N,3,80,80] -> live probability), via insightface."""

    name = "onnx"

    def __init__(self, model: str, sha256: str, threshold: float = 0.8, intra_op_threads: int = 2) -> None:
        path = Path(model).expanduser()
        if not path.is_file():
            raise ModelError(str(path), "liveness model file is missing")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha256.lower():
            raise ModelError(str(path), f"sha256 mismatch (expected {sha256}, found {digest}): file altered")
        import onnxruntime as ort
        from insightface.addons.liveness import Liveness

        options = ort.SessionOptions()
        options.intra_op_num_threads = intra_op_threads
        try:
            self.model = Liveness(str(path), threshold=threshold, providers=["CPUExecutionProvider"],
                                  sess_options=options)
        except Exception as exc:  # onnxruntime raises several types for a bad model
            raise ModelError(str(path), f"cannot be loaded as a liveness model: {exc}") from exc
        self.threshold = threshold

    def assess(self, observations: Sequence[Observation]) -> LivenessResult:
        details: dict[str, Any] = {"method": self.name, "threshold": self.threshold}
        scores = []
        for o in observations:
            out = self.model.predict(o.frame, o.kps)
            if out.get("status") == "ok":
                scores.append(float(out["live_score"]))
        if not scores:
            details["reason"] = "no frame the model accepts"
            return LivenessResult(Check.NOT_CHECKED, details)
        score = float(np.median(scores))
        details.update(live_score=round(score, 4), frames=len(scores))
        return LivenessResult(Check.VALID if score >= self.threshold else Check.INVALID, details)


def make_liveness(config: str | Mapping[str, Any] | None) -> LivenessCheck:
    """`"heuristic"` (default), `"none"`, or a table `{method = "onnx", model, sha256, threshold}`;
    heuristic thresholds can be given in the table too."""
    if config is None:
        return HeuristicLiveness()
    if isinstance(config, str):
        config = {"method": config}
    opts = dict(config)
    method = opts.pop("method", "heuristic")
    if method == "heuristic":
        factory: Any = HeuristicLiveness
    elif method == "none":
        factory = NoLiveness
    elif method == "onnx":
        factory = OnnxLiveness
    else:
        raise ConfigError(f"face.liveness.method: unknown method {method!r} (heuristic, onnx, none)")
    try:
        return factory(**opts)
    except TypeError as exc:
        raise ConfigError(f"face.liveness: {exc}") from exc
