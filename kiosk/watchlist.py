"""Central watchlist snapshots: a port the lane looks documents up through, with a timeout.

The central system publishes snapshots: a version, the time it was issued, a salt, and the entries as
SHA-256 of salt + "ISSUING_STATE:DOCUMENT_NUMBER" (a lane never holds the list in clear). The lane
keeps the newest snapshot it could get and refreshes it in the background of its own checks; a
snapshot older than `max_age` is stale. Fail-secure: stale or unreachable means the traveller is
referred ("watchlist-unavailable"); a match refers too ("watchlist-hit") without saying why on screen.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from kiosk.errors import KioskError
from kiosk.ports import Clock

log = logging.getLogger("kiosk.watchlist")

HIT = "watchlist-hit"
UNAVAILABLE = "watchlist-unavailable"
# A snapshot stamped later than this ahead of the lane's clock is not trusted: its age would be
# negative, so it would never go stale, and as "the newest" it would shadow every real snapshot.
FUTURE_TOLERANCE = timedelta(seconds=60)


class WatchlistUnavailable(KioskError):
    """The source could not give a usable snapshot (unreachable, timed out, malformed)."""


def entry_digest(salt: str, issuing_state: str, document_number: str) -> str:
    ident = f"{issuing_state.strip().upper()}:{document_number.strip().upper().rstrip('<')}"
    return hashlib.sha256((salt + ident).encode()).hexdigest()


@dataclass(frozen=True)
class WatchlistSnapshot:
    version: str
    issued_at: datetime
    salt: str
    entries: frozenset[str]

    @classmethod
    def from_json(cls, obj: Any) -> WatchlistSnapshot:
        if not isinstance(obj, dict):
            raise WatchlistUnavailable("snapshot is not a JSON object")
        try:
            issued = datetime.fromisoformat(str(obj["issued_at"]))
            version, salt, entries = str(obj["version"]), str(obj.get("salt", "")), obj["entries"]
        except (KeyError, ValueError) as exc:
            raise WatchlistUnavailable(f"snapshot malformed: {exc}") from None
        if issued.tzinfo is None:
            raise WatchlistUnavailable("snapshot issued_at has no time zone")
        if not isinstance(entries, list) or not all(isinstance(e, str) and len(e) == 64 for e in entries):
            raise WatchlistUnavailable("snapshot entries must be SHA-256 hex digests")
        return cls(version, issued, salt, frozenset(e.lower() for e in entries))

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "issued_at": self.issued_at.isoformat(), "salt": self.salt,
                "entries": sorted(self.entries)}

    def contains(self, issuing_state: str, document_number: str) -> bool:
        return entry_digest(self.salt, issuing_state, document_number) in self.entries


class WatchlistSource(Protocol):
    """A driver (file, HTTP, simulator): the newest snapshot within `timeout`, or WatchlistUnavailable."""

    def fetch(self, timeout: float) -> WatchlistSnapshot: ...


@dataclass(frozen=True)
class WatchlistResult:
    status: str  # "clear" | "hit" | "unavailable"
    version: str | None = None
    detail: str = ""

    @property
    def reasons(self) -> list[str]:
        """What the policy adds to the traveller's referral reasons."""
        return {"hit": [HIT], "unavailable": [UNAVAILABLE]}.get(self.status, [])


class WatchlistGuard:
    """The lane's check: the cached snapshot, refreshed when due, judged against its maximum age."""

    def __init__(self, source: WatchlistSource, clock: Clock, *, max_age_s: float, timeout_s: float = 2.0,
                 refresh_s: float = 60.0) -> None:
        self.source = source
        self.clock = clock
        self.max_age = timedelta(seconds=max_age_s)
        self.timeout_s = timeout_s
        self.refresh_s = refresh_s
        self.snapshot: WatchlistSnapshot | None = None
        self.last_error = ""
        self._next_refresh = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Refresh every `refresh_s` on a background thread, so no traveller waits on the central
        service; `check` then only judges the cached snapshot (stale → refer)."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="watchlist-refresh", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.timeout_s + 1)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.refresh()
            self._stop.wait(self.refresh_s)

    def refresh(self) -> bool:
        """Fetch now; keep the newer of the fetched and the cached snapshot. True when it worked."""
        try:
            snap = self.source.fetch(self.timeout_s)
        except WatchlistUnavailable as exc:
            self.last_error = str(exc)
            log.warning("watchlist unavailable: %s", exc)
            return False
        except Exception as exc:  # a driver bug must not clear a traveller
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("watchlist source failed")
            return False
        if snap.issued_at > self.clock.now() + FUTURE_TOLERANCE:
            self.last_error = f"snapshot {snap.version} is issued in the future ({snap.issued_at.isoformat()})"
            log.warning("watchlist unavailable: %s", self.last_error)
            return False
        with self._lock:
            if self.snapshot is None or snap.issued_at >= self.snapshot.issued_at:
                self.snapshot = snap
        self.last_error = ""
        return True

    def check(self, issuing_state: str, document_number: str) -> WatchlistResult:
        now_mono = self.clock.monotonic()
        background = self._thread is not None and self._thread.is_alive()
        if not background and now_mono >= self._next_refresh:
            self._next_refresh = now_mono + self.refresh_s
            self.refresh()
        with self._lock:
            snap = self.snapshot
        if snap is None:
            return WatchlistResult("unavailable", None, self.last_error or "no snapshot")
        age = self.clock.now() - snap.issued_at
        if age < -FUTURE_TOLERANCE:  # the lane's clock went back: the snapshot's age is unknown
            return WatchlistResult("unavailable", snap.version, f"snapshot {snap.version} is issued in the future")
        if age > self.max_age:
            self._next_refresh = 0.0  # try again on the next traveller
            return WatchlistResult("unavailable", snap.version,
                                   f"snapshot {snap.version} is stale ({age.total_seconds():.0f} s old)")
        if snap.contains(issuing_state, document_number):
            return WatchlistResult("hit", snap.version)
        return WatchlistResult("clear", snap.version)

    def reasons_for(self, document: Any) -> list[str]:
        """The policy hook: referral reasons for a `kiosk.evidence.DocumentEvidence` (none if clear)."""
        if document is None:
            return [UNAVAILABLE]
        try:
            return self.check(document.issuing_state, document.document_number).reasons
        except Exception:  # e.g. a document without a number: no lookup was made, so refer
            log.exception("watchlist check failed")
            return [UNAVAILABLE]

    def status(self) -> dict[str, Any]:
        with self._lock:
            snap = self.snapshot
        return {"version": snap.version if snap else None,
                "issued_at": snap.issued_at.isoformat() if snap else None,
                "age_s": (self.clock.now() - snap.issued_at).total_seconds() if snap else None,
                "error": self.last_error}


def make_snapshot(version: str, documents: list[tuple[str, str]], *, salt: str = "",
                  issued_at: datetime | None = None) -> WatchlistSnapshot:
    """Build a snapshot from clear (issuing state, document number) pairs (central side, simulator)."""
    return WatchlistSnapshot(version, issued_at or datetime.now(UTC), salt,
                             frozenset(entry_digest(salt, s, n) for s, n in documents))
