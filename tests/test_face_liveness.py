"""The liveness check is pluggable: a licensed PAD model can replace the heuristics by configuration."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from face_fixtures import FakeClock, face_engine, portrait  # noqa: F401  (fixtures)

from hardware.cameras import FaceScene, SimulatedCamera
from kiosk.biometrics import FaceVerifier, HeuristicLiveness, ModelError, make_liveness
from kiosk.biometrics.liveness import NoLiveness, Observation, OnnxLiveness, eye_aspect_ratio
from kiosk.errors import ConfigError
from kiosk.evidence import Check


@pytest.fixture(scope="module")
def pad_model(tmp_path_factory):
    """A stand-in PAD model with the adapter's contract: [N,3,80,80] -> [N] (mean brightness)."""
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("ReduceMean", ["x"], ["p"], axes=[1, 2, 3], keepdims=0)],
        "pad",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 80, 80])],
        [helper.make_tensor_value_info("p", TensorProto.FLOAT, ["N"])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    path = tmp_path_factory.mktemp("pad") / "pad.onnx"
    onnx.save(model, str(path))
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def _verify(engine, liveness_cfg):
    v = FaceVerifier(engine, {"liveness": liveness_cfg})
    ref = v.enrol(portrait("gdp1"))
    clk = FakeClock()
    return v.verify(SimulatedCamera(FaceScene("gdp1"), clock=clk), ref, 3.0, clock=clk)


def test_onnx_pad_model_is_used_when_configured(face_engine, pad_model):  # noqa: F811
    path, digest = pad_model
    live = _verify(face_engine, {"method": "onnx", "model": str(path), "sha256": digest, "threshold": 0.05})
    assert live.liveness is Check.VALID
    assert live.details["liveness"]["method"] == "onnx"
    score = live.details["liveness"]["live_score"]
    assert 0.05 < score < 0.95
    spoof = _verify(face_engine, {"method": "onnx", "model": str(path), "sha256": digest, "threshold": 0.95})
    assert spoof.liveness is Check.INVALID


def test_onnx_pad_model_is_pinned(pad_model):
    path, _ = pad_model
    with pytest.raises(ModelError, match=r"pad\.onnx.*sha256"):
        OnnxLiveness(str(path), sha256="0" * 64)
    with pytest.raises(ModelError, match="missing"):
        OnnxLiveness(str(path.with_name("absent.onnx")), sha256="0" * 64)


def test_liveness_configuration():
    assert isinstance(make_liveness(None), HeuristicLiveness)
    assert isinstance(make_liveness("none"), NoLiveness)
    assert make_liveness({"method": "heuristic", "min_motion": 0.05}).min_motion == 0.05
    with pytest.raises(ConfigError, match="unknown method"):
        make_liveness("crystal-ball")
    with pytest.raises(ConfigError, match=r"face\.liveness"):
        make_liveness({"method": "heuristic", "sixth_sense": True})


def test_too_few_frames_is_not_checked():
    obs = Observation(kps=np.zeros((5, 2)), landmarks106=None, face_grey=np.zeros((8, 8), np.uint8),
                      frame=np.zeros((8, 8, 3), np.uint8), eye_distance=10.0)
    assert HeuristicLiveness().assess([obs]).check is Check.NOT_CHECKED


def test_degenerate_landmarks_are_never_valid():
    """NaN landmarks (or a NaN eye distance) make every measure NaN: that is not motion shown."""
    rng = np.random.default_rng(1)
    grey = [rng.integers(0, 255, (64, 64), dtype=np.uint8) for _ in range(4)]
    moving = [np.array([[30, 40], [70, 40], [50, 60], [35, 80], [65, 80]], float) + 3 * i for i in range(4)]
    nan_kps = [k.copy() for k in moving]
    nan_kps[2][:] = np.nan

    def obs(kps, g, ied=40.0):
        return Observation(kps=kps, landmarks106=None, face_grey=g, frame=np.zeros((8, 8, 3), np.uint8),
                           eye_distance=ied)

    assert HeuristicLiveness().assess([obs(k, g) for k, g in zip(moving, grey, strict=True)]).check is Check.VALID
    result = HeuristicLiveness().assess([obs(k, g) for k, g in zip(nan_kps, grey, strict=True)])
    assert result.check is Check.INVALID and "static-face" in result.details["reasons"]
    nan_ied = [obs(k, g, float("nan")) for k, g in zip(moving, grey, strict=True)]
    assert HeuristicLiveness().assess(nan_ied).check is Check.INVALID
    strict = HeuristicLiveness(max_spectral_peak=1e9, require_nonrigid=True, min_nonrigid=0.0)
    assert set(strict.assess(nan_ied).details["reasons"]) == {"static-face", "rigid-motion"}


def test_eye_aspect_ratio_drops_when_the_eye_closes():
    lm = np.zeros((106, 2))
    for idx, cx in ((range(33, 43), 30.0), (range(87, 97), 70.0)):
        angles = np.linspace(0, 2 * np.pi, 10, endpoint=False)
        lm[list(idx)] = np.c_[cx + 10 * np.cos(angles), 50 + 4 * np.sin(angles)]
    open_ear = eye_aspect_ratio(lm)
    lm[33:43, 1] = 50 + (lm[33:43, 1] - 50) * 0.2
    lm[87:97, 1] = 50 + (lm[87:97, 1] - 50) * 0.2
    assert open_ear == pytest.approx(0.4, abs=0.05)
    assert eye_aspect_ratio(lm) < 0.5 * open_ear
