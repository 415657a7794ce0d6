"""Clearance Kiosk domain: Qt-free, device-free. Defines the ports that `hardware/` implements."""

__version__ = "0.1.0"
