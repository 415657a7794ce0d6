"""USB HID relay driver: exact feature reports against a fake `hid` module emulating the board."""

from __future__ import annotations

import time

import pytest

from hardware.gate.hid_relay import UsbHidRelayIO, parse_state, set_report
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError
from kiosk.gate.io import IOMap


class FakeBoard:
    """The V-USB relay firmware: 8-byte feature report 0, serial + state byte."""

    def __init__(
        self, serial: str, relays: int = 2, path: bytes = b"/dev/hidraw0", stuck: bool = False
    ) -> None:
        self.serial, self.relays, self.path, self.stuck = serial, relays, path, stuck
        self.state = 0
        self.sent: list[list[int]] = []
        self.is_open = False

    def feature(self, report: list[int]) -> int:
        self.sent.append(list(report))
        assert report[0] == 0 and len(report) == 9, "report id 0 + 8 data bytes"
        cmd, ch = report[1], report[2]
        if self.stuck:
            return len(report)
        if cmd == 0xFF:
            self.state |= 1 << (ch - 1)
        elif cmd == 0xFD:
            self.state &= ~(1 << (ch - 1))
        elif cmd == 0xFE:
            self.state = (1 << self.relays) - 1
        elif cmd == 0xFC:
            self.state = 0
        return len(report)

    def report(self) -> list[int]:
        return [0, *self.serial.encode().ljust(5, b"\0")[:5], 0, 0, self.state]


class FakeHid:
    def __init__(self, *boards: FakeBoard) -> None:
        self.boards = {b.path: b for b in boards}

    def enumerate(self, vid: int, pid: int) -> list[dict]:
        assert (vid, pid) == (0x16C0, 0x05DF)
        return [
            {"path": b.path, "product_string": f"USBRelay{b.relays}", "serial_number": ""}
            for b in self.boards.values()
        ]

    def device(self) -> FakeDevice:
        return FakeDevice(self)


class FakeDevice:
    def __init__(self, hid: FakeHid) -> None:
        self.hid, self.board = hid, None

    def open_path(self, path: bytes) -> None:
        self.board = self.hid.boards[path]
        self.board.is_open = True

    def send_feature_report(self, data: list[int]) -> int:
        if self.board is None:
            raise OSError("not open")
        return self.board.feature(data)

    def get_feature_report(self, report_num: int, max_length: int) -> list[int]:
        if self.board is None:
            raise OSError("not open")
        return self.board.report()[:max_length]

    def close(self) -> None:
        if self.board:
            self.board.is_open = False


OUTPUTS = {"outputs": {"exit_leaf_open": 2, "entry_leaf_open": 1}}


def test_report_helpers() -> None:
    assert set_report(0xFF, 2) == [0x00, 0xFF, 0x02, 0, 0, 0, 0, 0, 0]
    assert parse_state([0, 65, 66, 67, 68, 69, 0, 0, 5]) == ("ABCDE", 5)
    assert parse_state([65, 66, 67, 0, 0, 0, 0, 3]) == ("ABC", 3)
    with pytest.raises(ValueError):
        parse_state([1, 2])


def test_selects_board_by_serial_and_switches_with_exact_reports() -> None:
    other, mine = FakeBoard("AAAAA", path=b"p0"), FakeBoard("QWERT", path=b"p1")
    hid = FakeHid(other, mine)
    io = UsbHidRelayIO(IOMap.from_options(OUTPUTS), serial="QWERT", hid_module=hid)
    assert io.serial == "QWERT" and io.channels == 2 and not other.is_open
    assert mine.sent == [[0, 0xFC, 0, 0, 0, 0, 0, 0, 0]]  # everything off on open
    io.set_output("exit_leaf_open", True)
    assert mine.sent[-1] == [0, 0xFF, 2, 0, 0, 0, 0, 0, 0] and mine.state == 0b10
    io.set_output("exit_leaf_open", False)
    assert mine.sent[-1] == [0, 0xFD, 2, 0, 0, 0, 0, 0, 0] and mine.state == 0
    assert io.health().ok and io.health().data["serial"] == "QWERT"
    io.close()
    assert mine.sent[-1][1] == 0xFC and not mine.is_open


def test_software_pulse_ends_on_the_timer_thread() -> None:
    board = FakeBoard("ABCDE")
    io = UsbHidRelayIO(IOMap.from_options(OUTPUTS), hid_module=FakeHid(board))
    io.pulse("exit_leaf_open", 0.15)
    assert board.state == 0b10
    time.sleep(0.1)
    io.pulse("exit_leaf_open", 0.15)  # a keep-open re-pulse extends the deadline
    time.sleep(0.1)
    assert board.state == 0b10
    deadline = time.monotonic() + 2
    while board.state and time.monotonic() < deadline:
        time.sleep(0.01)
    assert board.state == 0 and board.sent[-1] == [0, 0xFD, 2, 0, 0, 0, 0, 0, 0]
    io.close()


def test_missing_board_stuck_relay_and_bad_config() -> None:
    with pytest.raises(DeviceDisconnected, match="QWERT"):
        UsbHidRelayIO(IOMap.from_options(OUTPUTS), serial="QWERT", hid_module=FakeHid(FakeBoard("AAAAA")))
    with pytest.raises(ConfigError, match="not on a 2-relay board"):
        UsbHidRelayIO(
            IOMap.from_options({"outputs": {"exit_leaf_open": 5}}), hid_module=FakeHid(FakeBoard("A"))
        )
    with pytest.raises(ConfigError, match="no inputs"):
        UsbHidRelayIO(IOMap.from_options({"inputs": {"exit_closed": 1}}), hid_module=FakeHid(FakeBoard("A")))
    io = UsbHidRelayIO(IOMap.from_options(OUTPUTS), hid_module=FakeHid(FakeBoard("A", stuck=True)))
    with pytest.raises(DeviceError, match="did not switch"):
        io.set_output("exit_leaf_open", True)
    io.close()


def test_unplugged_board_gives_device_error_and_close_still_works() -> None:
    board = FakeBoard("ABCDE")
    io = UsbHidRelayIO(IOMap.from_options(OUTPUTS), hid_module=FakeHid(board))
    io._dev.board = None  # the cable is pulled
    with pytest.raises(DeviceError, match="OSError"):
        io.set_output("exit_leaf_open", True)
    assert not io.health().ok
    io.close()  # must not raise
    with pytest.raises(DeviceError, match="closed"):
        io.pulse("exit_leaf_open", 1)
