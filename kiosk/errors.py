"""Errors shared by the domain and the drivers.

Every device failure is one of these so that the session can turn it into a referral with a clear
reason instead of crashing the lane.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base class of every error the lane knows how to handle."""


class ConfigError(KioskError):
    """The configuration is invalid; the message names the bad key."""


class DeviceError(KioskError):
    """A device failed (I/O error, protocol error, unexpected answer)."""

    def __init__(self, device: str, message: str) -> None:
        super().__init__(f"{device}: {message}")
        self.device = device
        self.detail = message


class DeviceTimeout(DeviceError):
    """A device gave no answer in time (no passport placed, no face in view, ...)."""


class DeviceDisconnected(DeviceError):
    """A device vanished (cable pulled, card removed mid-read)."""


class UnknownDriver(ConfigError):
    """The configuration names a driver that is not registered for that port."""
