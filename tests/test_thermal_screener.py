"""The screening service end to end on the simulator: readings, re-measurement, and every refusal."""

import time
from dataclasses import replace

import numpy as np
import pytest
from lane_doubles import FakeClock

from hardware.cameras.simulated import FaceScene
from hardware.thermal.simulator import Physiology, SimulatedThermalCamera, ThermalScene
from kiosk.config import ThermalConfig
from kiosk.errors import DeviceDisconnected, DeviceTimeout
from kiosk.evidence import Check, FaceEvidence
from kiosk.thermal import ThermalScreener


def make(core=36.6, clock=None, **scene):
    clock = clock or FakeClock()
    sc = ThermalScene(physiology=Physiology(core_c=core), **scene)
    return SimulatedThermalCamera(sc, clock=clock), clock


def face_of(camera, landmarks=True):
    box, lm = camera.truth()
    return FaceEvidence(0.9, 0.4, True, Check.VALID, face_box=box, landmarks=lm if landmarks else None)


@pytest.mark.parametrize("core", [36.6, 38.4])
def test_reads_the_simulated_core_temperature(core):
    cam, clock = make(core)
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10)
    assert ev.core_c == pytest.approx(core, abs=0.25)
    assert ev.status == ("fever" if core >= 37.3 else "normal")
    assert ev.threshold_c == 37.3


def test_fever_is_remeasured_once_then_referred_with_the_readings():
    cam, clock = make(38.4)
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10)
    assert ev.status == "fever" and len(ev.readings_c) == 2
    assert all(r >= 37.3 for r in ev.readings_c)
    assert cam.frames_total == 10  # two measurements of five frames
    assert "confirmed" in ev.detail


def test_unconfirmed_fever_is_not_a_fever_but_the_first_reading_stays_in_the_evidence():
    cam, clock = make(38.4)

    class CoolsDown:  # a hot drink: the first measurement is high, the second is not
        def __init__(self):
            self.n = 0

        def read(self, timeout):
            self.n += 1
            if self.n == 6:
                cam.scene = replace(cam.scene, physiology=Physiology(core_c=36.7))
            return cam.read(timeout)

    ev = ThermalScreener(ThermalConfig(), clock).screen(CoolsDown(), face_of(cam), 10)
    assert ev.status == "normal" and len(ev.readings_c) == 2
    assert ev.readings_c[0] >= 37.3 > ev.readings_c[1]
    assert "not confirmed" in ev.detail


def test_threshold_is_configurable():
    cam, clock = make(37.0)
    assert ThermalScreener(ThermalConfig(threshold_c=36.8), clock).screen(cam, face_of(cam), 10).status == "fever"


def test_blackbody_corrects_a_drifting_sensor():
    cam, clock = make(36.6, drift_c=2.5, drift_rate_c_per_min=1.0, gain_error=0.01)
    naive = float(cam.read(0.1).kelvin.max()) - 273.15
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10)
    assert ev.core_c == pytest.approx(36.6, abs=0.25)
    assert "blackbody correction -2." in ev.detail
    assert naive > 37.3  # the hottest pixel of this drifted camera would have been a fever


def test_camera_disappearing_mid_session_is_unavailable_not_a_crash():
    cam, clock = make(36.6, disconnect_after=3)
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10)
    assert ev.status == "unavailable" and ev.core_c is None
    assert "disconnected" in ev.detail


def test_disconnect_during_the_remeasurement_keeps_the_fever():
    cam, clock = make(38.4, disconnect_after=7)
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10)
    assert ev.status == "fever" and len(ev.readings_c) == 1
    assert "re-measurement impossible" in ev.detail


def test_stuck_ffc_times_out_on_the_injected_clock():
    cam, clock = make(36.6, ffc_stuck=True)
    start_virtual, start_real = clock.monotonic(), time.perf_counter()
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10)
    assert ev.status == "unavailable" and "flat-field correction" in ev.detail
    assert clock.monotonic() - start_virtual >= 10
    assert time.perf_counter() - start_real < 5  # no real waiting


def test_an_unpaced_source_stuck_in_ffc_still_ends_at_the_deadline():
    clock = FakeClock()
    cam = SimulatedThermalCamera(ThermalScene(ffc_stuck=True), clock=clock, pace=False)
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 3)
    assert ev.status == "unavailable" and 60 <= cam.frames_total <= 100  # 3 s at most 30 frames/s


def test_frames_during_an_ffc_are_skipped_not_measured():
    cam, clock = make(36.6, ffc_interval_s=1.0, ffc_duration_s=0.4)
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10)
    assert ev.status == "normal" and ev.core_c == pytest.approx(36.6, abs=0.25)
    assert "rejected" in ev.detail and cam.frames_total > 5


def test_condition_for_the_officer_console():
    cam, clock = make(36.6, drift_c=0.8)
    scr = ThermalScreener(ThermalConfig(), clock)
    assert scr.condition()["status"] == "idle"
    scr.screen(cam, face_of(cam), 10)
    c = scr.condition()
    assert c["status"] == "normal" and c["operating_band"] == "ok"
    assert c["blackbody_error_c"] == pytest.approx(-0.8, abs=0.1)
    cam.scene = replace(cam.scene, ambient_c=27.0)
    scr.screen(cam, face_of(cam), 10)
    c = scr.condition()
    assert c["status"] == "unavailable" and c["operating_band"] == "outside" and "27.0" in c["detail"]


@pytest.mark.parametrize("scene, match", [
    ({"ambient_c": 28.0}, "operating band"),
    ({"humidity_pct": 85.0}, "operating band"),
    ({"blackbody": False}, "blackbody"),
])
def test_refuses_outside_the_operating_band_and_without_a_blackbody(scene, match):
    cam, clock = make(36.6, **scene)
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10)
    assert ev.status == "unavailable" and match in ev.detail


@pytest.mark.parametrize("size, match", [(0.15, "too far"), (0.9, "too close")])
def test_refuses_outside_the_distance_band(size, match):
    cam, clock = make(36.6, face=FaceScene(identity="gdp1", size=size))
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10)
    assert ev.status == "unavailable" and match in ev.detail
    assert cam.frames_total == 0  # gated before any frame is read


def test_refuses_a_turned_face_and_a_missing_face():
    cam, clock = make(36.6)
    face = face_of(cam)
    lm = face.landmarks.copy()
    lm[2, 0] += 25
    face.landmarks = lm
    scr = ThermalScreener(ThermalConfig(), clock)
    assert "not frontal" in scr.screen(cam, face, 10).detail
    assert scr.screen(cam, None, 10).status == "unavailable"
    no_box = FaceEvidence(0.9, 0.4, True, Check.VALID)
    assert "no face position" in scr.screen(cam, no_box, 10).detail


def test_without_landmarks_the_box_template_still_measures():
    cam, clock = make(36.6)
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam, landmarks=False), 10)
    assert ev.status == "normal" and ev.core_c == pytest.approx(36.6, abs=0.3)


def test_nobody_in_the_thermal_view_does_not_pass_as_normal():
    cam, clock = make(36.6, present=False)
    box = (257.0, 148.0, 389.0, 318.0)
    face = FaceEvidence(0.9, 0.4, True, Check.VALID, face_box=box, landmarks=None)
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face, 10)
    # the canthus ROIs see the wall: a "temperature" far below any living person's
    assert ev.status != "fever" and (ev.core_c is None or ev.core_c < 30)


def test_device_timeouts_are_retried_until_the_deadline_and_errors_are_unavailable():
    cam, clock = make(36.6)

    class Flaky:
        def __init__(self, errors):
            self.errors = list(errors)

        def read(self, timeout):
            if self.errors:
                e = self.errors.pop(0)
                clock.sleep(timeout)
                raise e
            return cam.read(timeout)

    scr = ThermalScreener(ThermalConfig(), clock)
    ev = scr.screen(Flaky([DeviceTimeout("thermal_camera", "slow")] * 3), face_of(cam), 10)
    assert ev.status == "normal"
    ev = scr.screen(Flaky([DeviceDisconnected("thermal_camera", "USB gone")]), face_of(cam), 10)
    assert ev.status == "unavailable" and "USB gone" in ev.detail
    ev = scr.screen(Flaky([DeviceTimeout("thermal_camera", "slow")] * 100), face_of(cam), 2)
    assert ev.status == "unavailable" and "usable thermal frames" in ev.detail


def test_misregistration_within_the_roi_tolerance_still_reads_right():
    cam, clock = make(36.6, misregistration_px=(2.0, -1.5))
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10)
    assert ev.core_c == pytest.approx(36.6, abs=0.3)


def test_the_readings_are_numbers_in_the_record():
    cam, clock = make(36.6)
    rec = ThermalScreener(ThermalConfig(), clock).screen(cam, face_of(cam), 10).to_record()
    assert set(rec) == {"status", "core_c", "threshold_c", "readings_c", "detail"}
    assert all(isinstance(v, float) for v in rec["readings_c"]) and np.isfinite(rec["core_c"])


# --- in the lane -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scene, outcome, reason", [
    ({}, "clear", None),
    ({"physiology": Physiology(core_c=38.4)}, "refer", "fever"),
    ({"disconnect_after": 2}, "refer", "temperature-unavailable"),
    ({"ambient_c": 30.0}, "refer", "temperature-unavailable"),
])
def test_the_lane_clears_refers_fever_and_never_passes_without_a_reading(tmp_path, scene, outcome, reason):
    from lane_doubles import Services, make_lane

    lane, devs, _ = make_lane(tmp_path)
    camera = SimulatedThermalCamera(ThermalScene(**scene), clock=lane.clock)
    box, lm = camera.truth()

    class FaceWithPosition(Services):
        def verify(self, camera_, reference, timeout, on_guidance=None):
            ev = super().verify(camera_, reference, timeout, on_guidance)
            ev.face_box, ev.landmarks = box, lm
            return ev

    svc = FaceWithPosition(lane.services.face.script)
    lane.services.face = svc
    lane.services.temperature = ThermalScreener(lane.config.thermal, lane.clock)
    lane.devices.thermal_camera = camera
    r = lane.run_transaction()
    assert r.outcome == outcome
    if reason:
        assert reason in r.reasons and devs["gate"].admitted == 0
    temp = r.record["evidence"]["temperature"]
    assert temp["status"] in ("normal", "fever", "unavailable") and temp["threshold_c"] == 37.3


class Frozen:
    """A camera whose picture froze: it hands out the same frame again and again."""

    def __init__(self, cam, fresh: int, *, new_stamp: bool = False):
        self.cam, self.fresh, self.new_stamp = cam, fresh, new_stamp
        self.last = None

    def read(self, timeout):
        if self.fresh > 0 or self.last is None:
            self.fresh -= 1
            self.last = self.cam.read(timeout)
            return self.last
        self.cam.clock.sleep(1 / 9)
        if self.new_stamp:  # a network camera that stamps and counts every answer, same pixels
            return replace(self.last, timestamp=self.cam.clock.monotonic(), frame_id=(self.last.frame_id or 0) + 1)
        return self.last


@pytest.mark.parametrize("new_stamp", [False, True])
def test_a_frozen_camera_is_unavailable_not_a_reading(new_stamp):
    cam, clock = make(38.4)  # a frozen picture must not confirm (or deny) anything
    ev = ThermalScreener(ThermalConfig(), clock).screen(Frozen(cam, 1, new_stamp=new_stamp), face_of(cam), 3)
    assert ev.status == "unavailable" and ev.core_c is None
    assert "repeated thermal frame" in ev.detail


class Raising:
    def __init__(self, exc):
        self.exc = exc

    def read(self, timeout):
        raise self.exc


class Garbage:
    def __init__(self, cam, kelvin):
        self.cam, self.kelvin = cam, kelvin

    def read(self, timeout):
        return replace(self.cam.read(timeout), kelvin=self.kelvin)


@pytest.mark.parametrize("camera", [
    lambda cam: Raising(RuntimeError("driver bug")),
    lambda cam: Raising(OSError(5, "I/O error")),
    lambda cam: Garbage(cam, np.array([["a", "b"], ["c", "d"]])),
    lambda cam: Garbage(cam, None),
    lambda cam: type("NotAFrame", (), {"read": lambda self, t: b"\x00" * 64})(),
])
def test_any_camera_fault_or_garbage_frame_is_unavailable_never_an_exception(camera):
    cam, clock = make(36.6)
    ev = ThermalScreener(ThermalConfig(), clock).screen(camera(cam), face_of(cam), 2)
    assert ev.status == "unavailable" and ev.core_c is None and ev.detail


def test_a_face_box_of_nans_is_unavailable():
    cam, clock = make(36.6)
    face = FaceEvidence(0.9, 0.4, True, Check.VALID, face_box=(float("nan"),) * 4, landmarks=None)
    ev = ThermalScreener(ThermalConfig(), clock).screen(cam, face, 2)
    assert ev.status == "unavailable" and "face position" in ev.detail
