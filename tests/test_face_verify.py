"""1:1 verification against the simulated camera: decisions, liveness, guidance, faults."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from face_fixtures import FakeClock, clock, face_engine, portrait  # noqa: F401  (fixtures)

from hardware.cameras import FaceScene, SimulatedCamera, scene_for
from kiosk.biometrics import DEFAULT_THRESHOLD, FaceError, FaceTimeout, FaceVerifier
from kiosk.errors import DeviceDisconnected, DeviceTimeout
from kiosk.evidence import Check

# Frontal demo identities (the t1-* glamour shots are posed too far off-axis for the capture gate).
IDENTITIES = ["gdp1", "gdp3", "yaoming", "tomhanks", "players1", "t1-6"]


@pytest.fixture(scope="module")
def verifier(face_engine):  # noqa: F811
    return FaceVerifier(face_engine)


@pytest.fixture(scope="module")
def references(verifier):
    return {name: verifier.enrol(portrait(name)) for name in [*IDENTITIES, "yaoming2"]}


def run(verifier, scene, reference, timeout=3.0, guidance=None):
    clk = FakeClock()
    camera = SimulatedCamera(scene, clock=clk)
    return verifier.verify(camera, reference, timeout, guidance.append if guidance is not None else None,
                           clock=clk)


# --- decisions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", IDENTITIES)
def test_same_identity_matches_well_above_threshold(verifier, references, name):
    ev = run(verifier, FaceScene(name), references[name])
    assert ev.matched
    assert ev.score > DEFAULT_THRESHOLD + 0.3, ev.score
    assert ev.liveness is Check.VALID, ev.details["liveness"]
    assert ev.faces_in_view == 1
    assert ev.frames_used == verifier.config.embed_frames


@pytest.mark.parametrize("live, enrolled", [("gdp1", "yaoming"), ("yaoming", "gdp3"), ("tomhanks", "t1-6"),
                                            ("players1", "gdp1"), ("t1-6", "tomhanks")])
def test_different_identity_is_rejected_well_below_threshold(verifier, references, live, enrolled):
    ev = run(verifier, FaceScene(live), references[enrolled])
    assert not ev.matched
    assert ev.score < DEFAULT_THRESHOLD - 0.15, ev.score


def test_same_person_in_a_different_photo_matches(verifier, references):
    # yaoming2 is cut from a team photo taken at another time: the only genuine cross-photo pair.
    ev = run(verifier, FaceScene("yaoming2", size=0.5), references["yaoming"])
    assert ev.matched, ev.score


def test_all_impostor_pairs_of_the_demo_set_score_below_threshold(references):
    names = IDENTITIES
    scores = [float(references[a].embedding @ references[b].embedding)
              for i, a in enumerate(names) for b in names[i + 1:]]
    assert max(scores) < DEFAULT_THRESHOLD - 0.1, max(scores)


def test_evidence_carries_camera_frame_geometry_and_no_images_in_record(verifier, references):
    ev = run(verifier, FaceScene("gdp1", center=(0.3, 0.5)), references["gdp1"])
    x1, y1, x2, y2 = ev.face_box
    assert ev.landmarks.shape == (5, 2)
    assert np.all((ev.landmarks[:, 0] > x1) & (ev.landmarks[:, 0] < x2))
    assert np.all((ev.landmarks[:, 1] > y1) & (ev.landmarks[:, 1] < y2))
    assert (x1 + x2) / 2 < 640 * 0.45  # the face is on the left, where the scene put it
    assert ev.live_image is not None and max(ev.live_image.shape[:2]) <= 160
    record = ev.to_record()
    assert set(record) == {"score", "threshold", "matched", "liveness", "quality", "faces_in_view",
                           "frames_used"}
    assert 0.0 < ev.quality <= 1.0


# --- liveness -------------------------------------------------------------------------------------


def test_photo_attack_with_still_frames_is_not_live(verifier, references):
    ev = run(verifier, FaceScene("gdp1", mode="photo"), references["gdp1"])
    assert ev.matched  # it is the right face ...
    assert ev.liveness is Check.INVALID  # ... but not a live one
    assert "static-face" in ev.details["liveness"]["reasons"]


def test_photo_on_a_stand_seen_through_sensor_noise_is_not_live(verifier, references):
    ev = run(verifier, FaceScene("yaoming", motion=0.0, noise=4.0), references["yaoming"])
    assert ev.liveness is Check.INVALID, ev.details["liveness"]


def test_liveness_can_be_switched_off_by_configuration(face_engine, references):  # noqa: F811
    v = FaceVerifier(face_engine, {"liveness": "none"})
    ev = run(v, FaceScene("gdp1", mode="photo"), references["gdp1"])
    assert ev.liveness is Check.NOT_CHECKED


# --- several people, no one, bad capture ------------------------------------------------------------


def test_second_face_in_view_is_reported(verifier, references):
    guidance: list[str] = []
    ev = run(verifier, scene_for({"identity": "gdp1", "behaviour": "two-faces"}), references["gdp1"],
             guidance=guidance)
    assert ev.faces_in_view == 2
    assert "one-person-only" in guidance
    assert ev.details["second_faces"]


def test_nobody_in_view_times_out(verifier, references):
    guidance: list[str] = []
    with pytest.raises(FaceTimeout) as info:
        run(verifier, scene_for({"behaviour": "absent"}), references["gdp1"], timeout=1.0, guidance=guidance)
    assert isinstance(info.value, DeviceTimeout)
    assert info.value.frames_read >= 10
    assert guidance == ["look-at-camera"]


def test_too_small_face_asks_to_come_closer(verifier, references):
    guidance: list[str] = []
    with pytest.raises(FaceTimeout) as info:
        run(verifier, FaceScene("gdp1", size=0.13), references["gdp1"], timeout=1.0, guidance=guidance)
    assert guidance == ["come-closer"]
    assert info.value.guidance == "come-closer"


def test_dark_frames_ask_for_more_light(verifier, references):
    guidance: list[str] = []
    with pytest.raises(FaceTimeout):
        run(verifier, FaceScene("gdp1", brightness=0.18), references["gdp1"], timeout=1.0, guidance=guidance)
    assert guidance == ["more-light"]


def test_camera_disconnect_is_surfaced(verifier, references):
    with pytest.raises(DeviceDisconnected, match="camera"):
        run(verifier, FaceScene("gdp1", disconnect_after=2), references["gdp1"])


# --- the chip portrait --------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    b"", b"\xff\xd8\xff\xe0garbage", b"\x00\x00\x00\x0cjP  \r\n\x87\n" + b"\x00" * 40,
])
def test_corrupt_portrait_bytes_give_face_error(verifier, bad):
    with pytest.raises(FaceError) as info:
        verifier.enrol(bad)
    assert info.value.code == "corrupt-image"


@pytest.mark.parametrize("bad", [
    np.zeros((0, 0, 3), np.uint8), np.random.default_rng(0).random((100, 100, 3)),
    np.zeros((10, 10, 3), np.uint8), np.zeros((64, 64, 3, 2), np.uint8), "portrait.jpg", None,
])
def test_garbage_arrays_give_face_error(verifier, bad):
    with pytest.raises(FaceError):
        verifier.enrol(bad)


def test_portrait_without_a_face_gives_face_error(verifier):
    noise = np.random.default_rng(1).integers(0, 255, (300, 240, 3), dtype=np.uint8)
    with pytest.raises(FaceError) as info:
        verifier.enrol(noise)
    assert info.value.code == "no-face"


def test_portrait_with_two_faces_gives_face_error(verifier):
    with pytest.raises(FaceError) as info:
        verifier.enrol(np.hstack([portrait("gdp1"), portrait("gdp3")]))
    assert info.value.code == "several-faces"


def test_jpeg_and_grey_portraits_are_accepted(verifier, references):
    ok, jpeg = cv2.imencode(".jpg", portrait("gdp3"), [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    from_bytes = verifier.enrol(jpeg.tobytes())
    grey = verifier.enrol(cv2.cvtColor(portrait("gdp3"), cv2.COLOR_BGR2GRAY))
    assert float(from_bytes.embedding @ references["gdp3"].embedding) > 0.9
    assert float(grey.embedding @ references["gdp3"].embedding) > 0.8


# --- occlusion (configured) ---------------------------------------------------------------------------


def _masked(name: str, reference) -> tuple[np.ndarray, np.ndarray]:
    """The portrait with a paper mask over nose and mouth, and with dark glasses."""
    img = portrait(name)
    kps = reference.landmarks
    ied = float(np.linalg.norm(kps[1] - kps[0]))
    nose, ml, mr = kps[2], kps[3], kps[4]
    mask = img.copy()
    poly = np.int32([[ml[0] - 0.45 * ied, nose[1] - 0.05 * ied], [mr[0] + 0.45 * ied, nose[1] - 0.05 * ied],
                     [mr[0] + 0.35 * ied, mr[1] + 0.8 * ied], [ml[0] - 0.35 * ied, ml[1] + 0.8 * ied]])
    cv2.fillPoly(mask, [poly], (230, 200, 150))
    glasses = img.copy()
    for eye in kps[:2]:
        cv2.ellipse(glasses, (int(eye[0]), int(eye[1])), (int(0.38 * ied), int(0.25 * ied)), 0, 0, 360,
                    (20, 20, 20), -1)
    return mask, glasses


@pytest.mark.parametrize("name", ["gdp3", "yaoming"])
def test_mask_and_dark_glasses_are_advised_when_configured(face_engine, references, name):  # noqa: F811
    strict = FaceVerifier(face_engine, {"quality": {"occlusion_checks": ["mask", "glasses"]}})
    mask, glasses = _masked(name, references[name])
    for image, code in ((mask, "remove-mask"), (glasses, "remove-glasses")):
        guidance: list[str] = []
        with pytest.raises(FaceTimeout):
            run(strict, FaceScene(image), references[name], timeout=1.0, guidance=guidance)
        assert guidance == [code]
    assert run(strict, FaceScene(name), references[name]).matched  # the bare face passes the same gate


def test_occlusion_is_not_checked_by_default(verifier, references):
    mask, _ = _masked("gdp3", references["gdp3"])
    guidance: list[str] = []
    ev = run(verifier, FaceScene(mask), references["gdp3"], guidance=guidance)
    assert "remove-mask" not in guidance
    assert ev.details["quality"]["mask_score"] > 30


def test_garbage_frames_from_a_camera_are_skipped_not_crashed_on(verifier, references):
    class BrokenCamera:
        def __init__(self):
            self.frames = [None, np.zeros((4, 4), np.uint8), np.ones((48, 64, 3), np.float32), "frame"]

        def read(self, timeout):
            if not self.frames:
                raise DeviceTimeout("camera", "no frame")
            return self.frames.pop(0)

    with pytest.raises(FaceTimeout) as info:
        verifier.verify(BrokenCamera(), references["gdp1"], 5.0, clock=FakeClock())
    assert info.value.frames_read == 4
