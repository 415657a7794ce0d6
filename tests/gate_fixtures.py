"""Shared helpers for the gate tests: a fake clock and an audit recorder."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any


class FakeClock:
    """Time moves only when somebody sleeps (or `advance` is called)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start
        self._lock = threading.Lock()
        self._timers: list[tuple[float, Any]] = []

    def call_at(self, t: float, fn: Any) -> None:
        """Run fn() once the clock has passed t (from inside `advance`)."""
        self._timers.append((t, fn))

    def monotonic(self) -> float:
        with self._lock:
            return self.t

    def now(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=self.monotonic())

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.t += max(seconds, 0.0)
            due = [(t, fn) for t, fn in self._timers if t <= self.t]
            self._timers = [(t, fn) for t, fn in self._timers if t > self.t]
        for _, fn in due:
            fn()


class AuditLog:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, event: str, data: dict[str, Any]) -> None:
        self.events.append((event, data))

    def names(self) -> list[str]:
        return [e for e, _ in self.events]

    def of(self, name: str) -> list[dict[str, Any]]:
        return [d for e, d in self.events if e == name]
