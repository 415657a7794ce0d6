"""GPIO gate IO with gpiozero's MockFactory: active-low relays, pulled-up contact inputs."""

from __future__ import annotations

import time

import pytest
from gpiozero.pins.mock import MockFactory

from hardware.gate.gpio import GpioGateIO
from hardware.registry import create
from kiosk.errors import DeviceDisconnected
from kiosk.gate import GateConfig, GateController
from kiosk.gate.io import IOMap
from kiosk.ports import PassageOutcome

MAP = {
    "outputs": {"entry_leaf_open": 5, "exit_leaf_open": 6, "alarm": 13},
    "inputs": {"entry_closed": 17, "exit_closed": 27, "beam_exit": 22, "presence": 23, "fire_alarm": 24},
}


@pytest.fixture
def factory():
    f = MockFactory()
    yield f
    f.reset()


def close_contact(factory: MockFactory, pin: int, closed: bool = True) -> None:
    # a closed contact pulls the pulled-up input to ground
    factory.pin(pin).drive_low() if closed else factory.pin(pin).drive_high()


def test_relays_are_active_low_and_off_from_the_start(factory: MockFactory) -> None:
    io = GpioGateIO(IOMap.from_options(MAP), pin_factory=factory)
    assert all(factory.pin(p).state == 1 for p in (5, 6, 13))  # high = relay off
    io.set_output("exit_leaf_open", True)
    assert factory.pin(6).state == 0
    io.set_output("exit_leaf_open", False)
    assert factory.pin(6).state == 1
    io.close()


def test_inputs_are_pulled_up_contacts(factory: MockFactory) -> None:
    io = GpioGateIO(IOMap.from_options(MAP), pin_factory=factory)
    assert factory.pin(17).pull == "up"
    # nothing connected (every wire cut): leaves read open, beam broken, fire alarm on
    assert io.read_inputs() == {
        "entry_closed": False,
        "exit_closed": False,
        "beam_exit": True,
        "presence": False,
        "fire_alarm": True,
    }
    for pin in (17, 27, 22, 24):
        close_contact(factory, pin)
    assert io.read_inputs() == {
        "entry_closed": True,
        "exit_closed": True,
        "beam_exit": False,
        "presence": False,
        "fire_alarm": False,
    }
    io.close()


def test_pulse_drops_the_relay_by_itself(factory: MockFactory) -> None:
    io = GpioGateIO(IOMap.from_options(MAP), pin_factory=factory)
    io.pulse("exit_leaf_open", 0.1)
    assert factory.pin(6).state == 0
    deadline = time.monotonic() + 2
    while factory.pin(6).state == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert factory.pin(6).state == 1
    io.close()


def test_controller_over_gpio_stops_on_a_forced_leaf(factory: MockFactory) -> None:
    io = create("gate_io", "gpio", {**MAP, "pin_factory": factory}, None)
    for pin in (17, 27, 22, 23, 24):
        close_contact(factory, pin)
    gate = GateController(io, config=GateConfig(travel_s=0.05, poll_hz=200))
    close_contact(factory, 17, closed=False)  # entry leaf pushed open, no limit switch wired
    assert gate.admit(timeout=1) is PassageOutcome.FORCED
    assert factory.pin(6).state == 1 and factory.pin(13).state == 0  # exit shut, alarm on
    gate.close()
    assert factory.pin(6).state == 1 and factory.pin(13).state == 1  # close switched everything off


def test_pin_conflict_is_a_device_error(factory: MockFactory) -> None:
    with pytest.raises(DeviceDisconnected, match="GPIO"):
        GpioGateIO(
            IOMap.from_options({"outputs": {"exit_leaf_open": 5}, "inputs": {"exit_closed": 5}}),
            pin_factory=factory,
        )


def test_mock_option_string() -> None:
    io = create("gate_io", "gpio", {**MAP, "pin_factory": "mock"}, None)
    assert io.health().ok
    io.close()
