"""Driver tests on constructed frames: Lepton Y16 + telemetry, InfiRay split frames, Hikvision ISAPI bodies."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from lane_doubles import FakeClock

from hardware import registry
from hardware.drivers import load_all
from hardware.thermal.hikvision import HikvisionThermometry, parse_multipart
from hardware.thermal.infiray import InfiRayCamera, split_frame
from hardware.thermal.lepton import FFC_COMPLETE, FFC_IN_PROGRESS, LeptonCamera, parse_telemetry, parse_y16
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError

# --- FLIR Lepton on PureThermal ------------------------------------------------------------------


def telemetry_words(n_words=320, ffc_state=FFC_COMPLETE, uptime_ms=123_456, last_ffc_ms=120_000,
                    frame_counter=70_000, fpa_k=301.25):
    w = np.zeros(n_words, np.uint16)
    w[0] = 14  # telemetry revision
    w[1], w[2] = uptime_ms & 0xFFFF, uptime_ms >> 16  # least significant word first
    status = (ffc_state << 4) | 0x8
    w[3], w[4] = status & 0xFFFF, status >> 16
    w[20], w[21] = frame_counter & 0xFFFF, frame_counter >> 16
    w[24] = round(fpa_k * 100)
    w[30], w[31] = last_ffc_ms & 0xFFFF, last_ffc_ms >> 16
    return w


def y16_frame(scene_k, tele=None, where="bottom"):
    ck = np.round(np.asarray(scene_k) * 100).astype(np.uint16)  # TLinear: centikelvin
    if tele is None:
        return ck
    rows = tele.reshape(-1, ck.shape[1])
    return np.vstack([ck, rows] if where == "bottom" else [rows, ck])


def test_telemetry_fields():
    t = parse_telemetry(telemetry_words(ffc_state=FFC_IN_PROGRESS))
    assert t.ffc_in_progress and t.ffc_desired
    assert t.uptime_ms == 123_456 and t.frame_counter == 70_000
    assert t.fpa_temp_k == pytest.approx(301.25)
    assert t.since_ffc_s == pytest.approx(3.456)


@pytest.mark.parametrize("where", ["bottom", "top"])
def test_y16_with_telemetry_rows_is_stripped_and_scaled(where):
    scene = np.full((120, 160), 295.15, np.float64)
    scene[50:60, 70:80] = 309.0
    raw = y16_frame(scene, telemetry_words(), where)
    assert raw.shape == (122, 160)
    kelvin, tele = parse_y16(raw, telemetry=where)
    assert kelvin.shape == (120, 160) and kelvin.dtype == np.float32
    assert kelvin[55, 75] == pytest.approx(309.0, abs=0.005) and kelvin[0, 0] == pytest.approx(295.15, abs=0.005)
    assert tele is not None and tele.ffc_state == FFC_COMPLETE
    # OpenCV with CONVERT_RGB off may hand back the same words as a flat byte buffer
    k2, _ = parse_y16(raw.astype("<u2").view(np.uint8).reshape(1, -1), telemetry=where)
    assert np.array_equal(kelvin, k2)


def test_lepton_25_and_low_gain():
    raw = y16_frame(np.full((60, 80), 3000.0 / 100), telemetry_words(240))  # 0.1 K per count below
    raw[:60] = 3000
    kelvin, tele = parse_y16(raw, 80, 60, "bottom", 3, resolution_k=0.1)
    assert kelvin.shape == (60, 80) and kelvin[0, 0] == pytest.approx(300.0) and tele is not None


def test_y16_malformed_buffers_are_device_errors():
    with pytest.raises(DeviceError, match="unexpected frame"):
        parse_y16(np.zeros((100, 100), np.uint16))
    with pytest.raises(DeviceError, match="all-zero"):
        parse_y16(np.zeros((122, 160), np.uint16))


class FakeCapture:
    """Stands in for cv2.VideoCapture: hands out prepared buffers, records the properties it was set to."""

    def __init__(self, frames):
        self.frames = list(frames)
        self.props = {}
        self.released = False

    def isOpened(self):
        return not self.released

    def set(self, prop, value):
        self.props[prop] = value
        return True

    def read(self):
        if self.frames:
            return True, self.frames.pop(0)
        return False, None

    def release(self):
        self.released = True


def test_lepton_camera_reads_frames_and_survives_an_unplug(tmp_path):
    import cv2

    node = tmp_path / "video0"
    node.write_text("")
    scene = np.full((120, 160), 296.0)
    made = []

    def factory(source, api):
        cap = FakeCapture([y16_frame(scene, telemetry_words(ffc_state=s)) for s in (FFC_COMPLETE, FFC_IN_PROGRESS)])
        made.append(cap)
        return cap

    cam = LeptonCamera(source=str(node), clock=FakeClock(), capture_factory=factory)
    assert made[0].props[cv2.CAP_PROP_CONVERT_RGB] == 0.0
    assert made[0].props[cv2.CAP_PROP_FOURCC] == float(cv2.VideoWriter_fourcc(*"Y16 "))
    f1, f2 = cam.read(1.0), cam.read(1.0)
    assert not f1.ffc_in_progress and f2.ffc_in_progress
    assert f1.fpa_temp_k == pytest.approx(301.25) and f1.kelvin.mean() == pytest.approx(296.0)
    assert cam.health().ok
    node.unlink()  # the cable is pulled
    with pytest.raises(DeviceDisconnected, match="disappeared"):
        cam.read(1.0)
    assert not cam.health().ok
    with pytest.raises(DeviceDisconnected):
        cam.read(1.0)
    node.write_text("")  # plugged back in
    assert cam.read(1.0).kelvin.shape == (120, 160)
    assert len(made) == 2
    cam.close()


def test_lepton_options_are_checked():
    load_all()
    with pytest.raises(ConfigError, match="unknown option"):
        registry.create("thermal_camera", "lepton", {"sauce": 1}, None)
    with pytest.raises(ConfigError, match="model"):
        LeptonCamera(model="9", capture_factory=lambda s, a: FakeCapture([]))


# --- InfiRay P2-style split frame ----------------------------------------------------------------


def infiray_frame(celsius, grey_value=120):
    h, w = celsius.shape
    temp_words = np.round((np.asarray(celsius) + 273.15) * 64).astype("<u2")
    image_words = np.full((h, w), 0x8000 | grey_value, "<u2")  # YUYV: luma in the low byte
    return np.vstack([image_words, temp_words]).view(np.uint8).reshape(2 * h, w, 2)


def test_infiray_split_frame_and_conversion():
    c = np.full((192, 256), 24.0)
    c[90:100, 120:130] = 36.5
    grey, words = split_frame(infiray_frame(c))
    assert grey.shape == (192, 256) and grey[0, 0] == 120
    assert words.shape == (192, 256)
    assert words[95, 125] / 64 - 273.15 == pytest.approx(36.5, abs=1 / 64)


def test_infiray_camera_flags_a_frozen_frame_as_shutter_closed(tmp_path):
    node = tmp_path / "video2"
    node.write_text("")
    c1 = np.full((192, 256), 24.0)
    c2 = c1 + 0.1
    frames = [infiray_frame(c1), infiray_frame(c2), infiray_frame(c2)]
    cam = InfiRayCamera(source=str(node), clock=FakeClock(), capture_factory=lambda s, a: FakeCapture(frames))
    a, b, frozen = cam.read(1), cam.read(1), cam.read(1)
    assert not a.ffc_in_progress and not b.ffc_in_progress and frozen.ffc_in_progress
    assert a.kelvin[0, 0] == pytest.approx(297.15, abs=1 / 64)
    node.unlink()
    with pytest.raises(DeviceDisconnected):
        cam.read(1)
    cam.close()


# --- Hikvision ISAPI -----------------------------------------------------------------------------


def isapi_body(celsius, kind="float", frozen=False, boundary="MIME_boundary", order=("json", "jpeg", "temp")):
    h, w = celsius.shape
    if kind == "float":
        data = np.asarray(celsius, "<f4").tobytes()
        meta = {"temperatureDataLength": 4}
    else:
        scale, offset = 10.0, 100.0  # raw = (kelvin - offset) * scale
        data = np.round((np.asarray(celsius) + 273.15 - offset) * scale).astype("<i2").tobytes()
        meta = {"temperatureDataLength": 2, "scale": scale, "offset": offset}
    meta.update(jpegPicWidth=w, jpegPicHeight=h, p2pDataLen=len(data), isFreezedata=frozen, jpegPicLen=4)
    parts = {
        "json": ("application/json", json.dumps({"JpegPictureWithAppendData": meta}).encode()),
        "jpeg": ("image/jpeg", b"\xff\xd8\xff\xd9"),
        "temp": ("application/octet-stream", data),
    }
    b = boundary.encode()
    chunks = []
    for name in order:
        ctype, payload = parts[name]
        chunks.append(b"--" + b + b"\r\nContent-Type: " + ctype.encode() +
                      b"\r\nContent-Length: %d\r\n\r\n" % len(payload) + payload + b"\r\n")
    return b"".join(chunks) + b"--" + b + b"--\r\n", f"multipart/mixed; boundary={boundary}"


@pytest.mark.parametrize("kind", ["float", "int16"])
def test_isapi_multipart_matrix(kind):
    c = np.full((120, 160), 23.0)
    c[60:64, 80:84] = 36.4
    c[0, 0] = 13.0 + 0.1  # b"\r\n"-like bytes must survive the parsing
    body, ctype = isapi_body(c, kind, order=("jpeg", "temp", "json"))
    pic = parse_multipart(body, ctype)
    assert pic.celsius.shape == (120, 160)
    assert pic.celsius[61, 81] == pytest.approx(36.4, abs=0.06)
    assert pic.thermal_jpeg == b"\xff\xd8\xff\xd9" and not pic.frozen


@pytest.mark.parametrize("mutate, match", [
    (lambda b, c: (b, "image/jpeg"), "multipart"),
    (lambda b, c: (b.replace(b"application/octet-stream", b"text/html"), c), "no temperature matrix"),
    (lambda b, c: (b.replace(b"JpegPictureWithAppendData", b"Something"), c), "metadata"),
    (lambda b, c: (b.replace(b'"p2pDataLen": 76800', b'"p2pDataLen": 999'), c), "bytes"),
])
def test_isapi_malformed_bodies(mutate, match):
    body, ctype = isapi_body(np.full((120, 160), 23.0))
    body, ctype = mutate(body, ctype)
    with pytest.raises(DeviceError, match=match):
        parse_multipart(body, ctype)


@pytest.fixture
def isapi_server():
    state = {"status": 200, "frozen": False, "paths": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state["paths"].append(self.path)
            if state["status"] != 200:
                self.send_response(state["status"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            c = np.full((120, 160), 22.5, np.float32)
            body, ctype = isapi_body(c, frozen=state["frozen"])
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="isapi-test", daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    state["server"] = server
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(2)


def test_hikvision_driver_over_http(isapi_server):
    cam = HikvisionThermometry(isapi_server["url"], password="pw", channel=2, clock=FakeClock())
    f = cam.read(2.0)
    assert f.kelvin.shape == (120, 160) and f.kelvin[0, 0] == pytest.approx(295.65, abs=1e-3)
    assert not f.ffc_in_progress
    assert isapi_server["paths"][-1] == "/ISAPI/Thermal/channels/2/thermometry/jpegPicWithAppendData?format=json"
    isapi_server["frozen"] = True
    assert cam.read(2.0).ffc_in_progress
    isapi_server["status"] = 401
    with pytest.raises(DeviceError, match="authentication"):
        cam.read(2.0)
    assert not cam.health().ok
    cam.close()


def test_hikvision_camera_gone_is_disconnected(isapi_server):
    cam = HikvisionThermometry(isapi_server["url"], clock=FakeClock())
    cam.read(2.0)
    isapi_server["server"].shutdown()
    isapi_server["server"].server_close()
    with pytest.raises(DeviceDisconnected, match="unreachable"):
        cam.read(1.0)
    cam.close()


def test_hikvision_needs_a_url():
    load_all()
    with pytest.raises(ConfigError, match="url"):
        registry.create("thermal_camera", "hikvision", {}, None)
    with pytest.raises(ConfigError, match="http"):
        HikvisionThermometry("192.168.1.64")
