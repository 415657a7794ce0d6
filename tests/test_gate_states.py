"""Every fault in every state of the gate state machine: the lane stops, shut, alarmed, audited.

A wrapper around the simulated lane injects the fault the first time the controller reads its inputs
in the target state (fire alarm, tamper, tailgating sensor, a leaf forced open, the IO failing), so
each combination is reached for real, not by setting the state by hand. Plus the simulator's
"relay not answering" lane.
"""

from __future__ import annotations

import pytest
from gate_fixtures import AuditLog, FakeClock

from hardware.gate.simulator import Behaviour, SimTravellerScript, SimulatedGateIO, sim_failure
from kiosk.gate import GateConfig, GateController, GateState
from kiosk.ports import PassageOutcome

CFG = GateConfig(poll_hz=50, pulse_s=1.0, max_open_s=20.0, travel_s=1.0)

FAULTS = {
    # fault: (what the inputs show, or "io" for a failing device; outcome; state the lane stops in)
    "fire_alarm": ({"fire_alarm": True}, PassageOutcome.EMERGENCY, GateState.EMERGENCY),
    "tamper": ({"tamper": True}, PassageOutcome.FAULT, GateState.OUT_OF_SERVICE),
    "tailgate_sensor": ({"tailgate": True}, PassageOutcome.TAILGATING, GateState.ALARM),
    "entry_leaf_forced": ({"entry_closed": False, "entry_opened": True}, PassageOutcome.FORCED, GateState.ALARM),
    "io_failure": ("io", PassageOutcome.FAULT, GateState.OUT_OF_SERVICE),
}
PASSAGE_STATES = (GateState.OPENING, GateState.OPEN, GateState.PASSING, GateState.CLOSING)


class FaultAt:
    """`GateIO` over the simulated lane that turns faulty once the controller is in `state`."""

    def __init__(self, sim: SimulatedGateIO, state: GateState, fault: str) -> None:
        self.sim, self.state, self.fault = sim, state, fault
        self.gate: GateController | None = None
        self.injected_in: GateState | None = None
        self.hardware_pulse = sim.hardware_pulse

    def read_inputs(self) -> dict[str, bool]:
        assert self.gate is not None
        if self.injected_in is None and self.gate.state is self.state:
            self.injected_in = self.gate.state
        values = self.sim.read_inputs()
        if self.injected_in is not None:
            change = FAULTS[self.fault][0]
            if change == "io":
                raise sim_failure()
            values.update(change)
        return values

    def pulse(self, output: str, seconds: float) -> None:
        self.sim.pulse(output, seconds)

    def set_output(self, output: str, on: bool) -> None:
        self.sim.set_output(output, on)

    def health(self):
        return self.sim.health()

    def close(self) -> None:
        self.sim.close()


def make(state: GateState, fault: str):
    clock = FakeClock()
    sim = SimulatedGateIO(clock, traveller=SimTravellerScript(Behaviour.WALKS_THROUGH, walk_s=1.5))
    io = FaultAt(sim, state, fault)
    audit = AuditLog()
    gate = GateController(io, clock=clock, config=CFG, audit=audit)
    io.gate = gate
    alarms: list = []
    gate.add_alarm_listener(alarms.append)
    return clock, sim, io, gate, audit, alarms


def assert_stopped_safely(sim, gate, audit, alarms, outcome, state, clock) -> None:
    assert gate.state is state
    assert alarms and alarms[-1].outcome is outcome
    assert audit.of("gate.alarm")[-1]["outcome"] == outcome.value
    assert sim.output_on("alarm")
    clock.advance(CFG.pulse_s + 2 * sim.travel_s)
    for leaf in ("entry", "exit"):
        assert not sim.output_on(f"{leaf}_leaf_open")
    assert sim.leaf_position("exit") == 0.0
    # a stopped lane refuses the next traveller, whatever the sensors say now
    assert gate.admit(timeout=5) is outcome
    assert audit.of("gate.refused")


@pytest.mark.parametrize("state", PASSAGE_STATES, ids=str)
@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_during_a_passage(state: GateState, fault: str) -> None:
    clock, sim, io, gate, audit, alarms = make(state, fault)
    _, outcome, stop_state = FAULTS[fault]
    result = gate.admit(timeout=10)
    assert io.injected_in is state, f"the passage never reached {state}"
    assert result is outcome
    assert_stopped_safely(sim, gate, audit, alarms, outcome, stop_state, clock)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_while_idle(fault: str) -> None:
    clock, sim, io, gate, audit, alarms = make(GateState.IDLE, fault)
    _, outcome, stop_state = FAULTS[fault]
    assert gate.poll() is stop_state
    assert io.injected_in is GateState.IDLE
    assert_stopped_safely(sim, gate, audit, alarms, outcome, stop_state, clock)


@pytest.mark.parametrize("fault", ["tamper", "tailgate_sensor", "entry_leaf_forced", "io_failure"])
def test_reset_is_refused_while_the_cause_persists(fault: str) -> None:
    from kiosk.errors import DeviceError

    *_, gate, audit, _alarms = make(GateState.OPEN, fault)
    gate.admit(timeout=10)
    with pytest.raises(DeviceError):
        gate.reset("officer-3")
    assert gate.state in (GateState.ALARM, GateState.OUT_OF_SERVICE)
    assert audit.of("gate.reset.refused")


def test_relay_not_answering_is_a_fault_with_the_leaf_shut() -> None:
    clock = FakeClock()
    sim = SimulatedGateIO(clock, traveller=SimTravellerScript(Behaviour.RELAY_NOT_ANSWERING))
    audit = AuditLog()
    gate = GateController(sim, clock=clock, config=CFG, audit=audit)
    assert gate.admit(timeout=10) is PassageOutcome.FAULT
    assert gate.state is GateState.OUT_OF_SERVICE
    assert "did not open" in gate.last_alarm.detail
    assert sim.leaf_position("exit") == 0.0 and sim.location == "lane"  # nobody got through
    assert [c for c in sim.commands if c[1] == "exit_leaf_open"]  # it was commanded ...
    assert audit.of("gate.command")  # ... and that is on record
