"""The kiosk window follows the lane: screens per stage, green/red results, the officer console over it.

These use the lane's test doubles for speed; tests/test_gui_demo.py walks the real simulated lane.
"""

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from lane_doubles import Script, make_lane
from officer_fixtures import FAST_HASHER
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ui.composition import App
from ui.kiosk_app import KioskWindow
from ui.worker import QtInteraction

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "screens"


def _window(qtbot, tmp_path, script=None, **cfg):
    interaction = QtInteraction()
    cfg.setdefault("lane", {"result_display_s": 0.2})
    lane, devs, store = make_lane(tmp_path, script, **cfg)
    lane.interaction = interaction
    app = App(lane.config, store, lane.clock, None, lane.devices, lane.services, lane)
    win = KioskWindow(app, interaction)
    qtbot.addWidget(win)
    win.resize(1080, 1440)
    win.show()
    return win, devs, store


def _shoot(win, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    win.grab().save(str(ARTIFACTS / f"{name}.png"))


def test_clear_traveller_reaches_the_green_screen(qtbot, tmp_path):
    win, devs, _ = _window(qtbot, tmp_path)
    seen = []
    win.lane_thread.worker.event.connect(lambda ev: seen.append(ev.state.value))
    win.start()
    qtbot.waitUntil(lambda: win.current_key == "result", timeout=10000)
    assert win.screens["result"].outcome == "clear"
    assert win.screens["result"].objectName() == "resultClear"
    assert "chip" in seen and "face" in seen
    _shoot(win, "double-result-clear")
    win.shutdown()
    assert devs["gate"].admitted >= 1


def _sign_in(qtbot, win, pin):
    """The officer's way in on the kiosk: the PIN prompt over the screen, the demo supervisor account."""
    page = win.officer_console.console.sign_in_page
    page.officer_id.setText("supervisor")
    page.pin.setText(pin)
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.sign_in_button.isEnabled(), timeout=10000)  # checked off the GUI thread


def test_referred_traveller_sees_red_and_officer_can_release(qtbot, tmp_path):
    win, devs, store = _window(qtbot, tmp_path, Script(face_score=0.05), lane={"result_display_s": 30})
    officer = win.officer_console
    officer.accounts.hasher = FAST_HASHER
    win.start()
    qtbot.waitUntil(lambda: win.current_key == "result", timeout=10000)
    assert win.screens["result"].outcome == "refer"
    assert "face-mismatch" not in win.screens["result"].title.text()  # no technical text for travellers
    win.lane_thread.stop()
    assert not officer.is_open
    win.officer_requested.emit()  # the attract screen's Officer button
    console = officer.console
    assert officer.is_open and console.geometry() == win.rect()
    assert console.stack.currentWidget() is console.sign_in_page  # nothing of a traveller before the PIN
    _sign_in(qtbot, win, "0000")
    assert console.session is None and console.sign_in_page.message.text()
    assert console.queue.list.count() == 0
    _sign_in(qtbot, win, "1234")
    assert console.session is not None and console.session.officer.id == "supervisor"
    qtbot.waitUntil(lambda: console.queue.list.count() == 1, timeout=5000)
    _shoot(win, "double-officer")
    admitted = devs["gate"].admitted
    console.queue.choose("release", "identity-confirmed")
    qtbot.mouseClick(console.queue.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: devs["gate"].admitted == admitted + 1, timeout=5000)
    qtbot.waitUntil(lambda: console.last_result is not None, timeout=5000)
    assert store.open_referrals() == []
    qtbot.mouseClick(console.back_button, Qt.MouseButton.LeftButton)
    assert not officer.is_open and console.session is None
    actions = [r.action for r in store.audit_records()]
    for action in ("officer.sign-in-failed", "officer.signed-in", "referral.released", "gate.opened-by-officer",
                   "officer.signed-out"):
        assert action in actions, action
    win.shutdown()


def test_officer_takes_the_lane_out_of_service_and_the_attract_screen_says_so(qtbot, tmp_path):
    win, _devs, store = _window(qtbot, tmp_path)
    lane = win.app.lane
    officer = win.officer_console
    officer.accounts.hasher = FAST_HASHER
    assert lane.ready() and not win.attract.closed
    for _ in range(5):  # the hidden way in: five taps in the top-right corner
        qtbot.mouseClick(officer.hotspot, Qt.MouseButton.LeftButton)
    assert officer.is_open
    _sign_in(qtbot, win, "1234")
    console = officer.console
    console.tabs.setCurrentWidget(console.overview)
    qtbot.waitUntil(lambda: lane.config.lane.id in console.overview.cards, timeout=5000)
    card = console.overview.cards[lane.config.lane.id]
    qtbot.mouseClick(card.service_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lane.in_service is False, timeout=5000)
    assert not lane.ready()  # the lane's next look at itself
    qtbot.waitUntil(lambda: win.attract.closed, timeout=3000)
    closed_text = win.attract.instruction.text()
    qtbot.waitUntil(lambda: card.badge.property("state") == "out-of-service", timeout=5000)
    qtbot.mouseClick(card.service_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lane.in_service is True, timeout=5000)
    assert lane.ready()
    qtbot.waitUntil(lambda: not win.attract.closed, timeout=3000)
    assert win.attract.instruction.text() != closed_text
    officer.close()
    actions = [r.action for r in store.audit_records()]
    assert "lane.out-of-service" in actions and "lane.in-service" in actions
    win.shutdown()


def test_a_stopped_gate_closes_the_lane_until_the_officer_resets_it(qtbot, tmp_path):
    from kiosk.ports import DeviceHealth

    win, devs, store = _window(qtbot, tmp_path)
    lane, gate = win.app.lane, devs["gate"]
    stopped = {"yes": True}
    gate.health = lambda: DeviceHealth("gate", "double", not stopped["yes"], "stopped: leaf forced")
    resets = []

    def reset(officer_id):
        resets.append(officer_id)
        stopped["yes"] = False

    gate.reset = reset
    assert not lane.ready() and lane.status.startswith("gate-stopped")
    qtbot.waitUntil(lambda: win.attract.closed, timeout=3000)  # travellers are sent to another lane
    officer = win.officer_console
    officer.accounts.hasher = FAST_HASHER
    win.officer_requested.emit()
    _sign_in(qtbot, win, "1234")
    console = officer.console
    console.tabs.setCurrentWidget(console.overview)
    qtbot.waitUntil(lambda: lane.config.lane.id in console.overview.cards, timeout=5000)
    card = console.overview.cards[lane.config.lane.id]
    qtbot.waitUntil(lambda: card.badge.property("state") == "device-fault" and card.reset_button.isEnabled(),
                    timeout=5000)
    qtbot.mouseClick(card.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: resets == ["supervisor"], timeout=5000)
    assert lane.ready()
    qtbot.waitUntil(lambda: not win.attract.closed, timeout=3000)
    officer.close()
    assert "gate.reset-requested" in [r.action for r in store.audit_records()]
    win.shutdown()


def test_an_officer_at_the_screen_holds_still_there_and_the_traveller_gets_it_back(qtbot, tmp_path):
    win, _devs, _ = _window(qtbot, tmp_path, timeouts={"still_there_after_s": 0.2, "still_there_s": 5})
    officer = win.officer_console
    win.show_screen("declaration")
    for _ in range(5):  # (the taps themselves count as the traveller's touches until the prompt opens)
        qtbot.mouseClick(officer.hotspot, Qt.MouseButton.LeftButton)
    assert officer.is_open
    qtbot.wait(500)
    assert not win.still_there.isVisible()  # the officer's time is not the traveller's
    qtbot.mouseClick(officer.console.sign_in_page.cancel_button, Qt.MouseButton.LeftButton)  # "Back to lane"
    assert not officer.is_open
    qtbot.waitUntil(lambda: win.still_there.isVisible(), timeout=3000)  # counted again from the officer's exit
    win.shutdown()


def test_every_picture_is_there_and_animates_only_while_shown(qtbot, tmp_path):
    from ui.screens import Art

    win, _devs, _ = _window(qtbot, tmp_path)
    arts = win.findChildren(Art)
    assert len(arts) >= 10
    for art in arts:
        assert art.renderers, f"{art.objectName()}: no SVG frames in assets/images/anim"
    passport = win.screens["attract"].art
    assert passport.isVisible() and passport.timer.isActive() and len(passport.renderers) > 1
    face = win.screens["face"].art
    assert not face.isVisible() and not face.timer.isActive()  # no work for screens nobody sees
    win.show_screen("face")
    assert face.timer.isActive() and not passport.timer.isActive()
    frame = face.frame
    qtbot.waitUntil(lambda: face.frame != frame, timeout=3000)
    win.shutdown()


def test_the_attract_loop_cycles_the_welcome_through_the_languages(qtbot, tmp_path):
    from ui.screens import WELCOME

    win, _devs, _ = _window(qtbot, tmp_path)
    attract = win.screens["attract"]
    assert attract.loop.isActive()
    seen = {attract.welcome.text()}
    attract.loop.setInterval(20)
    qtbot.waitUntil(lambda: seen.add(attract.welcome.text()) or len(seen) == len(WELCOME), timeout=3000)
    win.show_screen("chip")
    assert not attract.loop.isActive()
    win.shutdown()


def test_a_lane_fault_wipes_the_name_and_never_swallows_the_next_travellers_result(qtbot, tmp_path):
    from kiosk.session import SessionEvent, State

    win, _devs, _ = _window(qtbot, tmp_path)
    win._lane_fault("document reader disconnected")  # idle, nobody there: the attract screen stays
    assert win.current_key == "attract"
    win.on_event(SessionEvent("state", State.CHIP))
    win.on_event(SessionEvent("progress", State.CHIP, {"document": {"given_names": "ANNA", "surname": "SMITH"}}))
    assert "Anna" in win.screens["chip"].person.text()
    win._lane_fault("database is locked")  # the store failed: no "result" event for this traveller
    assert win.current_key == "result" and win.screens["result"].outcome == "refer"
    shown = [lab.text() for lab in win.findChildren(QLabel) if lab.text()]
    assert not any("Anna" in t or "locked" in t for t in shown), shown
    # a traveller who walked away, then a fault instead of their result: the next traveller still sees theirs
    win.on_event(SessionEvent("state", State.DECLARATION))
    win._traveller_left()
    win._lane_fault("database is locked")
    assert win.current_key == "attract"
    win.on_event(SessionEvent("state", State.CHIP))
    win.on_event(SessionEvent("result", State.REFERRED, {"outcome": "refer", "reasons": ["face-mismatch"]}))
    assert win.current_key == "result" and win.screens["result"].kind == "identity"
    win.shutdown()
