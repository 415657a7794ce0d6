"""Unit tests of each measurement step: registration, gating, ROI maximum, blackbody and skin→core."""

import numpy as np
import pytest

from kiosk.config import ThermalConfig, from_dict
from kiosk.errors import ConfigError
from kiosk.ports import ThermalFrame
from kiosk.thermal import CalibrationError, Registration, face_geometry, fit_homography
from kiosk.thermal.measure import (
    KELVIN,
    Rejected,
    blackbody_reading,
    canthus_rois,
    measure_frame,
    pose_problem,
    robust_max,
    skin_to_core,
    template_landmarks,
)

BOX = (257.0, 148.0, 389.0, 318.0)  # where the simulated visible camera's face is (132 px wide)


def frame_c(image_c, **meta):
    return ThermalFrame(kelvin=(np.asarray(image_c, np.float32) + KELVIN).astype(np.float32), timestamp=1.0, **meta)


def scene(canthus_c=35.6, bb_c=35.0, ambient=22.0, drift=0.0):
    """A flat frame at ambient with a blackbody and warm spots where the default calibration puts the canthi."""
    cfg = ThermalConfig()
    img = np.full((120, 160), ambient, np.float32)
    x, y, w, h = cfg.calibration.blackbody_region
    img[y - 1:y + h + 1, x - 1:x + w + 1] = bb_c
    rois = canthus_rois(face_geometry(BOX, template_landmarks(BOX)), Registration(cfg.calibration.homography), 0.3)
    for cx, cy in rois.centres:
        img[int(cy) - 2:int(cy) + 3, int(cx) - 2:int(cx) + 3] = canthus_c
    return img + drift, rois, cfg


# --- registration --------------------------------------------------------------------------------


def test_homography_fit_recovers_the_transform_and_drops_an_outlier():
    true = np.array([[0.26, 0.01, 3.0], [-0.005, 0.25, -4.0], [1e-5, 0.0, 1.0]])
    reg = Registration(true)
    vis = np.array([[x, y] for x in (200, 320, 440) for y in (120, 240, 360)], float)
    th = reg.points(vis)
    th[4] += (9.0, -7.0)  # one mis-clicked pair
    fit = fit_homography(vis, th)
    assert fit.inliers == 8 and fit.points == 9
    assert fit.rms_px < 1e-3
    assert np.allclose(Registration(fit.matrix).points([[300, 200]]), reg.points([[300, 200]]), atol=1e-3)


@pytest.mark.parametrize("vis, th, match", [
    ([[0, 0], [1, 1], [2, 2]], [[0, 0], [1, 1], [2, 2]], "at least 4"),
    ([[0, 0], [1, 1], [2, 2], [3, 3]], [[0, 0], [1, 1], [2, 2], [3, 3]], "collinear"),
    ([[0, 0], [1, 0], [0, 1], [1, 1]], [[0, 0], [1, 0], [0, 1]], "3 thermal points"),
])
def test_homography_fit_rejects_bad_point_sets(vis, th, match):
    with pytest.raises(CalibrationError, match=match):
        fit_homography(vis, th)


def test_registration_scale_maps_lengths():
    reg = Registration([[0.25, 0, 1], [0, 0.25, -2], [0, 0, 1]])
    assert reg.scale_at((320, 240)) == pytest.approx(0.25)
    assert np.allclose(reg.points([[320, 240]]), [[81.0, 58.0]])
    with pytest.raises(CalibrationError):
        Registration([[0, 0, 0], [0, 0, 0], [0, 0, 1]])


# --- gating --------------------------------------------------------------------------------------


def test_geometry_from_landmarks_puts_the_canthi_between_the_eyes():
    lm = template_landmarks(BOX)
    g = face_geometry(BOX, lm)
    assert g.from_landmarks
    assert lm[0, 0] < g.canthi[0, 0] < g.canthi[1, 0] < lm[1, 0]
    assert g.yaw < 0.05 and abs(g.roll_deg) < 1
    assert not face_geometry(BOX, None).from_landmarks


def test_distance_band_and_frontal_gates():
    cfg = ThermalConfig()
    assert pose_problem(face_geometry(BOX, template_landmarks(BOX)), cfg) is None
    far = (300, 200, 350, 265)
    assert "too far" in pose_problem(face_geometry(far, template_landmarks(far)), cfg)
    close = (100, 50, 400, 430)
    assert "too close" in pose_problem(face_geometry(close, template_landmarks(close)), cfg)
    turned = template_landmarks(BOX)
    turned[2, 0] += 0.4 * (turned[1, 0] - turned[0, 0])  # nose well off the eye midpoint
    assert "not frontal" in pose_problem(face_geometry(BOX, turned), cfg)
    tilted = template_landmarks(BOX)
    tilted[1, 1] += 30  # one eye much lower
    assert "tilted" in pose_problem(face_geometry(BOX, tilted), cfg)


# --- pixels --------------------------------------------------------------------------------------


def test_robust_max_ignores_a_single_hot_pixel_but_finds_a_warm_spot():
    img = np.full((40, 40), 30.0, np.float32)
    img[20, 20] = 60.0  # a dead/hot pixel
    assert robust_max(img, np.array([20.0, 20.0]), 4, 95) == pytest.approx(30.0)
    img[18:23, 18:23] = 35.5
    assert robust_max(img, np.array([20.0, 20.0]), 4, 95) == pytest.approx(35.5, abs=0.01)
    assert robust_max(img, np.array([1.0, 20.0]), 4, 95) is None  # leaves the frame


def test_blackbody_reading_median_and_spread():
    img = np.full((20, 20), 35.0, np.float32)
    img[5, 5] = 20.0
    med, spread = blackbody_reading(img, [2, 2, 8, 8])
    assert med == pytest.approx(35.0) and spread < 0.01
    assert blackbody_reading(img, [15, 15, 8, 8]) is None


def test_blackbody_correction_cancels_sensor_drift():
    for drift in (-2.4, 0.0, 1.7):
        img, rois, cfg = scene(drift=drift)
        r = measure_frame(frame_c(img, ambient_c=22.0), rois, cfg)
        assert r.blackbody_error_c == pytest.approx(-drift, abs=1e-3)
        assert r.canthus_raw_c == pytest.approx(35.6 + drift, abs=1e-3)
        # emissivity: apparent 35.6 = 0.98 T + 0.02 * 22
        assert r.skin_c == pytest.approx((35.6 - 0.02 * 22.0) / 0.98, abs=1e-3)
        assert r.core_c == pytest.approx(skin_to_core(r.skin_c, cfg.calibration, 22.0))


def test_skin_to_core_uses_offset_and_ambient_coefficient():
    cal = ThermalConfig().calibration.model_copy(update={"skin_core_offset_c": 1.1, "ambient_coeff": 0.05})
    assert skin_to_core(35.5, cal, None) == pytest.approx(36.6)
    assert skin_to_core(35.5, cal, 19.0) == pytest.approx(36.6 + 0.05 * 4)


@pytest.mark.parametrize("meta, match, fatal", [
    ({"ffc_in_progress": True}, "flat-field", False),
    ({"since_ffc_s": 0.1}, "settling", False),
    ({"ambient_c": 29.0}, "ambient 29.0", True),
    ({"humidity_pct": 90.0}, "humidity 90", True),
])
def test_frames_rejected(meta, match, fatal):
    img, rois, cfg = scene()
    with pytest.raises(Rejected, match=match) as info:
        measure_frame(frame_c(img, **meta), rois, cfg)
    assert info.value.fatal is fatal


def test_blackbody_faults_reject():
    img, rois, cfg = scene(bb_c=22.0)  # switched off: reads ambient
    with pytest.raises(Rejected, match="blackbody reads") as info:
        measure_frame(frame_c(img), rois, cfg)
    assert info.value.fatal
    img, rois, cfg = scene()
    x, y, w, h = cfg.calibration.blackbody_region
    img[y:y + h // 2, x:x + w] = 30.0  # a hand in front of it
    with pytest.raises(Rejected, match="not uniform"):
        measure_frame(frame_c(img), rois, cfg)


def test_thermal_config_is_validated_with_clear_errors():
    with pytest.raises(ConfigError) as info:
        from_dict({"thermal": {"calibration": {"homography": [[1, 0], [0, 1]], "face_width_px": [200, 100],
                                               "blackbody_region": [1, 1, 0, 5]},
                               "ambient_c": [25, 20], "unavailable_policy": "pass", "threshold_c": 50}})
    text = str(info.value)
    for key in ("thermal.calibration.homography", "thermal.calibration.face_width_px",
                "thermal.calibration.blackbody_region", "thermal.ambient_c", "thermal.unavailable_policy",
                "thermal.threshold_c"):
        assert key in text
    cfg = from_dict({"thermal": {"threshold_c": 37.8, "calibration": {"skin_core_offset_c": 1.2}}})
    assert cfg.thermal.threshold_c == 37.8 and cfg.thermal.calibration.skin_core_offset_c == 1.2
