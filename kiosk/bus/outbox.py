"""Store and forward: the outbox in the lane database, and the pump that publishes it.

Every event is first a row of the `outbox` table, written by triggers in the same SQLite transaction
as the change it reports (kiosk/store.py, migration 2): a transaction, a referral opened or decided,
an audit record. The pump publishes unpublished rows at QoS 1 and marks a row published only once the
broker has acknowledged it. So:

- broker down: rows wait; the pump publishes them when it is back (in order, in windows);
- lane killed: rows not yet acknowledged are still unpublished and go out after the restart, with
  the *same* event id; a row acknowledged just before the kill may go out twice — consumers drop the
  duplicate by event id (`kiosk.bus.envelope.Deduplicator`);
- nothing is lost: a row is deleted only long after it was acknowledged (`keep`).
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.bus.commands import CommandHandler, LaneControl
from kiosk.bus.envelope import EventEnvelope
from kiosk.bus.ports import Delivery, LaneBus

log = logging.getLogger("kiosk.bus.outbox")


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Outbox:
    """The outbox table of one lane database (a `kiosk.store.Store`)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def enable(self) -> None:
        """From now on every change writes its event (persisted: it survives restarts)."""
        with self.store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO outbox_settings (key, value) VALUES ('enabled', '1')")

    def disable(self) -> None:
        with self.store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO outbox_settings (key, value) VALUES ('enabled', '0')")

    @property
    def enabled(self) -> bool:
        with self.store.reading() as conn:
            row = conn.execute("SELECT value FROM outbox_settings WHERE key = 'enabled'").fetchone()
        return bool(row and row[0] == "1")

    def enqueue(self, kind: str, data: dict[str, Any]) -> int:
        """An event no table change reports (lane state changes, synthetic events): returns its seq."""
        with self.store.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO outbox (event_id, lane_id, created_at, kind, data) "
                "VALUES (lower(hex(randomblob(16))), ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?)",
                [self.store.lane_id, kind, json.dumps(data, separators=(",", ":"), default=str)])
            return int(cur.lastrowid or 0)

    def pending(self, limit: int, after: int = 0) -> list[EventEnvelope]:
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT seq, event_id, lane_id, created_at, kind, data FROM outbox "
                "WHERE published_at IS NULL AND seq > ? ORDER BY seq LIMIT ?", [after, limit]).fetchall()
        return [EventEnvelope(r[1], r[2], r[0], r[4], r[3], json.loads(r[5])) for r in rows]

    def mark_published(self, seqs: list[int]) -> None:
        if not seqs:
            return
        stamp = _now_iso()
        with self.store.transaction() as conn:
            conn.executemany("UPDATE outbox SET published_at = ? WHERE seq = ? AND published_at IS NULL",
                             [(stamp, s) for s in seqs])

    def requeue(self, from_seq: int) -> int:
        """Publish again everything from `from_seq` still kept (a consumer that lost events asks)."""
        with self.store.transaction() as conn:
            return conn.execute("UPDATE outbox SET published_at = NULL WHERE seq >= ? AND published_at IS NOT NULL",
                                [from_seq]).rowcount

    def prune(self, keep: timedelta, now: datetime | None = None) -> int:
        """Delete rows acknowledged longer than `keep` ago; unpublished rows are never deleted."""
        cutoff = ((now or datetime.now(UTC)) - keep).isoformat(timespec="microseconds")
        with self.store.transaction() as conn:
            return conn.execute("DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < ?",
                                [cutoff]).rowcount

    def stats(self) -> dict[str, int]:
        with self.store.reading() as conn:
            total, unpublished, last = conn.execute(
                "SELECT count(*), count(*) - count(published_at), coalesce(max(seq), 0) FROM outbox").fetchone()
        return {"rows": total, "unpublished": unpublished, "last_seq": last}


@dataclass
class PumpSettings:
    poll_interval_s: float = 0.02  # how soon a new outbox row is noticed
    window: int = 200  # events in flight (published, not yet acknowledged)
    resend_after_s: float = 15.0  # an unacknowledged event is published again after this
    state_interval_s: float = 1.0
    health_interval_s: float = 10.0
    keep: timedelta = timedelta(hours=72)
    prune_interval_s: float = 600.0
    share_referral_summary: bool = True  # the referral's document data, for the officer who decides


class OutboxPump:
    """One background thread per lane: publishes the outbox, the lane's state and health, and runs the
    officer commands the bus delivers (so the transport's thread never touches the database)."""

    def __init__(self, outbox: Outbox, bus: LaneBus, *, control: LaneControl | None = None,
                 handler: CommandHandler | None = None, settings: PumpSettings | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.outbox = outbox
        self.bus = bus
        self.control = control
        self.handler = handler
        self.settings = settings or PumpSettings()
        self.monotonic = monotonic
        self._inflight: dict[int, tuple[Delivery, float]] = {}
        self._commands: queue.Queue[tuple[bytes, Callable[[str, bytes], None]]] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_state: dict[str, Any] | None = None
        self._next_state = self._next_health = 0.0
        self._next_prune = monotonic() + self.settings.prune_interval_s
        self.published = 0  # acknowledged by the broker, this run
        bus.on_command(self._command_arrived)

    def _command_arrived(self, payload: bytes, reply: Callable[[str, bytes], None]) -> None:
        self._commands.put((payload, reply))

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"bus-pump-{self.outbox.store.lane_id}",
                                            daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except Exception:  # a database or transport hiccup must not stop the lane's reporting
                log.exception("outbox pump step failed")
                self._stop.wait(1.0)
                continue
            try:
                payload, reply = self._commands.get(timeout=self.settings.poll_interval_s)
            except queue.Empty:
                continue
            try:
                self._run_command(payload, reply)
            except Exception:  # a dead pump is a lane silently off the bus: log, keep pumping
                log.exception("officer command handling failed")

    def _run_command(self, payload: bytes, reply: Callable[[str, bytes], None]) -> None:
        if self.handler is None:
            return
        console, answer = self.handler.handle(payload)
        if console:
            reply(console, answer)
        self._next_state = 0.0  # a command usually changes the state: show it now

    def step(self) -> int:
        """One round: collect acknowledgements, publish what is pending, refresh state. Returns the
        number of events published in this round."""
        now = self.monotonic()
        done = [seq for seq, (d, _t) in self._inflight.items() if d.done()]
        for seq in done:
            del self._inflight[seq]
        self.outbox.mark_published(done)
        self.published += len(done)
        for seq in [s for s, (_d, t) in self._inflight.items() if now - t > self.settings.resend_after_s]:
            del self._inflight[seq]  # not acknowledged in time: published again below
        sent = 0
        if self.bus.connected():
            room = self.settings.window - len(self._inflight)
            after = 0
            while room > 0:
                batch = [e for e in self.outbox.pending(room + len(self._inflight), after)
                         if e.seq not in self._inflight]
                if not batch:
                    break
                for event in batch[:room]:
                    self._inflight[event.seq] = (self.bus.publish_event(self._shareable(event)), now)
                    sent += 1
                room -= len(batch[:room])
                after = batch[-1].seq
        if self.control is not None:
            self._refresh_state(now)
        if now >= self._next_prune:
            self._next_prune = now + self.settings.prune_interval_s
            self.outbox.prune(self.settings.keep)
        return sent

    def _shareable(self, event: EventEnvelope) -> EventEnvelope:
        if event.kind == "referral.opened" and not self.settings.share_referral_summary:
            return EventEnvelope(event.event_id, event.lane_id, event.seq, event.kind, event.created_at,
                                 {k: v for k, v in event.data.items() if k != "summary"})
        return event

    def _refresh_state(self, now: float) -> None:
        assert self.control is not None
        if now >= self._next_state:
            self._next_state = now + self.settings.state_interval_s
            state = self.control.state()
            if state != self._last_state:
                # the history goes through the outbox like any event; the retained topic has the latest
                self.outbox.enqueue("lane.state", state)
                self.bus.publish_state({**state, "outbox": self.outbox.stats()})
                self._last_state = state
        if now >= self._next_health:
            self._next_health = now + self.settings.health_interval_s
            self.bus.publish_health({"devices": self.control.health()})

    def drain(self, timeout: float) -> bool:
        """Wait until nothing is unpublished or in flight (tests, orderly shutdown)."""
        deadline = self.monotonic() + timeout
        while self.monotonic() < deadline:
            if not self._inflight and self.outbox.stats()["unpublished"] == 0:
                return True
            time.sleep(0.02)
        return False


class LanePublisher:
    """What the composition root wires for a lane with a broker: enables the outbox (from then on the
    store's writes produce events), runs the pump, hands officer commands to the handler."""

    def __init__(self, store: Any, bus: LaneBus, *, control: LaneControl | None = None,
                 handler: CommandHandler | None = None, settings: PumpSettings | None = None) -> None:
        self.store = store
        self.bus = bus
        self.outbox = Outbox(store)
        self.outbox.enable()
        self.control = control
        self.pump = OutboxPump(self.outbox, bus, control=control, handler=handler, settings=settings)

    def publish(self, kind: str, data: dict[str, Any]) -> int:
        """Report something the store does not (a lane state change): outbox first, like the rest."""
        return self.outbox.enqueue(kind, data)

    def start(self) -> None:
        self.pump.start()

    def stop(self, drain_s: float = 0.0) -> None:
        if drain_s > 0:
            self.pump.drain(drain_s)
        self.pump.stop()
        self.bus.close()
        close = getattr(self.control, "close", None)
        if close is not None:
            close()
