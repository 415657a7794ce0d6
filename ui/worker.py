"""Bridges the synchronous lane onto a QThread: device I/O and inference never run on the GUI thread."""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

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

    # GUI side
    def choose_screen_form(self) -> None:
        self._screen_form.set()

    def submit(self, answers: dict[str, Any] | None) -> None:
        self._answers = answers
        self._answered.set()

    def reset(self) -> None:
        self._screen_form.clear()
        self._answered.clear()
        self._answers = None

    # lane side (TravellerInteraction)
    def wants_screen_form(self) -> bool:
        return self._screen_form.is_set()

    def ask_declaration(self, form: Any, timeout: float) -> dict[str, Any] | None:
        self._answered.clear()
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
    """Owns the QThread and shuts it down cleanly (no leaked threads)."""

    def __init__(self, lane: Lane, interaction: QtInteraction) -> None:
        self.thread = QThread()
        self.thread.setObjectName("lane")
        self.worker = LaneWorker(lane, interaction)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.loop)
        self.worker.stopped.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout_ms: int = 10000) -> None:
        self.worker.lane.cancel.set()
        self.worker.interaction.submit(None)
        if self.thread.isRunning():
            self.thread.quit()
            self.thread.wait(timeout_ms)
