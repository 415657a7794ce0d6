"""Commissioning: blackbody location, offset fit, calibration saved into the configuration, doctor's check."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from lane_doubles import FakeClock

from hardware.thermal.simulator import SimulatedThermalCamera, ThermalScene
from kiosk import config as kconfig
from kiosk.config import ThermalConfig
from kiosk.thermal import CalibrationError, blackbody_status, calibration_age, fit_skin_core, locate_blackbody
from ui.commands.thermal import calibrate, write_calibration


def empty_lane(**scene):
    return SimulatedThermalCamera(ThermalScene(present=False, **scene), clock=FakeClock())


def test_locate_blackbody_finds_the_aperture_even_with_a_drifting_camera():
    for aperture, drift in (((138, 4, 16, 14), 0.0), ((10, 90, 12, 12), 2.8)):
        cam = empty_lane(blackbody_aperture=aperture, drift_c=drift, noise_c=0.1)
        x, y, w, h = locate_blackbody([cam.read(1).kelvin for _ in range(4)])
        ax, ay, aw, ah = aperture
        assert ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah  # inside, away from the edges
        assert w >= aw - 3 and h >= ah - 3


def test_locate_blackbody_ignores_a_person_and_fails_without_a_blackbody():
    with_person = SimulatedThermalCamera(ThermalScene(), clock=FakeClock())
    x, y, _, _ = locate_blackbody([with_person.read(1).kelvin for _ in range(3)])
    assert (x, y) == (139, 5)
    with pytest.raises(CalibrationError, match="blackbody"):
        locate_blackbody([empty_lane(blackbody=False).read(1).kelvin])
    with pytest.raises(CalibrationError):
        locate_blackbody([])


def test_offset_fit_and_ambient_coefficient():
    rng = np.random.default_rng(3)
    skin = rng.uniform(35.2, 36.2, 12)
    amb = rng.uniform(18, 24, 12)
    ref = skin + 1.05 + 0.04 * (23.0 - amb)
    fit = fit_skin_core(skin, ref, amb)
    assert fit.offset_c == pytest.approx(1.05, abs=1e-6) and fit.ambient_coeff == pytest.approx(0.04, abs=1e-6)
    one_visit = fit_skin_core(skin[:2], ref[:2], ambient_coeff=0.0)  # too few / no ambient spread: offset only
    assert one_visit.ambient_coeff == 0.0 and one_visit.pairs == 2
    with pytest.raises(CalibrationError, match="matching"):
        fit_skin_core([35.5], [36.6, 36.7])
    with pytest.raises(CalibrationError, match="body temperature"):
        fit_skin_core([35.5], [22.0])


def test_calibration_age():
    cal = ThermalConfig().calibration
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert calibration_age(cal, now) is None
    done = cal.model_copy(update={"commissioned_at": (now - timedelta(days=40)).isoformat()})
    assert calibration_age(done, now).days == 40


def test_blackbody_status_reports_the_current_error():
    clock = FakeClock()
    cam = SimulatedThermalCamera(ThermalScene(drift_c=-1.2, noise_c=0.02), clock=clock)
    st = blackbody_status(cam, ThermalConfig(), clock)
    assert st["ok"] and st["error_c"] == pytest.approx(1.2, abs=0.05)
    st = blackbody_status(empty_lane(blackbody=False), ThermalConfig(), clock)
    assert not st["ok"] and "blackbody" in st["detail"]


def test_commissioning_end_to_end_writes_the_configuration(tmp_path):
    cfg = kconfig.load(None)
    true_h = np.array([[0.24, 0.0, 4.0], [0.0, 0.24, 1.0], [0.0, 0.0, 1.0]])
    vis = [[x, y] for x in (220, 320, 420) for y in (140, 240, 340)]
    th = [[0.24 * x + 4.0, 0.24 * y + 1.0] for x, y in vis]
    pairs = {"pair": [{"visible": v, "thermal": t} for v, t in zip(vis, th, strict=True)]}
    readings = {"reading": [{"skin_c": 35.6, "reference_c": 36.8}, {"skin_c": 35.4, "reference_c": 36.5}]}
    camera = SimulatedThermalCamera(ThermalScene(present=False, blackbody_aperture=(20, 10, 14, 12)),
                                    clock=FakeClock())
    table, report = calibrate(cfg, locate=True, setpoint=36.0, pairs=pairs, readings=readings, camera=camera,
                              distance_band=[180, 100], now=datetime(2026, 6, 1, tzinfo=UTC))
    assert table["face_width_px"] == [100.0, 180.0]
    assert np.allclose(table["homography"], true_h, atol=1e-6)
    assert report["homography"]["inliers"] == 9
    assert table["skin_core_offset_c"] == pytest.approx(1.15)
    assert table["blackbody_setpoint_c"] == 36.0 and table["blackbody_region"][0] >= 20
    lane = tmp_path / "lane.toml"
    lane.write_text('# site file\n[lane]\nid = "LANE-09"  # gate 9\n\n[thermal]\nthreshold_c = 37.5\n')
    write_calibration(lane, table)
    text = lane.read_text()
    assert "# gate 9" in text and "# site file" in text
    loaded = kconfig.load(lane)
    assert loaded.lane.id == "LANE-09" and loaded.thermal.threshold_c == 37.5
    assert loaded.thermal.calibration.skin_core_offset_c == pytest.approx(1.15)
    assert loaded.thermal.calibration.commissioned_at.startswith("2026-06-01")
    write_calibration(lane, {**table, "skin_core_offset_c": 0.95})  # recommissioning replaces the table
    assert kconfig.load(lane).thermal.calibration.skin_core_offset_c == 0.95


def test_commissioning_rejects_bad_inputs():
    cfg = kconfig.load(None)
    with pytest.raises(CalibrationError, match="pair"):
        calibrate(cfg, pairs={"pair": [{"visible": [1, 2]}]})
    with pytest.raises(CalibrationError, match="at least 4"):
        calibrate(cfg, pairs={"pair": [{"visible": [1, 2], "thermal": [1, 2]}]})
    with pytest.raises(CalibrationError, match="reading"):
        calibrate(cfg, readings={"reading": [{"skin": 35}]})


def test_doctor_reports_calibration_age_and_blackbody_error():
    from ui.doctor import _thermal_calibration

    cfg = kconfig.from_dict({"devices": {"thermal_camera": {"driver": "simulator", "pace": False,
                                                             "drift_c": 0.6}}})
    ok, detail, data = _thermal_calibration(cfg)
    assert ok and "never commissioned" in detail
    assert data["blackbody_error_c"] == pytest.approx(-0.6, abs=0.08)
    old = (datetime.now(UTC) - timedelta(days=200)).isoformat()
    cfg = kconfig.from_dict({"thermal": {"calibration": {"commissioned_at": old}},
                             "devices": {"thermal_camera": {"driver": "simulator", "pace": False,
                                                             "blackbody": False}}})
    ok, detail, data = _thermal_calibration(cfg)
    assert not ok and "200 days ago" in detail and data["blackbody_error_c"] is None


def test_cli_calibrate_write_needs_a_config(capsys):
    from ui.cli import main

    assert main(["thermal", "calibrate", "--write"]) == 2
    assert "--config" in capsys.readouterr().err
