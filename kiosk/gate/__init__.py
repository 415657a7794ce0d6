"""The lane's e-gate: IO port protocol and the fail-secure controller state machine."""

from kiosk.gate.controller import AuditSink, GateAlarm, GateConfig, GateController, GateState
from kiosk.gate.io import INPUTS, OUTPUTS, GateIO, InputSpec, IOMap

__all__ = [
    "INPUTS",
    "OUTPUTS",
    "AuditSink",
    "GateAlarm",
    "GateConfig",
    "GateController",
    "GateIO",
    "GateState",
    "IOMap",
    "InputSpec",
]
