"""Every traveller path through the kiosk window, in both complete languages, with screenshots.

clear; each kind of referral (red screen, never a technical text); the declaration by QR and on screen
(all no; yes → details → review → submit); the wipe after the result; "are you still there?" answered
and unanswered. Screens are saved under artifacts/screens/paths/<language>/<path>/.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from gui_fixtures import COMPLETE, Shots, all_texts, run_to_result, shoot, visible_texts, window
from lane_doubles import MRZ, DeviceTimeout, Script
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.ports import PassageOutcome
from ui import i18n

NAME_PARTS = ("ERIKSSON", "Eriksson", "ANNA", "Anna")
DOC_NUMBER = "L898902C3"
TECHNICAL = ("face-", "chip-", "fever", "timeout", "declaration-", "gate-", "error", "Exception", "mismatch")


@pytest.fixture(autouse=True)
def _no_misses():
    i18n.MISSES.clear()
    yield
    misses = {m for m in i18n.MISSES if m[0] in COMPLETE}
    assert not misses, f"shown untranslated: {sorted(misses)}"


def _button(win, accessible: str) -> QPushButton:
    for b in win.findChildren(QPushButton):
        if b.accessibleName() == accessible and b.isVisible():
            return b
    raise AssertionError(f"no visible button {accessible}")


def _assert_no_technical_text(win) -> None:
    shown = "\n".join(t for _w, t in visible_texts(win.screens["result"]))
    assert shown.strip()
    for word in TECHNICAL:
        assert word not in shown, f"technical text {word!r} on the traveller's screen: {shown}"


@pytest.mark.parametrize("language", COMPLETE)
def test_clear_path_by_qr(qtbot, tmp_path, language):
    win, devs, _store = window(qtbot, tmp_path, language=language, lane={"result_display_s": 30})
    shots = Shots(win, f"paths/{language}/clear")
    greeted = []
    win.stack.currentChanged.connect(lambda _i: greeted.append(win.screens["face"].person.text()))
    run_to_result(qtbot, win)
    result = win.screens["result"]
    assert result.outcome == "clear" and result.objectName() == "resultClear"
    assert win.languages.code == language
    assert {"chip", "face", "temperature", "declaration", "result"} <= set(shots.seen)
    assert any("Anna Maria" in g for g in greeted)  # the traveller is greeted by name during the steps
    assert "cue:success" in win.sounds.history
    assert f"prompt:{language}:clear" in win.sounds.history
    assert f"prompt:{language}:face" in win.sounds.history
    _assert_no_technical_text(win)
    win.shutdown()
    assert devs["gate"].admitted == 1


REFERRALS = {
    "health": Script(temp_c=38.6),
    "declaration": Script(declaration="declared"),
    "document": Script(chip_errors=[DeviceTimeout("card", "no card")] * 3),
    "identity": Script(face_score=0.05),
    "gate": Script(gate=PassageOutcome.NOT_PASSED),
}


@pytest.mark.parametrize("language", COMPLETE)
@pytest.mark.parametrize("kind", list(REFERRALS))
def test_each_referral_kind_sees_its_red_screen(qtbot, tmp_path, language, kind):
    script = REFERRALS[kind]
    if kind == "document":
        script = Script(chip_errors=[DeviceTimeout("card", "no card") for _ in range(3)])
    win, _devs, store = window(qtbot, tmp_path, script, language=language, lane={"result_display_s": 30})
    _shots = Shots(win, f"paths/{language}/refer-{kind}")
    run_to_result(qtbot, win)
    result = win.screens["result"]
    assert result.outcome == "refer" and result.objectName() == "resultRefer"
    assert result.kind == kind
    assert "cue:attention" in win.sounds.history
    _assert_no_technical_text(win)
    win.shutdown()
    assert len(store.open_referrals()) == 1


def _walk_to_form(qtbot, tmp_path, language, shot):
    """The lane with the on-screen form only (no QR scanner), walked to the form; its shots."""
    win, _devs, store = window(qtbot, tmp_path, language=language, form=True, scan=False,
                               lane={"result_display_s": 30})
    shots = Shots(win, f"paths/{language}/{shot}")
    win.start()
    qtbot.waitUntil(lambda: win.current_key == "declaration", timeout=10000)
    qtbot.mouseClick(win.screens["declaration"].form_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.current_key == "form", timeout=5000)
    return win, store, shots, win.screens["form"]


@pytest.mark.parametrize("language", COMPLETE)
def test_on_screen_declaration_nothing_to_declare(qtbot, tmp_path, language):
    win, _store, shots, form = _walk_to_form(qtbot, tmp_path, language, "form-nothing")
    assert form.rows and form.pages.currentIndex() == 0
    qtbot.mouseClick(form.review_button, Qt.MouseButton.LeftButton)
    assert form.pages.currentIndex() == 1 and form.submit_button.isVisible()
    shots.shoot("form-review")
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.current_key == "result", timeout=10000)
    assert win.screens["result"].outcome == "clear"
    win.shutdown()


@pytest.mark.parametrize("language", COMPLETE)
def test_on_screen_declaration_yes_details_review_submit(qtbot, tmp_path, language):
    win, store, shots, form = _walk_to_form(qtbot, tmp_path, language, "form-declared")
    detail_row = form.rows["cash_cny"][0]
    assert not detail_row.isVisible()  # the follow-up shows only after "yes"
    qtbot.mouseClick(_button(win, "q-cash-true"), Qt.MouseButton.LeftButton)
    assert detail_row.isVisible() and form.numpad.isVisible()
    edit = form.rows["cash_cny"][1]
    assert form.numpad.target is edit
    for key in "50000":
        qtbot.mouseClick(form.numpad.keys[key], Qt.MouseButton.LeftButton)
    assert edit.text() == "50000"
    shots.shoot("form-details")
    qtbot.mouseClick(form.review_button, Qt.MouseButton.LeftButton)
    review = all_texts(form.review_area)
    assert "50000" in review
    shots.shoot("form-review")
    qtbot.mouseClick(form.back_button, Qt.MouseButton.LeftButton)  # change answers keeps them
    assert form.pages.currentIndex() == 0 and edit.text() == "50000"
    qtbot.mouseClick(form.review_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.current_key == "result", timeout=10000)
    result = win.screens["result"]
    assert result.outcome == "refer" and result.kind == "declaration"
    _assert_no_technical_text(win)
    win.shutdown()
    (referral,) = store.open_referrals()
    assert "declaration-declared" in referral["reasons"]


@pytest.mark.parametrize("language", COMPLETE)
def test_result_timeout_wipes_every_trace_of_the_traveller(qtbot, tmp_path, language):
    win, _devs, _ = window(qtbot, tmp_path, Script(face_score=0.05), language=language,
                          lane={"result_display_s": 0.4})
    seen_name = []
    win.stack.currentChanged.connect(lambda _i: seen_name.append(any(p in all_texts(win) for p in NAME_PARTS)))
    run_to_result(qtbot, win)
    assert not any(p in all_texts(win) for p in NAME_PARTS)  # gone as soon as the result shows
    win.set_language("en" if language == "zh_CN" else "zh_CN")  # the traveller switched language
    win.lane_thread.stop()  # no next traveller walks up
    assert any(seen_name), "the name was never shown: this test would prove nothing"
    qtbot.waitUntil(lambda: win.current_key == "attract", timeout=3000)
    text = all_texts(win)
    for part in (*NAME_PARTS, DOC_NUMBER, *MRZ.split("\n")):
        assert part not in text, f"{part!r} still on a screen after the traveller left"
    assert win.screens["result"].outcome == ""
    assert win.languages.code == language  # the next traveller starts in the lane's language
    win.shutdown()


@pytest.mark.parametrize("language", COMPLETE)
def test_still_there_answered_keeps_the_session(qtbot, tmp_path, language):
    win, _devs, _ = window(qtbot, tmp_path, language=language, scan=False,
                          timeouts={"still_there_after_s": 0.2, "still_there_s": 5,
                                    "declaration": {"timeout_s": 42}})
    _shots = Shots(win, f"paths/{language}/still-there-answered")
    win.start()
    qtbot.waitUntil(lambda: win.current_key == "declaration", timeout=10000)
    countdown = win.screens["declaration"].progress
    assert countdown.total_ms == 42000 and 0 < countdown.remaining_ms() <= 42000  # the step's own timeout
    qtbot.waitUntil(lambda: win.still_there.isVisible(), timeout=3000)
    shoot(win, f"paths/{language}/still-there-answered", "still-there")
    assert f"prompt:{language}:still-there" in win.sounds.history
    qtbot.mouseClick(win.still_there.button, Qt.MouseButton.LeftButton)
    assert not win.still_there.isVisible() and win.current_key == "declaration"
    qtbot.waitUntil(lambda: win.still_there.isVisible(), timeout=3000)  # asked again after a while
    qtbot.mouseClick(win.screens["declaration"].title, Qt.MouseButton.LeftButton)  # a touch anywhere
    assert not win.still_there.isVisible() and win.current_key == "declaration"
    win.shutdown()


@pytest.mark.parametrize("language", COMPLETE)
def test_still_there_unanswered_wipes_and_refers(qtbot, tmp_path, language):
    win, _devs, store = window(qtbot, tmp_path, language=language, scan=False,
                              timeouts={"still_there_after_s": 0.2, "still_there_s": 0.3})
    win.start()
    qtbot.waitUntil(lambda: win.current_key == "declaration", timeout=10000)
    qtbot.waitUntil(lambda: win.still_there.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: win.current_key == "attract" and not win.still_there.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: len(store.open_referrals()) == 1, timeout=5000)
    win.lane_thread.stop()
    (referral,) = store.open_referrals()
    assert referral["reasons"] == ["declaration-timeout"]  # gate shut, on the record
    assert win.current_key == "attract"  # nobody is shown a red screen after they left
    assert not any(p in all_texts(win) for p in NAME_PARTS)
    win.shutdown()


@pytest.mark.parametrize("language", COMPLETE)
def test_a_lane_fault_still_ends_on_the_red_screen_without_technical_text(qtbot, tmp_path, language):
    win, _devs, store = window(qtbot, tmp_path, language=language, lane={"result_display_s": 30})

    def broken(*_a, **_k):
        raise OSError("disk full")

    store.record_transaction = broken
    _shots = Shots(win, f"paths/{language}/refer-general")
    run_to_result(qtbot, win)
    assert win.screens["result"].outcome == "refer" and win.screens["result"].kind == "general"
    assert "disk" not in all_texts(win)
    _assert_no_technical_text(win)
    win.shutdown()
