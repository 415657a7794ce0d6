"""Fail-secure two-leaf e-gate controller: an explicit state machine fed by polled sensor events.

Safety rules the code keeps (each has a test):

* A leaf is only ever opened by a *time-limited pulse* of `pulse_s`, re-issued while the controller
  is alive and wants the leaf open. If the process hangs or dies, the last pulse runs out (in the
  relay module for hardware-pulse drivers, on the driver's timer thread otherwise) and the leaf
  closes; the systemd watchdog (`kiosk.watchdog`) then restarts the process, and every driver
  switches all outputs off when it opens the device. Nothing ever latches a leaf open.
* The exit leaf opens only with the entry leaf reading closed (checked before every pulse), only
  for `admit()` and never longer than `max_open_s`.
* Tailgating, a forced leaf, a sensor/IO fault or the fire alarm stop the lane: every leaf output
  off, the alarm output on, alarm listeners told, and `admit` refuses until `reset(officer_id)`.
* Every command and every input change goes to the audit sink.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from kiosk.errors import ConfigError, DeviceError
from kiosk.gate.io import GateIO
from kiosk.ports import Clock, DeviceHealth, PassageOutcome, SystemClock

log = logging.getLogger(__name__)

AuditSink = Callable[[str, dict[str, Any]], None]


class GateState(StrEnum):
    IDLE = "idle"
    OPENING = "opening"  # open pulse issued, leaf travelling
    OPEN = "open"  # leaf open, waiting for the traveller
    PASSING = "passing"  # the traveller is in the leaf's beam
    CLOSING = "closing"  # pulse stopped, waiting for the leaf to close
    ALARM = "alarm"  # tailgating or forced leaf: the lane is stopped
    OUT_OF_SERVICE = "out-of-service"  # sensor or IO fault: the lane is stopped
    EMERGENCY = "emergency"  # fire alarm: the lane is stopped


STOPPED = frozenset({GateState.ALARM, GateState.OUT_OF_SERVICE, GateState.EMERGENCY})
_STOP_STATE = {
    PassageOutcome.TAILGATING: GateState.ALARM,
    PassageOutcome.FORCED: GateState.ALARM,
    PassageOutcome.FAULT: GateState.OUT_OF_SERVICE,
    PassageOutcome.EMERGENCY: GateState.EMERGENCY,
}


@dataclass(frozen=True)
class GateConfig:
    two_leaf: bool = True
    # sensor polling rate while a leaf is moving or open; one period must be well below the
    # shortest beam interruption (a brisk walker: ~0.2 s), or a passage can go unseen
    poll_hz: float = 50.0
    pulse_s: float = 1.0  # length of each keep-open pulse = worst-case close delay after a hang
    max_open_s: float = 20.0  # hard limit for one opening, whatever `timeout` says
    travel_s: float = 2.0  # a leaf must reach its end position within this time
    beam_merge_s: float = 0.3  # beam interruptions closer than this are one body (legs, bag)
    require_presence: bool = True  # open only when the presence sensor (if wired) sees somebody

    @classmethod
    def from_options(cls, options: Mapping[str, Any], section: str = "devices.gate") -> GateConfig:
        known = {f for f in cls.__dataclass_fields__}
        kwargs: dict[str, Any] = {}
        for key in known & set(options):
            kwargs[key] = options[key]
        cfg = cls(**kwargs)
        for key in ("poll_hz", "pulse_s", "max_open_s", "travel_s"):
            value = getattr(cfg, key)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ConfigError(f"{section}.{key}: must be a positive number, got {value!r}")
        if cfg.poll_hz < 5:
            raise ConfigError(f"{section}.poll_hz: at least 5 Hz, or a body crossing a beam can go unseen")
        if cfg.beam_merge_s < 0:
            raise ConfigError(f"{section}.beam_merge_s: must not be negative")
        if cfg.pulse_s > cfg.max_open_s:
            raise ConfigError(f"{section}.pulse_s must not exceed max_open_s")
        return cfg


@dataclass(frozen=True)
class GateAlarm:
    """What alarm listeners (the officer console) receive when the lane stops."""

    outcome: PassageOutcome
    state: GateState
    detail: str
    at: datetime
    inputs: dict[str, bool] = field(default_factory=dict)


class _Stop(Exception):
    def __init__(self, outcome: PassageOutcome, detail: str) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.detail = detail


class GateController:
    """`kiosk.ports.Gate` over a `GateIO`. Blocking; call `admit` from a worker thread."""

    def __init__(
        self,
        io: GateIO,
        *,
        clock: Clock | None = None,
        config: GateConfig | None = None,
        audit: AuditSink | None = None,
        name: str = "gate",
        driver: str = "relay",
    ) -> None:
        self.io = io
        self.clock: Clock = clock or SystemClock()
        self.config = config or GateConfig()
        self.name = name
        self.driver = driver
        self._audit_sink = audit
        self._busy = threading.RLock()
        self._state = GateState.IDLE
        self._listeners: list[Callable[[GateAlarm], None]] = []
        self._last_inputs: dict[str, bool] = {}
        self._released_at: dict[str, float] = {}  # leaf -> when its pulse was last stopped
        self._unclosed_since: dict[str, float] = {}
        self._commanded: set[str] = set()
        self._lock_requested = threading.Event()
        self._last_stop: GateAlarm | None = None
        self._closed = False
        self._refreshes = 0

    # --- public API -------------------------------------------------------------------------

    @property
    def state(self) -> GateState:
        return self._state

    @property
    def last_alarm(self) -> GateAlarm | None:
        return self._last_stop

    def add_alarm_listener(self, callback: Callable[[GateAlarm], None]) -> None:
        self._listeners.append(callback)

    def remove_alarm_listener(self, callback: Callable[[GateAlarm], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def admit(self, timeout: float) -> PassageOutcome:
        """Open the exit leaf for the cleared traveller in the lane; wait for passage or timeout."""
        return self._run("exit", timeout)

    def open_entry(self, timeout: float) -> PassageOutcome:
        """Let the next traveller into an empty two-leaf lane: PASSED when they are in and the
        entry leaf closed behind them, NOT_PASSED when nobody came."""
        if not self.config.two_leaf:
            raise ConfigError(f"{self.name}: open_entry needs a two-leaf lane (two_leaf = true)")
        return self._run("entry", timeout)

    def lock(self) -> None:
        """Close every leaf now (also interrupts a running `admit`)."""
        self._lock_requested.set()
        self._audit("gate.command", {"command": "lock"})
        self._release_all()

    def poll(self) -> GateState:
        """One idle check (forced leaf, cut wire, fire alarm, tamper); call it from a timer while
        no `admit` runs. Returns the state afterwards."""
        if not self._busy.acquire(blocking=False):
            return self._state
        try:
            if self._state in STOPPED or self._closed:
                return self._state
            try:
                inputs = self._read()
                self._check(inputs, self.clock.monotonic())
            except _Stop as stop:
                self._stop(stop.outcome, stop.detail)
            except Exception as exc:  # DeviceError or a driver bug: either way the lane stops
                self._stop(PassageOutcome.FAULT, f"IO failed: {exc}")
            return self._state
        finally:
            self._busy.release()

    def reset(self, officer_id: str) -> None:
        """An officer puts a stopped lane back in service. Raises DeviceError (state unchanged)
        while the cause persists: fire alarm on, a leaf not closed, a sensor still faulty."""
        if not officer_id or not officer_id.strip():
            raise ValueError("reset needs the officer's id")
        with self._busy:
            self._audit("gate.reset.request", {"officer": officer_id, "state": self._state.value})
            try:
                self._settled()
            except _Stop as stop:
                self._audit("gate.reset.refused", {"officer": officer_id, "reason": stop.detail})
                raise DeviceError(self.name, f"cannot reset: {stop.detail}") from None
            except DeviceError as exc:  # the IO itself still fails: as refused, and on record
                self._audit("gate.reset.refused", {"officer": officer_id, "reason": f"IO failed: {exc}"})
                raise DeviceError(self.name, f"cannot reset: IO failed: {exc}") from None
            self._set_alarm_output(False)
            self._lock_requested.clear()
            self._unclosed_since.clear()
            previous = self._state
            self._state = GateState.IDLE
            self._audit("gate.reset", {"officer": officer_id, "from": previous.value})

    def _settled(self) -> None:
        """Wait (up to twice the travel time) for the lane to be shut and sane, else raise `_Stop`."""
        start = self.clock.monotonic()
        while True:
            inputs = self._read()
            now = self.clock.monotonic()
            strict = now - start >= 2 * self.config.travel_s
            self._check(inputs, now, strict=strict)
            if not self._wired(inputs):
                raise _Stop(PassageOutcome.FAULT, self._wiring_problem(inputs))
            leaves = ("entry", "exit") if self.config.two_leaf else ("exit",)
            if all(inputs.get(f"{leaf}_closed") for leaf in leaves):
                return
            if strict:
                raise _Stop(PassageOutcome.FAULT, "a leaf does not close")
            self.clock.sleep(1.0 / self.config.poll_hz)

    def health(self) -> DeviceHealth:
        io_health = self.io.health()
        ok = io_health.ok and self._state not in STOPPED and not self._closed
        detail = f"state {self._state.value}"
        if self._last_stop and self._state in STOPPED:
            detail += f": {self._last_stop.detail}"
        if not io_health.ok:
            detail += f"; io: {io_health.detail}"
        return DeviceHealth(
            self.name,
            self.driver,
            ok,
            detail,
            {"state": self._state.value, "inputs": dict(self._last_inputs), "io": io_health.data},
        )

    def close(self) -> None:
        if self._closed:
            return
        self.lock()
        self._closed = True
        self.io.close()

    # --- the passage state machine ----------------------------------------------------------

    def _run(self, leaf: str, timeout: float) -> PassageOutcome:
        with self._busy:
            if self._closed:
                raise DeviceError(self.name, "controller is closed")
            if self._state in STOPPED:
                refused = self._last_stop.outcome if self._last_stop else PassageOutcome.FAULT
                self._audit("gate.refused", {"leaf": leaf, "state": self._state.value})
                return refused
            self._lock_requested.clear()
            self._audit("gate.admit" if leaf == "exit" else "gate.open_entry", {"timeout": timeout})
            try:
                outcome = self._passage(leaf, float(timeout))
            except _Stop as stop:
                return self._stop(stop.outcome, stop.detail)
            except DeviceError as exc:
                return self._stop(PassageOutcome.FAULT, f"IO failed: {exc}")
            except Exception as exc:  # a bug (driver or ours): stop the lane rather than guess
                log.exception("%s: unexpected error during %s passage", self.name, leaf)
                return self._stop(PassageOutcome.FAULT, f"controller error: {exc!r}")
            finally:
                # whatever happened (including an unexpected exception), no leaf stays commanded
                self._release_all()
            self._state = GateState.IDLE
            self._audit(
                "gate.outcome", {"leaf": leaf, "outcome": outcome.value, "refreshes": self._refreshes}
            )
            return outcome

    def _passage(self, leaf: str, timeout: float) -> PassageOutcome:
        cfg, clk = self.config, self.clock
        beam, period = f"beam_{leaf}", 1.0 / cfg.poll_hz
        start = clk.monotonic()

        # 1. preconditions: wired, nothing wrong, both leaves closed, lane occupied/empty
        inputs = self._read()
        if not self._wired(inputs):
            raise _Stop(PassageOutcome.FAULT, self._wiring_problem(inputs))
        while True:
            now = clk.monotonic()
            self._check(inputs, now)
            waiting = self._precondition(leaf, inputs)
            if waiting is None:
                break
            if now - start >= cfg.travel_s:
                if waiting.startswith("lane"):
                    self._audit("gate.not_opened", {"leaf": leaf, "reason": waiting})
                    return PassageOutcome.NOT_PASSED
                self._check(inputs, now, strict=True)  # classify the stuck leaf now
                raise _Stop(PassageOutcome.FAULT, waiting)
            clk.sleep(period)
            inputs = self._read()

        # 2. open by pulse and follow the traveller
        opened_at = clk.monotonic()
        hard_stop = opened_at + cfg.max_open_s
        deadline = opened_at + max(timeout, 0.0)
        self._state = GateState.OPENING
        self._open_pulse(leaf, inputs, min(cfg.pulse_s, hard_stop - opened_at))
        last_pulse = opened_at
        breaks, beam_prev, beam_cleared_at = 0, bool(inputs.get(beam)), -math.inf
        entered = False  # the traveller reached their side (presence seen in/out as needed)
        outcome = PassageOutcome.NOT_PASSED
        while True:
            clk.sleep(period)
            now = clk.monotonic()
            inputs = self._read()
            self._check(inputs, now)
            if self._lock_requested.is_set():
                self._audit("gate.interrupted", {"leaf": leaf})
                break
            b = bool(inputs.get(beam))
            if b and not beam_prev:
                if breaks == 0 or now - beam_cleared_at > cfg.beam_merge_s:
                    breaks += 1
                if breaks > 1:
                    raise _Stop(PassageOutcome.TAILGATING, f"a second body crossed {beam}")
                self._state = GateState.PASSING
            if beam_prev and not b:
                beam_cleared_at = now
            beam_prev = b
            if self._state is GateState.OPENING:
                if not inputs.get(f"{leaf}_closed", True) or inputs.get(f"{leaf}_opened"):
                    self._state = GateState.OPEN
                elif now - opened_at > cfg.travel_s:
                    raise _Stop(PassageOutcome.FAULT, f"{leaf} leaf did not open (relay or drive fault)")
            entered = self._through(leaf, inputs, breaks)
            if entered:
                outcome = PassageOutcome.PASSED
                break
            if now >= hard_stop:
                self._audit("gate.max_open", {"leaf": leaf})
                break
            if now >= deadline and not b:
                break  # no (complete) passage in time; never close on a body in the beam
            if now - last_pulse >= cfg.pulse_s / 3 and not self._lock_requested.is_set():
                self._open_pulse(leaf, inputs, min(cfg.pulse_s, hard_stop - now), refresh=True)
                last_pulse = now

        # 3. close behind the traveller and watch for a second body
        self._release(leaf)
        self._state = GateState.CLOSING
        close_start = clk.monotonic()
        while True:
            now = clk.monotonic()
            self._check(inputs, now, closing=leaf)
            b = bool(inputs.get(beam))
            if b and not beam_prev and breaks >= 1 and now - beam_cleared_at > cfg.beam_merge_s:
                raise _Stop(PassageOutcome.TAILGATING, f"a second body crossed {beam} while closing")
            beam_prev = b
            if entered and leaf == "exit" and inputs.get("presence"):
                raise _Stop(PassageOutcome.TAILGATING, "somebody in the lane behind the traveller")
            if inputs.get(f"{leaf}_closed"):
                return outcome
            if now - close_start > 2 * cfg.travel_s:
                raise _Stop(PassageOutcome.FAULT, f"{leaf} leaf did not close")
            clk.sleep(period)
            inputs = self._read()

    def _precondition(self, leaf: str, inputs: Mapping[str, bool]) -> str | None:
        for other in ("entry", "exit") if self.config.two_leaf else ("exit",):
            if not inputs.get(f"{other}_closed"):
                return f"{other} leaf is not closed"
        if self.config.require_presence and "presence" in inputs:
            if leaf == "exit" and not inputs["presence"]:
                return "lane is empty: nobody to admit"
            if leaf == "entry" and inputs["presence"]:
                return "lane is occupied"
        return None

    def _through(self, leaf: str, inputs: Mapping[str, bool], breaks: int) -> bool:
        """Has the traveller completed this passage?"""
        beam = f"beam_{leaf}"
        if inputs.get(beam) or (beam in inputs and breaks == 0):
            return False
        if "presence" in inputs:
            return inputs["presence"] is (leaf == "entry")
        return breaks > 0

    def _check(
        self, inputs: Mapping[str, bool], now: float, *, closing: str | None = None, strict: bool = False
    ) -> None:
        """Raise `_Stop` for any condition that must stop the lane (`strict`: no grace times)."""
        if inputs.get("fire_alarm"):
            raise _Stop(PassageOutcome.EMERGENCY, "fire alarm input active")
        if inputs.get("tamper"):
            raise _Stop(PassageOutcome.FAULT, "tamper contact open")
        if inputs.get("tailgate"):
            raise _Stop(PassageOutcome.TAILGATING, "tailgating sensor: more than one person")
        for leaf in ("entry", "exit") if self.config.two_leaf else ("exit",):
            if leaf in self._commanded:
                continue
            problem = self._leaf_problem(leaf, inputs, now, leaf == closing, strict)
            if problem:
                raise _Stop(*problem)

    def _leaf_problem(
        self, leaf: str, inputs: Mapping[str, bool], now: float, expected_closing: bool, strict: bool
    ) -> tuple[PassageOutcome, str] | None:
        closed = inputs.get(f"{leaf}_closed")
        opened = inputs.get(f"{leaf}_opened")
        if closed and opened:
            return PassageOutcome.FAULT, f"{leaf}_closed and {leaf}_opened both active: sensor fault"
        if closed:
            self._unclosed_since.pop(leaf, None)
            return None
        grace = self.config.travel_s * (2 if expected_closing else 1)
        if not strict and now - self._released_at.get(leaf, -math.inf) < grace:
            return None  # still closing after our own pulse
        if opened is None or opened:
            # physically open without a command (or no limit switch to tell): forced
            return PassageOutcome.FORCED, f"{leaf} leaf open without a command"
        since = self._unclosed_since.setdefault(leaf, now)
        if strict or now - since >= self.config.travel_s:
            return PassageOutcome.FAULT, (
                f"{leaf}_closed reads open but the leaf is not open: contact wire cut or leaf stuck"
            )
        return None

    def _wired(self, inputs: Mapping[str, bool]) -> bool:
        return not self._wiring_problem(inputs)

    def _wiring_problem(self, inputs: Mapping[str, bool]) -> str:
        need = ["exit_closed"] + (["entry_closed"] if self.config.two_leaf else [])
        missing = [n for n in need if n not in inputs]
        if not ({"beam_exit", "presence"} & set(inputs)):
            missing.append("beam_exit or presence")
        return f"inputs not wired: {', '.join(missing)}" if missing else ""

    # --- commands ---------------------------------------------------------------------------

    def _open_pulse(
        self, leaf: str, inputs: Mapping[str, bool], seconds: float, refresh: bool = False
    ) -> None:
        other = "exit" if leaf == "entry" else "entry"
        if self.config.two_leaf and not inputs.get(f"{other}_closed"):
            # interlock, independent of the state machine: never open both leaves
            now = self.clock.monotonic()
            problem = self._leaf_problem(other, inputs, now, False, strict=True)
            outcome, why = problem or (PassageOutcome.FAULT, f"{other} leaf not closed")
            raise _Stop(outcome, f"interlock: {why}")
        self._commanded.add(leaf)
        if refresh:
            self._refreshes += 1  # counted in gate.outcome instead of one audit record each
        else:
            self._refreshes = 0
            self._audit("gate.command", {"output": f"{leaf}_leaf_open", "pulse_s": round(seconds, 3)})
        self.io.pulse(f"{leaf}_leaf_open", max(seconds, 0.0))

    def _release(self, leaf: str) -> None:
        was = leaf in self._commanded
        self._commanded.discard(leaf)
        self._released_at[leaf] = self.clock.monotonic()
        if was:
            self._audit("gate.command", {"output": f"{leaf}_leaf_open", "on": False})
        self.io.set_output(f"{leaf}_leaf_open", False)

    def _release_all(self) -> None:
        for leaf in ("entry", "exit") if self.config.two_leaf else ("exit",):
            try:
                self._release(leaf)
            except DeviceError as exc:
                # the pulse still runs out by itself; note it and carry on
                self._audit("gate.command_failed", {"output": f"{leaf}_leaf_open", "error": str(exc)})

    def _set_alarm_output(self, on: bool) -> None:
        try:
            self.io.set_output("alarm", on)
            self._audit("gate.command", {"output": "alarm", "on": on})
        except DeviceError as exc:
            self._audit("gate.command_failed", {"output": "alarm", "error": str(exc)})

    def _stop(self, outcome: PassageOutcome, detail: str) -> PassageOutcome:
        self._release_all()
        self._set_alarm_output(True)
        self._state = _STOP_STATE[outcome]
        alarm = GateAlarm(outcome, self._state, detail, self.clock.now(), dict(self._last_inputs))
        self._last_stop = alarm
        self._audit("gate.alarm", {"outcome": outcome.value, "state": self._state.value, "detail": detail})
        log.warning("%s stopped: %s (%s)", self.name, outcome.value, detail)
        for listener in list(self._listeners):
            try:
                listener(alarm)
            except Exception:  # a console bug must not keep the lane from stopping
                log.exception("gate alarm listener failed")
        return outcome

    # --- inputs and audit -------------------------------------------------------------------

    def _read(self) -> dict[str, bool]:
        inputs = dict(self.io.read_inputs())
        changed = {k: v for k, v in inputs.items() if self._last_inputs.get(k) != v}
        if changed:
            self._audit("gate.inputs", {"changed": changed})
        self._last_inputs = inputs
        return inputs

    def _audit(self, event: str, data: dict[str, Any]) -> None:
        if self._audit_sink is not None:
            self._audit_sink(event, {"gate": self.name, **data})
