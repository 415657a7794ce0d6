"""The console's journal of bus events, in its own database: what a restarted console still knows.

The broker queues the events a console misses while it is away (persistent session), but what the
console had received before it stopped lived in memory: without this, a console PC restarted during
a shift would show an empty referral queue while travellers wait at the lanes. `BusSupervisor`
writes each event it applies here and replays the journal when it starts.

Privacy: a referral's summary (document data) is deleted from the journal once the referral is
decided; images never reach the console. Only the newest `keep` events are kept.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from kiosk.bus.envelope import EventEnvelope

log = logging.getLogger("kiosk.bus.journal")

_TABLE = ("CREATE TABLE IF NOT EXISTS console_events (n INTEGER PRIMARY KEY AUTOINCREMENT, "
          "event_id TEXT NOT NULL UNIQUE, lane_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, "
          "created_at TEXT NOT NULL, data TEXT NOT NULL, referral TEXT)")


class ConsoleJournal:
    """A table of the console's `kiosk.store.Store` (its accounts database)."""

    def __init__(self, store: Any, keep: int = 200_000) -> None:
        self.store = store
        self.keep = keep
        self._since_prune = 0
        with store.transaction() as conn:
            conn.execute(_TABLE)
            conn.execute("CREATE INDEX IF NOT EXISTS console_events_referral ON console_events (referral)")

    def append(self, event: EventEnvelope) -> None:
        referral = str(event.data.get("id", "")) if event.kind.startswith("referral.") else None
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO console_events (event_id, lane_id, seq, kind, created_at, data, referral) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [event.event_id, event.lane_id, event.seq, event.kind, event.created_at,
                 json.dumps(event.data, separators=(",", ":"), default=str), referral])
            if event.kind == "referral.decided" and referral:
                # decided: the officer's queue no longer needs the traveller's document data
                conn.execute("DELETE FROM console_events WHERE kind = 'referral.opened' AND referral = ?", [referral])
        self._since_prune += 1
        if self._since_prune >= 1000:
            self._since_prune = 0
            self.prune()

    def prune(self) -> int:
        with self.store.transaction() as conn:
            return conn.execute("DELETE FROM console_events WHERE n <= (SELECT max(n) FROM console_events) - ?",
                                [self.keep]).rowcount

    def replay(self) -> Iterator[EventEnvelope]:
        with self.store.reading() as conn:
            rows = conn.execute("SELECT event_id, lane_id, seq, kind, created_at, data FROM console_events "
                                "ORDER BY n").fetchall()
        for r in rows:
            try:
                data = json.loads(r[5])
            except (TypeError, ValueError) as exc:  # one damaged row must not keep the console from starting
                log.warning("console journal event %s unreadable, skipped: %s", r[0], exc)
                continue
            yield EventEnvelope(r[0], r[1], r[2], r[3], r[4], data)
