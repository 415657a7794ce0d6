"""Modbus relay/IO modules over RTU (RS-485) and TCP, with pymodbus.

Outputs are coils (FC05 write single coil; "everything off" is one FC0F write multiple coils per
run of adjacent output coils, so the leaves drop together); inputs are discrete inputs (FC02,
default) or coils (FC01) read in one request spanning the configured channels.

Pulses: many modules have a "flash"/"delay" function that switches a relay on for a time the
*module* measures (e.g. a holding register per channel taking a time in 100 ms units, sometimes
with a command code in the high byte). Configure it with `flash_register` (register of channel 0;
the channel number is added), `flash_unit_s` and `flash_command`, and the pulse is a single FC06
write. That is preferable to the software timer: the relay drops when the time runs out even if
the process, the computer or the bus dies mid-pulse, whereas the software timer is a thread in
this process and cannot switch anything off once the process or the RS-485 link is gone. Without
`flash_register` the driver switches the coil on and ends the pulse on its timer thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hardware.gate.base import RelayIO
from hardware.registry import register
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError
from kiosk.gate.io import IOMap


class ModbusGateIO(RelayIO):
    driver = "modbus"

    def __init__(
        self,
        iomap: IOMap,
        client: Any,
        *,
        unit: int = 1,
        input_function: str = "discrete",
        flash_register: int | None = None,
        flash_unit_s: float = 0.1,
        flash_command: int = 0,
        name: str = "gate_io",
        endpoint: str = "",
    ) -> None:
        if input_function not in ("discrete", "coils"):
            raise ConfigError(f"{name}.input_function: 'discrete' (FC02) or 'coils' (FC01)")
        for key, ch in [*iomap.outputs.items(), *((k, s.channel) for k, s in iomap.inputs.items())]:
            if not isinstance(ch, int) or ch > 0xFFFF:
                raise ConfigError(f"{name}: {key} must be a coil/input address 0..65535, got {ch!r}")
        if flash_register is not None and flash_unit_s <= 0:
            raise ConfigError(f"{name}.flash_unit_s must be positive")
        super().__init__(iomap, name)
        self.client = client
        self.unit = unit
        self.input_function = input_function
        self.flash_register = flash_register
        self.flash_unit_s = flash_unit_s
        self.flash_command = flash_command
        self.hardware_pulse = flash_register is not None
        self.endpoint = endpoint
        try:
            if not client.connect():
                raise DeviceDisconnected(name, f"cannot connect to the Modbus module at {endpoint}")
            self._guard(self._all_off)  # a fresh process starts with every leaf shut
        except BaseException:
            client.close()
            self._abort()
            raise

    def _check(self, response: Any, what: str) -> Any:
        if response is None or response.isError():
            raise DeviceError(self.name, f"{what}: module answered {response}")
        return response

    def _write(self, channel: Any, on: bool) -> None:
        self._check(self.client.write_coil(channel, on, device_id=self.unit), f"write coil {channel}")

    def _all_off(self) -> None:
        # Adjacent output coils in one FC0F request each (coils between outputs are left alone:
        # with input_function = "coils" they may be inputs).
        channels = sorted(set(self.iomap.outputs.values()))
        runs: list[list[int]] = []
        for ch in channels:
            if runs and ch == runs[-1][-1] + 1:
                runs[-1].append(ch)
            else:
                runs.append([ch])
        for run in runs:
            self._check(self.client.write_coils(run[0], [False] * len(run), device_id=self.unit),
                        f"write coils {run[0]}..{run[-1]}")

    def _pulse_channel(self, channel: Any, seconds: float) -> None:
        if self.flash_register is None:
            super()._pulse_channel(channel, seconds)
            return
        units = max(1, round(seconds / self.flash_unit_s))
        if units > 0xFF and self.flash_command:
            units = 0xFF  # the command code lives in the high byte
        value = (self.flash_command | units) & 0xFFFF
        self._check(
            self.client.write_register(self.flash_register + channel, value, device_id=self.unit),
            f"flash channel {channel}",
        )

    def _read_contacts(self) -> Mapping[Any, bool]:
        channels = [s.channel for s in self.iomap.inputs.values()]
        first, count = min(channels), max(channels) - min(channels) + 1
        read = (
            self.client.read_discrete_inputs if self.input_function == "discrete" else self.client.read_coils
        )
        bits = self._check(read(first, count=count, device_id=self.unit), "read inputs").bits
        if len(bits) < count:
            raise DeviceError(self.name, f"module returned {len(bits)} inputs, expected {count}")
        return {first + i: bool(bits[i]) for i in range(count)}

    def _probe(self) -> dict[str, Any]:
        if self.iomap.inputs:
            self._read_contacts()  # one round trip proves the module answers
        return {"endpoint": self.endpoint, "unit": self.unit}

    def _close_device(self) -> None:
        self.client.close()


def _common(options: Mapping[str, Any]) -> dict[str, Any]:
    flash = options.get("flash_register")
    return {
        "unit": int(options.get("unit", 1)),
        "input_function": str(options.get("input_function", "discrete")),
        "flash_register": int(flash) if flash is not None else None,
        "flash_unit_s": float(options.get("flash_unit_s", 0.1)),
        "flash_command": int(options.get("flash_command", 0)),
    }


@register("gate_io", "modbus_tcp")
def modbus_tcp(options: Mapping[str, Any], context: Any) -> ModbusGateIO:
    from pymodbus.client import ModbusTcpClient  # lazy

    if "host" not in options:
        raise ConfigError("devices.gate.io.host: address of the Modbus TCP module")
    host, port = str(options["host"]), int(options.get("port", 502))
    client = ModbusTcpClient(host, port=port, timeout=float(options.get("timeout", 1.0)), retries=1)
    return ModbusGateIO(IOMap.from_options(options), client, endpoint=f"{host}:{port}", **_common(options))


@register("gate_io", "modbus_rtu")
def modbus_rtu(options: Mapping[str, Any], context: Any) -> ModbusGateIO:
    from pymodbus.client import ModbusSerialClient  # lazy

    if "port" not in options:
        raise ConfigError("devices.gate.io.port: serial device of the RS-485 adapter")
    client = ModbusSerialClient(
        str(options["port"]),
        baudrate=int(options.get("baudrate", 9600)),
        parity=str(options.get("parity", "N")),
        stopbits=int(options.get("stopbits", 1)),
        timeout=float(options.get("timeout", 1.0)),
        retries=1,
    )
    return ModbusGateIO(
        IOMap.from_options(options), client, endpoint=str(options["port"]), **_common(options)
    )
