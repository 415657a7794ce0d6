"""Relays and contacts on a single-board computer's GPIO header, via gpiozero.

Relay outputs are active-low (the usual opto-isolated relay boards switch on when the pin is
pulled low) and are driven off from the moment they are claimed. Pulses end on the driver's timer
thread. What a line does after the process *dies* depends on the kernel GPIO driver (it may keep
the last level), so do not count on it: the watchdog restart reopens the pins with every relay off,
and a lane that needs a hard guarantee wires the leaf command through a timer relay.
Contact inputs use the internal pull-up, so a closed contact reads low = "contact closed" and a
cut wire reads like an open contact. Pin names are anything gpiozero accepts (17, "GPIO17",
"BOARD11"). `pin_factory = "mock"` uses gpiozero's MockFactory (tests, demos).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hardware.gate.base import RelayIO
from hardware.registry import register
from kiosk.errors import DeviceDisconnected
from kiosk.gate.io import IOMap


class GpioGateIO(RelayIO):
    driver = "gpio"

    def __init__(
        self,
        iomap: IOMap,
        *,
        pin_factory: Any = None,
        active_high: bool = False,
        name: str = "gate_io",
    ) -> None:
        super().__init__(iomap, name)
        from gpiozero import DigitalInputDevice, DigitalOutputDevice  # lazy
        from gpiozero.exc import GPIOZeroError

        if pin_factory == "mock":
            from gpiozero.pins.mock import MockFactory

            pin_factory = MockFactory()
        self.pin_factory = pin_factory
        self._outputs: dict[Any, Any] = {}
        self._inputs: dict[Any, Any] = {}
        try:
            for ch in iomap.outputs.values():
                # initial_value=False: the relay is off from the first moment the pin is driven
                self._outputs[ch] = DigitalOutputDevice(
                    ch, active_high=active_high, initial_value=False, pin_factory=pin_factory
                )
            for spec in iomap.inputs.values():
                self._inputs[spec.channel] = DigitalInputDevice(
                    spec.channel, pull_up=True, pin_factory=pin_factory
                )
        except (GPIOZeroError, OSError, ValueError) as exc:
            self._close_device()
            self._abort()
            raise DeviceDisconnected(name, f"cannot claim GPIO pins: {exc}") from exc

    def _write(self, channel: Any, on: bool) -> None:
        device = self._outputs[channel]
        device.on() if on else device.off()

    def _read_contacts(self) -> Mapping[Any, bool]:
        # pull-up input: is_active is True when the pin is low, i.e. the contact is closed
        return {ch: bool(dev.is_active) for ch, dev in self._inputs.items()}

    def _probe(self) -> dict[str, Any]:
        return {"outputs": {str(ch): bool(d.value) for ch, d in self._outputs.items()}}

    def _close_device(self) -> None:
        for device in [*self._outputs.values(), *self._inputs.values()]:
            device.close()


@register("gate_io", "gpio")
def gpio(options: Mapping[str, Any], context: Any) -> GpioGateIO:
    return GpioGateIO(
        IOMap.from_options(options),
        pin_factory=options.get("pin_factory"),
        active_high=bool(options.get("active_high", False)),
    )
