"""The lane's temperature service: register, gate, measure several frames, confirm a fever once.

Never a silent pass: every path that does not give a trustworthy reading (camera gone, no face, out of
the distance band, turned face, endless flat-field correction, blackbody not right, outside the
operating band) ends in status "unavailable" with the reason in `detail`, which the policy refers
(`thermal.unavailable_policy = "refer"`) and the officer console shows.
"""

from __future__ import annotations

import logging
import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kiosk.config import ThermalConfig
from kiosk.errors import DeviceDisconnected, DeviceError, DeviceTimeout
from kiosk.evidence import FaceEvidence, TemperatureEvidence
from kiosk.ports import Clock, ThermalCamera, ThermalFrame
from kiosk.thermal.measure import (
    FaceGeometry,
    FrameReading,
    Rejected,
    ThermalRois,
    canthus_rois,
    face_geometry,
    measure_frame,
    pose_problem,
)
from kiosk.thermal.registration import Registration

log = logging.getLogger("kiosk.thermal")

_READ_SLICE_S = 0.5  # one read never blocks longer, so the deadline is honoured
_MIN_FRAME_S = 1 / 30  # no thermal camera delivers faster


@dataclass
class Measurement:
    """Several frames combined into one reading (or the reason there is none)."""

    core_c: float | None
    skin_c: float | None
    frames: list[FrameReading] = field(default_factory=list)
    rejected: Counter[str] = field(default_factory=Counter)
    frames_read: int = 0
    problem: str = ""  # set when core_c is None


class Unmeasurable(Exception):
    """No trustworthy reading for this face (the reason is `detail`)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ThermalScreener:
    """`kiosk.services.TemperatureService` over any `ThermalCamera`."""

    def __init__(self, config: ThermalConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.registration = Registration(config.calibration.homography)
        self._condition: dict[str, Any] = {"status": "idle"}
        self._last_blackbody: float | None = None
        self._previous: ThermalFrame | None = None  # the last frame read, to tell a frozen camera

    def condition(self) -> dict[str, Any]:
        """The screening conditions of the last traveller, for the officer console's health view:
        status, detail, the blackbody correction and whether the room is inside the operating band."""
        return dict(self._condition)

    # --- the service -----------------------------------------------------------------------------

    def screen(self, thermal: ThermalCamera, face: FaceEvidence | None, timeout: float) -> TemperatureEvidence:
        deadline = self.clock.monotonic() + max(0.0, timeout)
        readings: list[float] = []
        self._last_blackbody = None
        self._previous = None
        try:
            return self._screen(thermal, face, deadline, readings)
        except Unmeasurable as exc:
            log.warning("temperature unavailable: %s", exc.detail)
            return self._evidence("unavailable", None, readings, exc.detail)
        except Exception as exc:  # a driver or frame we did not foresee: never a crash, never "normal"
            log.exception("temperature screening failed")
            return self._evidence("unavailable", None, readings,
                                  f"thermal screening failed ({type(exc).__name__}: {exc})")

    def _screen(self, thermal: ThermalCamera, face: FaceEvidence | None, deadline: float,
                readings: list[float]) -> TemperatureEvidence:
        cfg = self.config
        rois = self.locate(face)
        first, m1 = self._measure_or_raise(thermal, rois, deadline)
        readings.append(round(first, 2))
        if first < cfg.threshold_c:
            return self._evidence("normal", first, readings, self._summary(m1))
        # At or above the threshold: measure once more (a passing hot drink, a hand at the face).
        try:
            second, m2 = self._measure_or_raise(thermal, rois, deadline)
        except Unmeasurable as exc:  # no confirmation possible: the first reading stands, refer
            return self._evidence("fever", first, readings,
                                  f"re-measurement impossible ({exc.detail}); first reading stands")
        readings.append(round(second, 2))
        if second >= cfg.threshold_c:
            return self._evidence("fever", second, readings, f"confirmed by re-measurement; {self._summary(m2)}")
        return self._evidence("normal", second, readings,
                              f"first reading {first:.2f} °C not confirmed; {self._summary(m2)}")

    # --- steps -----------------------------------------------------------------------------------

    def locate(self, face: FaceEvidence | None) -> ThermalRois:
        """The canthus ROIs in the thermal frame for this face (raises Unmeasurable when it cannot be measured)."""
        geom = self.geometry(face)
        problem = pose_problem(geom, self.config)
        if problem:
            raise Unmeasurable(problem)
        return canthus_rois(geom, self.registration, self.config.roi_scale)

    def geometry(self, face: FaceEvidence | None) -> FaceGeometry:
        if face is None or face.face_box is None:
            raise Unmeasurable("no face position from the face stage to register into the thermal frame")
        try:
            return face_geometry(face.face_box, face.landmarks)
        except ValueError as exc:
            raise Unmeasurable(f"unusable face position: {exc}") from None

    def measure(self, thermal: ThermalCamera, rois: ThermalRois, deadline: float) -> Measurement:
        """Read frames until `config.frames` good ones or the deadline; combine by the median."""
        cfg = self.config
        m = Measurement(None, None)
        while len(m.frames) < cfg.frames:
            remaining = deadline - self.clock.monotonic()
            if remaining <= 0:
                break
            t0 = self.clock.monotonic()
            try:
                frame = thermal.read(min(_READ_SLICE_S, remaining))
            except DeviceTimeout:
                self._no_spin(t0)
                continue
            except DeviceDisconnected as exc:
                m.problem = f"thermal camera disconnected: {exc.detail}"
                return m
            except DeviceError as exc:
                m.problem = f"thermal camera error: {exc.detail}"
                return m
            except Exception as exc:  # a driver bug is a camera fault, not a crash of the lane
                log.exception("thermal camera read failed")
                m.problem = f"thermal camera failed: {type(exc).__name__}: {exc}"
                return m
            self._no_spin(t0)
            m.frames_read += 1
            try:
                self._fresh(frame)
                m.frames.append(measure_frame(frame, rois, cfg))
            except Rejected as rej:
                m.rejected[rej.reason] += 1
                if rej.fatal:
                    m.problem = rej.reason
                    return m
        if len(m.frames) < cfg.frames:
            why = ", ".join(f"{n}x {r}" for r, n in m.rejected.most_common(3)) or "no frame delivered"
            m.problem = f"only {len(m.frames)} of {cfg.frames} usable thermal frames in time ({why})"
            return m
        self._last_blackbody = round(statistics.median(f.blackbody_error_c for f in m.frames), 3)
        m.core_c = statistics.median(f.core_c for f in m.frames)
        m.skin_c = statistics.median(f.skin_c for f in m.frames)
        return m

    def _fresh(self, frame: ThermalFrame) -> None:
        """Reject the frame a frozen camera delivers again: the same frame counter, the same timestamp
        or the very same pixels (a live microbolometer is never noise-free), so that one stale image
        cannot make up the several frames of a measurement."""
        if not isinstance(frame, ThermalFrame):
            raise Rejected("malformed thermal frame")
        prev, self._previous = self._previous, frame
        if prev is None or frame.ffc_in_progress:  # a shutter-closed frame is rejected as such anyway
            return
        same_id = frame.frame_id is not None and frame.frame_id == prev.frame_id
        kelvin, prev_kelvin = np.asarray(frame.kelvin), np.asarray(prev.kelvin)
        same_pixels = kelvin.shape == prev_kelvin.shape and kelvin.size > 0 and np.array_equal(kelvin, prev_kelvin)
        if same_id or frame.timestamp == prev.timestamp or same_pixels:
            raise Rejected("repeated thermal frame (camera frozen?)")

    def _no_spin(self, t0: float) -> None:
        # A source that answers without any time passing (an unpaced simulator, a failing device
        # double) must not make this loop spin until a deadline that never comes.
        if self.clock.monotonic() <= t0:
            self.clock.sleep(_MIN_FRAME_S)

    def _measure_or_raise(self, thermal: ThermalCamera, rois: ThermalRois,
                          deadline: float) -> tuple[float, Measurement]:
        m = self.measure(thermal, rois, deadline)
        if m.core_c is None:
            raise Unmeasurable(m.problem)
        if not math.isfinite(m.core_c):  # NaN is neither below nor above the threshold: never "normal"
            raise Unmeasurable(f"thermal reading not a number ({m.core_c})")
        return m.core_c, m

    # --- evidence --------------------------------------------------------------------------------

    def _summary(self, m: Measurement) -> str:
        bb = statistics.median(f.blackbody_error_c for f in m.frames)
        text = f"{len(m.frames)} frames, skin {m.skin_c:.2f} °C, blackbody correction {bb:+.2f} °C"
        if m.rejected:
            text += f", {sum(m.rejected.values())} frames rejected"
        return text

    def _evidence(self, status: str, core: float | None, readings: list[float], detail: str) -> TemperatureEvidence:
        self._condition = {"status": status, "detail": detail, "at": self.clock.now().isoformat(),
                           "operating_band": "outside" if "operating band" in detail else "ok",
                           "blackbody_error_c": self._last_blackbody}
        return TemperatureEvidence(status=status, core_c=None if core is None else round(float(core), 2),
                                   threshold_c=self.config.threshold_c, readings_c=list(readings), detail=detail)
