"""The kiosk process is killed (SIGKILL) mid-passage with the exit leaf held open: nothing stays energised.

Two ways the design guarantees it, each tested with a real driver in a real child process:

* Software-pulse boards (LCUS serial on a pty here; USB HID and GPIO alike): the pulse timer dies with
  the process, so the relay is still on right after the kill. systemd then runs `ExecStopPost=
  clearance-kiosk gate-off` (run here exactly so), which switches every relay off.
* Modbus modules with a hardware flash/delay function: the module times the pulse itself, so the
  relay drops within `pulse_s` of the last refresh with nothing else running.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import threading
import time
import tty
from pathlib import Path

import pytest
from test_gate_modbus import FC_COILS, FC_DISCRETE, FC_HOLDING, UNIT, Module

from hardware.gate.lcus import frame

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = {"entry_leaf_open": 1, "exit_leaf_open": 2, "alarm": 3}

# A traveller cleared and standing in the lane who never walks through; travel_s is long so the
# controller keeps the leaf open (re-pulsing) instead of timing out while we kill it.
CHILD_COMMON = """
import sys, time
from kiosk.gate import GateConfig, GateController
from kiosk.gate.io import IOMap
"""

LCUS_CHILD = CHILD_COMMON + """
from hardware.gate.factory import CompositeGateIO
from hardware.gate.lcus import LcusRelayIO

class StandingTraveller:
    hardware_pulse = False
    def read_inputs(self):
        return {"entry_closed": True, "exit_closed": True, "presence": True, "beam_exit": False}
    def health(self): pass
    def close(self): pass

relays = LcusRelayIO(IOMap.from_options({"outputs": %(outputs)r}), url=sys.argv[1])
gate = GateController(CompositeGateIO(relays, StandingTraveller()),
                      config=GateConfig(pulse_s=0.6, travel_s=60, max_open_s=60))
gate.admit(60)
"""

MODBUS_CHILD = CHILD_COMMON + """
from hardware.registry import create
import hardware.gate  # registers the drivers

io = create("gate_io", "modbus_tcp", {
    "host": "127.0.0.1", "port": int(sys.argv[1]), "unit": %(unit)d, "timeout": 0.5,
    "outputs": {"entry_leaf_open": 0, "exit_leaf_open": 1, "alarm": 2},
    "inputs": {"entry_closed": 4, "exit_closed": 5, "presence": 6, "fire_alarm": 7},
    "flash_register": 0x100, "flash_unit_s": 0.1}, None)
gate = GateController(io, config=GateConfig(pulse_s=0.6, travel_s=60, max_open_s=60))
gate.admit(60)
"""


def spawn(script: str, *argv: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *argv], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    assert child.wait(5) == -signal.SIGKILL


class LcusBoard:
    """The relay board's side of the pty: parses every 4-byte frame and keeps the relay states."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.relays: dict[int, bool] = {}
        self.frames = 0
        self.bad: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        buf = b""
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                buf += os.read(self.master, 64)
            except OSError:
                continue
            while len(buf) >= 4:
                f, buf = buf[:4], buf[4:]
                if f[0] != 0xA0 or f != frame(f[1], bool(f[2])):
                    self.bad.append(f)
                    continue
                self.relays[f[1]] = bool(f[2])
                self.frames += 1

    def wait(self, predicate, timeout: float = 5.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate():
                return True
            time.sleep(0.01)
        return predicate()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)


@pytest.fixture
def board():
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    b = LcusBoard(master)
    b.path = os.ttyname(slave)
    yield b
    b.stop()
    os.close(master)
    os.close(slave)


def test_killed_mid_passage_then_exec_stop_post_leaves_no_relay_on(board, tmp_path):
    child = spawn(LCUS_CHILD % {"outputs": OUTPUTS}, board.path)
    try:
        assert board.wait(lambda: board.relays.get(2) is True), child.stderr
        refreshed = board.frames
        assert board.wait(lambda: board.frames >= refreshed + 2)  # it is re-pulsing: mid-passage
    finally:
        kill(child)
    time.sleep(0.8)  # longer than pulse_s: a software pulse cannot end once its process is gone
    assert board.relays.get(2) is True

    # what systemd runs after the kill (ExecStopPost=clearance-kiosk gate-off), with the lane's file
    config = tmp_path / "lane.toml"
    config.write_text(textwrap.dedent(f"""
        [storage]
        database = "{tmp_path / 'kiosk.sqlite'}"
        [devices.gate]
        driver = "relay"
        [devices.gate.io]
        driver = "lcus"
        url = "{board.path}"
        outputs = {{entry_leaf_open = 1, exit_leaf_open = 2, alarm = 3}}
        """))
    done = subprocess.run([sys.executable, "-m", "ui.cli", "--config", str(config), "gate-off"], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert board.wait(lambda: board.relays == {1: False, 2: False, 3: False})
    assert board.bad == []
    # ... and the switch-off is in the audit trail
    from kiosk.store import Store

    store = Store(tmp_path / "kiosk.sqlite", "LANE-01")
    try:
        assert store.verify_audit() == 1
    finally:
        store.close()


class FlashFirmware:
    """What a Modbus relay module with a delay function does: a value written to the channel's flash
    register switches the coil on for (low byte) x 100 ms, timed by the module, not the host."""

    def __init__(self, module: Module, register: int = 0x100, channels: int = 3, unit_s: float = 0.1) -> None:
        self.module, self.register, self.channels, self.unit_s = module, register, channels, unit_s
        self.off_at: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            values = self.module.get(FC_HOLDING, self.register, self.channels)
            now = time.monotonic()
            for ch, value in enumerate(values):
                if value:
                    self.module.set(FC_HOLDING, self.register + ch, [0])
                    self.module.set(FC_COILS, ch, [True])
                    self.off_at[ch] = now + (value & 0xFF) * self.unit_s
            for ch, t in list(self.off_at.items()):
                if now >= t:
                    self.module.set(FC_COILS, ch, [False])
                    del self.off_at[ch]
            time.sleep(0.01)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)


def test_killed_mid_passage_a_hardware_pulse_drops_by_itself():
    module = Module()
    firmware = FlashFirmware(module)
    try:
        module.set(FC_DISCRETE, 4, [True, True, True, True])  # leaves closed, somebody in, no fire alarm
        child = spawn(MODBUS_CHILD % {"unit": UNIT}, str(module.port))
        try:
            end = time.monotonic() + 10
            while module.get(FC_COILS, 1) != [True] and time.monotonic() < end:
                time.sleep(0.01)
            assert module.get(FC_COILS, 1) == [True], child.stderr
            time.sleep(0.5)  # a few refreshes: mid-passage
        finally:
            kill(child)
        killed_at = time.monotonic()
        while module.get(FC_COILS, 1) == [True] and time.monotonic() - killed_at < 3:
            time.sleep(0.01)
        assert module.get(FC_COILS, 1) == [False]
        assert time.monotonic() - killed_at <= 0.6 + 0.3  # within pulse_s of the last refresh (+ polling)
        assert module.get(FC_COILS, 0, 3) == [False, False, False]
    finally:
        firmware.stop()
        module.stop()


def test_gate_off_command_edge_cases(tmp_path, capsys):
    from kiosk.store import Store
    from ui.cli import main

    assert main(["gate-off"]) == 0 and "simulator" in capsys.readouterr().out
    config = tmp_path / "lane.toml"
    config.write_text(f'[storage]\ndatabase = "{tmp_path / "k.sqlite"}"\n'
                      '[devices.gate]\ndriver = "relay"\n'
                      '[devices.gate.io]\ndriver = "lcus"\nurl = "/dev/does-not-exist"\n'
                      'outputs = {exit_leaf_open = 1}\n')
    assert main(["--config", str(config), "gate-off"]) == 1
    assert "cannot switch the gate off" in capsys.readouterr().err
    store = Store(tmp_path / "k.sqlite", "LANE-01")
    try:
        (record,) = store.db.query("select actor, action, data from audit")
        assert record["action"] == "gate.command" and "does-not-exist" in record["data"]
    finally:
        store.close()
    config.write_text('[devices.gate]\ndriver = "relay"\n')
    assert main(["--config", str(config), "gate-off"]) == 2
    assert "devices.gate.io" in capsys.readouterr().err


def test_gate_off_records_a_library_error_a_driver_let_through(tmp_path, capsys):
    """A driver whose open raises something other than DeviceError (a pymodbus or hidapi exception) must
    still end in exit 1 and an audit record, not a traceback with nothing on record."""
    from hardware.registry import _REGISTRY, register
    from kiosk.store import Store
    from ui.cli import main

    @register("gate_io", "test-raises")
    def _raises(options, context):
        raise RuntimeError("ModbusIOException: no response from unit 1")

    config = tmp_path / "lane.toml"
    config.write_text(f'[storage]\ndatabase = "{tmp_path / "k.sqlite"}"\n'
                      '[devices.gate]\ndriver = "relay"\n'
                      '[devices.gate.io]\ndriver = "test-raises"\n')
    try:
        assert main(["--config", str(config), "gate-off"]) == 1
    finally:
        del _REGISTRY[("gate_io", "test-raises")]
    assert "no response from unit 1" in capsys.readouterr().err
    store = Store(tmp_path / "k.sqlite", "LANE-01")
    try:
        (record,) = store.db.query("select action, data from audit")
        assert record["action"] == "gate.command" and "RuntimeError" in record["data"]
    finally:
        store.close()
