"""Drivers and simulators behind the ports that `kiosk/` defines. Never imports `ui/` or Qt."""
