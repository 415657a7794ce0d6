"""The `gate` relay factory over real drivers chosen by name, and the composite IO."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from gate_fixtures import AuditLog
from gpiozero.pins.mock import MockFactory

import hardware.gate  # noqa: F401  (registers the drivers)
from hardware.gate.factory import CompositeGateIO
from hardware.gate.lcus import frame
from hardware.registry import create, drivers
from kiosk.errors import ConfigError, UnknownDriver
from kiosk.gate import GateController, GateState


def test_everything_is_registered() -> None:
    assert {"usb_hid_relay", "lcus", "modbus_tcp", "modbus_rtu", "gpio", "composite", "simulator"} <= set(
        drivers("gate_io")
    )
    assert {"relay", "simulator"} <= set(drivers("gate"))


def test_relay_gate_over_lcus_outputs_and_gpio_inputs() -> None:
    pins = MockFactory()
    audit = AuditLog()
    options = {
        "poll_hz": 100,
        "io": {
            "driver": "composite",
            "outputs": {
                "driver": "lcus",
                "url": "loop://",
                "outputs": {"entry_leaf_open": 1, "exit_leaf_open": 2},
            },
            "inputs": {
                "driver": "gpio",
                "pin_factory": pins,
                "inputs": {"entry_closed": 17, "exit_closed": 27, "presence": 22, "fire_alarm": 23},
            },
        },
    }
    gate = create("gate", "relay", options, SimpleNamespace(audit=audit))
    assert isinstance(gate, GateController) and isinstance(gate.io, CompositeGateIO)
    assert gate.driver == "relay/composite"
    port = gate.io.outputs._port
    assert port.read(8) == frame(1, False) + frame(2, False)
    for pin in (17, 27, 22, 23):
        pins.pin(pin).drive_low()  # contacts closed: leaves shut, somebody in the lane, no fire
    assert gate.poll() is GateState.IDLE
    pins.pin(23).drive_high()  # fire loop opens
    assert gate.poll() is GateState.EMERGENCY
    assert audit.of("gate.alarm")[-1]["outcome"] == "emergency"
    gate.close()
    pins.reset()


def test_bad_gate_configuration() -> None:
    with pytest.raises(ConfigError, match=r"io\.driver"):
        create("gate", "relay", {}, None)
    with pytest.raises(UnknownDriver):
        create("gate", "relay", {"io": {"driver": "carrier-pigeon"}}, None)
    with pytest.raises(ConfigError, match=r"inputs\.driver"):
        create("gate_io", "composite", {"outputs": {"driver": "lcus", "url": "loop://"}}, None)
