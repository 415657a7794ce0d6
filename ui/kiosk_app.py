"""The kiosk window: follows the lane's session events and shows one screen per stage.

Around the screens: the language bar (every language in its own script, at every step), the
large-text/high-contrast and lower-controls switches, "are you still there?", cues and spoken prompts,
and the wipe that leaves nothing of a traveller on screen once they have gone.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.config import KioskConfig
from kiosk.session import SessionEvent, State
from kiosk.watchdog import Watchdog
from ui.composition import App, build
from ui.i18n import BY_CODE, Languages, N
from ui.officer.embed import attach_to_kiosk
from ui.screens import (
    PROMPTS,
    STYLE,
    Art,
    AttractScreen,
    DeclarationScreen,
    FormScreen,
    LanguageBar,
    ResultScreen,
    Screen,
    StillThere,
    guidance_text,
)
from ui.sound import Sounds
from ui.style import HIGH_CONTRAST, STANDARD, stylesheet, touch_target_px
from ui.worker import LaneThread, QtInteraction

log = logging.getLogger("ui.kiosk")

__all__ = ["STYLE", "KioskWindow", "create_window", "guidance_text", "run_gui"]

CJK_FAMILY = "Noto Sans CJK SC"
WAITING_FOR_TRAVELLER = ("declaration", "form")  # screens where only the traveller can move things on
REACH_FRACTION = 0.42  # lower-controls mode: nothing to touch in the top 42 % of the screen


class _Activity(QObject):
    """Any touch, click or key on the window counts as "the traveller is still there"."""

    def __init__(self, on_activity: Any) -> None:
        super().__init__()
        self.on_activity = on_activity

    def eventFilter(self, obj: Any, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            self.on_activity()
        return False


class _Closed(QObject):
    """Calls back when the watched widget is hidden (the officer console closes itself when idle)."""

    def __init__(self, on_hide: Any) -> None:
        super().__init__()
        self.on_hide = on_hide

    def eventFilter(self, obj: Any, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide:
            self.on_hide()
        return False


class KioskWindow(QMainWindow):
    officer_requested = Signal()  # the attract screen's Officer button: opens the console's PIN prompt

    def __init__(self, app: App, interaction: QtInteraction) -> None:
        super().__init__()
        self.app = app
        self.interaction = interaction
        lane_cfg = app.config.lane
        self.setWindowTitle(f"Clearance Kiosk — {lane_cfg.name}")
        self.languages = Languages(default=lane_cfg.default_language, offered=tuple(lane_cfg.languages))
        self.sounds = Sounds(cues=lane_cfg.sounds, prompts=lane_cfg.audio_prompts)
        self.large_text = lane_cfg.large_text
        self.reach_layout = lane_cfg.reach_layout
        self.cjk_font_ok = CJK_FAMILY in QFontDatabase.families()
        if not self.cjk_font_ok:  # Qt would draw boxes without a word: say it where the installer looks
            log.error("font %s missing: Chinese, Japanese and Korean text cannot be shown (fonts-noto-cjk)",
                      CJK_FAMILY)

        central = QWidget()
        self.setCentralWidget(central)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.reach_spacer = QWidget()
        self.reach_spacer.setObjectName("reach-spacer")
        self.stack = QStackedWidget()
        self.bar = LanguageBar(self.languages.offered)
        outer.addWidget(self.reach_spacer)
        outer.addWidget(self.stack, 1)
        outer.addWidget(self.bar)
        self.still_there = StillThere(central)

        self.attract = AttractScreen()
        self.screens: dict[str, Any] = {
            "attract": self.attract,
            "document": Screen("document", N("Reading your passport"),
                               N("Keep the passport on the reader, photo page down"), "passport"),
            "chip": Screen("chip", N("Reading the chip"), PROMPTS["chip"], "chip"),
            "face": Screen("face", N("Face check"), PROMPTS["face"], "face"),
            "temperature": Screen("temperature", N("Temperature check"), PROMPTS["temperature"], "mark"),
            "declaration": DeclarationScreen(),
            "form": FormScreen(),
            "decision": Screen("decision", N("Checking…"), N("One moment, please"), "wait"),
            "gate": Screen("gate", N("Please proceed"), N("Walk through the gate now"), "gate"),
            "result": ResultScreen(),
        }
        for s in self.screens.values():
            self.stack.addWidget(s)
        self.current_key = "attract"
        self._ignore_result = False
        self.attract.officer_requested.connect(self.officer_requested)
        self.status_timer = QTimer(self)
        self.status_timer.timeout.connect(self._show_lane_status)
        self.status_timer.start(500)
        self.screens["declaration"].screen_form_requested.connect(self._choose_screen_form)
        self.screens["form"].submitted.connect(self._form_submitted)
        interaction.form_requested.connect(self._show_form)

        self.bar.language_chosen.connect(self.set_language)
        self.bar.large_text_toggled.connect(self.set_large_text)
        self.bar.reach_toggled.connect(self.set_reach_layout)
        self.still_there.confirmed.connect(self._still_here)
        self.still_there.expired.connect(self._traveller_left)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.wipe)
        self.inactivity = QTimer(self)
        self.inactivity.setSingleShot(True)
        self.inactivity.timeout.connect(self._ask_still_there)
        self._activity = _Activity(self._touched)
        QCoreApplication.instance().installEventFilter(self._activity)
        self.lane_thread = LaneThread(app.lane, interaction)
        self.lane_thread.worker.event.connect(self.on_event)
        self.lane_thread.worker.failed.connect(self._lane_fault)

        self.bar.large.setChecked(self.large_text)
        self.bar.reach.setChecked(self.reach_layout)
        self.apply_style()
        self.set_language(self.languages.default)
        self.show_screen("attract")
        # The officer console over the whole window, in the lane's default language (built after it is
        # set): the attract screen's Officer button, five taps in the top-right corner or a long press
        # there bring up its PIN prompt. Lane commands and decisions go through kiosk.supervision.
        self.officer_console = attach_to_kiosk(self)
        self.officer_requested.connect(self.open_officer)
        self._console_closed = _Closed(self._officer_left)
        self.officer_console.console.installEventFilter(self._console_closed)

    # --- look and language --------------------------------------------------------------------

    def target_px(self) -> int:
        """15 mm in pixels on this screen (the site can state the DPI when the EDID lies)."""
        dpi = self.app.config.lane.screen_dpi
        if dpi is None:
            screen = self.screen() or QApplication.primaryScreen()
            dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
        return touch_target_px(dpi)

    def apply_style(self) -> None:
        palette = HIGH_CONTRAST if self.large_text else STANDARD
        sheet = stylesheet(palette, large=self.large_text, target_px=self.target_px(), language=self.languages.code)
        if sheet != self.styleSheet():  # re-polishing every widget is the slow part of a switch
            self.setStyleSheet(sheet)
        backdrop = None if palette.art_backdrop == "transparent" else QColor(palette.art_backdrop)
        for art in self.findChildren(Art):
            art.backdrop = backdrop
            art.update()

    def set_large_text(self, on: bool) -> None:
        self.large_text = on
        self.bar.large.setChecked(on)
        self.apply_style()

    def set_reach_layout(self, on: bool) -> None:
        self.reach_layout = on
        self.bar.reach.setChecked(on)
        self._layout_for_size()

    def set_language(self, code: str) -> None:
        self.screens["form"].set_language(BY_CODE[code].form)
        self.languages.set_language(code)
        self.apply_style()  # the language's own CJK font first
        # Qt posts LanguageChange to every widget; deliver it now so nothing shows the old language
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.bar.show_language(code)
        if self.current_key != "attract":
            self._prompt()  # the traveller changed language mid-step: say the step again

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._layout_for_size()

    def _layout_for_size(self) -> None:
        landscape = self.width() > self.height()
        for s in self.screens.values():
            s.set_orientation(landscape)
        h = self.centralWidget().height() if self.centralWidget() else self.height()
        self.reach_spacer.setFixedHeight(int(h * REACH_FRACTION) if self.reach_layout else 0)
        self.reach_spacer.setVisible(self.reach_layout)
        if self.still_there.isVisible():
            self.still_there.place()

    # --- lane ---------------------------------------------------------------------------------

    def start(self) -> None:
        self.lane_thread.start()

    def shutdown(self) -> None:
        self.officer_console.shutdown()
        self.lane_thread.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)

    def show_screen(self, key: str) -> None:
        self.current_key = key
        self.stack.setCurrentWidget(self.screens[key])
        if key in WAITING_FOR_TRAVELLER and not self.officer_open:
            self.inactivity.start(int(self.app.config.timeouts.still_there_after_s * 1000))
        else:
            self.inactivity.stop()
            self.still_there.dismiss()
        if key != "attract":
            self._prompt()

    def _prompt(self) -> None:
        screen = self.screens.get(self.current_key)
        key = getattr(screen, "prompt_key", "")
        if self.current_key == "result" and isinstance(screen, ResultScreen) and screen.outcome:
            key = "clear" if screen.outcome == "clear" else "refer"
        if key:
            self.sounds.prompt(self.languages.code, key)

    def on_event(self, ev: SessionEvent) -> None:
        if ev.kind == "state":
            if ev.state in (State.DONE, State.REFERRED):
                return  # the "result" event follows with the outcome
            self.show_screen(ev.state.value)
            self.idle.start(int(self.app.config.lane.idle_timeout_s * 1000) + self._stage_timeout_ms(ev.state))
            if ev.state is State.DECLARATION:
                timing = self.app.config.timeouts.declaration
                self.screens["declaration"].progress.count_down(timing.timeout_s)
        elif ev.kind == "guidance":
            screen = self.screens.get(ev.state.value)
            if isinstance(screen, Screen):
                screen.set_guidance(str(ev.data.get("code", "")))
        elif ev.kind == "progress":
            doc = ev.data.get("document")
            if isinstance(doc, dict):
                for key in ("chip", "face", "temperature", "declaration"):
                    self.screens[key].set_person(str(doc.get("given_names", "")), str(doc.get("surname", "")))
        elif ev.kind == "result":
            if self._ignore_result:  # the traveller left before the end: nobody to show it to
                self._ignore_result = False
                self.wipe()
                return
            outcome = str(ev.data.get("outcome", "refer"))
            self._show_result(outcome, list(ev.data.get("reasons", [])))

    def _show_result(self, outcome: str, reasons: list[str]) -> None:
        for key, screen in self.screens.items():  # the result shows no name: nothing personal stays
            if key != "result":
                screen.wipe()
        self.screens["result"].show_outcome(outcome, reasons)
        self.sounds.cue("success" if outcome == "clear" else "attention")
        self.show_screen("result")
        self.idle.start(int(self.app.config.lane.result_display_s * 1000))

    def _stage_timeout_ms(self, state: State) -> int:
        timing = getattr(self.app.config.timeouts, state.value, None)
        return int(timing.timeout_s * (timing.retries + 1) * 1000) if hasattr(timing, "retries") else 0

    def wipe(self) -> None:
        """Back to the attract screen with nothing of the last traveller left on any screen, in the
        lane's default language and look."""
        self.idle.stop()
        self.inactivity.stop()
        self.still_there.dismiss()
        self.sounds.stop()
        for s in self.screens.values():
            s.wipe()
        self.show_screen("attract")
        if self.languages.code != self.languages.default:
            self.set_language(self.languages.default)
        cfg = self.app.config.lane
        if self.large_text != cfg.large_text:
            self.set_large_text(cfg.large_text)
        if self.reach_layout != cfg.reach_layout:
            self.set_reach_layout(cfg.reach_layout)

    # --- "are you still there?" ---------------------------------------------------------------

    def _touched(self) -> None:
        if self.officer_open:
            return  # the officer's touches are not the traveller's
        if self.still_there.isVisible():
            self.still_there.confirm()  # "touch the screen to continue": anywhere will do
        elif self.current_key in WAITING_FOR_TRAVELLER:
            self.inactivity.start(int(self.app.config.timeouts.still_there_after_s * 1000))

    def _ask_still_there(self) -> None:
        if self.current_key not in WAITING_FOR_TRAVELLER or self.officer_open:
            return
        self.sounds.cue("attention")
        self.sounds.prompt(self.languages.code, "still-there")
        self.still_there.ask(self.app.config.timeouts.still_there_s)

    def _still_here(self) -> None:
        self.inactivity.start(int(self.app.config.timeouts.still_there_after_s * 1000))
        self._prompt()

    def _traveller_left(self) -> None:
        """Nobody answered: end the session (the lane refers it, gate shut) and wipe the screen now."""
        self._ignore_result = True
        self.interaction.abandon()
        self.wipe()

    def _show_lane_status(self) -> None:
        """Out of service (an officer's console command) or a stopped gate: the attract screen says so."""
        self.attract.set_closed(self.app.lane.status != "in-service")

    def _lane_fault(self, message: str) -> None:
        """The transaction ended without its "result" event: the general referral, never the error
        (that is in the log), and the traveller's name off every screen."""
        if self._ignore_result:  # the traveller already left: nobody to tell, and the next one's
            self._ignore_result = False  # result must not be swallowed in its place
            self.wipe()
            return
        if self.current_key == "attract":  # no traveller yet (e.g. the document reader unplugged while
            return  # idle; the worker retries every 2 s): a red screen and a cue would be for nobody
        self._show_result("refer", [])

    # --- declaration form --------------------------------------------------------------------

    def _choose_screen_form(self) -> None:
        self.interaction.choose_screen_form()

    def _show_form(self, form: Any, timeout: float) -> None:
        self.screens["form"].show_form(form, timeout)
        self.show_screen("form")

    def _form_submitted(self, answers: dict[str, Any]) -> None:
        self.interaction.submit(answers)
        self.show_screen("decision")

    # --- officer ------------------------------------------------------------------------------

    @property
    def officer_open(self) -> bool:
        console = getattr(self, "officer_console", None)
        return console is not None and console.is_open

    def open_officer(self) -> None:
        """The console's PIN prompt over the traveller screens; the traveller's session keeps running
        underneath, but "are you still there?" waits while an officer is at the screen."""
        self.inactivity.stop()
        self.still_there.dismiss()
        self.officer_console.open()

    def close_officer(self) -> None:
        self.officer_console.close()

    def _officer_left(self) -> None:
        """Back to the traveller (by hand, signed out when idle, or nobody signed in): if the screen
        waits for the traveller, "are you still there?" counts again from now."""
        if self.current_key in WAITING_FOR_TRAVELLER:
            self.inactivity.start(int(self.app.config.timeouts.still_there_after_s * 1000))


def create_window(config: KioskConfig) -> tuple[KioskWindow, App]:
    interaction = QtInteraction()
    app = build(config, interaction=interaction)
    return KioskWindow(app, interaction), app


def run_gui(config: KioskConfig, fullscreen: bool = False, officer_window: bool = False) -> int:
    qapp = QApplication.instance() or QApplication(sys.argv)
    window, app = create_window(config)
    if fullscreen:
        window.showFullScreen()  # the kiosk's own resolution, portrait or landscape
    else:
        window.resize(1080, 1440)
        window.show()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    if officer_window:  # the same console on a second screen beside the kiosk
        window.officer_console.second_window().show()
    window.start()
    watchdog = Watchdog(healthy=window.lane_thread.is_running)
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
