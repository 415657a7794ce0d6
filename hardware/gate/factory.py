"""`gate` drivers: the controller over a configured `gate_io` driver or over the simulated lane.

Configuration (TOML), e.g.::

    [devices.gate]
    driver = "relay"
    poll_hz = 50
    pulse_s = 1.0
    max_open_s = 20
    travel_s = 2.0
    two_leaf = true
    [devices.gate.io]
    driver = "modbus_tcp"
    host = "10.0.0.20"
    outputs = {entry_leaf_open = 0, exit_leaf_open = 1, alarm = 2}
    inputs = {entry_closed = 0, exit_closed = 1, beam_exit = 2, presence = 3, fire_alarm = 4}

The context may carry `clock` and `audit` (an `audit(event, data)` callable); both are optional.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hardware.gate.simulator import Behaviour, SimTravellerScript, SimulatedGateIO
from hardware.registry import create, register
from kiosk.errors import ConfigError, DeviceError
from kiosk.gate import GateConfig, GateController, GateIO
from kiosk.ports import DeviceHealth, SystemClock

_SIM_KEYS = ("travel_s", "two_leaf", "limit_switches", "beams", "presence", "tailgate_sensor")


def _context_clock(context: Any) -> Any:
    return getattr(context, "clock", None) or SystemClock()


@register("gate", "relay")
def relay_gate(options: Mapping[str, Any], context: Any) -> GateController:
    io_options = options.get("io")
    if not isinstance(io_options, Mapping) or "driver" not in io_options:
        raise ConfigError('devices.gate.io.driver: name the gate_io driver (e.g. "usb_hid_relay")')
    config = GateConfig.from_options(options)
    io = create("gate_io", str(io_options["driver"]), dict(io_options), context)
    return GateController(
        io,
        clock=_context_clock(context),
        config=config,
        audit=getattr(context, "audit", None),
        driver=f"relay/{io_options['driver']}",
    )


@register("gate", "simulator")
def simulated_gate(options: Mapping[str, Any], context: Any) -> GateController:
    """The controller over `SimulatedGateIO`; the lead scripts it via `controller.io.behaviour`."""
    sim_kwargs = {k: options[k] for k in _SIM_KEYS if k in options}
    behaviour = options.get("behaviour")
    script = SimTravellerScript(Behaviour(behaviour)) if behaviour else None
    clock = _context_clock(context)
    io = SimulatedGateIO(clock, traveller=script, **sim_kwargs)
    config = GateConfig.from_options({"two_leaf": io.two_leaf, **options})
    return GateController(
        io, clock=clock, config=config, audit=getattr(context, "audit", None), driver="simulator"
    )


@register("gate_io", "simulator")
def simulated_gate_io(options: Mapping[str, Any], context: Any) -> SimulatedGateIO:
    sim_kwargs = {k: options[k] for k in _SIM_KEYS if k in options}
    return SimulatedGateIO(_context_clock(context), **sim_kwargs)


class CompositeGateIO:
    """Outputs from one driver, inputs from another: USB HID and LCUS relay boards have no
    inputs, so a lane pairs them with a GPIO header or a Modbus input module."""

    def __init__(self, outputs: GateIO, inputs: GateIO, name: str = "gate_io") -> None:
        self.outputs = outputs
        self.inputs = inputs
        self.name = name
        self.hardware_pulse = bool(getattr(outputs, "hardware_pulse", False))

    def pulse(self, output: str, seconds: float) -> None:
        self.outputs.pulse(output, seconds)

    def set_output(self, output: str, on: bool) -> None:
        self.outputs.set_output(output, on)

    def read_inputs(self) -> dict[str, bool]:
        return self.inputs.read_inputs()

    def health(self) -> DeviceHealth:
        out, inp = self.outputs.health(), self.inputs.health()
        detail = f"outputs: {out.detail}; inputs: {inp.detail}"
        return DeviceHealth(
            self.name, "composite", out.ok and inp.ok, detail, {"outputs": out.data, "inputs": inp.data}
        )

    def close(self) -> None:
        errors: list[DeviceError] = []
        for part in (self.outputs, self.inputs):
            try:
                part.close()
            except DeviceError as exc:
                errors.append(exc)
        if errors:
            raise errors[0]


@register("gate_io", "composite")
def composite_gate_io(options: Mapping[str, Any], context: Any) -> CompositeGateIO:
    """options: {outputs = {driver = "usb_hid_relay", ...}, inputs = {driver = "gpio", ...}}"""
    for role in ("outputs", "inputs"):
        sub = options.get(role)
        if not isinstance(sub, Mapping) or "driver" not in sub:
            raise ConfigError(f"devices.gate.io.{role}.driver: name the gate_io driver for the {role}")
    outputs = create("gate_io", str(options["outputs"]["driver"]), dict(options["outputs"]), context)
    try:
        inputs = create("gate_io", str(options["inputs"]["driver"]), dict(options["inputs"]), context)
    except BaseException:
        outputs.close()  # all relays off again, port released
        raise
    return CompositeGateIO(outputs, inputs)


def switch_everything_off(io_options: Mapping[str, Any], context: Any = None) -> None:
    """For systemd `ExecStopPost=` (runs even after SIGKILL): open the configured gate_io driver,
    which switches every output off when it opens, and close it (off again). Takes the same
    table as `[devices.gate.io]`."""
    if "driver" not in io_options:
        raise ConfigError("devices.gate.io.driver: name the gate_io driver")
    io = create("gate_io", str(io_options["driver"]), dict(io_options), context)
    io.close()
