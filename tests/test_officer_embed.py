"""The console inside the kiosk window (KioskWindow attaches it itself): hidden corner gesture, PIN,
decide, back to the lane; and the same console on a second screen."""

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from lane_doubles import Script, make_lane
from officer_fixtures import FAST_HASHER
from PySide6.QtCore import Qt

from ui.composition import App
from ui.kiosk_app import KioskWindow
from ui.officer.embed import attach_to_kiosk
from ui.worker import QtInteraction

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "officer"


def test_five_taps_in_the_corner_open_the_console_over_the_running_lane(qtbot, tmp_path):
    interaction = QtInteraction()
    lane, devs, store = make_lane(tmp_path, Script(face_score=0.05), lane={"result_display_s": 30})
    lane.interaction = interaction
    app = App(lane.config, store, lane.clock, None, lane.devices, lane.services, lane)
    win = KioskWindow(app, interaction)
    qtbot.addWidget(win)
    win.resize(1080, 1440)
    win.show()
    officer = win.officer_console
    officer.accounts.hasher = FAST_HASHER
    stages = []
    win.lane_thread.worker.event.connect(lambda ev: stages.append(ev.state.value))
    win.start()
    qtbot.waitUntil(lambda: win.current_key == "result", timeout=10000)
    win.lane_thread.stop()
    assert not officer.is_open
    assert officer.hotspot.geometry().right() == win.width() - 1
    for _ in range(5):
        qtbot.mouseClick(officer.hotspot, Qt.MouseButton.LeftButton)
    assert officer.is_open and officer.console.geometry() == win.rect()
    console = officer.console
    assert console.stack.currentWidget() is console.sign_in_page and console.sign_in_page.cancel_button.isVisible()
    console.sign_in_page.officer_id.setText("supervisor")
    console.sign_in_page.pin.setText("1234")
    qtbot.mouseClick(console.sign_in_page.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: console.queue.list.count() == 1, timeout=5000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(50)  # layouts settle on the next event loop pass
    win.grab().save(str(ARTIFACTS / "embedded-in-kiosk.png"))
    admitted = devs["gate"].admitted
    console.queue.choose("release", "identity-confirmed")
    qtbot.mouseClick(console.queue.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: devs["gate"].admitted == admitted + 1, timeout=5000)
    qtbot.mouseClick(console.back_button, Qt.MouseButton.LeftButton)
    assert not officer.is_open and console.session is None
    actions = [r.action for r in store.audit_records()]
    assert actions[0] == "officer.signed-out" and store.audit_records()[0].data == {"reason": "closed"}
    assert "referral.released" in actions and "face" in stages
    second = officer.second_window()
    qtbot.addWidget(second)
    assert second.console.supervisor is officer.supervisor and second.console.accounts is officer.accounts
    win.shutdown()


def test_unattended_prompt_and_idle_officer_return_the_kiosk_to_the_traveller(qtbot, tmp_path):
    interaction = QtInteraction()
    lane, _devs, store = make_lane(tmp_path, officer={"idle_signout_s": 0.3})
    lane.interaction = interaction
    app = App(lane.config, store, lane.clock, None, lane.devices, lane.services, lane)
    win = KioskWindow(app, interaction)
    qtbot.addWidget(win)
    win.show()
    officer = win.officer_console
    officer.accounts.hasher = FAST_HASHER
    win.attract.officer_button.click()  # the attract screen's Officer button opens the same PIN prompt
    assert officer.is_open
    qtbot.waitUntil(lambda: not officer.is_open, timeout=3000)  # nobody signed in
    officer.open()
    officer.console.sign_in("supervisor", "1234")
    qtbot.waitUntil(lambda: officer.console.session is not None, timeout=5000)
    lane.clock.sleep(1)  # the officer walked away
    qtbot.waitUntil(lambda: not officer.is_open, timeout=3000)
    assert store.audit_records()[0].data == {"reason": "idle"}
    win.shutdown()


def test_attach_to_kiosk_takes_the_gesture_it_is_given(qtbot, tmp_path):
    interaction = QtInteraction()
    lane, _devs, store = make_lane(tmp_path)
    lane.interaction = interaction
    app = App(lane.config, store, lane.clock, None, lane.devices, lane.services, lane)
    win = KioskWindow(app, interaction)
    qtbot.addWidget(win)
    win.show()
    extra = attach_to_kiosk(win, taps=3, corner="bottom-left")
    assert extra.hotspot.geometry().left() == 0 and extra.hotspot.geometry().bottom() == win.height() - 1
    for _ in range(2):
        qtbot.mouseClick(extra.hotspot, Qt.MouseButton.LeftButton)
    assert not extra.is_open
    qtbot.mouseClick(extra.hotspot, Qt.MouseButton.LeftButton)
    assert extra.is_open and not win.officer_console.is_open
    extra.close()
    extra.shutdown()
    win.shutdown()


def test_console_window_over_headless_lanes(qtbot, tmp_path):
    from kiosk.supervision import LocalSupervisor
    from ui.officer.app import ConsoleWindow, HeadlessLane

    lanes = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        lane, _devs, _store = make_lane(tmp_path / name, Script(face_score=0.05),
                                        lane={"id": f"LANE-{name.upper()}", "result_display_s": 0.05})
        lanes.append(lane)
    sup = LocalSupervisor(lanes)
    seen = []
    sup.observe = (lambda orig: lambda lane_id, ev: (seen.append((lane_id, ev.state.value)), orig(lane_id, ev)))(
        sup.observe)
    runners = [HeadlessLane(lane, sup) for lane in lanes]
    for r in runners:
        r.start()
    try:
        qtbot.waitUntil(lambda: len(sup.referrals()) >= 2, timeout=10000)
    finally:
        for r in runners:
            r.stop()
    assert not any(r.thread.is_alive() for r in runners)
    assert {lane_id for lane_id, _ in seen} == {"LANE-A", "LANE-B"} and ("LANE-A", "face") in seen
    assert {r.lane_id for r in sup.referrals()} == {"LANE-A", "LANE-B"}
    from officer_fixtures import accounts_for

    win = ConsoleWindow(sup, accounts_for(lanes[0].store), lanes[0].config)
    qtbot.addWidget(win)
    win.show()
    assert "officer console" in win.windowTitle()
    win.close()
