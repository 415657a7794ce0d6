"""The bus as the domain sees it: the lane's side (`LaneBus`) and the console's side (`RemoteLanes`).

`hardware/bus` implements both over MQTT; the domain never imports the MQTT library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.bus.envelope import EventEnvelope


class Delivery(Protocol):
    """One event handed to the transport; done once the broker has acknowledged it (QoS 1 PUBACK)."""

    def done(self) -> bool: ...


CommandCallback = Callable[[bytes], "bytes | None"]


class LaneBus(Protocol):
    """What a lane needs from the message broker."""

    def connected(self) -> bool: ...

    def publish_event(self, event: EventEnvelope) -> Delivery:
        """Queue one event at QoS 1; never blocks on the network."""
        ...

    def publish_state(self, state: dict[str, Any]) -> None:
        """Retained lane state, republished on every reconnect (latest wins)."""
        ...

    def publish_health(self, health: dict[str, Any]) -> None:
        """Retained device health, republished on every reconnect (latest wins)."""
        ...

    def on_command(self, callback: Callable[[bytes, Callable[[str, bytes], None]], None]) -> None:
        """Called with each raw command payload and a `reply(console_id, payload)` function. Called on
        the transport's thread: hand the work off, do not block."""
        ...

    def close(self) -> None:
        """Disconnect cleanly (the lane says offline itself; a crash leaves it to the last will)."""
        ...


@dataclass
class LaneView:
    """What a console knows about one lane."""

    lane_id: str
    online: bool | None = None  # None: never heard of
    state: dict[str, Any] = field(default_factory=dict)
    health: dict[str, Any] = field(default_factory=dict)
    events: int = 0  # distinct events received
    last_event_at: str | None = None


@dataclass(frozen=True)
class CommandReply:
    command_id: str
    lane_id: str
    ok: bool
    result: str  # "done" or why it was refused: "bad-signature", "not-authorised", "unknown-referral", ...
    detail: str = ""


class RemoteLanes(Protocol):
    """The officer console's view of every lane of the port, through the broker."""

    def lanes(self) -> dict[str, LaneView]: ...

    def on_event(self, callback: Callable[[EventEnvelope], None]) -> None:
        """Each distinct event (duplicates already dropped), on the transport's thread."""
        ...

    def send_command(self, lane_id: str, action: str, *, session: Any, timeout: float = 5.0,
                     **args: Any) -> CommandReply:
        """Sign and send one officer command; block for the lane's reply (a timeout raises)."""
        ...

    def close(self) -> None: ...
