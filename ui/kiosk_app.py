"""The kiosk window: follows the lane's session events and shows one screen per stage."""

from __future__ import annotations

import logging
import sys
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from kiosk.config import KioskConfig
from kiosk.session import SessionEvent, State
from kiosk.watchdog import Watchdog
from ui.composition import App, build
from ui.screens import (
    STYLE,
    AttractScreen,
    DeclarationScreen,
    FormScreen,
    OfficerScreen,
    ResultScreen,
    Screen,
    tr,
)
from ui.worker import LaneThread, QtInteraction

log = logging.getLogger("ui.kiosk")


def guidance_text(code: str) -> str:
    texts = {
        "keep-document-still": tr("Reading the chip… keep the passport still"),
        "replace-document": tr("Please place the passport again, photo page down"),
        "chip-retry": tr("Reading the chip again… keep the passport still"),
        "document-retry": tr("Please place the passport again, photo page down"),
        "face-retry": tr("Let's try again: look at the camera"),
        "temperature-retry": tr("Measuring again… please stay on the mark"),
        "come-closer": tr("Please come a little closer"),
        "step-back": tr("Please step back a little"),
        "look-at-camera": tr("Please look at the camera"),
        "hold-still": tr("Hold still…"),
        "more-light": tr("Please face the light"),
        "one-person-only": tr("Only one person at a time, please"),
        "remove-glasses": tr("Please remove your glasses"),
        "remove-mask": tr("Please remove your mask"),
    }
    return texts.get(code, "")


class _Task(QRunnable):
    """Device work requested from the GUI (an officer opening the gate) runs on the pool, not the GUI."""

    def __init__(self, fn: Any) -> None:
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        try:
            self.fn()
        except Exception:
            log.exception("background task failed")


class _Relay(QObject):
    referrals_changed = Signal()


class KioskWindow(QMainWindow):
    def __init__(self, app: App, interaction: QtInteraction) -> None:
        super().__init__()
        self.app = app
        self.interaction = interaction
        self.setWindowTitle(f"Clearance Kiosk — {app.config.lane.name}")
        self.setStyleSheet(STYLE)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.attract = AttractScreen()
        self.screens: dict[str, Any] = {
            "attract": self.attract,
            "document": Screen("document", tr("Reading your passport"), tr("Keep the passport on the reader"),
                               "passport"),
            "chip": Screen("chip", tr("Reading the chip"), tr("Keep the passport still on the reader"), "passport"),
            "face": Screen("face", tr("Face check"), tr("Stand on the mark and look at the camera"), "face"),
            "temperature": Screen("temperature", tr("Temperature check"), tr("Stay on the mark for a moment"),
                                  "thermometer"),
            "declaration": DeclarationScreen(),
            "form": FormScreen(),
            "decision": Screen("decision", tr("Checking…"), tr("One moment, please"), None),
            "gate": Screen("gate", tr("Please proceed"), tr("Walk through the gate now"), "gate"),
            "result": ResultScreen(),
            "officer": OfficerScreen(),
        }
        for s in self.screens.values():
            self.stack.addWidget(s)
        self.current_key = "attract"
        self._return_to = "attract"
        self.signals = _Relay()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.hasher = PasswordHasher()
        self.pin_failures = 0
        self.officer = self.screens["officer"]
        self.attract.officer_requested.connect(self.open_officer)
        self.officer.pin_entered.connect(self._check_pin)
        self.officer.closed.connect(self.close_officer)
        self.officer.decision.connect(self._decide)
        self.officer.lane_command.connect(self._lane_command)
        self.status_timer = QTimer(self)
        self.status_timer.timeout.connect(self._show_lane_status)
        self.status_timer.start(500)
        self.screens["declaration"].screen_form_requested.connect(interaction.choose_screen_form)
        self.screens["form"].submitted.connect(self._form_submitted)
        interaction.form_requested.connect(self._show_form)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.wipe)
        self.officer_idle = QTimer(self)
        self.officer_idle.setSingleShot(True)
        self.officer_idle.timeout.connect(self.close_officer)
        self.lane_thread = LaneThread(app.lane, interaction)
        self.lane_thread.worker.event.connect(self.on_event)
        self.lane_thread.worker.failed.connect(self._lane_fault)
        self.show_screen("attract")

    # --- lane ---------------------------------------------------------------------------------

    def start(self) -> None:
        self.lane_thread.start()

    def shutdown(self) -> None:
        self.lane_thread.stop()
        self.pool.waitForDone(5000)

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)

    def show_screen(self, key: str) -> None:
        if self.current_key == "officer" and key != "officer":
            self._return_to = key  # the officer is working; the traveller screen waits behind
            return
        self.current_key = key
        self.stack.setCurrentWidget(self.screens[key])

    def on_event(self, ev: SessionEvent) -> None:
        if ev.kind == "state":
            if ev.state in (State.DONE, State.REFERRED):
                return  # the "result" event follows with the outcome
            self.show_screen(ev.state.value)
            self.idle.start(int(self.app.config.lane.idle_timeout_s * 1000) + self._stage_timeout_ms(ev.state))
        elif ev.kind == "guidance":
            screen = self.screens.get(ev.state.value)
            if isinstance(screen, Screen):
                screen.set_guidance(guidance_text(str(ev.data.get("code", ""))))
        elif ev.kind == "result":
            self.screens["result"].show_outcome(ev.data["outcome"])
            self.show_screen("result")
            self.idle.start(int(self.app.config.lane.result_display_s * 1000))
            self.signals.referrals_changed.emit()

    def _stage_timeout_ms(self, state: State) -> int:
        timing = getattr(self.app.config.timeouts, state.value, None)
        return int(timing.timeout_s * (timing.retries + 1) * 1000) if timing else 0

    def wipe(self) -> None:
        """Back to the attract screen with nothing of the last traveller left on any screen."""
        for s in self.screens.values():
            if s is not self.officer:
                s.wipe()
        self.show_screen("attract")

    def _show_lane_status(self) -> None:
        status = self.app.lane.status
        closed = status != "in-service"
        self.attract.instruction.setText(
            tr("This lane is closed. Please use another lane.") if closed
            else tr("Place your passport on the reader, photo page down"))
        self.officer.lane_status.setText(status)

    def _lane_command(self, command: str) -> None:
        self.officer_idle.start()
        lane = self.app.lane
        if command == "toggle-service":
            lane.in_service = not lane.in_service
            self.app.store.audit("officer:supervisor", "lane.in-service" if lane.in_service else "lane.out-of-service",
                                 {})
        elif command == "reset-gate":
            gate = self.app.devices.gate

            def reset() -> None:
                try:
                    gate.reset("supervisor")
                except Exception as exc:  # the cause is still there: the gate says why
                    log.warning("gate reset refused: %s", exc)

            self.pool.start(_Task(reset))

    def _lane_fault(self, message: str) -> None:
        self.screens["result"].show_outcome("refer")
        self.show_screen("result")

    # --- declaration form --------------------------------------------------------------------

    def _show_form(self, form: Any, timeout: float) -> None:
        self.screens["form"].show_form(form)
        self.show_screen("form")

    def _form_submitted(self, answers: dict[str, Any]) -> None:
        self.interaction.submit(answers)
        self.show_screen("declaration")

    # --- officer ------------------------------------------------------------------------------

    def open_officer(self) -> None:
        self._return_to = self.current_key
        self.current_key = "officer"
        self.officer.wipe()
        self.stack.setCurrentWidget(self.officer)
        self.officer.pin.setFocus()
        self.officer_idle.start(int(self.app.config.officer.idle_signout_s * 1000))

    def close_officer(self) -> None:
        self.officer.wipe()
        self.officer_idle.stop()
        self.current_key = self._return_to
        self.stack.setCurrentWidget(self.screens[self._return_to])

    def _check_pin(self, pin: str) -> None:
        cfg = self.app.config.officer
        if self.pin_failures >= cfg.max_failures:
            self.officer.message.setText(tr("Locked: too many wrong PINs"))
            return
        try:
            self.hasher.verify(cfg.pin_hash, pin)
        except VerificationError:
            self.pin_failures += 1
            self.app.store.audit("officer:?", "officer.pin-failed", {"failures": self.pin_failures})
            self.officer.message.setText(tr("Wrong PIN"))
            self.officer.pin.clear()
            return
        self.pin_failures = 0
        self.app.store.audit("officer:supervisor", "officer.signed-in", {})
        self.officer.set_unlocked(True)
        self.officer.message.setText("")
        self.refresh_referrals()
        self.signals.referrals_changed.connect(self.refresh_referrals)

    def refresh_referrals(self) -> None:
        if self.current_key == "officer" and self.officer.referrals.isVisible():
            self.officer.show_referrals(self.app.store.open_referrals())

    def _decide(self, referral_id: str, decision: str) -> None:
        self.officer_idle.start()
        reason = "identity-confirmed" if decision == "released" else "refused-by-officer"
        self.app.store.decide_referral(referral_id, officer="supervisor", decision=decision, reason=reason)
        if decision == "released":
            gate = self.app.devices.gate
            timeout = self.app.config.timeouts.gate.timeout_s
            self.pool.start(_Task(lambda: gate.admit(timeout)))
        self.refresh_referrals()


def create_window(config: KioskConfig) -> tuple[KioskWindow, App]:
    interaction = QtInteraction()
    app = build(config, interaction=interaction)
    return KioskWindow(app, interaction), app


def run_gui(config: KioskConfig, fullscreen: bool = False, officer_window: bool = False) -> int:
    qapp = QApplication.instance() or QApplication(sys.argv)
    window, app = create_window(config)
    if fullscreen:
        window.showFullScreen()
    else:
        window.resize(1080, 1440)
        window.show()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    window.start()
    watchdog = Watchdog(healthy=lambda: window.lane_thread.thread.isRunning())
    watchdog.ready(f"lane {config.lane.id} ready")
    kick = QTimer()
    kick.timeout.connect(watchdog.kick)  # fed from the GUI event loop: a hung loop stops the feeding
    kick.start(max(500, int(watchdog.interval() * 1000)))
    try:
        return qapp.exec()
    finally:
        watchdog.stopping()
        window.shutdown()
        app.close()
