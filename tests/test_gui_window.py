"""The kiosk window follows the lane: screens per stage, green/red results, the officer view.

These use the lane's test doubles for speed; tests/test_gui_demo.py walks the real simulated lane.
"""

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from lane_doubles import Script, make_lane

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


def test_referred_traveller_sees_red_and_officer_can_release(qtbot, tmp_path):
    win, devs, store = _window(qtbot, tmp_path, Script(face_score=0.05), lane={"result_display_s": 30})
    win.start()
    qtbot.waitUntil(lambda: win.current_key == "result", timeout=10000)
    assert win.screens["result"].outcome == "refer"
    assert "face-mismatch" not in win.screens["result"].title.text()  # no technical text for travellers
    win.lane_thread.stop()
    win.open_officer()
    officer = win.screens["officer"]
    assert not officer.referrals.isVisible()
    officer.pin.setText("0000")
    officer.pin.returnPressed.emit()
    assert officer.message.text() and not officer.referrals.isVisible()
    officer.pin.setText("1234")
    officer.pin.returnPressed.emit()
    assert officer.referrals.count() == 1
    _shoot(win, "double-officer")
    admitted = devs["gate"].admitted
    officer.release_button.click()
    qtbot.waitUntil(lambda: devs["gate"].admitted == admitted + 1, timeout=5000)
    assert store.open_referrals() == []
    actions = [r.action for r in store.audit_records()]
    assert "referral.released" in actions and "officer.pin-failed" in actions
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
