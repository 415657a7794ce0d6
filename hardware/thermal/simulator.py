"""A radiometric thermal camera simulator: the traveller's face, a blackbody, and a cheap sensor's faults.

The scene is rendered in true temperatures (4x supersampled, then the optics' blur): the lane background
at ambient, clothing, facial skin, the warmer periorbital region and the inner canthi, whose temperature
follows the configured physiology (canthus = core − canthus_offset − ambient_coeff·(23 − ambient)), and
the blackbody aperture at its set-point. Skin emissivity mixes in the reflected ambient. The sensor then
adds a gain error, an offset that drifts between flat-field corrections, fixed-pattern and temporal noise,
freezes during an FFC (the shutter closes; Lepton-style metadata says so) and can be mis-registered
against the visible camera. Frames are kelvin float32 with `ThermalFrame` metadata.

The face sits where the simulated visible camera draws it (hardware/cameras/simulated.py: the identity
image pasted at `size`/`center`), mapped through the true visible→thermal homography.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any

import cv2
import numpy as np

from hardware.cameras.simulated import FaceScene, load_identity, scene_for
from hardware.registry import register
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError
from kiosk.ports import Clock, DeviceHealth, SystemClock, ThermalFrame
from kiosk.thermal.measure import KELVIN, template_landmarks
from kiosk.thermal.registration import Registration

VISIBLE_SIZE = (640, 480)  # the simulated visible camera's frame
_SS = 4  # supersampling of the rendered scene


@dataclass
class Physiology:
    core_c: float = 36.6
    canthus_offset_c: float = 0.9  # core − inner canthus at the reference ambient
    ambient_coeff: float = 0.03  # the canthus cools by this much per °C of colder room
    skin_offset_c: float = 3.0  # core − cheek/forehead skin
    emissivity: float = 0.98

    def canthus_c(self, ambient_c: float) -> float:
        return self.core_c - self.canthus_offset_c - self.ambient_coeff * (23.0 - ambient_c)


@dataclass
class ThermalScene:
    """Everything the simulator renders; one per traveller (assigning resets the sensor's timeline)."""

    present: bool = True  # a face at the mark
    face: FaceScene = field(default_factory=lambda: FaceScene(identity="gdp1"))
    physiology: Physiology = field(default_factory=Physiology)
    ambient_c: float = 22.0
    humidity_pct: float = 40.0
    ambient_sensor: bool = True  # whether frames carry ambient/humidity
    blackbody: bool = True  # False: the blackbody is switched off
    blackbody_setpoint_c: float = 35.0
    blackbody_aperture: tuple[int, int, int, int] = (138, 4, 16, 14)  # x, y, w, h thermal px
    homography: tuple[tuple[float, ...], ...] = ((0.25, 0.0, 1.0), (0.0, 0.25, -2.0), (0.0, 0.0, 1.0))
    misregistration_px: tuple[float, float] = (0.0, 0.0)  # true face position − calibrated, thermal px
    motion_px: float = 0.3  # frame-to-frame head motion, thermal px (sigma)
    gain_error: float = 0.0  # relative responsivity error
    drift_c: float = 0.0  # sensor offset right after an FFC
    drift_rate_c_per_min: float = 0.0  # offset growth between FFCs
    noise_c: float = 0.06  # temporal noise sigma (NETD-like)
    fpn_c: float = 0.03  # fixed-pattern noise sigma, renewed by each FFC
    ffc_interval_s: float | None = 120.0  # None: no automatic FFC
    ffc_duration_s: float = 0.4
    ffc_stuck: bool = False  # the shutter never reopens
    disconnect_after: int | None = None  # raise DeviceDisconnected from this frame on
    fpa_temp_c: float = 30.0
    seed: int = 1


def face_truth(face: FaceScene, visible: tuple[int, int] = VISIBLE_SIZE) -> tuple[tuple[float, float, float, float],
                                                                                np.ndarray]:
    """Where the simulated visible camera draws the face: (x1, y1, x2, y2) and 5-point landmarks.

    The demo identity images are head-and-shoulders crops 1.9 face widths wide (tools/make_demo_faces.py);
    the constants are what the face detector finds on the rendered frames, averaged over the identities."""
    W, H = visible
    aspect = 1.217
    if isinstance(face.identity, (str, np.ndarray)):
        img = _identity_shape(face.identity)
        if img is not None:
            aspect = img[0] / img[1]
    sw = face.size * W
    sh = sw * aspect
    cx, cy = face.center[0] * W + 0.0125 * sw, face.center[1] * H - 0.02 * sh
    fw = 0.543 * sw
    fh = 1.29 * fw
    box = (cx - fw / 2, cy - fh / 2, cx + fw / 2, cy + fh / 2)
    return box, template_landmarks(box)


_SHAPES: dict[str, tuple[int, int]] = {}


def _identity_shape(identity: str | np.ndarray) -> tuple[int, int] | None:
    if isinstance(identity, np.ndarray):
        return identity.shape[:2]
    if identity not in _SHAPES:
        try:
            _SHAPES[identity] = load_identity(identity).shape[:2]
        except ConfigError:
            return None
    return _SHAPES[identity]


def render_truth(scene: ThermalScene, size: tuple[int, int], offset: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """The apparent (radiance) temperature of the scene in °C, before the sensor: H x W float32."""
    w, h = size
    amb = scene.ambient_c
    canvas = np.full((h * _SS, w * _SS), amb, np.float32)
    # lane interior: a slightly warmer ceiling, a cooler door frame
    canvas += np.linspace(0.6, -0.3, h * _SS, dtype=np.float32)[:, None]
    cv2.rectangle(canvas, (int(w * 0.08 * _SS), int(h * 0.1 * _SS)), (int(w * 0.3 * _SS), h * _SS), amb - 0.8,
                  2 * _SS)
    if scene.present and scene.face.identity is not None:
        reg = Registration(scene.homography)
        box, lm = face_truth(scene.face)
        shift = np.array([scene.misregistration_px[0] + offset[0], scene.misregistration_px[1] + offset[1]])
        corners = reg.points([[box[0], box[1]], [box[2], box[3]]]) + shift
        eyes = reg.points(lm[:2]) + shift
        (x1, y1), (x2, y2) = corners
        fw, fh = x2 - x1, y2 - y1
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
        ph = scene.physiology
        canthus = ph.canthus_c(amb)
        skin = ph.core_c - ph.skin_offset_c - 0.12 * (23.0 - amb)

        def ell(c: tuple[float, float], axes: tuple[float, float], value: float) -> None:
            cv2.ellipse(canvas, (round(c[0] * _SS), round(c[1] * _SS)),
                        (max(1, round(axes[0] * _SS)), max(1, round(axes[1] * _SS))), 0, 0, 360, float(value), -1)

        ell((cx, y2 + 0.85 * fh), (1.15 * fw, 0.6 * fh), amb + 6.0)  # clothed shoulders
        ell((cx, cy - 0.05 * fh), (0.52 * fw, 0.58 * fh), amb + 5.0)  # hair
        ell((cx, cy + 0.04 * fh), (0.47 * fw, 0.5 * fh), skin)  # face
        mid = eyes.mean(axis=0)
        iod = float(np.hypot(*(eyes[1] - eyes[0])))
        ell((mid[0], mid[1]), (0.95 * iod, 0.22 * iod), canthus - 0.6)  # periorbital
        d = eyes[1] - eyes[0]
        for c in (eyes[0] + 0.25 * d, eyes[1] - 0.25 * d):  # the inner canthi
            ell((c[0], c[1]), (0.15 * iod, 0.12 * iod), canthus)
        eps = ph.emissivity
        canvas = eps * canvas + (1.0 - eps) * amb  # reflected ambient (linearised radiance mix)
    image = cv2.resize(canvas, (w, h), interpolation=cv2.INTER_AREA)
    if scene.blackbody:
        x, y, bw, bh = scene.blackbody_aperture
        image[y:y + bh, x:x + bw] = scene.blackbody_setpoint_c
    return cv2.GaussianBlur(image, (0, 0), 0.6)  # the lens's point-spread function


class SimulatedThermalCamera:
    """Implements `ThermalCamera`; swap `scene` per traveller."""

    def __init__(self, scene: ThermalScene | None = None, width: int = 160, height: int = 120, fps: float = 9.0,
                 clock: Clock | None = None, pace: bool = True, device: str = "thermal_camera") -> None:
        if width < 32 or height < 24 or fps <= 0:
            raise ConfigError("devices.thermal_camera: width ≥ 32, height ≥ 24 and fps > 0 required")
        self.width, self.height, self.fps = int(width), int(height), float(fps)
        self.clock = clock or SystemClock()
        self.pace = pace
        self.device = device
        self._lock = threading.Lock()
        self._closed = False
        self.frames_total = 0
        self.scene = scene or ThermalScene()

    @property
    def scene(self) -> ThermalScene:
        return self._scene

    @scene.setter
    def scene(self, scene: ThermalScene) -> None:
        with self._lock:
            self._scene = scene
            self._rng = np.random.default_rng(scene.seed)
            self._frames = 0
            self._disconnected = False
            # the camera has been running for a while when the traveller steps up
            self._last_ffc_end = self.clock.monotonic() - 5.0
            self._fpn = self._new_fpn()
            self._last: np.ndarray | None = None

    def _new_fpn(self) -> np.ndarray:
        return self._rng.normal(0.0, self._scene.fpn_c, (self.height, self.width)).astype(np.float32)

    def _ffc_state(self, now: float) -> bool:
        """True while the shutter is closed; an FFC that ended renews the offset and fixed pattern."""
        sc = self._scene
        if sc.ffc_stuck:
            return True
        if sc.ffc_interval_s is None:
            return False
        while True:
            start = self._last_ffc_end + max(sc.ffc_interval_s, 0.05)
            if now < start:
                return False
            if now < start + sc.ffc_duration_s:
                return True
            self._last_ffc_end = start + sc.ffc_duration_s
            self._fpn = self._new_fpn()

    def read(self, timeout: float) -> ThermalFrame:
        with self._lock:
            if self._closed:
                raise DeviceError(self.device, "thermal camera is closed")
            sc = self._scene
            if self._disconnected or (sc.disconnect_after is not None and self._frames >= sc.disconnect_after):
                self._disconnected = True
                raise DeviceDisconnected(self.device, f"USB device gone after {self._frames} frames (simulated)")
            now = self.clock.monotonic()
            ffc = self._ffc_state(now)
            if ffc and self._last is not None:
                kelvin = self._last  # the shutter is closed: the sensor repeats its last frame
            elif ffc:
                kelvin = np.full((self.height, self.width), sc.fpa_temp_c + KELVIN, np.float32)
            else:
                jitter = tuple(self._rng.normal(0.0, sc.motion_px, 2)) if sc.motion_px > 0 else (0.0, 0.0)
                truth = render_truth(sc, (self.width, self.height), jitter)  # type: ignore[arg-type]
                offset = sc.drift_c + sc.drift_rate_c_per_min * (now - self._last_ffc_end) / 60.0
                noise = np.empty_like(truth)
                cv2.randn(noise, 0.0, float(sc.noise_c))
                measured = truth * (1.0 + sc.gain_error) + offset + self._fpn + noise
                kelvin = (measured + KELVIN).astype(np.float32)
                self._last = kelvin
            self._frames += 1
            self.frames_total += 1
            frame = ThermalFrame(
                kelvin=kelvin.copy(), timestamp=now, fpa_temp_k=sc.fpa_temp_c + KELVIN, ffc_in_progress=ffc,
                ambient_c=sc.ambient_c if sc.ambient_sensor else None,
                humidity_pct=sc.humidity_pct if sc.ambient_sensor else None,
                frame_id=self.frames_total, since_ffc_s=None if ffc else now - self._last_ffc_end,
            )
        if self.pace:
            self.clock.sleep(min(1.0 / self.fps, max(timeout, 0.0)))
        return frame

    def truth(self) -> tuple[tuple[float, float, float, float], np.ndarray] | None:
        """Ground truth for tests and the benchmark: the face box and landmarks in visible px."""
        sc = self._scene
        return face_truth(sc.face) if sc.present and sc.face.identity is not None else None

    def health(self) -> DeviceHealth:
        ok = not (self._closed or self._disconnected)
        detail = "disconnected" if self._disconnected else f"{self.width}x{self.height} @ {self.fps:g} fps (kelvin)"
        return DeviceHealth(self.device, "simulator", ok, detail,
                            {"frames": self.frames_total, "ambient_c": self._scene.ambient_c})

    def close(self) -> None:
        self._closed = True


# --- configuration and the simulated world ---------------------------------------------------------

_SCENE_FIELDS = set(ThermalScene.__dataclass_fields__) - {"face", "physiology", "present"}
_PHYS_FIELDS = set(Physiology.__dataclass_fields__)
_CAMERA_OPTIONS = {"width", "height", "fps", "pace"}
_TRAVELLER_KEYS = {"core_c", "present", "ambient_c", "humidity_pct", "misregistration_px", "drift_c", "noise_c",
                   "canthus_offset_c"}


def _tuple(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuple(v) for v in value)
    return value


def scene_from_options(options: dict[str, Any]) -> ThermalScene:
    opts = dict(options)
    phys = {k: opts.pop(k) for k in list(opts) if k in _PHYS_FIELDS}
    face = opts.pop("face", None)
    present = opts.pop("present", True)
    unknown = set(opts) - _SCENE_FIELDS
    if unknown:
        raise ConfigError(f"devices.thermal_camera: unknown option(s) {', '.join(sorted(unknown))}")
    try:
        scene = ThermalScene(present=bool(present), physiology=Physiology(**phys),
                             **{k: _tuple(v) for k, v in opts.items()})
    except TypeError as exc:
        raise ConfigError(f"devices.thermal_camera: {exc}") from None
    if face is not None:
        scene.face = scene_for(face)
    return scene


def scene_for_traveller(base: ThermalScene, traveller: Any, index: int) -> ThermalScene:
    """The base scene with this traveller's temperature, face position and faults."""
    temp = dict(getattr(traveller, "temperature", {}) or {})
    faults = dict(getattr(traveller, "faults", {}) or {})
    unknown = set(temp) - _TRAVELLER_KEYS
    if unknown:
        raise ConfigError(f"traveller {getattr(traveller, 'name', '?')}: temperature: unknown key(s) "
                          f"{', '.join(sorted(unknown))}")
    phys = replace(base.physiology, core_c=float(temp.get("core_c", base.physiology.core_c)),
                   canthus_offset_c=float(temp.get("canthus_offset_c", base.physiology.canthus_offset_c)))
    try:
        face = scene_for(getattr(traveller, "face", None))
    except ConfigError:
        face = FaceScene(identity=None)
    scene = replace(base, physiology=phys, face=face, present=bool(temp.get("present", True)),
                    seed=base.seed + index)
    for key in ("ambient_c", "humidity_pct", "drift_c", "noise_c"):
        if key in temp:
            setattr(scene, key, float(temp[key]))
    if "misregistration_px" in temp:
        scene.misregistration_px = tuple(float(v) for v in temp["misregistration_px"])  # type: ignore[assignment]
    dis = faults.get("thermal_disconnected")
    if dis:
        scene.disconnect_after = 2 if dis is True else int(dis)  # gone mid-session, after a couple of frames
    if faults.get("thermal_ffc"):
        scene.ffc_stuck = True
    if faults.get("thermal_blackbody_off"):
        scene.blackbody = False
    return scene


@register("thermal_camera", "simulator")
def create_simulated_thermal(options: dict[str, Any], context: Any) -> SimulatedThermalCamera:
    """Options: width, height, fps, pace and every ThermalScene/Physiology field (ambient_c, noise_c,
    drift_c, drift_rate_c_per_min, gain_error, ffc_interval_s, misregistration_px, core_c, ...).

    With a simulated world in the context the scene follows the traveller at the lane: temperature.{core_c,
    present, ambient_c, humidity_pct, misregistration_px, drift_c, noise_c}, face (where the visible camera
    draws it) and faults.{thermal_disconnected, thermal_ffc, thermal_blackbody_off}."""
    opts = {k: v for k, v in options.items() if k != "driver"}
    cam_opts = {k: opts.pop(k) for k in list(opts) if k in _CAMERA_OPTIONS}
    base = scene_from_options(opts)
    camera = SimulatedThermalCamera(base, clock=getattr(context, "clock", None), **cam_opts)
    world = getattr(context, "world", None)
    if world is not None and hasattr(world, "subscribe"):
        count = [0]

        def arrive(traveller: Any) -> None:
            count[0] += 1
            camera.scene = scene_for_traveller(base, traveller, count[0])

        world.subscribe(arrive)
    return camera


__all__ = ["Physiology", "SimulatedThermalCamera", "ThermalScene", "face_truth", "render_truth"]
