"""LCUS serial relay driver: exact frames on a pty (and loop://), pulses ending on their own."""

from __future__ import annotations

import os
import select
import threading
import time
import tty
from types import SimpleNamespace

import pytest

from hardware.gate.factory import CompositeGateIO, switch_everything_off
from hardware.gate.lcus import LcusRelayIO, frame
from hardware.registry import create
from kiosk.errors import ConfigError, DeviceDisconnected
from kiosk.gate import GateConfig, GateController
from kiosk.gate.io import IOMap

OUTPUTS = {"outputs": {"entry_leaf_open": 1, "exit_leaf_open": 2, "alarm": 3}}


@pytest.fixture
def pty():
    master, slave = os.openpty()
    tty.setraw(master)
    yield SimpleNamespace(master=master, path=os.ttyname(slave))
    os.close(master)
    os.close(slave)


def read_exact(fd: int, n: int, timeout: float = 2.0) -> bytes:
    data = b""
    end = time.monotonic() + timeout
    while len(data) < n and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            data += os.read(fd, n - len(data))
    return data


def test_frame_checksum() -> None:
    assert frame(1, True) == bytes.fromhex("A00101A2")
    assert frame(1, False) == bytes.fromhex("A00100A1")
    assert frame(2, True) == bytes.fromhex("A00201A3")
    assert frame(200, True) == bytes([0xA0, 200, 1, (0xA0 + 200 + 1) & 0xFF])


def test_frames_on_the_wire(pty) -> None:
    io = LcusRelayIO(IOMap.from_options(OUTPUTS), url=pty.path)
    # on open every configured relay goes off
    assert read_exact(pty.master, 12) == frame(1, False) + frame(2, False) + frame(3, False)
    io.set_output("alarm", True)
    assert read_exact(pty.master, 4) == bytes.fromhex("A00301A4")
    t0 = time.monotonic()
    io.pulse("exit_leaf_open", 0.2)
    assert read_exact(pty.master, 4) == bytes.fromhex("A00201A3")
    # nobody calls back: the timer thread sends the off frame
    assert read_exact(pty.master, 4) == bytes.fromhex("A00200A2")
    assert 0.15 <= time.monotonic() - t0 < 1.5
    io.close()
    assert read_exact(pty.master, 12) == frame(1, False) + frame(2, False) + frame(3, False)


def test_loop_url_and_config_errors() -> None:
    io = LcusRelayIO(IOMap.from_options(OUTPUTS), url="loop://")
    assert io._port.read(12) == frame(1, False) + frame(2, False) + frame(3, False)
    io.set_output("entry_leaf_open", True)
    assert io._port.read(4) == frame(1, True)
    io.close()
    with pytest.raises(ConfigError, match="not on a 4-relay board"):
        LcusRelayIO(IOMap.from_options({"outputs": {"exit_leaf_open": 5}}), url="loop://", channels=4)
    with pytest.raises(DeviceDisconnected, match="cannot open"):
        LcusRelayIO(IOMap.from_options(OUTPUTS), url="/dev/does-not-exist")
    with pytest.raises(ConfigError, match="url"):
        create("gate_io", "lcus", dict(OUTPUTS), None)


class HangingInputs:
    """An input source that answers until `hang` is set, then blocks (a hung controller thread)."""

    hardware_pulse = False

    def __init__(self) -> None:
        self.values = {"entry_closed": True, "exit_closed": True, "presence": True, "beam_exit": False}
        self.hang = threading.Event()
        self.hung = threading.Event()
        self.release = threading.Event()

    def read_inputs(self) -> dict[str, bool]:
        if self.hang.is_set():
            self.hung.set()
            self.release.wait(10)
            raise DeviceDisconnected("inputs", "released")
        return dict(self.values)

    def health(self):  # pragma: no cover - not used
        raise NotImplementedError

    def close(self) -> None:
        self.release.set()


def test_relay_drops_when_the_controller_thread_hangs_with_the_leaf_open(pty) -> None:
    relays = LcusRelayIO(IOMap.from_options(OUTPUTS), url=pty.path)
    read_exact(pty.master, 12)
    inputs = HangingInputs()
    io = CompositeGateIO(relays, inputs)
    gate = GateController(io, config=GateConfig(pulse_s=0.3, poll_hz=100, travel_s=5))

    def hang_after_open(event: str, data: dict) -> None:
        if event == "gate.command" and data.get("pulse_s"):
            inputs.hang.set()  # the next read blocks forever

    gate._audit_sink = hang_after_open
    worker = threading.Thread(target=gate.admit, args=(30,), daemon=True)
    worker.start()
    assert read_exact(pty.master, 4) == frame(2, True)
    assert inputs.hung.wait(2)
    t0 = time.monotonic()
    assert read_exact(pty.master, 4, timeout=3) == frame(2, False)  # the pulse ran out
    assert time.monotonic() - t0 < 1.0
    assert worker.is_alive()  # ... while the controller thread is still stuck
    inputs.release.set()
    worker.join(5)
    relays.close()


def test_switch_everything_off_for_exec_stop_post(pty) -> None:
    switch_everything_off({"driver": "lcus", "url": pty.path, **OUTPUTS})
    off = frame(1, False) + frame(2, False) + frame(3, False)
    assert read_exact(pty.master, 24) == off + off  # on open and again on close


def test_a_failing_first_all_off_is_a_device_error_and_closes_the_port(monkeypatch) -> None:
    """A board that takes the port but not the bytes (short write: OSError) at open is a DeviceError,
    not a bare OSError past the lane's and `gate-off`'s handlers, and the port is closed again."""
    from kiosk.errors import DeviceError

    opened = []

    def short_write(self, channel, on):
        opened.append(self._port)
        raise OSError("short write")

    monkeypatch.setattr(LcusRelayIO, "_write", short_write)
    with pytest.raises(DeviceError, match="short write"):
        LcusRelayIO(IOMap.from_options(OUTPUTS), url="loop://")
    assert opened and not opened[0].is_open
