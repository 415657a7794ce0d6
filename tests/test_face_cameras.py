"""Camera drivers: the OpenCV VideoCapture driver and the scene simulator, through the registry."""

from __future__ import annotations

from types import SimpleNamespace

import cv2
import numpy as np
import pytest
from face_fixtures import FakeClock

import hardware.cameras  # noqa: F401  (registers the drivers)
from hardware.cameras import FaceScene, OpenCVCamera, SimulatedCamera, scene_for
from hardware.registry import create, drivers
from kiosk.errors import ConfigError, DeviceDisconnected


def test_both_camera_drivers_are_registered():
    assert {"opencv", "simulator"} <= set(drivers("camera"))


def test_photo_mode_frames_are_identical_and_live_frames_are_not():
    photo = SimulatedCamera(FaceScene("gdp1", mode="photo"), clock=FakeClock())
    a, b = photo.read(1.0), photo.read(1.0)
    assert np.array_equal(a, b)
    live = SimulatedCamera(FaceScene("gdp1"), clock=FakeClock())
    c, d = live.read(1.0), live.read(1.0)
    assert c.shape == (480, 640, 3) and c.dtype == np.uint8
    assert not np.array_equal(c, d)


def test_scene_size_and_brightness_change_the_image():
    clk = FakeClock()
    empty = SimulatedCamera(FaceScene(None, mode="photo"), clock=clk).read(1.0)
    face = SimulatedCamera(FaceScene("gdp1", mode="photo"), clock=clk).read(1.0)
    dark = SimulatedCamera(FaceScene("gdp1", mode="photo", brightness=0.2), clock=clk).read(1.0)
    assert np.mean(cv2.absdiff(empty, face)) > 3
    assert dark.mean() < 0.3 * face.mean()


def test_camera_paces_itself_with_the_injected_clock():
    clk = FakeClock()
    cam = SimulatedCamera(FaceScene("gdp1"), fps=10, clock=clk)
    start = clk.monotonic()
    for _ in range(5):
        cam.read(1.0)
    assert clk.monotonic() - start == pytest.approx(0.5)


def test_disconnect_fault_after_n_frames_and_health():
    cam = SimulatedCamera(FaceScene("gdp1", disconnect_after=2), clock=FakeClock())
    cam.read(1.0)
    cam.read(1.0)
    with pytest.raises(DeviceDisconnected):
        cam.read(1.0)
    with pytest.raises(DeviceDisconnected):
        cam.read(1.0)  # stays unplugged
    assert not cam.health().ok
    cam.scene = FaceScene("gdp3")  # next traveller: the fault belonged to the old scene
    assert cam.read(1.0).shape == (480, 640, 3)
    assert cam.health().ok


def test_behaviours_map_to_scenes():
    assert scene_for({"identity": "gdp1", "behaviour": "photo"}).mode == "photo"
    assert scene_for({"identity": "gdp1", "behaviour": "absent"}).identity is None
    assert scene_for({"identity": "gdp1", "behaviour": "two-faces"}).second_identity
    assert scene_for({"identity": "gdp1", "behaviour": "far"}).size < 0.2
    assert scene_for({"identity": "gdp1", "behaviour": "dark"}).brightness < 0.5
    assert scene_for({"identity": "gdp1", "size": 0.5}).size == 0.5
    with pytest.raises(ConfigError, match="behaviour"):
        scene_for({"behaviour": "levitating"})
    with pytest.raises(ConfigError, match="colour"):
        scene_for({"colour": "blue"})


def test_unknown_identity_is_a_config_error():
    with pytest.raises(ConfigError, match="nobody"):
        SimulatedCamera(FaceScene("nobody"))


def test_simulator_through_registry_follows_the_world():
    class World:
        def __init__(self):
            self.subs = []

        def subscribe(self, fn):
            self.subs.append(fn)

    world = World()
    ctx = SimpleNamespace(clock=FakeClock(), world=world)
    cam = create("camera", "simulator", {"driver": "simulator", "fps": 20}, ctx)
    assert isinstance(cam, SimulatedCamera) and cam.fps == 20
    world.subs[0](SimpleNamespace(face={"identity": "yaoming", "behaviour": "photo"}))
    assert cam.scene.identity == "yaoming" and cam.scene.mode == "photo"
    with pytest.raises(ConfigError, match="zoom"):
        create("camera", "simulator", {"zoom": 2}, ctx)


# --- OpenCV -------------------------------------------------------------------------------------


@pytest.fixture()
def video_file(tmp_path):
    path = tmp_path / "lane.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (320, 240))
    assert writer.isOpened()
    cam = SimulatedCamera(FaceScene("gdp1"), width=320, height=240, clock=FakeClock())
    for _ in range(4):
        writer.write(cam.read(1.0))
    writer.release()
    return path


def test_opencv_camera_reads_a_file_then_reports_end_as_disconnect(video_file):
    cam = create("camera", "opencv", {"source": str(video_file)}, SimpleNamespace(clock=FakeClock()))
    assert isinstance(cam, OpenCVCamera)
    assert cam.health().ok
    frames = [cam.read(1.0) for _ in range(4)]
    assert all(f.shape == (240, 320, 3) and f.dtype == np.uint8 for f in frames)
    with pytest.raises(DeviceDisconnected, match="end of stream"):
        cam.read(1.0)
    assert not cam.health().ok
    cam.close()


def test_opencv_camera_missing_device_is_reported_not_raised_at_start():
    cam = OpenCVCamera(source=63, clock=FakeClock())  # /dev/video63 does not exist
    health = cam.health()
    assert not health.ok and "cannot open" in health.detail
    with pytest.raises(DeviceDisconnected, match="cannot open"):
        cam.read(0.5)


def test_opencv_options_are_checked():
    with pytest.raises(ConfigError, match="resolution"):
        create("camera", "opencv", {"resolution": "hd"}, None)
    with pytest.raises(ConfigError, match="backend"):
        OpenCVCamera(source=0, backend="warp-drive")
