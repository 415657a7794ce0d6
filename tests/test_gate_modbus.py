"""Modbus TCP gate IO against a live pymodbus server on 127.0.0.1 (random port)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from types import SimpleNamespace

import pytest
from pymodbus import FramerType
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from hardware.gate.modbus import ModbusGateIO
from hardware.registry import create
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError
from kiosk.gate import GateController, GateState

UNIT = 7
FC_COILS, FC_DISCRETE, FC_HOLDING = 1, 2, 3


class Module:
    """A Modbus IO module: 16 coils, 16 discrete inputs, holding registers for the flash function."""

    def __init__(self, framer: FramerType = FramerType.SOCKET) -> None:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        device = SimDevice(
            id=UNIT,
            simdata=(
                [SimData(0, count=16, values=False, datatype=DataType.BITS)],
                [SimData(0, count=16, values=False, datatype=DataType.BITS)],
                [SimData(0, count=0x300, values=0, datatype=DataType.REGISTERS)],
                [SimData(0, count=1, values=0, datatype=DataType.REGISTERS)],
            ),
        )
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        async def serve() -> None:
            self.server = ModbusTcpServer(device, framer=framer, address=("127.0.0.1", self.port))
            ready.set()
            await self.server.serve_forever()

        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(serve(),), daemon=True)
        self.thread.start()
        assert ready.wait(5)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # wait until it listens
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                break
            except OSError:
                time.sleep(0.02)

    def _call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(5)

    def get(self, fc: int, address: int, count: int = 1) -> list:
        return list(self._call(self.server.context.async_getValues(UNIT, fc, address, count)))

    def set(self, fc: int, address: int, values: list) -> None:
        self._call(self.server.context.async_setValues(UNIT, fc, address, values))

    def stop(self) -> None:
        if not self.thread.is_alive():
            return
        self._call(self.server.shutdown())
        self.thread.join(5)


@pytest.fixture
def module():
    m = Module()
    yield m
    m.stop()


def options(module: Module, **extra) -> dict:
    return {
        "host": "127.0.0.1",
        "port": module.port,
        "unit": UNIT,
        "timeout": 0.5,
        "outputs": {"entry_leaf_open": 0, "exit_leaf_open": 1, "alarm": 2},
        "inputs": {"entry_closed": 4, "exit_closed": 5, "presence": 6, "fire_alarm": 7},
        **extra,
    }


def test_coils_and_inputs(module: Module) -> None:
    module.set(FC_COILS, 0, [True, True, True])  # left on by a previous run
    io = create("gate_io", "modbus_tcp", options(module), None)
    assert module.get(FC_COILS, 0, 3) == [False, False, False]  # all off on open
    io.set_output("alarm", True)
    assert module.get(FC_COILS, 0, 3) == [False, False, True]
    io.set_output("alarm", False)
    # contacts: both leaves closed, somebody present, fire loop closed (= no alarm)
    module.set(FC_DISCRETE, 4, [True, True, True, True])
    assert io.read_inputs() == {
        "entry_closed": True,
        "exit_closed": True,
        "presence": True,
        "fire_alarm": False,
    }
    module.set(FC_DISCRETE, 5, [False])
    module.set(FC_DISCRETE, 7, [False])  # fire loop open (alarm or cut wire)
    assert io.read_inputs() == {
        "entry_closed": True,
        "exit_closed": False,
        "presence": True,
        "fire_alarm": True,
    }
    assert io.health().ok and not io.hardware_pulse
    io.close()


def test_software_pulse_switches_the_coil_off_by_itself(module: Module) -> None:
    io = create("gate_io", "modbus_tcp", options(module), None)
    io.pulse("exit_leaf_open", 0.2)
    assert module.get(FC_COILS, 1) == [True]
    deadline = time.monotonic() + 3
    while module.get(FC_COILS, 1) == [True] and time.monotonic() < deadline:
        time.sleep(0.02)
    assert module.get(FC_COILS, 1) == [False]
    io.close()


def test_hardware_flash_pulse_is_one_register_write(module: Module) -> None:
    io = create(
        "gate_io",
        "modbus_tcp",
        options(module, flash_register=0x100, flash_unit_s=1.0, flash_command=0x0600),
        None,
    )
    assert io.hardware_pulse
    io.pulse("exit_leaf_open", 3.0)
    # delay command 0x06, 3 s, on the register of channel 1; the coil itself is left to the module
    assert module.get(FC_HOLDING, 0x101) == [0x0603]
    assert module.get(FC_COILS, 1) == [False]
    io.close()


def test_controller_over_modbus_sees_the_fire_alarm(module: Module) -> None:
    module.set(FC_DISCRETE, 4, [True, True, True, True])
    io = create("gate_io", "modbus_tcp", options(module), None)
    gate = GateController(io)
    assert gate.poll() is GateState.IDLE
    module.set(FC_DISCRETE, 7, [False])
    assert gate.poll() is GateState.EMERGENCY
    assert module.get(FC_COILS, 2) == [True]  # alarm output on
    gate.close()


def test_module_gone_and_bad_config(module: Module) -> None:
    io = create("gate_io", "modbus_tcp", options(module), None)
    module.stop()
    with pytest.raises(DeviceError):
        io.read_inputs()
    assert not io.health().ok
    io.close()
    with pytest.raises(DeviceDisconnected, match="cannot connect"):
        create("gate_io", "modbus_tcp", options(module), None)
    with pytest.raises(ConfigError, match="host"):
        create("gate_io", "modbus_tcp", {}, None)
    with pytest.raises(ConfigError, match="input_function"):
        ModbusGateIO(SimpleNamespace(outputs={}, inputs={}), None, input_function="holding")


def test_rtu_framing_over_a_socket_serial_url() -> None:
    # RTU frames (with CRC) through pyserial's socket:// URL to a server speaking RTU framing:
    # the same code path as an RS-485 adapter on /dev/ttyUSB0
    module = Module(FramerType.RTU)
    try:
        opts = options(module)
        opts.pop("host")
        opts["port"] = f"socket://127.0.0.1:{module.port}"
        io = create("gate_io", "modbus_rtu", opts, None)
        io.set_output("exit_leaf_open", True)
        assert module.get(FC_COILS, 1) == [True]
        module.set(FC_DISCRETE, 4, [True, False, True, True])
        assert io.read_inputs() == {
            "entry_closed": True,
            "exit_closed": False,
            "presence": True,
            "fire_alarm": False,
        }
        io.close()
        assert module.get(FC_COILS, 1) == [False]
    finally:
        module.stop()
