"""Bridges the synchronous lane onto a QThread: device I/O and inference never run on the GUI thread."""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.lane import Cancelled, Lane, TransactionResult
from kiosk.session import SessionEvent

log = logging.getLogger("ui.worker")


class QtInteraction(QObject):
    """The traveller's side of the lane on screen. Called from the lane thread; answered by the GUI."""

    form_requested = Signal(object, float)  # form model, timeout

    def __init__(self) -> None:
        super().__init__()
        self._screen_form = threading.Event()
        self._answers: dict[str, Any] | None = None
        self._answered = threading.Event()
        self._abandoned = threading.Event()

    # GUI side
    def choose_screen_form(self) -> None:
        self._screen_form.set()

    def submit(self, answers: dict[str, Any] | None) -> None:
        self._answers = answers
        self._answered.set()

    def abandon(self) -> None:
        """The traveller walked away ("are you still there?" went unanswered): end the declaration
        now. The lane then refers the session as a declaration timeout — gate shut, audited."""
        self._abandoned.set()
        self._screen_form.set()
        self.submit(None)

    def reset(self) -> None:
        self._abandoned.clear()
        self._screen_form.clear()
        self._answered.clear()
        self._answers = None

    # lane side (TravellerInteraction)
    def wants_screen_form(self) -> bool:
        return self._screen_form.is_set()

    def ask_declaration(self, form: Any, timeout: float) -> dict[str, Any] | None:
        if self._abandoned.is_set():
            return None
        self._answered.clear()
        if self._abandoned.is_set():  # abandoned between the check above and the clear: its answer is gone
            return None
        self.form_requested.emit(form, timeout)
        if not self._answered.wait(timeout):
            return None
        return self._answers


class LaneWorker(QObject):
    """Runs transactions one after another until stopped; reports through queued signals."""

    event = Signal(object)  # SessionEvent
    finished_transaction = Signal(object)  # TransactionResult
    failed = Signal(str)
    stopped = Signal()

    def __init__(self, lane: Lane, interaction: QtInteraction) -> None:
        super().__init__()
        self.lane = lane
        self.interaction = interaction

    @Slot()
    def loop(self) -> None:
        while not self.lane.cancel.is_set():
            self.interaction.reset()
            try:
                result: TransactionResult = self.lane.run_transaction(self._emit)
            except Cancelled:
                break
            except Exception as exc:  # the lane refers on every traveller error; this is a lane fault
                log.exception("lane fault")
                self.failed.emit(str(exc))
                self.lane.cancel.wait(2.0)
                continue
            self.finished_transaction.emit(result)
            # hold the next traveller until the result screen had its time
            self.lane.cancel.wait(self.lane.config.lane.result_display_s)
        self.stopped.emit()

    def _emit(self, ev: SessionEvent) -> None:
        self.event.emit(ev)


class LaneThread:
    """Runs the worker's loop on a Python thread named "lane" and shuts it down cleanly (no leaked
    threads). A Python thread rather than a QThread: the lane logs from it, and logging registers a
    foreign (Qt) thread with `threading` as a dummy that never ends. The worker's signals reach the GUI
    queued all the same, because the worker object lives in the GUI thread."""

    def __init__(self, lane: Lane, interaction: QtInteraction) -> None:
        self.worker = LaneWorker(lane, interaction)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.is_running():
            return
        self._thread = threading.Thread(target=self.worker.loop, name="lane", daemon=True)
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout_ms: int = 10000) -> None:
        self.worker.lane.cancel.set()
        # a declaration wait only ends by its deadline or the traveller (kiosk.lane does not look at
        # `cancel` there): abandoning it ends the transaction now
        self.worker.interaction.abandon()
        if self._thread is not None:
            self._thread.join(timeout_ms / 1000)
