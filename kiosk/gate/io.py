"""The gate's IO port: relay outputs and contact inputs by logical name.

A driver maps logical names to its own channels/pins (`IOMap`, built from the configuration), so the
controller never knows whether a leaf hangs on a USB relay, a Modbus coil or a GPIO pin.

Input convention: a driver reports for each input whether its *contact is closed*; the map then
applies the per-input `invert` flag to give the logical value. The defaults make every cut wire
read as the unsafe condition (leaf not closed, beam broken, fire alarm, tamper), so a broken cable
stops the lane instead of letting someone through:

=============  ===================================  ===============  ===========================
input          logical True means                   wiring           default invert
=============  ===================================  ===============  ===========================
entry_closed   entry leaf closed and locked         NC door contact  no  (cut -> "not closed")
exit_closed    exit leaf closed and locked          NC door contact  no
entry_opened   entry leaf fully open (limit)        NO limit switch  no
exit_opened    exit leaf fully open (limit)         NO limit switch  no
beam_entry     entry beam interrupted               NC receiver      yes (cut -> "broken")
beam_exit      exit beam interrupted                NC receiver      yes
presence       somebody in the lane                 NO               no
tailgate       more than one person in the lane     NO               no
fire_alarm     fire alarm / emergency release       NC loop          yes (cut -> alarm)
tamper         cabinet opened                       NC loop          yes (cut -> tamper)
=============  ===================================  ===============  ===========================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from kiosk.errors import ConfigError
from kiosk.ports import DeviceHealth

OUTPUTS = ("entry_leaf_open", "exit_leaf_open", "alarm")
INPUTS = (
    "entry_closed",
    "exit_closed",
    "entry_opened",
    "exit_opened",
    "beam_entry",
    "beam_exit",
    "presence",
    "tailgate",
    "fire_alarm",
    "tamper",
)
DEFAULT_INVERT = {"beam_entry": True, "beam_exit": True, "fire_alarm": True, "tamper": True}


@runtime_checkable
class GateIO(Protocol):
    """Relay outputs and contact inputs of one lane, by logical name. Thread-safe.

    `pulse` switches an output on for at most `seconds`; calling it again while the pulse runs
    extends it. A driver whose hardware times the pulse itself sets `hardware_pulse = True`.
    """

    hardware_pulse: bool

    def pulse(self, output: str, seconds: float) -> None: ...

    def set_output(self, output: str, on: bool) -> None: ...

    def read_inputs(self) -> dict[str, bool]: ...

    def health(self) -> DeviceHealth: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class InputSpec:
    channel: Any  # int channel/coil/pin number, or a pin name like "GPIO17"
    invert: bool = False


@dataclass(frozen=True)
class IOMap:
    """Logical name -> channel, from options like::

    outputs = {exit_leaf_open = 2, entry_leaf_open = 1, alarm = 3}
    inputs  = {exit_closed = 0, fire_alarm = {channel = 5, invert = true}}
    """

    outputs: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, InputSpec] = field(default_factory=dict)

    @classmethod
    def from_options(cls, options: Mapping[str, Any], section: str = "gate_io") -> IOMap:
        outs_raw = options.get("outputs", {}) or {}
        ins_raw = options.get("inputs", {}) or {}
        if not isinstance(outs_raw, Mapping) or not isinstance(ins_raw, Mapping):
            raise ConfigError(f"{section}.outputs/inputs must be tables of name = channel")
        outputs: dict[str, Any] = {}
        for name, ch in outs_raw.items():
            if name not in OUTPUTS:
                raise ConfigError(f"{section}.outputs.{name}: unknown output (known: {', '.join(OUTPUTS)})")
            outputs[name] = _channel(ch, f"{section}.outputs.{name}")
        inputs: dict[str, InputSpec] = {}
        for name, spec in ins_raw.items():
            if name not in INPUTS:
                raise ConfigError(f"{section}.inputs.{name}: unknown input (known: {', '.join(INPUTS)})")
            invert = DEFAULT_INVERT.get(name, False)
            if isinstance(spec, Mapping):
                if "channel" not in spec:
                    raise ConfigError(f"{section}.inputs.{name}.channel is missing")
                invert = bool(spec.get("invert", invert))
                spec = spec["channel"]
            inputs[name] = InputSpec(_channel(spec, f"{section}.inputs.{name}"), invert)
        chans = list(outputs.values())
        if len(set(map(str, chans))) != len(chans):
            raise ConfigError(f"{section}.outputs: two outputs share a channel")
        return cls(outputs, inputs)

    def output_channel(self, name: str, device: str) -> Any:
        from kiosk.errors import DeviceError

        if name not in self.outputs:
            raise DeviceError(device, f"output {name!r} is not wired (configured: {sorted(self.outputs)})")
        return self.outputs[name]

    def logical_inputs(self, contacts: Mapping[Any, bool]) -> dict[str, bool]:
        """Contact states by channel -> logical input values (applying `invert`)."""
        return {name: bool(contacts[s.channel]) != s.invert for name, s in self.inputs.items()}


def _channel(value: Any, key: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ConfigError(f"{key}: expected a channel number or pin name, got {value!r}")
    if isinstance(value, int) and value < 0:
        raise ConfigError(f"{key}: channel must not be negative")
    return value
