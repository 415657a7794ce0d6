"""Modbus TCP and RTU gate IO against a live pymodbus server on 127.0.0.1 (random port), with the
exact request frames recorded on the wire."""

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
from kiosk.gate.io import IOMap

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


# --- exact frames on the wire ------------------------------------------------------------------------


def crc16_modbus(data: bytes) -> bytes:
    """CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF), low byte first, as the RTU spec appends it."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc.to_bytes(2, "little")


def test_crc_reference_vector() -> None:
    assert crc16_modbus(b"123456789") == (0x4B37).to_bytes(2, "little")  # the published check value


def rtu(pdu_hex: str) -> bytes:
    adu = bytes([UNIT]) + bytes.fromhex(pdu_hex)
    return adu + crc16_modbus(adu)


class Tap:
    """A TCP relay between the driver and the module that records every byte the driver sends."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.sent = bytearray()
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        upstream = socket.create_connection(("127.0.0.1", self.target))

        def pump(src: socket.socket, dst: socket.socket, record: bool) -> None:
            try:
                while chunk := src.recv(4096):
                    if record:
                        with self.lock:
                            self.sent += chunk
                    dst.sendall(chunk)
            except OSError:
                pass
            finally:
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        threading.Thread(target=pump, args=(client, upstream, True), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client, False), daemon=True).start()

    def take(self) -> bytes:
        with self.lock:
            data = bytes(self.sent)
            self.sent.clear()
        return data

    def close(self) -> None:
        self.listener.close()


def mbap_frames(data: bytes) -> list[tuple[int, bytes]]:
    """Split a Modbus TCP byte stream into (transaction id, unit + PDU), checking protocol id 0."""
    frames = []
    while data:
        tid, proto, length = int.from_bytes(data[0:2]), int.from_bytes(data[2:4]), int.from_bytes(data[4:6])
        assert proto == 0
        frames.append((tid, data[6:6 + length]))
        data = data[6 + length:]
    return frames


def test_exact_modbus_tcp_frames() -> None:
    module = Module()
    tap = Tap(module.port)
    try:
        opts = options(module, port=tap.port, flash_register=0x100, flash_unit_s=0.1)
        io = create("gate_io", "modbus_tcp", opts, None)
        module.set(FC_DISCRETE, 4, [True, True, False, True])
        io.set_output("alarm", True)
        io.set_output("alarm", False)
        io.read_inputs()
        io.pulse("exit_leaf_open", 1.0)
        io.close()
        time.sleep(0.1)
        frames = mbap_frames(tap.take())
        u = bytes([UNIT])
        assert [pdu for _, pdu in frames] == [
            u + bytes.fromhex("0F 0000 0003 01 00"),  # open: coils 0..2 off in one FC0F
            u + bytes.fromhex("05 0002 FF00"),  # FC05 alarm on
            u + bytes.fromhex("05 0002 0000"),  # FC05 alarm off
            u + bytes.fromhex("02 0004 0004"),  # FC02 discrete inputs 4..7
            u + bytes.fromhex("06 0101 000A"),  # FC06 flash channel 1 for 10 x 100 ms
            u + bytes.fromhex("0F 0000 0003 01 00"),  # close: everything off again
        ]
        tids = [tid for tid, _ in frames]
        assert len(set(tids)) == len(tids)  # every request its own transaction
    finally:
        tap.close()
        module.stop()


def test_exact_modbus_rtu_frames_with_crc() -> None:
    module = Module(FramerType.RTU)
    tap = Tap(module.port)
    try:
        opts = options(module, input_function="coils",
                       outputs={"exit_leaf_open": 1, "alarm": 3},
                       inputs={"entry_closed": 8, "exit_closed": 9, "presence": 10, "fire_alarm": 11})
        opts.pop("host")
        opts["port"] = f"socket://127.0.0.1:{tap.port}"
        io = create("gate_io", "modbus_rtu", opts, None)
        io.set_output("exit_leaf_open", True)
        io.read_inputs()
        io.close()
        time.sleep(0.1)
        assert tap.take() == b"".join([
            rtu("0F 0001 0001 01 00"),  # open: exit leaf coil off (alone: coil 2 is not an output)
            rtu("0F 0003 0001 01 00"),  # ... and the alarm coil
            rtu("05 0001 FF00"),  # FC05 exit leaf on
            rtu("01 0008 0004"),  # FC01 read coils 8..11 (input_function = "coils")
            rtu("0F 0001 0001 01 00"),  # close: off again
            rtu("0F 0003 0001 01 00"),
        ])
    finally:
        tap.close()
        module.stop()


def test_a_library_error_on_the_first_all_off_is_a_device_error_and_closes_the_client() -> None:
    """pymodbus raises (ModbusIOException, ConnectionException) rather than answering isError() when a
    module goes quiet mid-request: at open that must still be a DeviceError (the lane and `gate-off`
    handle those), with the client closed again."""

    class QuietModule:
        closed = False

        def connect(self) -> bool:
            return True

        def write_coils(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("Modbus Error: [Input/Output] No response received")

        def close(self) -> None:
            self.closed = True

    client = QuietModule()
    with pytest.raises(DeviceError, match="No response"):
        ModbusGateIO(IOMap.from_options({"outputs": {"exit_leaf_open": 1}}), client)
    assert client.closed
