"""Safety invariants of the controller over randomly scripted travellers (hypothesis)."""

from __future__ import annotations

from gate_fixtures import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.gate.simulator import Behaviour, SimTravellerScript, SimulatedGateIO
from kiosk.gate import GateConfig, GateController, GateState
from kiosk.ports import PassageOutcome

EXPECTED = {
    Behaviour.WALKS_THROUGH: {PassageOutcome.PASSED},
    Behaviour.DOES_NOT_GO: {PassageOutcome.NOT_PASSED},
    Behaviour.TAILGATER: {PassageOutcome.TAILGATING},
    Behaviour.FORCES_LEAF: {PassageOutcome.FORCED},
    Behaviour.SENSOR_CUT: {PassageOutcome.FAULT},
    Behaviour.FIRE_ALARM: {PassageOutcome.EMERGENCY},
    Behaviour.RELAY_NOT_ANSWERING: {PassageOutcome.FAULT},
}


class Recorder:
    """Checks the interlock at every command and records whether a leaf was latched."""

    hardware_pulse = True

    def __init__(self, sim: SimulatedGateIO) -> None:
        self.sim = sim
        self.violations: list[str] = []

    def pulse(self, output: str, seconds: float) -> None:
        if output == "exit_leaf_open" and self.sim.leaf_position("entry") > 0:
            self.violations.append("exit pulsed with the entry leaf not closed")
        if seconds > 1.0 + 1e-9:
            self.violations.append(f"pulse of {seconds}s")
        self.sim.pulse(output, seconds)

    def set_output(self, output: str, on: bool) -> None:
        if on and output != "alarm":
            self.violations.append(f"{output} latched on")
        self.sim.set_output(output, on)

    def read_inputs(self):
        return self.sim.read_inputs()

    def health(self):
        return self.sim.health()

    def close(self) -> None:
        self.sim.close()


@settings(max_examples=60, deadline=None)
@given(
    behaviour=st.sampled_from(list(Behaviour)),
    reaction=st.floats(0.0, 3.0),
    walk=st.floats(0.3, 2.0),
    event_at=st.floats(0.0, 0.15),  # before the leaf is open: the event falls inside the admission
    gap=st.floats(0.4, 2.0),
    timeout=st.floats(6.0, 12.0),
    poll_hz=st.sampled_from([10.0, 20.0, 50.0]),
    travel=st.floats(0.2, 1.5),
)
def test_invariants(behaviour, reaction, walk, event_at, gap, timeout, poll_hz, travel) -> None:
    clock = FakeClock()
    script = SimTravellerScript(
        behaviour, reaction_s=reaction, walk_s=walk, event_at_s=event_at, tailgater_gap_s=gap
    )
    sim = SimulatedGateIO(clock, travel_s=travel, traveller=script)
    io = Recorder(sim)
    gate = GateController(io, clock=clock, config=GateConfig(poll_hz=poll_hz, pulse_s=1.0, travel_s=2.0))
    start = clock.monotonic()
    outcome = gate.admit(timeout)
    assert io.violations == []
    assert outcome in EXPECTED[behaviour]
    # bounded: never longer than the timeout plus walking out of the beam plus closing
    assert clock.monotonic() - start <= timeout + walk + 2 * 2.0 + 1.0
    clock.advance(1.0 + travel)
    assert sim.leaf_position("exit") == 0.0
    if outcome in (PassageOutcome.PASSED, PassageOutcome.NOT_PASSED):
        assert gate.state is GateState.IDLE
    else:
        assert gate.state in (GateState.ALARM, GateState.OUT_OF_SERVICE, GateState.EMERGENCY)
