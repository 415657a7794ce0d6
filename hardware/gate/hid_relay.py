"""USB HID relay boards ("USBRelay1/2/4/8", V-USB firmware, 16c0:05df) via hidapi.

Protocol (feature report 0, 8 data bytes, report id prepended for hidapi):
  set   [0xFF, ch, 0...] relay ch (1-based) on, [0xFD, ch, 0...] off
        [0xFE, 0...] all on, [0xFC, 0...] all off
  get   data[0:5] = the board's serial (ASCII), data[7] = relay state bitmap (bit n-1 = relay n)
The USB serial-number string of these boards is empty or identical across boards; the report
serial is what tells them apart, so a board is addressed by that serial or by its hidraw path.
The board has no inputs: pair it with an input driver through the `composite` driver.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hardware.gate.base import RelayIO
from hardware.registry import register
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError
from kiosk.gate.io import IOMap

VENDOR_ID, PRODUCT_ID = 0x16C0, 0x05DF
CMD_ON, CMD_OFF, CMD_ALL_ON, CMD_ALL_OFF = 0xFF, 0xFD, 0xFE, 0xFC
REPORT_LEN = 8


def set_report(command: int, channel: int = 0) -> list[int]:
    """The feature report hidapi sends (report id 0 first)."""
    return [0x00, command, channel] + [0] * (REPORT_LEN - 2)


def parse_state(report: list[int] | bytes) -> tuple[str, int]:
    """(serial, relay bitmap) from a get-feature answer, with or without the report id byte."""
    data = list(report)
    if len(data) == REPORT_LEN + 1:
        data = data[1:]
    if len(data) < REPORT_LEN:
        raise ValueError(f"short feature report ({len(data)} bytes)")
    serial = bytes(data[0:5]).split(b"\0", 1)[0].decode("ascii", "replace")
    return serial, data[7]


class UsbHidRelayIO(RelayIO):
    driver = "usb_hid_relay"

    def __init__(
        self,
        iomap: IOMap,
        *,
        serial: str | None = None,
        path: str | bytes | None = None,
        verify: bool = True,
        name: str = "gate_io",
        hid_module: Any = None,
    ) -> None:
        if iomap.inputs:
            raise ConfigError(
                f"{name}.inputs: USB HID relay boards have no inputs (use the composite driver)"
            )
        super().__init__(iomap, name)
        if hid_module is None:
            import hid as hid_module  # lazy: the domain and the simulator never need hidapi
        self._hid = hid_module
        self.verify = verify
        try:
            self._dev, self.serial, self.channels = self._open(serial, path)
        except BaseException:
            self._abort()
            raise
        for output, ch in iomap.outputs.items():
            if not isinstance(ch, int) or not 1 <= ch <= self.channels:
                self._dev.close()
                self._abort()
                raise ConfigError(
                    f"{name}.outputs.{output}: relay {ch!r} not on a {self.channels}-relay board"
                )
        self._first_all_off()  # a fresh process starts with every leaf shut

    def _open(self, serial: str | None, path: str | bytes | None) -> tuple[Any, str, int]:
        found = self._hid.enumerate(VENDOR_ID, PRODUCT_ID)
        if path is not None:
            want = path.encode() if isinstance(path, str) else path
            found = [d for d in found if d.get("path") == want]
        seen: list[str] = []
        for info in found:
            dev = self._hid.device()
            try:
                dev.open_path(info["path"])
                board_serial, _ = parse_state(dev.get_feature_report(0, REPORT_LEN + 1))
            except (OSError, ValueError) as exc:
                dev.close()
                seen.append(f"{info.get('path')!r} ({exc})")
                continue
            if serial is None or board_serial == serial:
                product = info.get("product_string") or ""
                digits = product.removeprefix("USBRelay")
                channels = int(digits) if digits.isdigit() else 8
                return dev, board_serial, channels
            seen.append(board_serial)
            dev.close()
        want_desc = f"serial {serial!r}" if serial else f"path {path!r}" if path else "any board"
        raise DeviceDisconnected(
            self.name, f"no USB HID relay board ({want_desc}); found: {', '.join(seen) or 'none'}"
        )

    def state(self) -> int:
        """The relay bitmap the board reports."""
        _, bits = parse_state(self._dev.get_feature_report(0, REPORT_LEN + 1))
        return bits

    def _send(self, report: list[int]) -> None:
        if self._dev.send_feature_report(report) < 0:
            raise OSError("send_feature_report failed")

    def _write(self, channel: Any, on: bool) -> None:
        self._send(set_report(CMD_ON if on else CMD_OFF, channel))
        if self.verify and bool(self.state() >> (channel - 1) & 1) != on:
            raise DeviceError(self.name, f"relay {channel} did not switch {'on' if on else 'off'}")

    def _all_off(self) -> None:
        self._send(set_report(CMD_ALL_OFF))

    def _probe(self) -> dict[str, Any]:
        return {"serial": self.serial, "relays": self.channels, "state": self.state()}

    def _close_device(self) -> None:
        self._dev.close()


@register("gate_io", "usb_hid_relay")
def usb_hid_relay(options: Mapping[str, Any], context: Any) -> UsbHidRelayIO:
    return UsbHidRelayIO(
        IOMap.from_options(options),
        serial=options.get("serial"),
        path=options.get("path"),
        verify=bool(options.get("verify", True)),
    )
