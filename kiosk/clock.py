"""Clocks: virtual time for simulation, and accounting of time spent waiting on the outside world."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from kiosk.ports import Clock, SystemClock


class ScaledClock:
    """Real time, except that `sleep` is scaled (0 = simulated waits take no real time).

    Virtual time still advances by the full amount, so timeouts measured on this clock behave as if
    the waits were real.
    """

    def __init__(self, scale: float = 1.0, start: datetime | None = None) -> None:
        self.scale = scale
        self._lock = threading.Lock()
        self._skipped = 0.0
        self._start_wall = start or datetime.now(UTC)
        self._start_mono = time.monotonic()

    def monotonic(self) -> float:
        with self._lock:
            return time.monotonic() + self._skipped

    def now(self) -> datetime:
        return self._start_wall + timedelta(seconds=self.monotonic() - self._start_mono)

    def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        real = seconds * self.scale
        with self._lock:
            self._skipped += seconds - real
        if real > 0:
            time.sleep(real)


class WaitAccountingClock:
    """Wraps a clock and counts, per thread, the seconds spent in `sleep` (device/traveller waits).

    The lane's processing time is its elapsed time minus this waiting.
    """

    def __init__(self, inner: Clock | None = None) -> None:
        self.inner = inner or SystemClock()
        self._local = threading.local()

    def monotonic(self) -> float:
        return self.inner.monotonic()

    def now(self) -> datetime:
        return self.inner.now()

    def sleep(self, seconds: float) -> None:
        t0 = self.inner.monotonic()
        self.inner.sleep(seconds)
        self._local.waited = self.waited() + (self.inner.monotonic() - t0)

    def waited(self) -> float:
        return getattr(self._local, "waited", 0.0)
