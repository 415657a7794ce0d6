"""A simulated two-leaf lane behind the `GateIO` port.

Everything is a function of the injected clock (no threads): leaves travel while their open output
is on (a pulse ends by itself at its deadline, as in a relay module with a hardware pulse), the
door contacts and limit switches follow the leaf position, and the current simulated traveller
breaks the beams when they walk through an open leaf. What the traveller does is scripted by
`SimTravellerScript.behaviour` (or `SimulatedGateIO.behaviour = "tailgater"`).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError
from kiosk.gate.io import DEFAULT_INVERT, INPUTS, OUTPUTS
from kiosk.ports import Clock, DeviceHealth, SystemClock


class Behaviour(StrEnum):
    WALKS_THROUGH = "walks_through"
    DOES_NOT_GO = "does_not_go"  # stays in the lane
    TAILGATER = "tailgater"  # a second person follows the traveller through the open leaf
    FORCES_LEAF = "forces_leaf"  # `forced_leaf` is pushed open `event_at_s` after the open command
    SENSOR_CUT = "sensor_cut"  # the wire of `cut_input` is cut `event_at_s` after the open command
    FIRE_ALARM = "fire_alarm"  # the fire alarm goes off `event_at_s` after the open command
    RELAY_NOT_ANSWERING = "relay_not_answering"  # the leaf relays take commands but never switch


@dataclass(frozen=True)
class SimTravellerScript:
    """One simulated traveller. Times are seconds of the injected clock."""

    behaviour: Behaviour = Behaviour.WALKS_THROUGH
    reaction_s: float = 0.5  # from the leaf being fully open to stepping into the beam
    walk_s: float = 0.8  # how long the body interrupts the leaf's beam
    event_at_s: float = 0.3  # for forces_leaf / sensor_cut / fire_alarm, after the open command
    forced_leaf: str = "entry"
    cut_input: str = "entry_closed"
    tailgater_gap_s: float = 0.5  # the follower enters the beam this long after the traveller left it
    tailgate_sensor_sees: bool = True  # the people-counting sensor notices the follower


@dataclass
class _Leaf:
    position: float = 0.0  # 0 closed .. 1 fully open
    latched: bool = False
    pulse_until: float = -math.inf
    forced: bool = False
    t: float = 0.0


class SimulatedGateIO:
    """`GateIO` of a simulated lane. Thread-safe; tests and the lead drive it through the knobs
    `behaviour`, `arrive()`, `force_leaf()`, `cut_wire()`, `repair_wire()`, `set_fire_alarm()`,
    `set_tamper()` and `fail_io()`."""

    hardware_pulse = True  # pulses end at their deadline on the sim clock, even if nobody calls back

    def __init__(
        self,
        clock: Clock | None = None,
        *,
        travel_s: float = 0.6,
        two_leaf: bool = True,
        limit_switches: bool = True,
        beams: bool = True,
        presence: bool = True,
        tailgate_sensor: bool = True,
        traveller: SimTravellerScript | None = None,
        name: str = "gate",
    ) -> None:
        if travel_s <= 0:
            raise ConfigError("devices.gate.travel_s must be positive")
        self.clock = clock or SystemClock()
        self.name = name
        self.travel_s = float(travel_s)
        self.two_leaf = two_leaf
        self._lock = threading.RLock()
        leaves = ("entry", "exit") if two_leaf else ("exit",)
        t0 = self.clock.monotonic()
        self._leaves = {leaf: _Leaf(t=t0) for leaf in leaves}
        self._alarm_on = False
        self._cut: set[str] = set()
        self._fire = False
        self._tamper = False
        self._failure: DeviceError | None = None
        wired = {f"{leaf}_closed" for leaf in leaves}
        if limit_switches:
            wired |= {f"{leaf}_opened" for leaf in leaves}
        if beams:
            wired |= {f"beam_{leaf}" for leaf in leaves}
        if presence:
            wired.add("presence")
        if tailgate_sensor:
            wired.add("tailgate")
        wired |= {"fire_alarm", "tamper"}
        self.wired = frozenset(wired)
        self.commands: list[tuple[float, str, Any]] = []  # (time, output, pulse seconds or on/off)
        self.script = traveller or SimTravellerScript()
        self._location = "lane"  # "outside" (before the entry), "lane", "gone"
        self._walk: dict[str, float] = {}  # leaf -> when the traveller steps into its beam
        self._cmd_at: float | None = None  # first open command for this traveller
        self._fired_event = False

    # --- knobs ------------------------------------------------------------------------------

    @property
    def behaviour(self) -> Behaviour:
        return self.script.behaviour

    @behaviour.setter
    def behaviour(self, value: Behaviour | str) -> None:
        self.arrive(replace(self.script, behaviour=Behaviour(value)), in_lane=True)

    def arrive(self, script: SimTravellerScript | None = None, *, in_lane: bool = True) -> None:
        """A new traveller: standing in the lane (default) or waiting in front of the entry leaf."""
        with self._lock:
            self.script = script or SimTravellerScript()
            self._location = "lane" if in_lane else "outside"
            self._walk.clear()
            self._cmd_at = None
            self._fired_event = False

    def leave(self) -> None:
        """The lane empties (e.g. an officer escorted the traveller out)."""
        with self._lock:
            self._location = "gone"
            self._walk.clear()

    def force_leaf(self, leaf: str, forced: bool = True) -> None:
        with self._lock:
            self._advance(self.clock.monotonic())
            self._leaves[leaf].forced = forced

    def cut_wire(self, name: str) -> None:
        if name not in INPUTS:
            raise ValueError(f"unknown input {name!r}")
        with self._lock:
            self._cut.add(name)

    def repair_wire(self, name: str) -> None:
        with self._lock:
            self._cut.discard(name)

    def set_fire_alarm(self, on: bool) -> None:
        with self._lock:
            self._fire = on

    def set_tamper(self, on: bool) -> None:
        with self._lock:
            self._tamper = on

    def fail_io(self, error: DeviceError | None = None) -> None:
        """Make every IO call raise (a pulled USB cable); `fail_io(None)` heals it."""
        with self._lock:
            self._failure = error

    def leaf_position(self, leaf: str) -> float:
        with self._lock:
            self._advance(self.clock.monotonic())
            return self._leaves[leaf].position

    def output_on(self, output: str) -> bool:
        with self._lock:
            if output == "alarm":
                return self._alarm_on
            leaf = self._leaves[output.removesuffix("_leaf_open")]
            return leaf.latched or self.clock.monotonic() < leaf.pulse_until

    @property
    def location(self) -> str:
        with self._lock:
            self._advance(self.clock.monotonic())
            return self._location

    # --- GateIO -----------------------------------------------------------------------------

    def pulse(self, output: str, seconds: float) -> None:
        with self._lock:
            self._raise_if_failed()
            leaf = self._leaf_for(output)
            now = self.clock.monotonic()
            self._advance(now)
            if leaf is None:
                self._alarm_on = True  # an alarm "pulse" just sounds; nothing times it here
            elif self.script.behaviour is Behaviour.RELAY_NOT_ANSWERING:
                pass  # the command goes out, the relay stays off: the leaf never moves
            else:
                leaf.pulse_until = max(leaf.pulse_until, now + max(seconds, 0.0))
                self._cmd_at = now if self._cmd_at is None else self._cmd_at
            self.commands.append((now, output, float(seconds)))

    def set_output(self, output: str, on: bool) -> None:
        with self._lock:
            self._raise_if_failed()
            leaf = self._leaf_for(output)
            now = self.clock.monotonic()
            self._advance(now)
            if leaf is None:
                self._alarm_on = bool(on)
            elif self.script.behaviour is Behaviour.RELAY_NOT_ANSWERING and on:
                pass
            else:
                leaf.latched = bool(on)
                if not on:
                    leaf.pulse_until = -math.inf
                elif self._cmd_at is None:
                    self._cmd_at = now
            self.commands.append((now, output, bool(on)))

    def read_inputs(self) -> dict[str, bool]:
        with self._lock:
            self._raise_if_failed()
            now = self.clock.monotonic()
            self._advance(now)
            values = self._physical(now)
            for name in self._cut:
                values[name] = DEFAULT_INVERT.get(name, False)  # open circuit
            return {k: v for k, v in values.items() if k in self.wired}

    def health(self) -> DeviceHealth:
        ok = self._failure is None
        return DeviceHealth(
            self.name,
            "simulator",
            ok,
            "simulated lane" if ok else str(self._failure),
            {"cut": sorted(self._cut), "location": self._location},
        )

    def close(self) -> None:
        with self._lock:
            for leaf in self._leaves.values():
                leaf.latched = False
                leaf.pulse_until = -math.inf

    # --- physics ----------------------------------------------------------------------------

    def _leaf_for(self, output: str) -> _Leaf | None:
        if output not in OUTPUTS:
            raise DeviceError(self.name, f"unknown output {output!r}")
        if output == "alarm":
            return None
        leaf = output.removesuffix("_leaf_open")
        if leaf not in self._leaves:
            raise DeviceError(self.name, f"output {output!r} is not wired (one-leaf lane)")
        return self._leaves[leaf]

    def _raise_if_failed(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _advance(self, now: float) -> None:
        for name, leaf in self._leaves.items():
            if leaf.forced:
                leaf.position, leaf.t = 1.0, now
                continue
            t = leaf.t
            if now <= t:
                continue
            on_until = now if leaf.latched else min(now, max(leaf.pulse_until, t))
            leaf.position = min(1.0, leaf.position + (on_until - t) / self.travel_s)
            if leaf.position >= 1.0 and name not in self._walk and on_until > t:
                # the moment the leaf reached fully open: the traveller starts walking
                reached = on_until - (leaf.position - 1.0) * self.travel_s
                self._start_walk(name, reached)
            leaf.position = max(0.0, leaf.position - (now - on_until) / self.travel_s)
            leaf.t = now
        self._scripted_event(now)
        self._update_location(now)

    def _start_walk(self, leaf: str, at: float) -> None:
        s = self.script
        will_walk = s.behaviour is not Behaviour.DOES_NOT_GO
        here = (leaf == "exit" and self._location == "lane") or (
            leaf == "entry" and self._location == "outside"
        )
        if will_walk and here:
            self._walk[leaf] = at + s.reaction_s

    def _scripted_event(self, now: float) -> None:
        s = self.script
        if self._cmd_at is None or self._fired_event or now < self._cmd_at + s.event_at_s:
            return
        if s.behaviour is Behaviour.FORCES_LEAF:
            self._leaves[s.forced_leaf].forced = True
            self._leaves[s.forced_leaf].position = 1.0
        elif s.behaviour is Behaviour.SENSOR_CUT:
            self._cut.add(s.cut_input)
        elif s.behaviour is Behaviour.FIRE_ALARM:
            self._fire = True
        self._fired_event = True

    def _update_location(self, now: float) -> None:
        for leaf, t0 in list(self._walk.items()):
            if now >= t0 + self.script.walk_s / 2:
                self._location = "gone" if leaf == "exit" else "lane"

    def _in_beam(self, leaf: str, now: float) -> tuple[bool, bool]:
        """(traveller in the beam, follower in the beam)."""
        s = self.script
        t0 = self._walk.get(leaf)
        if t0 is None:
            return False, False
        me = t0 <= now < t0 + s.walk_s
        follower = False
        if s.behaviour is Behaviour.TAILGATER:
            f0 = t0 + s.walk_s + s.tailgater_gap_s
            follower = f0 <= now < f0 + s.walk_s
        return me, follower

    def _physical(self, now: float) -> dict[str, bool]:
        values: dict[str, bool] = {}
        for name, leaf in self._leaves.items():
            values[f"{name}_closed"] = leaf.position <= 0.0
            values[f"{name}_opened"] = leaf.position >= 1.0
            me, follower = self._in_beam(name, now)
            values[f"beam_{name}"] = me or follower
        s = self.script
        followers_around = False
        if s.behaviour is Behaviour.TAILGATER and s.tailgate_sensor_sees:
            for leaf, t0 in self._walk.items():
                # two bodies close together in the lane from the step-off until the follower is out
                end = t0 + 2 * s.walk_s + s.tailgater_gap_s
                followers_around |= t0 <= now < end and leaf in self._leaves
        follower_in_lane = False
        if s.behaviour is Behaviour.TAILGATER and "exit" in self._walk:
            follower_in_lane = now < self._walk["exit"] + 1.5 * s.walk_s + s.tailgater_gap_s
        values["presence"] = self._location == "lane" or follower_in_lane
        values["tailgate"] = followers_around
        values["fire_alarm"] = self._fire
        values["tamper"] = self._tamper
        return values


def sim_failure(name: str = "gate") -> DeviceDisconnected:
    """The error a pulled cable gives, for `fail_io`."""
    return DeviceDisconnected(name, "USB device vanished")
