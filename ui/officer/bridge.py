"""Runs the supervisor's and the accounts' blocking calls off the GUI thread, answers by signal.

The supervisor may wait on a device (health, a gate passage) or on the network (a remote lane);
argon2 hashing takes a tenth of a second. None of it runs on the Qt event loop: each call is a
QRunnable on a small pool, and its result comes back as a queued signal to the GUI thread, where
the caller's callback runs.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("ui.officer")


class _Call(QRunnable):
    def __init__(self, bridge: Bridge, call_id: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        super().__init__()
        self.bridge, self.call_id, self.fn, self.args = bridge, call_id, fn, args

    def run(self) -> None:
        try:
            result = self.fn(*self.args)
        except Exception as exc:  # delivered to the caller; the console shows it
            log.debug("console call failed", exc_info=True)
            self.bridge._failed.emit(self.call_id, exc)
        else:
            self.bridge._done.emit(self.call_id, result)


class Bridge(QObject):
    """`call(fn, *args, done=..., failed=...)`: fn runs on the pool, the callbacks on the GUI thread."""

    _done = Signal(int, object)
    _failed = Signal(int, object)
    busy_changed = Signal(int)  # calls in flight

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None] | None, Callable[[Exception], None] | None]] = {}
        self._done.connect(self._on_done)
        self._failed.connect(self._on_failed)

    def call(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None] | None = None,
             failed: Callable[[Exception], None] | None = None) -> int:
        call_id = next(self._ids)
        self._pending[call_id] = (done, failed)
        self.busy_changed.emit(len(self._pending))
        self.pool.start(_Call(self, call_id, fn, args))
        return call_id

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    def _on_done(self, call_id: int, result: Any) -> None:
        done, _ = self._pending.pop(call_id, (None, None))
        self.busy_changed.emit(len(self._pending))
        if done is not None:
            done(result)

    def _on_failed(self, call_id: int, exc: Exception) -> None:
        _, failed = self._pending.pop(call_id, (None, None))
        self.busy_changed.emit(len(self._pending))
        if failed is not None:
            failed(exc)
        else:
            log.warning("console call failed: %s", exc)

    def shutdown(self, timeout_ms: int = 15000) -> None:
        self.pool.waitForDone(timeout_ms)
        self._pending.clear()
