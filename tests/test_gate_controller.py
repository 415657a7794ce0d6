"""The gate state machine against the simulated lane, on a fake clock (no real waiting)."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest
from gate_fixtures import AuditLog, FakeClock

from hardware.gate.simulator import Behaviour, SimTravellerScript, SimulatedGateIO, sim_failure
from hardware.registry import create
from kiosk.errors import ConfigError, DeviceError
from kiosk.gate import GateAlarm, GateConfig, GateController, GateState, IOMap
from kiosk.ports import Gate, PassageOutcome

CFG = GateConfig(poll_hz=50, pulse_s=1.0, max_open_s=20.0, travel_s=1.0)


def lane(behaviour: Behaviour = Behaviour.WALKS_THROUGH, config: GateConfig = CFG, **sim_kwargs):
    clock = FakeClock()
    sim = SimulatedGateIO(clock, traveller=SimTravellerScript(behaviour), **sim_kwargs)
    audit = AuditLog()
    gate = GateController(sim, clock=clock, config=config, audit=audit)
    alarms: list[GateAlarm] = []
    gate.add_alarm_listener(alarms.append)
    return SimpleNamespace(clock=clock, sim=sim, audit=audit, gate=gate, alarms=alarms)


def exit_commands(sim: SimulatedGateIO) -> list[tuple[float, str, object]]:
    return [c for c in sim.commands if c[1] == "exit_leaf_open"]


def test_controller_satisfies_the_gate_port() -> None:
    assert isinstance(lane().gate, Gate)


def test_normal_passage_opens_by_pulses_and_closes_behind_the_traveller() -> None:
    t = lane()
    start = t.clock.monotonic()
    assert t.gate.admit(timeout=10) is PassageOutcome.PASSED
    assert t.gate.state is GateState.IDLE
    assert t.sim.location == "gone"
    assert t.sim.leaf_position("exit") == 0.0 and not t.sim.output_on("exit_leaf_open")
    cmds = exit_commands(t.sim)
    pulses = [c for c in cmds if isinstance(c[2], float)]
    # only pulses open the leaf (never a latch), each at most pulse_s long, and it is switched off at the end
    assert pulses and all(0 < c[2] <= CFG.pulse_s for c in pulses)
    assert not any(c[2] is True for c in cmds)
    assert cmds[-1][2] is False
    assert not any(c[1] == "entry_leaf_open" and c[2] not in (False,) for c in t.sim.commands)
    # travel + reaction + walk + closing: a few seconds, not the whole timeout
    assert t.clock.monotonic() - start < 5
    names = t.audit.names()
    assert names[0] == "gate.admit" and names[-1] == "gate.outcome"
    assert t.audit.of("gate.outcome")[-1]["outcome"] == "passed"
    assert t.audit.of("gate.outcome")[-1]["refreshes"] == len(pulses) - 1  # keep-open pulses, counted
    changed = [d["changed"] for d in t.audit.of("gate.inputs")]
    assert any(c.get("beam_exit") is True for c in changed) and any(
        c.get("beam_exit") is False for c in changed
    )
    assert t.alarms == []


def test_no_passage_in_time_closes_the_leaf_again() -> None:
    t = lane(Behaviour.DOES_NOT_GO)
    start = t.clock.monotonic()
    assert t.gate.admit(timeout=4) is PassageOutcome.NOT_PASSED
    last_pulse = max(c[0] for c in exit_commands(t.sim) if isinstance(c[2], float))
    assert last_pulse < start + 4 + 0.1
    assert t.sim.leaf_position("exit") == 0.0 and not t.sim.output_on("exit_leaf_open")
    assert t.sim.location == "lane"
    assert t.gate.state is GateState.IDLE and t.alarms == []


def test_admit_with_nobody_in_the_lane_does_not_open() -> None:
    t = lane()
    t.sim.leave()
    assert t.gate.admit(timeout=5) is PassageOutcome.NOT_PASSED
    assert not [c for c in exit_commands(t.sim) if c[2] not in (False,)]


@pytest.mark.parametrize("sensor_sees", [True, False])
def test_tailgating_stops_the_lane_and_alarms(sensor_sees: bool) -> None:
    t = lane()
    t.sim.arrive(SimTravellerScript(Behaviour.TAILGATER, tailgate_sensor_sees=sensor_sees))
    assert t.gate.admit(timeout=10) is PassageOutcome.TAILGATING
    assert t.gate.state is GateState.ALARM
    assert [a.outcome for a in t.alarms] == [PassageOutcome.TAILGATING]
    assert t.sim.output_on("alarm")
    assert not t.sim.output_on("exit_leaf_open")
    # the lane stays stopped: the next admit does not touch the leaves
    n = len(t.sim.commands)
    assert t.gate.admit(timeout=10) is PassageOutcome.TAILGATING
    assert len(t.sim.commands) == n
    assert not t.gate.health().ok


def test_forced_entry_leaf_during_admission() -> None:
    t = lane(Behaviour.FORCES_LEAF)
    assert t.gate.admit(timeout=10) is PassageOutcome.FORCED
    assert t.gate.state is GateState.ALARM
    assert t.alarms[-1].outcome is PassageOutcome.FORCED and "entry" in t.alarms[-1].detail
    assert not t.sim.output_on("exit_leaf_open")


def test_forced_leaf_while_idle_is_seen_by_poll() -> None:
    t = lane()
    assert t.gate.poll() is GateState.IDLE
    t.sim.force_leaf("exit")
    assert t.gate.poll() is GateState.ALARM
    assert t.alarms[-1].outcome is PassageOutcome.FORCED


def test_cut_contact_wire_is_a_fault_not_a_passage() -> None:
    t = lane(Behaviour.SENSOR_CUT)
    assert t.gate.admit(timeout=10) is PassageOutcome.FAULT
    assert t.gate.state is GateState.OUT_OF_SERVICE
    assert "wire cut" in t.alarms[-1].detail
    assert not t.sim.output_on("exit_leaf_open")


def test_cut_wire_while_idle_needs_repair_before_reset() -> None:
    t = lane()
    t.sim.cut_wire("exit_closed")
    assert t.gate.poll() is GateState.IDLE  # could still be a leaf settling: give it travel time
    t.clock.advance(CFG.travel_s + 0.1)
    assert t.gate.poll() is GateState.OUT_OF_SERVICE
    with pytest.raises(DeviceError, match="wire cut"):
        t.gate.reset("officer-1")
    t.sim.repair_wire("exit_closed")
    t.gate.reset("officer-1")
    assert t.gate.state is GateState.IDLE and not t.sim.output_on("alarm")


def test_without_limit_switches_a_cut_contact_counts_as_forced() -> None:
    t = lane(limit_switches=False)
    t.sim.cut_wire("entry_closed")
    assert t.gate.admit(timeout=10) in (PassageOutcome.FORCED,)
    assert not [c for c in exit_commands(t.sim) if c[2] not in (False,)]


def test_emergency_then_reset_by_an_officer() -> None:
    t = lane(Behaviour.FIRE_ALARM)
    assert t.gate.admit(timeout=10) is PassageOutcome.EMERGENCY
    assert t.gate.state is GateState.EMERGENCY
    assert t.alarms[-1].outcome is PassageOutcome.EMERGENCY
    assert not t.sim.output_on("exit_leaf_open")
    assert t.gate.admit(timeout=10) is PassageOutcome.EMERGENCY  # refuses to run
    with pytest.raises(DeviceError, match="fire alarm"):
        t.gate.reset("officer-7")
    with pytest.raises(ValueError):
        t.gate.reset("  ")
    t.sim.set_fire_alarm(False)
    t.gate.reset("officer-7")
    assert t.gate.state is GateState.IDLE
    assert t.audit.of("gate.reset")[-1]["officer"] == "officer-7"
    t.sim.behaviour = Behaviour.WALKS_THROUGH  # a new traveller
    assert t.gate.admit(timeout=10) is PassageOutcome.PASSED


def test_io_failure_mid_admission_is_a_fault() -> None:
    t = lane(Behaviour.DOES_NOT_GO)
    t.clock.call_at(t.clock.monotonic() + 1.5, lambda: t.sim.fail_io(sim_failure()))
    assert t.gate.admit(timeout=10) is PassageOutcome.FAULT
    assert t.gate.state is GateState.OUT_OF_SERVICE
    assert "USB device vanished" in t.alarms[-1].detail
    # the last pulse runs out by itself even though the off command could not be sent
    t.sim.fail_io(None)
    t.clock.advance(CFG.pulse_s + CFG.travel_s)
    assert t.sim.leaf_position("exit") == 0.0


class EntryWatch:
    """GateIO wrapper asserting the interlock on every command that opens the exit leaf."""

    def __init__(self, sim: SimulatedGateIO) -> None:
        self.sim = sim
        self.hardware_pulse = True
        self.exit_opens = 0

    def pulse(self, output: str, seconds: float) -> None:
        if output == "exit_leaf_open":
            assert self.sim.leaf_position("entry") == 0.0, "exit opened with the entry leaf open"
            self.exit_opens += 1
        self.sim.pulse(output, seconds)

    def set_output(self, output: str, on: bool) -> None:
        if output == "exit_leaf_open" and on:
            raise AssertionError("exit leaf latched on")
        self.sim.set_output(output, on)

    def read_inputs(self):
        return self.sim.read_inputs()

    def health(self):
        return self.sim.health()

    def close(self) -> None:
        self.sim.close()


def test_exit_never_opens_while_the_entry_leaf_is_open() -> None:
    clock = FakeClock()
    sim = SimulatedGateIO(clock)
    watch = EntryWatch(sim)
    gate = GateController(watch, clock=clock, config=CFG)
    sim.set_output("entry_leaf_open", True)  # a stuck entry relay holds the entry leaf open
    clock.advance(2)
    outcome = gate.admit(timeout=10)
    assert outcome in (PassageOutcome.FORCED, PassageOutcome.FAULT)
    assert watch.exit_opens == 0


@pytest.mark.parametrize("behaviour", list(Behaviour))
def test_interlock_holds_for_every_behaviour(behaviour: Behaviour) -> None:
    clock = FakeClock()
    sim = SimulatedGateIO(clock, traveller=SimTravellerScript(behaviour))
    watch = EntryWatch(sim)
    gate = GateController(watch, clock=clock, config=CFG)
    gate.admit(timeout=6)
    clock.advance(CFG.pulse_s + CFG.travel_s)
    assert sim.leaf_position("exit") == 0.0  # whatever happened, the exit leaf ends shut


class HangingIO(EntryWatch):
    """Reads hang forever once the exit leaf was opened: a hung controller thread."""

    def __init__(self, sim: SimulatedGateIO) -> None:
        super().__init__(sim)
        self.hung = threading.Event()
        self.release = threading.Event()

    def read_inputs(self):
        if self.exit_opens:
            self.hung.set()
            self.release.wait(10)
            raise sim_failure()
        return self.sim.read_inputs()


def test_pulse_ends_when_the_controller_thread_hangs() -> None:
    clock = FakeClock()
    sim = SimulatedGateIO(clock, traveller=SimTravellerScript(Behaviour.DOES_NOT_GO))
    io = HangingIO(sim)
    gate = GateController(io, clock=clock, config=CFG)
    worker = threading.Thread(target=gate.admit, args=(30,), daemon=True)
    worker.start()
    assert io.hung.wait(5)
    assert sim.output_on("exit_leaf_open")
    clock.advance(CFG.pulse_s + 0.01)
    assert not sim.output_on("exit_leaf_open")  # nobody switched it off: the pulse ran out
    clock.advance(CFG.travel_s)
    assert sim.leaf_position("exit") == 0.0
    io.release.set()
    worker.join(5)


class Killed(BaseException):
    """Not an Exception: nothing in the controller may swallow it."""


def test_outputs_go_off_when_the_controller_thread_dies() -> None:
    t = lane(Behaviour.DOES_NOT_GO)

    def dying_audit(event: str, data: dict) -> None:
        if event == "gate.inputs" and t.sim.output_on("exit_leaf_open"):
            raise Killed()

    t.gate._audit_sink = dying_audit
    died: list[BaseException] = []

    def run() -> None:
        try:
            t.gate.admit(30)
        except Killed as exc:
            died.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    assert died and exit_commands(t.sim)[0][2] == CFG.pulse_s  # it died with the leaf opening
    assert exit_commands(t.sim)[-1][2] is False  # the unwinding thread switched it off
    t.clock.advance(CFG.travel_s)
    assert t.sim.leaf_position("exit") == 0.0


def test_lock_interrupts_a_running_admission() -> None:
    t = lane(Behaviour.DOES_NOT_GO)
    t.clock.call_at(t.clock.monotonic() + 2.0, t.gate.lock)
    start = t.clock.monotonic()
    assert t.gate.admit(timeout=15) is PassageOutcome.NOT_PASSED
    assert t.clock.monotonic() - start < 2.0 + 2 * CFG.travel_s
    assert t.sim.leaf_position("exit") == 0.0


def test_one_leaf_lane() -> None:
    t = lane(config=GateConfig(two_leaf=False, travel_s=1.0), two_leaf=False)
    assert "entry_closed" not in t.sim.read_inputs()
    assert t.gate.admit(timeout=10) is PassageOutcome.PASSED
    with pytest.raises(ConfigError):
        t.gate.open_entry(5)


def test_open_entry_lets_one_traveller_in_then_admit_lets_them_out() -> None:
    t = lane()
    t.sim.arrive(SimTravellerScript(), in_lane=False)
    assert t.gate.open_entry(timeout=10) is PassageOutcome.PASSED
    assert t.sim.location == "lane" and t.sim.leaf_position("entry") == 0.0
    assert t.gate.admit(timeout=10) is PassageOutcome.PASSED
    assert t.sim.location == "gone"


def test_missing_wiring_is_a_fault() -> None:
    t = lane(beams=False, presence=False)
    assert t.gate.admit(timeout=5) is PassageOutcome.FAULT
    assert "not wired" in t.alarms[-1].detail


def test_tamper_and_listener_errors() -> None:
    t = lane()
    t.gate.add_alarm_listener(lambda alarm: 1 / 0)  # a broken console must not block the stop
    t.sim.set_tamper(True)
    assert t.gate.admit(timeout=5) is PassageOutcome.FAULT
    assert t.alarms and t.gate.state is GateState.OUT_OF_SERVICE


def test_config_validation() -> None:
    with pytest.raises(ConfigError, match="poll_hz"):
        GateConfig.from_options({"poll_hz": 0})
    with pytest.raises(ConfigError, match="pulse_s"):
        GateConfig.from_options({"pulse_s": 30, "max_open_s": 10})
    with pytest.raises(ConfigError, match="unknown output"):
        IOMap.from_options({"outputs": {"door": 1}})
    with pytest.raises(ConfigError, match="share a channel"):
        IOMap.from_options({"outputs": {"exit_leaf_open": 1, "alarm": 1}})
    m = IOMap.from_options(
        {"inputs": {"exit_closed": 0, "fire_alarm": 1, "presence": {"channel": 2, "invert": True}}}
    )
    # fire alarm loop is NC: a closed contact means no alarm, an open (or cut) loop means alarm
    assert m.logical_inputs({0: True, 1: True, 2: True}) == {
        "exit_closed": True,
        "fire_alarm": False,
        "presence": False,
    }
    assert m.logical_inputs({0: False, 1: False, 2: False}) == {
        "exit_closed": False,
        "fire_alarm": True,
        "presence": True,
    }


def test_simulator_factory_from_the_registry() -> None:
    import hardware.gate  # noqa: F401  (registers the drivers)

    clock, audit = FakeClock(), AuditLog()
    gate = create(
        "gate", "simulator", {"travel_s": 0.5, "poll_hz": 20}, SimpleNamespace(clock=clock, audit=audit)
    )
    assert isinstance(gate, GateController) and isinstance(gate.io, SimulatedGateIO)
    gate.io.behaviour = "tailgater"
    assert gate.admit(timeout=10) is PassageOutcome.TAILGATING
    assert audit.of("gate.alarm")
    gate.close()


def test_real_clock_passage_is_quick() -> None:
    # the same machine on the real clock with short timings (smoke test of the threading-free path)
    sim = SimulatedGateIO(travel_s=0.05, traveller=SimTravellerScript(reaction_s=0.02, walk_s=0.05))
    gate = GateController(sim, config=GateConfig(poll_hz=200, pulse_s=0.3, travel_s=0.2))
    t0 = time.monotonic()
    assert gate.admit(timeout=2) is PassageOutcome.PASSED
    assert time.monotonic() - t0 < 2


def test_unexpected_driver_bug_stops_the_lane() -> None:
    t = lane(Behaviour.DOES_NOT_GO)
    real_read = t.sim.read_inputs

    def buggy_read():
        if t.sim.output_on("exit_leaf_open"):
            raise KeyError("exit_closed")
        return real_read()

    t.sim.read_inputs = buggy_read
    assert t.gate.admit(timeout=5) is PassageOutcome.FAULT
    assert t.gate.state is GateState.OUT_OF_SERVICE and "KeyError" in t.alarms[-1].detail
    assert not t.sim.output_on("exit_leaf_open")
