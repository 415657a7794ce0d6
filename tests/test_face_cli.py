"""`clearance-kiosk face verify|evaluate` and the accuracy arithmetic behind `evaluate`.

Images: the demo faces (assets/demo/faces, cut from insightface's sample images, see its README) and
insightface 2.1's own sample images (`insightface/data/images`: t1.jpg is a group photo of six people,
mask_white.jpg a picture of a face mask without a face). For `evaluate` the identity folders are
built from the demo faces plus constructed variants of each (mirrored, rescaled and darker, slightly
rotated) — the same person in a different image; `yaoming2` is the one genuinely different photo.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from face_fixtures import FACES, face_engine  # noqa: F401  (session fixture)

from kiosk.biometrics import DEFAULT_THRESHOLD, FaceEngine
from kiosk.biometrics.evaluation import equal_error_rate, rates, roc, summarise, threshold_for_far
from ui.cli import main

SAMPLES = Path(importlib.util.find_spec("insightface").origin).parent / "data" / "images"


@pytest.fixture(autouse=True)
def shared_engine(monkeypatch, face_engine):  # noqa: F811
    """The CLI builds its engine from the configuration; reuse the session's (loading takes ~1 s)."""
    calls = []

    def from_options(options=None):
        calls.append(dict(options or {}))
        return face_engine

    monkeypatch.setattr(FaceEngine, "from_options", staticmethod(from_options))
    return calls


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- verify -------------------------------------------------------------------------------------------


def test_verify_same_person_in_two_photos_matches(capsys):
    code, out, err = run(capsys, "face", "verify", str(FACES / "yaoming.jpg"), str(FACES / "yaoming2.jpg"),
                         "--json")
    assert code == 0, err
    r = json.loads(out)
    assert r["match"] is True
    assert r["score"] > DEFAULT_THRESHOLD + 0.1
    assert r["threshold"] == DEFAULT_THRESHOLD
    assert r["faces"] == {"a": 1, "b": 1}
    for side in "ab":
        assert {"eye_distance", "yaw", "pitch", "roll", "sharpness", "brightness", "score"} <= set(r["quality"][side])
        assert {"detect", "align_embed"} <= set(r["timings_ms"][side])
    assert r["timings_ms"]["total"] > 0


def test_verify_different_people_do_not_match_and_exit_zero(capsys):
    code, out, _ = run(capsys, "face", "verify", str(FACES / "gdp1.jpg"), str(FACES / "tomhanks.jpg"), "--json")
    assert code == 0
    r = json.loads(out)
    assert r["match"] is False and r["score"] < DEFAULT_THRESHOLD - 0.15


def test_verify_counts_every_face_of_a_group_photo(capsys):
    code, out, _ = run(capsys, "face", "verify", str(FACES / "t1-6.jpg"), str(SAMPLES / "t1.jpg"), "--json")
    assert code == 0
    r = json.loads(out)
    assert r["faces"] == {"a": 1, "b": 6}


def test_verify_threshold_option_overrides_the_configuration(capsys):
    code, out, _ = run(capsys, "face", "verify", str(FACES / "yaoming.jpg"), str(FACES / "yaoming2.jpg"),
                       "--json", "--threshold", "0.9")
    assert code == 0
    r = json.loads(out)
    assert r["threshold"] == 0.9 and r["match"] is False


def test_verify_without_a_face_exits_non_zero_naming_the_image(capsys):
    mask = SAMPLES / "mask_white.jpg"
    code, out, err = run(capsys, "face", "verify", str(FACES / "gdp1.jpg"), str(mask), "--json")
    assert code == 1
    r = json.loads(out)
    assert r["faces"] == {"a": 1, "b": 0} and r["score"] is None and r["match"] is None
    assert str(mask) in err and "no face" in err


def test_verify_human_output(capsys):
    code, out, _ = run(capsys, "face", "verify", str(FACES / "yaoming.jpg"), str(FACES / "yaoming2.jpg"))
    assert code == 0
    assert "MATCH" in out and "1 face(s)" in out


@pytest.mark.parametrize("content", [None, b"not an image at all", b"\xff\xd8\xff\xe0" + b"\x00" * 64])
def test_verify_missing_or_corrupt_file_is_a_clear_error(capsys, tmp_path, content):
    bad = tmp_path / "bad.jpg"
    if content is not None:
        bad.write_bytes(content)
    code, _, err = run(capsys, "face", "verify", str(FACES / "gdp1.jpg"), str(bad))
    assert code == 2
    assert str(bad) in err and ("not found" in err or "not a readable image" in err)


def test_verify_reads_the_face_section_of_the_configuration(capsys, tmp_path, shared_engine):
    cfg = tmp_path / "lane.toml"
    cfg.write_text("[face]\nthreshold = 0.7\ndet_size = 480\n")
    code, out, _ = run(capsys, "--config", str(cfg), "face", "verify", str(FACES / "yaoming.jpg"),
                       str(FACES / "yaoming2.jpg"), "--json")
    assert code == 0
    assert json.loads(out)["threshold"] == 0.7
    assert shared_engine[-1] == {"det_size": 480}  # engine options split from verifier options


# --- evaluate -----------------------------------------------------------------------------------------


def _variants(image: np.ndarray) -> list[np.ndarray]:
    h, w = image.shape[:2]
    mirrored = cv2.flip(image, 1)
    darker = cv2.convertScaleAbs(cv2.resize(image, None, fx=0.8, fy=0.8, interpolation=cv2.INTER_AREA),
                                 alpha=0.75, beta=0)
    rot = cv2.warpAffine(image, cv2.getRotationMatrix2D((w / 2, h / 2), 8, 1.0), (w, h),
                         borderMode=cv2.BORDER_REPLICATE)
    return [mirrored, darker, rot]


@pytest.fixture(scope="module")
def identities(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("identities")
    for name in ("gdp1", "gdp3", "tomhanks", "players1", "t1-6", "yaoming"):
        folder = root / name
        folder.mkdir()
        image = cv2.imread(str(FACES / f"{name}.jpg"))
        cv2.imwrite(str(folder / "0.jpg"), image)
        for k, variant in enumerate(_variants(image), 1):
            cv2.imwrite(str(folder / f"{k}.png"), variant)
    (root / "yaoming" / "other-photo.jpg").write_bytes((FACES / "yaoming2.jpg").read_bytes())
    (root / "tomhanks" / "mask.jpg").write_bytes((SAMPLES / "mask_white.jpg").read_bytes())  # no face
    (root / "README.txt").write_text("not an identity folder")
    return root


def test_evaluate_all_pairs_separates_genuine_from_impostor(capsys, identities, tmp_path):
    png = tmp_path / "roc.png"
    code, out, err = run(capsys, "face", "evaluate", str(identities), "--json", "--plot", str(png))
    assert code == 0, err
    r = json.loads(out)
    assert r["identities"] == 6 and r["images"] == 6 * 4 + 2
    assert r["failures_to_enrol"] == {"tomhanks/mask.jpg": "no face found"}
    # 25 usable images: 6 * C(4,2) + 4 (yaoming's fifth) = 40 genuine, C(25,2) - 40 = 260 impostor
    assert r["genuine"]["count"] == 40 and r["impostor"]["count"] == 260
    assert r["pairs"]["compared"] == 300
    assert r["genuine"]["min"] > r["impostor"]["max"]
    assert r["eer"] == 0.0
    assert r["impostor"]["max"] < r["eer_threshold"] <= r["genuine"]["min"]
    assert [p["target_far"] for p in r["at_far"]] == [0.01, 0.001, 0.0001]
    assert [p["supported"] for p in r["at_far"]] == [True, False, False]  # 260 impostor comparisons
    assert all(p["frr"] == 0.0 and p["far"] <= p["target_far"] for p in r["at_far"])
    assert r["at_threshold"] == {"threshold": DEFAULT_THRESHOLD, "far": 0.0, "frr": 0.0}
    roc_far = [p["far"] for p in r["roc"]]
    assert roc_far == sorted(roc_far, reverse=True) and roc_far[0] == 1.0 and roc_far[-1] == 0.0
    assert r["recommended"]["toml"].startswith("[face]\nthreshold = ")
    # the recommended threshold (rounded up) still meets the target FAR on this data
    rec = r["recommended"]["threshold"]
    assert rec >= next(p["threshold"] for p in r["at_far"] if p["target_far"] == 0.001)
    image = cv2.imread(str(png))
    assert image is not None and image.shape[1] > 800  # two panels


def test_evaluate_given_pairs_with_labels(capsys, identities, tmp_path):
    pairs = tmp_path / "pairs.txt"
    pairs.write_text("# a b label\n"
                     "yaoming/0.jpg yaoming/other-photo.jpg\n"
                     "gdp1/0.jpg gdp1/1.png same\n"
                     "gdp1/0.jpg tomhanks/0.jpg diff\n"
                     "players1/0.jpg, t1-6/0.jpg, 0\n"
                     "gdp3/0.jpg tomhanks/mask.jpg\n")  # no face on one side: not compared
    scores = tmp_path / "scores.csv"
    code, out, _ = run(capsys, "face", "evaluate", str(identities), "--pairs", str(pairs), "--json",
                       "--scores", str(scores))
    assert code == 0
    r = json.loads(out)
    assert r["pairs"] == {"given": 5, "compared": 4}
    assert r["genuine"]["count"] == 2 and r["impostor"]["count"] == 2
    lines = scores.read_text().splitlines()
    assert lines[0] == "a,b,genuine,score" and len(lines) == 5
    assert lines[1].startswith("yaoming/0.jpg,yaoming/other-photo.jpg,1,")


def test_evaluate_human_report_names_the_recommended_threshold(capsys, identities):
    code, out, _ = run(capsys, "face", "evaluate", str(identities), "--target-far", "0.01")
    assert code == 0
    assert "EER" in out and "recommended for FAR 1.000 %" in out and "[face]\nthreshold = " in out


def test_evaluate_bad_pairs_file_names_the_line(capsys, identities, tmp_path):
    pairs = tmp_path / "pairs.txt"
    pairs.write_text("gdp1/0.jpg gdp1/1.png\ngdp1/0.jpg gdp3/0.jpg maybe\n")
    code, _, err = run(capsys, "face", "evaluate", str(identities), "--pairs", str(pairs))
    assert code == 2 and "pairs.txt:2" in err and "maybe" in err


def test_evaluate_needs_two_identities(capsys, tmp_path):
    (tmp_path / "alone").mkdir()
    (tmp_path / "alone" / "a.jpg").write_bytes((FACES / "gdp1.jpg").read_bytes())
    code, _, err = run(capsys, "face", "evaluate", str(tmp_path))
    assert code == 2 and "two identity" in err


def test_evaluate_without_impostor_comparisons_is_an_error(capsys, identities, tmp_path):
    pairs = tmp_path / "pairs.txt"
    pairs.write_text("gdp1/0.jpg gdp1/1.png\n")
    code, _, err = run(capsys, "face", "evaluate", str(identities), "--pairs", str(pairs))
    assert code == 2 and "impostor" in err


# --- the arithmetic -----------------------------------------------------------------------------------

GENUINE = [0.9, 0.8, 0.7, 0.3]
IMPOSTOR = [0.1, 0.2, 0.35, 0.5]


def test_rates_count_ties_as_accepted():
    assert rates(GENUINE, IMPOSTOR, 0.5) == (0.25, 0.25)
    assert rates(GENUINE, IMPOSTOR, 0.7) == (0.0, 0.25)
    assert rates(GENUINE, IMPOSTOR, 0.75) == (0.0, 0.5)
    assert rates(GENUINE, IMPOSTOR, -1.0) == (1.0, 0.0)


def test_threshold_for_far_is_the_most_permissive_meeting_the_target():
    p = threshold_for_far(GENUINE, IMPOSTOR, 0.25)  # one of four impostors may pass: just above 0.35
    assert 0.35 < p.threshold < 0.35 + 1e-12 and (p.far, p.frr, p.supported) == (0.25, 0.25, True)
    p = threshold_for_far(GENUINE, IMPOSTOR, 0.01)  # nothing but FAR 0 meets it; 4 impostors cannot show 1 %
    assert p.far == 0.0 and 0.5 < p.threshold < 0.5 + 1e-12 and p.frr == 0.25 and not p.supported
    p = threshold_for_far(GENUINE, IMPOSTOR, 1.0)  # everything may pass
    assert (p.far, p.frr) == (1.0, 0.0)


def test_eer_where_far_meets_frr():
    assert equal_error_rate(GENUINE, IMPOSTOR) == (0.25, 0.5)
    assert equal_error_rate([0.9, 0.8], [0.1, 0.2])[0] == 0.0


def test_roc_is_monotone_and_summary_thins_points():
    rng = np.random.default_rng(1)
    g, i = rng.normal(0.7, 0.1, 2000), rng.normal(0.0, 0.1, 5000)
    points = roc(g, i)
    far = np.array([p["far"] for p in points])
    frr = np.array([p["frr"] for p in points])
    assert np.all(np.diff(far) <= 0) and np.all(np.diff(frr) >= 0)
    s = summarise(g, i, threshold=0.4)
    assert len(s["roc"]) <= 200 and s["roc"][0]["far"] == 1.0 and s["roc"][-1]["far"] == 0.0
    assert s["eer"] < 0.01 and s["at_far"][0]["supported"] and not s["at_far"][2]["supported"]


def test_empty_scores_are_refused():
    with pytest.raises(ValueError, match="genuine and impostor"):
        summarise([], [0.1])


def test_a_portrait_is_detected_at_the_resolution_it_needs(face_engine):  # noqa: F811
    from kiosk.biometrics import FaceVerifier

    verifier = FaceVerifier(face_engine)
    image = cv2.imread(str(FACES / "gdp1.jpg"))
    low = verifier.analyse(image, min_face_fraction=0.3)
    full = verifier.analyse(image)
    assert low.det_size <= 256 < full.det_size == face_engine.det_size
    assert float(low.embedding @ full.embedding) > 0.95  # the same template, for a quarter of the work


# --- doctor -------------------------------------------------------------------------------------------


def test_doctor_checks_the_configured_model_pack(monkeypatch, tmp_path):
    from kiosk.config import from_dict
    from ui.doctor import _check, check_face_models

    ok = _check("face models", lambda: check_face_models(from_dict({})))
    assert ok["ok"] and "match their sha256" in ok["detail"]
    monkeypatch.undo()  # a folder without a manifest fails, naming it
    bad = _check("face models", lambda: check_face_models(from_dict({"face": {"model_dir": str(tmp_path)}})))
    assert not bad["ok"] and "manifest" in bad["detail"] and str(tmp_path) in bad["detail"]
