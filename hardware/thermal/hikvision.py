"""A Hikvision thermometry camera over ISAPI (HTTP, digest authentication).

`GET /ISAPI/Thermal/channels/<n>/thermometry/jpegPicWithAppendData?format=json` answers one multipart
body: a JSON part (`JpegPictureWithAppendData`: jpegPicWidth/Height = the temperature matrix size,
temperatureDataLength 4 = float32 °C or 2 = int16 with `scale`/`offset` in kelvin, `isFreezedata` while
the picture is frozen), the thermal JPEG, the temperature matrix (`application/octet-stream`) and, on
bi-spectrum models, the visible JPEG. Parts are told apart by their content type, not their order.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from hardware.registry import register
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError, DeviceTimeout
from kiosk.ports import Clock, DeviceHealth, SystemClock, ThermalFrame
from kiosk.thermal.measure import KELVIN

PATH = "/ISAPI/Thermal/channels/{channel}/thermometry/jpegPicWithAppendData?format=json"


@dataclass(frozen=True)
class IsapiPicture:
    meta: dict[str, Any]
    celsius: np.ndarray  # H x W float32
    thermal_jpeg: bytes | None
    visible_jpeg: bytes | None

    @property
    def frozen(self) -> bool:
        return bool(self.meta.get("isFreezedata", False))


def parse_multipart(body: bytes, content_type: str, device: str = "thermal_camera") -> IsapiPicture:
    """Parse one jpegPicWithAppendData answer (raises DeviceError on anything malformed)."""
    if "multipart/" not in content_type or "boundary=" not in content_type:
        raise DeviceError(device, f"expected a multipart answer, got {content_type or 'no content type'}")
    msg = email.message_from_bytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body,
                                   policy=email.policy.HTTP)
    if not msg.is_multipart():
        raise DeviceError(device, "multipart body without parts")
    meta: dict[str, Any] | None = None
    matrix: bytes | None = None
    jpegs: list[bytes] = []
    for part in msg.iter_parts():
        kind = part.get_content_type()
        data = part.get_payload(decode=True) or b""
        if kind in ("application/json", "text/json", "text/plain") and meta is None:
            try:
                meta = json.loads(data.decode("utf-8"))["JpegPictureWithAppendData"]
            except (ValueError, KeyError, UnicodeDecodeError) as exc:
                raise DeviceError(device, f"bad metadata part: {exc}") from None
        elif kind == "image/jpeg":
            jpegs.append(data)
        elif kind == "application/octet-stream" and matrix is None:
            matrix = data
    if meta is None:
        raise DeviceError(device, "no JpegPictureWithAppendData metadata part")
    if matrix is None:
        raise DeviceError(device, "no temperature matrix part")
    try:
        w, h = int(meta["jpegPicWidth"]), int(meta["jpegPicHeight"])
        size = int(meta.get("temperatureDataLength", 4))
    except (KeyError, TypeError, ValueError) as exc:
        raise DeviceError(device, f"metadata lacks the matrix size: {exc}") from None
    if w <= 0 or h <= 0 or size not in (2, 4):
        raise DeviceError(device, f"unsupported matrix {w}x{h} with {size}-byte values")
    expected = int(meta.get("p2pDataLen", w * h * size))
    if expected != w * h * size or len(matrix) < expected:
        raise DeviceError(device, f"temperature matrix has {len(matrix)} bytes, {w}x{h}x{size} expected")
    if size == 4:
        celsius = np.frombuffer(matrix[:expected], dtype="<f4").reshape(h, w).astype(np.float32)
    else:
        scale, offset = float(meta.get("scale", 1.0)), float(meta.get("offset", 0.0))
        if scale == 0:
            raise DeviceError(device, "int16 matrix with scale 0")
        raw = np.frombuffer(matrix[:expected], dtype="<i2").reshape(h, w).astype(np.float32)
        celsius = raw / np.float32(scale) + np.float32(offset) - np.float32(KELVIN)
    if not np.isfinite(celsius).all():
        raise DeviceError(device, "temperature matrix holds non-numbers")
    return IsapiPicture(meta, celsius, jpegs[0] if jpegs else None, jpegs[1] if len(jpegs) > 1 else None)


class HikvisionThermometry:
    def __init__(self, url: str, username: str = "admin", password: str | None = None,
                 password_env: str | None = None, channel: int = 2, timeout_s: float = 3.0,
                 verify_tls: bool = True, clock: Clock | None = None, device: str = "thermal_camera") -> None:
        import requests
        from requests.auth import HTTPDigestAuth

        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"devices.{device}.url: an http(s):// address, not {url!r}")
        if password is None and password_env:
            password = os.environ.get(password_env)
        self.url = url.rstrip("/") + PATH.format(channel=int(channel))
        self.timeout_s = float(timeout_s)
        self.clock = clock or SystemClock()
        self.device = device
        self.session = requests.Session()
        self.session.verify = verify_tls
        if password is not None:
            self.session.auth = HTTPDigestAuth(username, password)
        self.frames = 0
        self.error = ""

    def picture(self, timeout: float) -> IsapiPicture:
        import requests

        try:
            r = self.session.get(self.url, timeout=max(0.1, min(timeout, self.timeout_s)))
        except requests.Timeout:
            raise DeviceTimeout(self.device, f"no answer from {self.url} within {timeout:.1f} s") from None
        except requests.ConnectionError as exc:
            self.error = f"unreachable: {exc.__class__.__name__}"
            raise DeviceDisconnected(self.device, f"{self.url} {self.error}") from None
        if r.status_code == 401:
            self.error = "authentication failed"
            raise DeviceError(self.device, "ISAPI authentication failed (user/password)")
        if r.status_code != 200:
            self.error = f"HTTP {r.status_code}"
            raise DeviceError(self.device, f"ISAPI answered HTTP {r.status_code}")
        pic = parse_multipart(r.content, r.headers.get("Content-Type", ""), self.device)
        self.frames += 1
        self.error = ""
        return pic

    def read(self, timeout: float) -> ThermalFrame:
        pic = self.picture(timeout)
        return ThermalFrame(kelvin=(pic.celsius + np.float32(KELVIN)).astype(np.float32),
                            timestamp=self.clock.monotonic(), ffc_in_progress=pic.frozen, frame_id=self.frames)

    def health(self) -> DeviceHealth:
        try:
            pic = self.picture(self.timeout_s)
        except DeviceError as exc:
            return DeviceHealth(self.device, "hikvision", False, exc.detail)
        h, w = pic.celsius.shape
        return DeviceHealth(self.device, "hikvision", True, f"ISAPI thermometry {w}x{h}", {"frames": self.frames})

    def close(self) -> None:
        self.session.close()


_OPTIONS = {"url", "username", "password", "password_env", "channel", "timeout_s", "verify_tls"}


@register("thermal_camera", "hikvision")
def create_hikvision(options: dict[str, Any], context: Any) -> HikvisionThermometry:
    opts = {k: v for k, v in options.items() if k != "driver"}
    unknown = set(opts) - _OPTIONS
    if unknown:
        raise ConfigError(f"devices.thermal_camera: unknown option(s) {', '.join(sorted(unknown))}")
    if "url" not in opts:
        raise ConfigError("devices.thermal_camera.url: required for the hikvision driver")
    return HikvisionThermometry(clock=getattr(context, "clock", None), **opts)
