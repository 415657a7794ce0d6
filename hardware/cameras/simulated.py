"""A camera that renders a scene: a traveller's face (a demo identity image) in front of a lane background.

The face is pasted with a feathered oval mask at a given size and position. `mode="live"` adds what a
live person in front of a camera produces: small head motion (translation, rotation, scale, a slight
perspective change as the head turns), brightness flicker and sensor noise. `mode="photo"` returns the
same rendered frame, byte for byte, every time: a printed photo on a stand. Faults: dark frames,
no face, a second face, and a "disconnected" fault after N frames.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from hardware.registry import register
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError
from kiosk.ports import Clock, DeviceHealth, SystemClock

BEHAVIOURS = ("live", "photo", "absent", "two-faces", "far", "close", "dark", "disconnect")


def faces_dir() -> Path:
    """`$KIOSK_ASSETS/demo/faces`, else the source tree's assets/demo/faces."""
    root = os.environ.get("KIOSK_ASSETS")
    base = Path(root) if root else Path(__file__).resolve().parents[2] / "assets"
    return base / "demo" / "faces"


def load_identity(identity: str | os.PathLike[str] | np.ndarray) -> np.ndarray:
    """A demo identity name (assets/demo/faces/<name>.jpg), an image path, or a BGR array."""
    if isinstance(identity, np.ndarray):
        return identity
    text = str(identity)
    path = Path(text) if (os.sep in text or text.endswith((".jpg", ".png"))) else faces_dir() / f"{text}.jpg"
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise ConfigError(f"simulated camera: no identity image {path}")
    return image


@dataclass
class FaceScene:
    """What stands in front of the simulated camera."""

    identity: str | np.ndarray | None = None  # None: nobody in view
    size: float = 0.38  # width of the pasted head-and-shoulders image / frame width (face ≈ half of it)
    center: tuple[float, float] = (0.5, 0.5)  # of the pasted image, fractions of the frame
    mode: str = "live"  # "live" | "photo" (identical still frames)
    second_identity: str | np.ndarray | None = None
    second_size: float = 0.28
    second_center: tuple[float, float] = (0.2, 0.45)
    brightness: float = 1.0  # gain; 0.2 gives a dark lane
    noise: float = 2.5  # sensor noise sigma (live only)
    motion: float = 0.012  # head motion amplitude, fraction of the frame width (live only; 0: a photo
    #                        on a stand seen by a real, noisy sensor)
    disconnect_after: int | None = None  # raise DeviceDisconnected from this frame on
    seed: int = 1


def scene_for(face: dict[str, Any] | None) -> FaceScene:
    """Map a simulated traveller's `face` table ({identity, behaviour, ...}) to a scene."""
    face = dict(face or {})
    behaviour = face.pop("behaviour", "live")
    if behaviour not in BEHAVIOURS:
        raise ConfigError(f"face.behaviour: unknown {behaviour!r} ({', '.join(BEHAVIOURS)})")
    scene = FaceScene(identity=face.pop("identity", None))
    extra = {k: v for k, v in face.items() if k in FaceScene.__dataclass_fields__}
    unknown = set(face) - set(extra)
    if unknown:
        raise ConfigError(f"face: unknown key(s) {', '.join(sorted(unknown))}")
    scene = replace(scene, **extra)
    if behaviour == "photo":
        scene.mode = "photo"
    elif behaviour == "absent":
        scene.identity = None
    elif behaviour == "two-faces":
        scene.second_identity = scene.second_identity or "t1-4"
    elif behaviour == "far":
        scene.size = 0.12
    elif behaviour == "close":
        scene.size, scene.center = 1.1, (0.5, 0.62)
    elif behaviour == "dark":
        scene.brightness = 0.18
    elif behaviour == "disconnect" and scene.disconnect_after is None:
        scene.disconnect_after = 3
    return scene


def _background(width: int, height: int) -> np.ndarray:
    """A plain lane interior: wall gradient, a door frame and a floor line (no face-like texture)."""
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    wall = (np.array([150, 160, 170], np.float32) * (1.05 - 0.25 * y)).repeat(width, axis=1)
    img = wall.astype(np.uint8)
    cv2.rectangle(img, (int(width * 0.08), int(height * 0.1)), (int(width * 0.3), height), (95, 105, 120), 6)
    cv2.rectangle(img, (0, int(height * 0.85)), (width, height), (80, 85, 90), -1)
    return img


@dataclass
class _Sprite:
    image: np.ndarray
    alpha: np.ndarray = field(repr=False)


def _sprite(image: np.ndarray) -> _Sprite:
    h, w = image.shape[:2]
    alpha = np.zeros((h, w), np.float32)
    cv2.ellipse(alpha, (w // 2, int(h * 0.5)), (int(w * 0.46), int(h * 0.52)), 0, 0, 360, 1.0, -1)
    alpha = cv2.GaussianBlur(alpha, (0, 0), max(w, h) * 0.03)
    return _Sprite(image.astype(np.float32), alpha)


def _paste(canvas: np.ndarray, sprite: _Sprite, size: float, center: tuple[float, float],
           dx: float = 0.0, dy: float = 0.0, angle: float = 0.0, scale: float = 1.0,
           turn: float = 0.0) -> None:
    """Warp the sprite into the canvas (float32, in place) with a similarity + slight perspective."""
    H, W = canvas.shape[:2]
    h, w = sprite.image.shape[:2]
    target_w = size * W * scale
    s = target_w / w
    cx, cy = center[0] * W + dx, center[1] * H + dy
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    # Head turn: one side of the face gets a little shorter than the other.
    k = turn * 0.5
    local = np.float32([[-w / 2, -h / 2 * (1 - k)], [w / 2, -h / 2 * (1 + k)],
                        [w / 2, h / 2 * (1 + k)], [-w / 2, h / 2 * (1 - k)]]) * s
    a = math.radians(angle)
    rot = np.float32([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    dst = local @ rot.T + np.float32([cx, cy])
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    img = cv2.warpPerspective(sprite.image, m, (W, H), flags=cv2.INTER_LINEAR)
    alpha = cv2.warpPerspective(sprite.alpha, m, (W, H), flags=cv2.INTER_LINEAR)[..., None]
    canvas *= 1.0 - alpha
    canvas += img * alpha


class SimulatedCamera:
    """Renders `scene` (swap it per traveller: assigning resets the frame counter and faults)."""

    def __init__(self, scene: FaceScene | None = None, width: int = 640, height: int = 480, fps: float = 15.0,
                 clock: Clock | None = None, pace: bool = True, device: str = "camera") -> None:
        if width < 64 or height < 64 or fps <= 0:
            raise ConfigError("devices.camera: width/height must be ≥ 64 and fps > 0")
        self.width, self.height, self.fps = int(width), int(height), float(fps)
        self.clock = clock or SystemClock()
        self.pace = pace
        self.device = device
        self._background = _background(self.width, self.height)
        self._lock = threading.Lock()
        self._closed = False
        self.scene = scene or FaceScene()

    @property
    def scene(self) -> FaceScene:
        return self._scene

    @scene.setter
    def scene(self, scene: FaceScene) -> None:
        with self._lock:
            if scene.mode not in ("live", "photo"):
                raise ConfigError(f"simulated camera: unknown mode {scene.mode!r} (live, photo)")
            self._scene = scene
            self._frames = 0
            self._disconnected = False
            self._still: np.ndarray | None = None
            self._rng = np.random.default_rng(scene.seed)
            self._sprites = [
                _sprite(load_identity(i)) if i is not None else None
                for i in (scene.identity, scene.second_identity)
            ]

    def set_face(self, face: dict[str, Any] | None) -> None:
        """Convenience for the simulated world: take a traveller's `face` table."""
        self.scene = scene_for(face)

    def _render(self, t: int, live: bool) -> np.ndarray:
        sc = self._scene
        canvas = self._background.astype(np.float32)
        rng = self._rng
        main, second = self._sprites
        if second is not None:
            wob = 0.004 * self.width * math.sin(t * 0.7) if live else 0.0
            _paste(canvas, second, sc.second_size, sc.second_center, dx=wob)
        if main is not None:
            if live:
                amp = sc.motion * self.width
                k = sc.motion / 0.012  # rotation, zoom and turn scale with the same knob
                dx = amp * math.sin(t * 0.9) + rng.normal(0, amp * 0.2 + 1e-9)
                dy = amp * 0.6 * math.sin(t * 0.6 + 1.0) + rng.normal(0, amp * 0.2 + 1e-9)
                angle = 2.0 * k * math.sin(t * 0.5)
                scale = 1.0 + 0.015 * k * math.sin(t * 0.4)
                turn = 0.04 * k * math.sin(t * 0.8)
                _paste(canvas, main, sc.size, sc.center, dx, dy, angle, scale, turn)
            else:
                _paste(canvas, main, sc.size, sc.center)
        gain = sc.brightness * (1.0 + (0.03 * math.sin(t * 1.3) if live else 0.0))
        canvas *= gain
        if live and sc.noise > 0:
            noise = np.empty_like(canvas)
            cv2.randn(noise, 0.0, float(sc.noise))  # several times faster than numpy's normal()
            canvas += noise
        return np.clip(canvas, 0, 255).astype(np.uint8)

    def read(self, timeout: float) -> np.ndarray:
        with self._lock:
            if self._closed:
                raise DeviceError(self.device, "camera is closed")
            sc = self._scene
            limit = sc.disconnect_after
            if self._disconnected or (limit is not None and self._frames >= limit):
                self._disconnected = True
                raise DeviceDisconnected(self.device, f"unplugged after {self._frames} frames (simulated)")
            t = self._frames
            self._frames += 1
            if sc.mode == "photo":
                if self._still is None:
                    self._still = self._render(0, live=False)
                frame = self._still.copy()
            else:
                frame = self._render(t, live=True)
        if self.pace:
            self.clock.sleep(min(1.0 / self.fps, max(timeout, 0.0)))
        return frame

    def health(self) -> DeviceHealth:
        ok = not (self._closed or self._disconnected)
        return DeviceHealth(self.device, "simulator", ok, "disconnected" if self._disconnected else
                            f"{self.width}x{self.height} @ {self.fps:g} fps",
                            {"frames": self._frames, "mode": self._scene.mode})

    def close(self) -> None:
        self._closed = True


_SIM_OPTIONS = {"width", "height", "fps", "pace", "identity", "behaviour"}


@register("camera", "simulator")
def create_simulated_camera(options: dict[str, Any], context: Any) -> SimulatedCamera:
    """Options: width, height, fps, pace; identity/behaviour for a fixed scene without a world.

    With a simulated world in the context the scene follows the traveller at the lane
    (`world.subscribe(lambda t: camera.set_face(t.face))`)."""
    opts = {k: v for k, v in options.items() if k != "driver"}
    unknown = set(opts) - _SIM_OPTIONS
    if unknown:
        raise ConfigError(f"devices.camera: unknown option(s) {', '.join(sorted(unknown))}")
    face = {k: opts.pop(k) for k in ("identity", "behaviour") if k in opts}
    camera = SimulatedCamera(scene_for(face) if face else None, clock=getattr(context, "clock", None), **opts)
    world = getattr(context, "world", None)
    if world is not None and hasattr(world, "subscribe"):
        world.subscribe(lambda traveller: camera.set_face(getattr(traveller, "face", None)))
    return camera
