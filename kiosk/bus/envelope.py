"""What travels on the bus: the event envelope (lane → consoles/central) and its de-duplication.

An event gets its id once, when its outbox row is written; every (re)publication carries the same id,
so a consumer that keeps the ids it has seen processes each event exactly once even though the
transport delivers it at least once (QoS 1, republished after a crash or an outage).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from kiosk.bus.topics import check_name

ENVELOPE_VERSION = 1


class MalformedMessage(ValueError):
    """A bus message that is not what its topic promises (bad JSON, missing or mistyped fields)."""


def _loads(payload: bytes | str) -> dict[str, Any]:
    try:
        obj = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedMessage(f"not JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise MalformedMessage("not a JSON object")
    return obj


def _field(obj: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = obj.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise MalformedMessage(f"field {name!r} missing or not {getattr(kind, '__name__', kind)}")
    return value


@dataclass(frozen=True)
class EventEnvelope:
    event_id: str  # 32 hex digits, fixed when the outbox row was written
    lane_id: str
    seq: int  # per-lane, gap-free outbox sequence number: a gap tells a consumer it missed something
    kind: str  # "transaction", "referral.opened", "referral.decided", "audit", "lane.state", ...
    created_at: str  # ISO 8601 UTC, when the event was written to the outbox
    data: dict[str, Any] = field(default_factory=dict)
    v: int = ENVELOPE_VERSION

    def to_json(self) -> bytes:
        return json.dumps(
            {"v": self.v, "event_id": self.event_id, "lane": self.lane_id, "seq": self.seq, "kind": self.kind,
             "created_at": self.created_at, "data": self.data},
            separators=(",", ":"), ensure_ascii=False, default=str,
        ).encode()

    @classmethod
    def from_json(cls, payload: bytes | str) -> EventEnvelope:
        obj = _loads(payload)
        v = _field(obj, "v", int)
        if v != ENVELOPE_VERSION:
            raise MalformedMessage(f"envelope version {v} not supported")
        event_id = _field(obj, "event_id", str)
        if len(event_id) != 32 or any(c not in "0123456789abcdef" for c in event_id):
            raise MalformedMessage("event_id is not 32 lowercase hex digits")
        try:
            lane = check_name("lane", _field(obj, "lane", str))
        except ValueError as exc:
            raise MalformedMessage(str(exc)) from None
        seq = _field(obj, "seq", int)
        if seq < 1:
            raise MalformedMessage("seq must be positive")
        return cls(event_id, lane, seq, _field(obj, "kind", str), _field(obj, "created_at", str),
                   _field(obj, "data", dict), v)


class Deduplicator:
    """Keeps the event ids seen (bounded, oldest forgotten first) and per-lane sequence coverage.

    `accept` is True the first time an event id is offered and False for every duplicate. `gaps`
    lists the sequence numbers of a lane not yet received below its highest one, so a consumer can
    see a loss instead of silently missing events.
    """

    def __init__(self, capacity: int = 200_000, *, from_first_seen: bool = False) -> None:
        self.capacity = capacity
        # a consumer that joins a running port counts gaps from the first event it sees of each lane
        self.from_first_seen = from_first_seen
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._contiguous: dict[str, int] = {}  # lane → every seq up to this one received
        self._above: dict[str, set[int]] = {}  # lane → received seqs above the contiguous mark
        self.duplicates = 0

    def accept(self, event: EventEnvelope) -> bool:
        if event.event_id in self._seen:
            self._seen.move_to_end(event.event_id)
            self.duplicates += 1
            return False
        self._seen[event.event_id] = None
        if len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        if self.from_first_seen and event.lane_id not in self._contiguous:
            self._contiguous[event.lane_id] = event.seq - 1
        mark = self._contiguous.get(event.lane_id, 0)
        above = self._above.setdefault(event.lane_id, set())
        if event.seq > mark:
            above.add(event.seq)
            while mark + 1 in above:
                mark += 1
                above.discard(mark)
            self._contiguous[event.lane_id] = mark
        return True

    def high_water(self, lane_id: str) -> int:
        """Every event of the lane up to this seq has been received."""
        return self._contiguous.get(lane_id, 0)

    def gaps(self, lane_id: str, limit: int = 1000) -> list[int]:
        above = self._above.get(lane_id, set())
        if not above:
            return []
        mark = self._contiguous.get(lane_id, 0)
        out = [s for s in range(mark + 1, max(above)) if s not in above]
        return out[:limit]
