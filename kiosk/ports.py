"""The ports the domain needs from the outside world, as small protocols.

`hardware/` implements them (real drivers and simulators alike); the domain never imports a driver.
All calls are blocking and take a timeout: the UI runs them on worker threads, never on the Qt
event loop. Failures raise `kiosk.errors.DeviceError` subclasses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

import numpy as np


@dataclass(frozen=True)
class DeviceHealth:
    """What `doctor` and the officer console show for one device."""

    device: str
    driver: str
    ok: bool
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Device(Protocol):
    """Every driver has a name (its configuration section), a health check and a close."""

    def health(self) -> DeviceHealth: ...

    def close(self) -> None: ...


# --- time -------------------------------------------------------------------------------------


class Clock(Protocol):
    """Injected everywhere time matters, so timeouts are testable without waiting."""

    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


# --- document and chip -------------------------------------------------------------------------


class MrzSource(Device, Protocol):
    """A document reader's OCR (or a keyboard wedge, or an officer typing) delivering MRZ text."""

    def read_mrz(self, timeout: float) -> str:
        """Block until a document is presented; return its MRZ lines joined by newlines."""
        ...


class CardTransport(Protocol):
    """One connected contactless card: send a command APDU, get the response data + SW1 SW2."""

    def transmit(self, apdu: bytes) -> bytes: ...

    def close(self) -> None: ...


class CardReader(Device, Protocol):
    """A PC/SC (or simulated) contactless reader."""

    def connect(self, timeout: float) -> CardTransport:
        """Block until a card is in the field and return a transport to it."""
        ...


# --- imaging -----------------------------------------------------------------------------------


class Camera(Device, Protocol):
    """A visible-light camera. Frames are BGR uint8 arrays (OpenCV convention)."""

    def read(self, timeout: float) -> np.ndarray: ...


@dataclass(frozen=True)
class ThermalFrame:
    """A radiometric frame: per-pixel scene temperature in kelvin, with the sensor's metadata."""

    kelvin: np.ndarray  # float32, H x W
    timestamp: float  # monotonic seconds
    fpa_temp_k: float | None = None  # focal-plane array temperature
    ffc_in_progress: bool = False  # flat-field correction: the shutter is closed, frame is stale
    ambient_c: float | None = None
    humidity_pct: float | None = None
    frame_id: int | None = None  # the camera's frame counter, where it reports one
    since_ffc_s: float | None = None  # seconds since the last flat-field correction ended, where known


class ThermalCamera(Device, Protocol):
    def read(self, timeout: float) -> ThermalFrame: ...


# --- declaration -------------------------------------------------------------------------------


class DeclarationScanner(Device, Protocol):
    """A QR/barcode scanner (or camera decoder) delivering the text of an e-declaration code."""

    def scan(self, timeout: float) -> str: ...


# --- gate --------------------------------------------------------------------------------------


class PassageOutcome(StrEnum):
    PASSED = "passed"  # the traveller walked through and the exit leaf closed behind them
    NOT_PASSED = "not-passed"  # the traveller did not go through in time; leaf closed again
    TAILGATING = "tailgating"
    FORCED = "forced"  # a leaf was forced open
    FAULT = "fault"  # sensor or relay fault
    EMERGENCY = "emergency"  # fire-alarm release active


class Gate(Device, Protocol):
    """The lane's e-gate as the session sees it. Fail-secure: every error leaves it shut."""

    def admit(self, timeout: float) -> PassageOutcome:
        """Open the exit leaf for one cleared traveller and wait until they passed or time ran out."""
        ...

    def lock(self) -> None:
        """Close and lock every leaf now."""
        ...

    def poll(self) -> Any:
        """Supervise the idle lane (a leaf forced, the fire alarm) while no traveller is admitted."""
        ...

    def reset(self, officer_id: str) -> None:
        """An officer clears an alarm once its cause is gone (raises DeviceError while it is not)."""
        ...
