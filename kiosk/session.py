"""One explicit clearance state machine per traveller.

waiting → document → chip → face → temperature → declaration → decision → gate → done, and
`referred` reachable from every non-final state. The machine only records and validates; the lane
(`kiosk.lane`) drives it. Timings use the injected clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.policy import Decision, Evidence
from kiosk.ports import Clock


class State(StrEnum):
    WAITING = "waiting"
    DOCUMENT = "document"
    CHIP = "chip"
    FACE = "face"
    TEMPERATURE = "temperature"
    DECLARATION = "declaration"
    DECISION = "decision"
    GATE = "gate"
    DONE = "done"
    REFERRED = "referred"

    @property
    def final(self) -> bool:
        return self in (State.DONE, State.REFERRED)


FLOW = (
    State.WAITING,
    State.DOCUMENT,
    State.CHIP,
    State.FACE,
    State.TEMPERATURE,
    State.DECLARATION,
    State.DECISION,
    State.GATE,
    State.DONE,
)
TRANSITIONS: dict[State, frozenset[State]] = {
    s: frozenset({FLOW[i + 1], State.REFERRED}) for i, s in enumerate(FLOW[:-1])
}
TRANSITIONS[State.DONE] = frozenset()
TRANSITIONS[State.REFERRED] = frozenset()


class TransitionError(Exception):
    pass


@dataclass(frozen=True)
class SessionEvent:
    """Everything the screens and the console need to follow a session."""

    kind: str  # "state" | "guidance" | "progress" | "result"
    state: State
    data: dict[str, Any] = field(default_factory=dict)


Listener = Callable[[SessionEvent], None]


class ClearanceSession:
    def __init__(self, clock: Clock, listener: Listener | None = None) -> None:
        self.id = uuid.uuid4().hex
        self.clock = clock
        self.state = State.WAITING
        self.evidence = Evidence()
        self.decision: Decision | None = None
        self.reasons: list[str] = []
        self.started_at = clock.now()
        self.ended_at = self.started_at
        self.timings_ms: dict[str, float] = {}
        self.processing_ms: dict[str, float] = {}
        self.attempts: dict[str, int] = {}
        self.gate_outcome: str | None = None
        self.history: list[tuple[State, float]] = [(State.WAITING, clock.monotonic())]
        self._listener = listener

    def emit(self, kind: str, **data: Any) -> None:
        if self._listener is not None:
            self._listener(SessionEvent(kind, self.state, data))

    def advance(self, to: State) -> None:
        if to not in TRANSITIONS[self.state]:
            raise TransitionError(f"{self.state.value} → {to.value} is not a transition of the lane")
        self.state = to
        self.history.append((to, self.clock.monotonic()))
        if to.final:
            self.ended_at = self.clock.now()
        self.emit("state")

    def refer(self, *reasons: str) -> None:
        """Send the traveller to an officer, from whatever state the session is in."""
        if self.state.final:
            raise TransitionError(f"session already {self.state.value}")
        self.reasons.extend(r for r in reasons if r not in self.reasons)
        self.advance(State.REFERRED)

    @property
    def outcome(self) -> str:
        if self.state is State.DONE:
            return "clear"
        if self.state is State.REFERRED:
            return "refer"
        return "pending"
