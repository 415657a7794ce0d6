"""The thermal simulator (radiometric frames, faults, the simulated world) and the evaluation sweep."""

import json

import numpy as np
import pytest
from lane_doubles import FakeClock

from hardware import registry
from hardware.drivers import load_all
from hardware.sim.world import Scenario, SimWorld
from hardware.thermal.simulator import SimulatedThermalCamera, ThermalScene, render_truth
from kiosk.config import ThermalConfig
from kiosk.errors import ConfigError, DeviceDisconnected
from kiosk.evidence import Check, FaceEvidence
from kiosk.thermal import ThermalScreener


def context(world=None, clock=None):
    from types import SimpleNamespace

    return SimpleNamespace(clock=clock or FakeClock(), world=world, config=None)


def test_frames_are_kelvin_with_metadata_and_a_warm_canthus():
    cam = SimulatedThermalCamera(ThermalScene(noise_c=0.0, fpn_c=0.0), clock=FakeClock())
    f = cam.read(1.0)
    assert f.kelvin.dtype == np.float32 and f.kelvin.shape == (120, 160)
    assert f.fpa_temp_k == pytest.approx(303.15) and f.ambient_c == 22.0 and f.humidity_pct == 40.0
    assert not f.ffc_in_progress and f.frame_id == 1
    c = f.kelvin - 273.15
    assert c[6:16, 140:152].mean() == pytest.approx(35.0, abs=0.01)  # blackbody (the configured region)
    face = c[40:80, 60:100]
    assert 35.2 < face.max() < 35.5  # canthus 36.6 - 0.9 - 0.03 = 35.67, apparent 0.98·35.67 + 0.02·22 = 35.4
    assert np.median(face) < 34.5  # the rest of the face is cooler: the hottest-pixel trap


def test_ffc_freezes_the_frame_and_flags_it():
    clock = FakeClock()
    cam = SimulatedThermalCamera(ThermalScene(ffc_interval_s=0.5, ffc_duration_s=0.5), clock=clock, fps=10)
    frames = [cam.read(1.0) for _ in range(20)]
    flags = [f.ffc_in_progress for f in frames]
    assert any(flags) and not all(flags)
    i = flags.index(True)
    assert np.array_equal(frames[i].kelvin, frames[i - 1].kelvin)  # the shutter repeats the last image
    after = next(f for f in frames[i:] if not f.ffc_in_progress)
    assert after.since_ffc_s is not None and after.since_ffc_s < 0.2


def test_misregistration_moves_the_face():
    sc = ThermalScene()
    a = render_truth(sc, (160, 120))
    b = render_truth(sc, (160, 120), offset=(3.0, 0.0))
    cols_a = np.argmax(a.max(axis=0) > 34.8)
    cols_b = np.argmax(b.max(axis=0) > 34.8)
    assert cols_b - cols_a == 3


def test_world_aware_simulator_follows_each_traveller():
    load_all()
    world = SimWorld(Scenario.load(None))
    clock = FakeClock()
    cam = registry.create("thermal_camera", "simulator", {"pace": False}, context(world, clock))
    screener = ThermalScreener(ThermalConfig(), clock)
    results = {}
    for name in ("genuine", "feverish"):
        world.queue(name)
        t = world.next_traveller()
        box, lm = cam.truth()
        ev = screener.screen(cam, FaceEvidence(0.9, 0.4, True, Check.VALID, face_box=box, landmarks=lm), 10)
        results[name] = (t.temperature["core_c"], ev)
    for core, ev in results.values():
        assert ev.core_c == pytest.approx(core, abs=0.25)
    assert results["feverish"][1].status == "fever" and results["genuine"][1].status == "normal"


def test_traveller_faults_and_knobs():
    from hardware.sim.world import SimTraveller

    load_all()
    world = SimWorld(Scenario([SimTraveller("a", face={"identity": "gdp1"}, temperature={"core_c": 37.0},
                                            faults={"thermal_disconnected": True}),
                               SimTraveller("b", face={"identity": "gdp1"}, temperature={"ambient_c": 30.5},
                                            faults={"thermal_ffc": True}),
                               SimTraveller("c", face={"behaviour": "absent"}, temperature={"present": False})],
                              [1, 1, 1]))
    cam = registry.create("thermal_camera", "simulator", {"pace": False}, context(world))
    world.next_traveller()
    cam.read(1), cam.read(1)
    with pytest.raises(DeviceDisconnected):
        cam.read(1)
    assert not cam.health().ok
    world.next_traveller()
    f = cam.read(1)
    assert f.ffc_in_progress and f.ambient_c == 30.5 and cam.health().ok
    world.next_traveller()
    assert cam.truth() is None


def test_simulator_options_are_checked():
    load_all()
    with pytest.raises(ConfigError, match="unknown option"):
        registry.create("thermal_camera", "simulator", {"colour": "red"}, context())
    bad = SimWorld(Scenario.load(None))
    cam = registry.create("thermal_camera", "simulator", {"ambient_c": 20.0, "core_c": 39.0}, context(bad))
    assert cam.scene.ambient_c == 20.0 and cam.scene.physiology.core_c == 39.0


def test_thermal_evaluate_cli_reduced_sweep(capsys):
    from ui.cli import main

    assert main(["thermal", "evaluate", "--travellers", "30", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    for key in ("p95_error_c", "max_error_c", "sensitivity", "specificity", "frames"):
        assert key in report
    assert report["frames"] >= 5 * report["n"] > 0
    assert report["p95_error_c"] <= 0.3
    assert report["out_of_band"]["refused"] == report["out_of_band"]["cases"]
    assert report["naive_hottest_pixel"]["p95_error_c"] > report["p95_error_c"]
    assert main(["thermal", "evaluate", "--travellers", "5"]) == 0
    assert "sensitivity" in capsys.readouterr().out
