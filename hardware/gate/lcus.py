"""LCUS-type serial relay boards (CH340 USB-serial, 9600 8N1) via pyserial.

Each command is one 4-byte frame: A0, channel (1-based), state (01 on / 00 off), checksum =
(A0 + channel + state) & 0xFF. The board sends no answer and has no inputs, so there is nothing
to verify: pair it with an input driver through the `composite` driver. `url` is anything
`serial.serial_for_url` takes: /dev/ttyUSB0, /dev/serial/by-id/..., loop://, rfc2217://...
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hardware.gate.base import RelayIO
from hardware.registry import register
from kiosk.errors import ConfigError, DeviceDisconnected
from kiosk.gate.io import IOMap

HEADER = 0xA0


def frame(channel: int, on: bool) -> bytes:
    state = 1 if on else 0
    return bytes([HEADER, channel, state, (HEADER + channel + state) & 0xFF])


class LcusRelayIO(RelayIO):
    driver = "lcus"

    def __init__(
        self,
        iomap: IOMap,
        *,
        url: str,
        channels: int = 8,
        timeout: float = 1.0,
        name: str = "gate_io",
    ) -> None:
        if iomap.inputs:
            raise ConfigError(f"{name}.inputs: LCUS relay boards have no inputs (use the composite driver)")
        for output, ch in iomap.outputs.items():
            if not isinstance(ch, int) or not 1 <= ch <= channels:
                raise ConfigError(f"{name}.outputs.{output}: relay {ch!r} not on a {channels}-relay board")
        super().__init__(iomap, name)
        import serial  # lazy: pyserial only where the board is used

        self.url = url
        try:
            self._port = serial.serial_for_url(
                url, baudrate=9600, bytesize=8, parity="N", stopbits=1, timeout=timeout, write_timeout=timeout
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            self._abort()
            raise DeviceDisconnected(name, f"cannot open {url}: {exc}") from exc
        self._first_all_off()  # a fresh process starts with every leaf shut

    def _write(self, channel: Any, on: bool) -> None:
        data = frame(channel, on)
        if self._port.write(data) != len(data):
            raise OSError("short write")
        self._port.flush()

    def _probe(self) -> dict[str, Any]:
        if not self._port.is_open:
            raise OSError("port closed")
        return {"url": self.url}

    def _close_device(self) -> None:
        self._port.close()


@register("gate_io", "lcus")
def lcus_relay(options: Mapping[str, Any], context: Any) -> LcusRelayIO:
    if "url" not in options:
        raise ConfigError("devices.gate.io.url: serial port of the LCUS board (e.g. /dev/ttyUSB0)")
    return LcusRelayIO(
        IOMap.from_options(options),
        url=str(options["url"]),
        channels=int(options.get("channels", 8)),
        timeout=float(options.get("timeout", 1.0)),
    )
