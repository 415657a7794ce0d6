"""1:1 verification: the live traveller in front of the camera against the chip portrait.

Templates and images stay in memory for the transaction; nothing is written to disk.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import cv2
import numpy as np

from kiosk.biometrics.engine import FACE_WIDTH_PER_EYE_DISTANCE, DetectedFace, FaceEngine, decode_image
from kiosk.biometrics.errors import FaceError, FaceTimeout
from kiosk.biometrics.liveness import LivenessCheck, Observation, make_liveness
from kiosk.biometrics.quality import FrameQuality, QualityConfig, assess
from kiosk.errors import ConfigError, DeviceTimeout
from kiosk.evidence import FaceEvidence
from kiosk.ports import Camera, Clock, SystemClock

# Cosine similarity of w600k_mbf (buffalo_sc) embeddings. On the demo set different people score
# -0.15..0.25 and the same person 0.6..0.95; 0.40 keeps a wide margin on the impostor side. A deployment
# must calibrate it on its own population for its target false-match rate.
DEFAULT_THRESHOLD = 0.40

# In an ICAO portrait the face spans at least a third of the width (ISO/IEC 19794-5 asks for 50-75 %
# head width); detecting at the resolution this needs is about 4x cheaper than at 640 (cost grows with
# the square of the input side; bench_face.py's pair benchmark times the whole enrol + frame path).
PORTRAIT_MIN_FACE_FRACTION = 0.3

GUIDANCE_CODES = ("come-closer", "step-back", "look-at-camera", "hold-still", "more-light", "too-bright",
                  "one-person-only", "remove-glasses", "remove-mask")


@dataclass
class FaceConfig:
    threshold: float = DEFAULT_THRESHOLD
    burst_frames: int = 5  # usable frames to collect before deciding
    embed_frames: int = 3  # best of them that are embedded and averaged
    second_face_min_eye_distance: float = 20.0  # smaller faces are far behind the lane, not counted
    live_image_size: int = 160  # longest side of the crop kept in the evidence
    guidance_debounce: int = 2  # frames a guidance code must persist before it is shown
    quality: QualityConfig = field(default_factory=QualityConfig)
    liveness: Any = "heuristic"  # str or table, see kiosk.biometrics.liveness.make_liveness

    @classmethod
    def from_options(cls, options: Mapping[str, Any] | None) -> FaceConfig:
        """Build from the `[face]` configuration table; unknown keys are an error naming the key."""
        opts = dict(options or {})
        quality_opts = dict(opts.pop("quality", {}) or {})
        known = {f.name for f in fields(cls)} - {"quality"}
        for key in opts:
            if key not in known:
                raise ConfigError(f"face.{key}: unknown option")
        qknown = {f.name for f in fields(QualityConfig)}
        for key in quality_opts:
            if key not in qknown:
                raise ConfigError(f"face.quality.{key}: unknown option")
        if "occlusion_checks" in quality_opts:
            quality_opts["occlusion_checks"] = tuple(quality_opts["occlusion_checks"])
        config = cls(quality=QualityConfig(**quality_opts), **opts)
        if not -1.0 <= float(config.threshold) <= 1.0:
            raise ConfigError("face.threshold: must be a cosine similarity in [-1, 1]")
        if config.burst_frames < 1 or config.embed_frames < 1:
            raise ConfigError("face.burst_frames / face.embed_frames: must be at least 1")
        return config


@dataclass(frozen=True)
class Reference:
    """The chip portrait's template, for one transaction only."""

    embedding: np.ndarray = field(repr=False)  # 512, L2-normalised
    face_box: tuple[float, float, float, float]
    landmarks: np.ndarray = field(repr=False)  # 5 x 2 in the portrait
    det_score: float
    quality: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StillFace:
    """One still image analysed: every face found (image coordinates, largest first), the largest embedded."""

    faces: list[DetectedFace]
    counted: int  # faces that count as a person in view (tiny faces far behind are not)
    embedding: np.ndarray | None = field(repr=False)  # of faces[0]; None when no face was found
    quality: FrameQuality | None
    timings_ms: dict[str, float]
    det_size: int

    @property
    def found(self) -> bool:
        return self.embedding is not None


@dataclass
class _Usable:
    face: DetectedFace
    aligned: np.ndarray
    frame: np.ndarray
    quality: FrameQuality
    faces_in_view: int


def _as_bgr(image: Any, what: str) -> np.ndarray:
    if isinstance(image, bytes | bytearray | memoryview):
        decoded = decode_image(bytes(image))
        if decoded is None:
            raise FaceError("corrupt-image", f"{what}: the image data cannot be decoded")
        image = decoded
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        kind = f"array of {image.dtype}" if isinstance(image, np.ndarray) else type(image).__name__
        raise FaceError("corrupt-image", f"{what}: expected a uint8 image array, got {kind}")
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    elif image.ndim == 3 and image.shape[2] == 1:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.ndim != 3 or image.shape[2] != 3:
        raise FaceError("corrupt-image", f"{what}: unsupported image shape {image.shape}")
    if min(image.shape[:2]) < 32:
        raise FaceError("corrupt-image", f"{what}: image too small ({image.shape[1]}x{image.shape[0]})")
    return np.ascontiguousarray(image)


def _crop(frame: np.ndarray, box: np.ndarray, size: int) -> np.ndarray:
    x1, y1, x2, y2 = box
    cx, cy, half = (x1 + x2) / 2, (y1 + y2) / 2, 0.7 * max(x2 - x1, y2 - y1)
    h, w = frame.shape[:2]
    a, b = int(max(cx - half, 0)), int(max(cy - half, 0))
    c, d = int(min(cx + half, w)), int(min(cy + half, h))
    crop = frame[b:d, a:c]
    if crop.size == 0:
        return np.zeros((1, 1, 3), np.uint8)
    scale = size / max(crop.shape[:2])
    if scale < 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return crop.copy()


class FaceVerifier:
    """Enrol the chip portrait, then capture and match the live face. One per lane; the engine is shared."""

    def __init__(self, engine: FaceEngine, config: FaceConfig | Mapping[str, Any] | None = None,
                 liveness: LivenessCheck | None = None) -> None:
        self.engine = engine
        self.config = config if isinstance(config, FaceConfig) else FaceConfig.from_options(config)
        self.liveness = liveness if liveness is not None else make_liveness(self.config.liveness)

    def _counted(self, faces: list[DetectedFace]) -> list[DetectedFace]:
        limit = self.config.second_face_min_eye_distance
        return [f for i, f in enumerate(faces) if i == 0 or f.eye_distance >= limit]

    def detect_live(self, frame: np.ndarray) -> list[DetectedFace]:
        """Faces in a camera frame, detected at the resolution the smallest face that matters needs: a
        second person counts from `second_face_min_eye_distance` (and the traveller is asked to come
        closer long before that), capped at the engine's `det_size`."""
        cfg = self.config
        min_face = FACE_WIDTH_PER_EYE_DISTANCE * min(cfg.second_face_min_eye_distance, cfg.quality.min_eye_distance)
        return self.engine.detect(frame, self.engine.input_size_for(frame.shape, min_face))

    # --- still images (chip portrait, files given to the CLI) -----------------------------------------

    def analyse(self, image: np.ndarray | bytes, what: str = "image", *,
                min_face_fraction: float | None = None) -> StillFace:
        """Detect every face in a still image and embed the largest (BGR array or encoded bytes).

        `min_face_fraction`: the smallest face that matters, as a fraction of the image's shorter side;
        it sets the detector resolution (a chip portrait needs far less than a crowd scene). None: the
        full configured `det_size`. Raises FaceError only for images that cannot be decoded or are blank.
        """
        t0 = time.perf_counter()
        image = _as_bgr(image, what)
        if float(image.std()) < 2.0:
            raise FaceError("no-face", f"{what}: the image is blank")
        # ICAO portraits are cropped tight around the head; the detector needs context around it.
        pad = max(image.shape[:2]) // 3
        padded = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        det_size = (self.engine.input_size_for(padded.shape, min_face_fraction * min(image.shape[:2]))
                    if min_face_fraction else None)
        t1 = time.perf_counter()
        faces = self.engine.detect(padded, det_size)
        t2 = time.perf_counter()
        timings = {"decode": (t1 - t0) * 1000.0, "detect": (t2 - t1) * 1000.0}
        if not faces:
            return StillFace(faces=[], counted=0, embedding=None, quality=None, timings_ms=timings,
                             det_size=det_size or self.engine.det_size)
        face = faces[0]
        aligned = self.engine.align(padded, face.kps)
        embedding = self.engine.embed(aligned)[0]
        t3 = time.perf_counter()
        q = assess(face, aligned, padded.shape, self.config.quality)
        timings["align_embed"] = (t3 - t2) * 1000.0
        shifted = [DetectedFace(box=f.box - pad, score=f.score, kps=f.kps - pad) for f in faces]
        return StillFace(faces=shifted, counted=len(self._counted(faces)), embedding=embedding, quality=q,
                         timings_ms=timings, det_size=det_size or self.engine.det_size)

    @staticmethod
    def similarity(a: StillFace | Reference, b: StillFace | Reference) -> float:
        """Cosine similarity of two embeddings (both L2-normalised)."""
        if a.embedding is None or b.embedding is None:
            raise FaceError("no-face", "no face to compare")
        return float(a.embedding @ b.embedding)

    # --- chip portrait ------------------------------------------------------------------------------

    def enrol(self, portrait_bgr: np.ndarray | bytes) -> Reference:
        """Detect, align and embed the chip portrait (BGR array, or JPEG / JPEG 2000 / PNG bytes)."""
        still = self.analyse(portrait_bgr, "chip portrait", min_face_fraction=PORTRAIT_MIN_FACE_FRACTION)
        if still.embedding is None or still.quality is None:
            raise FaceError("no-face", "chip portrait: no face found")
        top = still.faces[0]
        big = [f for f in still.faces if f.eye_distance >= 0.4 * top.eye_distance]
        if len(big) > 1:
            raise FaceError("several-faces", f"chip portrait: {len(big)} faces found, expected one")
        q = still.quality
        return Reference(
            embedding=still.embedding,
            face_box=(float(top.box[0]), float(top.box[1]), float(top.box[2]), float(top.box[3])),
            landmarks=top.kps,
            det_score=top.score,
            quality={"score": round(q.score, 3), "eye_distance": round(q.eye_distance, 1),
                     "sharpness": round(q.sharpness, 1), "yaw": round(q.yaw, 1), "pitch": round(q.pitch, 1)},
        )

    # --- live capture -------------------------------------------------------------------------------

    def verify(self, camera: Camera, reference: Reference, timeout: float,
               on_guidance: Callable[[str], None] | None = None, clock: Clock | None = None) -> FaceEvidence:
        """Capture a burst of usable frames, check liveness and match against `reference`.

        Raises FaceTimeout (a DeviceTimeout) when no usable face is seen before `timeout`, and lets the
        camera's DeviceDisconnected / DeviceError through.
        """
        cfg = self.config
        clock = clock or SystemClock()
        deadline = clock.monotonic() + float(timeout)
        started = time.perf_counter()
        usable: list[_Usable] = []
        guidance: list[str] = []
        frames_read = 0
        max_faces = 0
        second_faces: list[list[float]] = []

        pending: list[str] = []  # the same code over consecutive frames, for debouncing

        def advise(code: str | None) -> None:
            # Show advice only once it held for `guidance_debounce` frames: no flicker on screen.
            if code is None or (pending and pending[-1] != code):
                pending.clear()
            if code is None:
                return
            pending.append(code)
            if len(pending) >= cfg.guidance_debounce and (not guidance or guidance[-1] != code):
                guidance.append(code)
                if on_guidance is not None:
                    on_guidance(code)

        while len(usable) < cfg.burst_frames:
            remaining = deadline - clock.monotonic()
            if remaining <= 0:
                break
            try:
                frame = camera.read(timeout=remaining)
            except DeviceTimeout:
                break
            frames_read += 1
            if not isinstance(frame, np.ndarray) or frame.ndim != 3 or frame.shape[2] != 3 \
                    or frame.dtype != np.uint8:
                continue
            faces = self.detect_live(frame)
            if not faces:
                advise("look-at-camera")
                continue
            counted = self._counted(faces)
            max_faces = max(max_faces, len(counted))
            if len(counted) > 1:
                second_faces = [[round(float(v), 1) for v in f.box] for f in counted[1:]]
            face = faces[0]
            aligned = self.engine.align(frame, face.kps)
            q = assess(face, aligned, frame.shape, cfg.quality)
            # A second person is reported (faces_in_view) and advised about, but does not block the match.
            advise("one-person-only" if len(counted) > 1 else (q.guidance[0] if q.guidance else None))
            if q.ok:
                usable.append(_Usable(face, aligned, frame, q, len(counted)))

        if not usable:
            last = guidance[-1] if guidance else None
            raise FaceTimeout(
                f"no usable face within {timeout:.1f} s ({frames_read} frames read"
                + (f", last advice {last!r})" if last else ", no face seen)"),
                guidance=last, frames_read=frames_read,
            )

        observations = []
        for u in usable:
            x1, y1, x2, y2 = (int(v) for v in u.face.box)
            h, w = u.frame.shape[:2]
            region = u.frame[max(y1, 0):min(y2, h), max(x1, 0):min(x2, w)]
            grey = cv2.cvtColor(region, cv2.COLOR_BGR2GRAY) if region.size else np.zeros((8, 8), np.uint8)
            observations.append(Observation(
                kps=u.face.kps, landmarks106=self.engine.landmarks106(u.frame, u.face), face_grey=grey,
                frame=u.frame, eye_distance=u.face.eye_distance))
        live = self.liveness.assess(observations)

        best = sorted(usable, key=lambda u: u.quality.score, reverse=True)[: cfg.embed_frames]
        embeddings = np.vstack([self.engine.embed(u.aligned) for u in best])
        per_frame = embeddings @ reference.embedding
        template = embeddings.mean(axis=0)
        template /= max(float(np.linalg.norm(template)), 1e-12)
        score = float(template @ reference.embedding)
        latest = usable[-1]  # where the face is now: the thermal stage registers onto this
        top = best[0]
        return FaceEvidence(
            score=score,
            threshold=float(cfg.threshold),
            matched=score >= cfg.threshold,
            liveness=live.check,
            quality=float(top.quality.score),
            faces_in_view=max(max_faces, 1),
            frames_used=len(best),
            face_box=tuple(float(v) for v in latest.face.box),  # type: ignore[arg-type]
            landmarks=latest.face.kps.copy(),
            live_image=_crop(top.frame, top.face.box, cfg.live_image_size),
            details={
                "frame_scores": [round(float(s), 4) for s in per_frame],
                "frames_read": frames_read,
                "usable_frames": len(usable),
                "guidance": guidance,
                "quality": top.quality.as_dict(),
                "liveness": live.details,
                "second_faces": second_faces,
                "frame_size": [int(latest.frame.shape[1]), int(latest.frame.shape[0])],
                "elapsed_ms": round((time.perf_counter() - started) * 1000.0, 1),
                "model": self.engine.manifest.get("name", ""),
            },
        )
