"""Face verification (1:1, chip portrait vs live capture) with insightface models on onnxruntime.

Public API: `FaceEngine` (load the models once), `FaceVerifier(engine, config).enrol(...)` /
`.verify(...)`, `FaceConfig`, `Reference`, and the errors `ModelError`, `FaceError`, `FaceTimeout`.
"""

from kiosk.biometrics.engine import DetectedFace, FaceEngine, packaged_model_dir
from kiosk.biometrics.errors import FaceError, FaceTimeout, ModelError
from kiosk.biometrics.liveness import HeuristicLiveness, LivenessCheck, LivenessResult, make_liveness
from kiosk.biometrics.quality import QualityConfig
from kiosk.biometrics.verifier import (
    DEFAULT_THRESHOLD,
    GUIDANCE_CODES,
    FaceConfig,
    FaceVerifier,
    Reference,
    StillFace,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "GUIDANCE_CODES",
    "DetectedFace",
    "FaceConfig",
    "FaceEngine",
    "FaceError",
    "FaceTimeout",
    "FaceVerifier",
    "HeuristicLiveness",
    "LivenessCheck",
    "LivenessResult",
    "ModelError",
    "QualityConfig",
    "Reference",
    "StillFace",
    "make_liveness",
    "packaged_model_dir",
]
