"""pytest-qt workflows of the officer console on the lane doubles: sign-in, lockout, idle sign-out,
deciding a referral with its evidence, a lane out of service, audit search, accounts, report export.
Screenshots go to artifacts/officer/ (gitignored)."""

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from lane_doubles import Script, make_lane
from officer_fixtures import FAST_HASHER, accounts_for, lane_with_referral
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QWidget

from kiosk.supervision import LaneState, LocalSupervisor
from ui.officer import CornerTapDetector, OfficerConsole

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "officer"


@pytest.fixture(autouse=True)
def _english(qapp):
    """These assert the console's English source texts: whatever language an earlier test (a kiosk
    window in Chinese) left installed, the console here is built in English."""
    from ui.i18n import Languages

    Languages(default="en").set_language("en")


def _shoot(widget, name):
    QTest.qWait(50)  # layouts and charts settle on the next event loop pass
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(ARTIFACTS / f"{name}.png"))


def _console(qtbot, lane, store, **officer_cfg):
    acc = accounts_for(store, lane.clock, **officer_cfg)
    sup = LocalSupervisor([lane], health_every_s=0)
    console = OfficerConsole(sup, acc, lane.config, tick_ms=50)
    qtbot.addWidget(console)
    console.resize(1280, 900)
    console.show()
    return console, acc, sup


def _sign_in(qtbot, console, officer_id, pin, expect_ok=True):
    page = console.sign_in_page
    page.officer_id.setText(officer_id)
    for digit in pin:  # on the keypad, as on the kiosk's touch screen
        next(b for b in page.findChildren(type(page.sign_in_button)) if b.text() == digit).click()
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Checking…" and not page.sign_in_button.isEnabled()  # off the GUI thread
    if expect_ok:
        qtbot.waitUntil(lambda: console.session is not None, timeout=5000)
    else:
        qtbot.waitUntil(lambda: page.sign_in_button.isEnabled(), timeout=5000)
    assert page.pin.text() == ""  # the PIN never stays in the widget


def _close(console):
    console.shutdown()


def test_sign_in_lockout_and_nothing_shown_before_sign_in(qtbot, tmp_path):
    lane, _devs, store, _ = lane_with_referral(tmp_path)
    console, acc, _ = _console(qtbot, lane, store, max_failures=3, lockout_s=600)
    acc.create("cli:root", "o7", "Officer Seven", "officer", "2468")
    assert console.stack.currentWidget() is console.sign_in_page
    assert console.queue.list.count() == 0 and not console.main.isVisible()
    _sign_in(qtbot, console, "o7", "1111", expect_ok=False)
    assert "2 attempts left" in console.sign_in_page.message.text()
    _sign_in(qtbot, console, "o7", "1111", expect_ok=False)
    _sign_in(qtbot, console, "o7", "1111", expect_ok=False)
    assert "Locked" in console.sign_in_page.message.text()
    _sign_in(qtbot, console, "o7", "2468", expect_ok=False)  # the right PIN, still locked
    assert "Locked" in console.sign_in_page.message.text() and console.session is None
    _shoot(console, "lockout")
    _sign_in(qtbot, console, "supervisor", "1234")
    assert console.stack.currentWidget() is console.main
    assert console.who.text().startswith("Bootstrap supervisor")
    qtbot.waitUntil(lambda: console.queue.list.count() == 1, timeout=5000)
    actions = [r.action for r in store.audit_records()]
    assert actions.count("officer.sign-in-failed") == 4 and "officer.locked" in actions
    assert actions[0] == "officer.signed-in"
    _close(console)


def test_idle_officer_is_signed_out_and_the_screen_wiped(qtbot, tmp_path):
    lane, _devs, store, _ = lane_with_referral(tmp_path)
    console, _acc, _ = _console(qtbot, lane, store, idle_signout_s=60)
    signed_out = []
    console.signed_out.connect(signed_out.append)
    _sign_in(qtbot, console, "supervisor", "1234")
    qtbot.waitUntil(lambda: console.queue.list.count() == 1, timeout=5000)
    lane.clock.sleep(30)
    qtbot.mouseClick(console.queue.list.viewport(), Qt.MouseButton.LeftButton)  # activity restarts the idle time
    lane.clock.sleep(45)
    qtbot.wait(150)
    assert console.session is not None
    lane.clock.sleep(16)
    qtbot.waitUntil(lambda: console.session is None, timeout=3000)
    assert signed_out == ["idle"]
    assert console.stack.currentWidget() is console.sign_in_page
    assert console.queue.list.count() == 0 and console.queue.evidence.reasons.text() == ""
    assert "inactivity" in console.sign_in_page.message.text()
    last = store.audit_records()[0]
    assert (last.action, last.data) == ("officer.signed-out", {"reason": "idle"})
    _close(console)


def test_officer_decides_a_referral_with_the_evidence_side_by_side(qtbot, tmp_path):
    lane, devs, store, result = lane_with_referral(tmp_path, Script(face_score=0.05, temp_c=37.9))
    console, acc, _ = _console(qtbot, lane, store)
    acc.create("cli:root", "o7", "Officer Seven", "officer", "2468")
    _sign_in(qtbot, console, "o7", "2468")
    assert console.tabs.currentWidget() is console.queue
    assert not console.tabs.isTabVisible(console._tab_of["accounts"])  # officers do not manage accounts
    q = console.queue
    qtbot.waitUntil(lambda: q.list.count() == 1, timeout=5000)
    assert q.current_id() == result.referral_id
    ev = q.evidence
    for kind in ("chip-portrait", "live-capture"):
        pix = ev.images[kind].pixmap()
        assert pix is not None and not pix.isNull() and pix.height() == 220
    assert "0.050" in ev.match.text() and "0.40" in ev.match.text() and "NO MATCH" in ev.match.text()
    assert "valid" in ev.liveness.text()
    assert "face-mismatch" in ev.reasons.text() and "fever" in ev.reasons.text()
    assert "ERIKSSON" in ev.sections["document"].text() and "L898902C3" in ev.sections["document"].text()
    assert "Passive authentication" in ev.sections["chip"].text()
    assert "37.90" in ev.sections["temperature"].text()
    assert "nothing-to-declare" in ev.sections["declaration"].text()
    assert not q.confirm.isEnabled()  # no decision without an action and a reason code
    qtbot.mouseClick(q.action_buttons["release"], Qt.MouseButton.LeftButton)
    assert [q.reason.itemText(i) for i in range(q.reason.count())] == lane.config.officer.reason_codes["release"]
    q.reason.setCurrentText("temperature-rechecked")
    qtbot.keyClicks(q.note, "forehead 36.9 by hand")
    _shoot(console, "referral")
    admitted = devs["gate"].admitted
    qtbot.mouseClick(q.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: q.list.count() == 0 and console.last_result is not None, timeout=5000)
    assert devs["gate"].admitted == admitted + 1 and console.last_result.gate == "passed"
    assert "Released" in q.message.text()
    assert store.open_referrals() == [] and store.retained_evidence() == []
    rel = next(r for r in store.audit_records() if r.action == "referral.released")
    assert rel.actor == "officer:o7" and rel.data["reason"] == "temperature-rechecked"
    assert rel.data["note"] == "forehead 36.9 by hand"
    assert store.verify_audit() > 0
    _close(console)


def test_refusal_of_a_decided_referral_is_reported_not_crashed(qtbot, tmp_path):
    lane, _devs, store, result = lane_with_referral(tmp_path)
    console, _acc, _ = _console(qtbot, lane, store)
    _sign_in(qtbot, console, "supervisor", "1234")
    q = console.queue
    qtbot.waitUntil(lambda: q.list.count() == 1, timeout=5000)
    console.refresh_timer.stop()  # the other console decides between two refreshes
    store.decide_referral(result.referral_id, officer="other-console", decision="refused", reason="impostor")
    q.choose("inspection", "declared-goods")
    qtbot.mouseClick(q.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "already refused" in q.message.text(), timeout=5000)
    qtbot.waitUntil(lambda: q.list.count() == 0, timeout=5000)  # the failure refreshes the queue
    assert not [r for r in store.audit_records() if r.action == "referral.red-channel"]
    _close(console)


def test_officer_takes_a_lane_out_of_service_and_back(qtbot, tmp_path):
    lane, _devs, store = make_lane(tmp_path)
    console, acc, _ = _console(qtbot, lane, store)
    acc.create("cli:root", "o7", "", "officer", "2468")
    _sign_in(qtbot, console, "o7", "2468")
    console.tabs.setCurrentWidget(console.overview)
    qtbot.waitUntil(lambda: "LANE-01" in console.overview.cards, timeout=5000)
    card = console.overview.cards["LANE-01"]
    assert card.badge.property("state") == LaneState.IN_SERVICE.value and card.service_button.isEnabled()
    assert "●</span> gate (double)" in card.devices.text()
    qtbot.mouseClick(card.service_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.badge.property("state") == "out-of-service", timeout=5000)
    assert lane.in_service is False and card.service_button.text() == "Put in service"
    assert card.badge.text() == "Out of service"  # what the officer reads
    assert not lane.ready() and lane.status == "out-of-service"
    _shoot(console, "lane-out-of-service")
    qtbot.mouseClick(card.service_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.badge.property("state") == "in-service", timeout=5000)
    assert lane.in_service is True
    acts = [(r.actor, r.action) for r in store.audit_records()[:2]][::-1]
    assert acts == [("officer:o7", "lane.out-of-service"), ("officer:o7", "lane.in-service")]
    _close(console)


def test_installer_controls_the_lane_without_seeing_travellers(qtbot, tmp_path):
    lane, _devs, store, _ = lane_with_referral(tmp_path)
    console, acc, _ = _console(qtbot, lane, store)
    acc.create("cli:root", "inst", "Installer", "installer", "9753")
    _sign_in(qtbot, console, "inst", "9753")
    for key in ("referrals", "evidence", "accounts", "report"):
        assert not console.tabs.isTabVisible(console._tab_of[key])
    assert console.tabs.isTabVisible(console._tab_of["audit"])
    qtbot.waitUntil(lambda: "LANE-01" in console.overview.cards, timeout=5000)
    qtbot.wait(100)
    assert console.queue.list.count() == 0  # never fetched
    assert console.overview.cards["LANE-01"].badge.property("state") == "waiting-for-officer"
    _close(console)


def test_a_poll_fetched_for_an_officer_is_not_shown_to_the_installer_signed_in_after(qtbot, tmp_path):
    lane, _devs, store, _ = lane_with_referral(tmp_path)
    console, acc, _ = _console(qtbot, lane, store)
    console.refresh_timer.stop()
    acc.create("cli:root", "inst", "Installer", "installer", "9753")
    acc.create("cli:root", "o7", "Officer Seven", "officer", "2468")
    officer = acc.sign_in("o7", "2468")
    fetched = console._poll(officer)  # the officer's poll, still on its way when they sign out
    assert fetched[2]  # it carries the referral
    _sign_in(qtbot, console, "inst", "9753")
    console._polled(fetched)
    assert console.queue.list.count() == 0
    _close(console)


def test_audit_search_by_document_and_officer(qtbot, tmp_path):
    lane, _devs, store, result = lane_with_referral(tmp_path)
    console, _acc, sup = _console(qtbot, lane, store)
    _sign_in(qtbot, console, "supervisor", "1234")
    sup.decide(result.referral_id, "refuse", "impostor", "", console.session.officer)
    lane.run_transaction()  # another traveller with the same passport (the doubles' MRZ)
    console.tabs.setCurrentWidget(console.audit_view)
    view = console.audit_view
    qtbot.keyClicks(view.document, "UTO:L898902C3")
    qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.table.rowCount() > 0, timeout=5000)
    actions = [view.table.item(i, 4).text() for i in range(view.table.rowCount())]
    assert actions.count("transaction.refer") == 2 and "referral.refused" in actions
    assert "officer.signed-in" not in actions
    _shoot(console, "audit")
    view.document.clear()
    qtbot.keyClicks(view.officer, "supervisor")
    qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.table.rowCount() > 0 and
                    {view.table.item(i, 3).text() for i in range(view.table.rowCount())} <= {"officer:supervisor",
                                                                                              "system"}, timeout=5000)
    acts = {view.table.item(i, 4).text() for i in range(view.table.rowCount())}
    assert {"officer.signed-in", "referral.refused"} <= acts
    _close(console)


def test_supervisor_manages_accounts_from_the_console(qtbot, tmp_path):
    lane, _devs, store = make_lane(tmp_path)
    console, acc, _ = _console(qtbot, lane, store)
    _sign_in(qtbot, console, "supervisor", "1234")
    console.tabs.setCurrentWidget(console.accounts_view)
    view = console.accounts_view
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=5000)
    qtbot.keyClicks(view.new_id, "o9")
    qtbot.keyClicks(view.new_name, "Officer Nine")
    qtbot.keyClicks(view.new_account_pin, "12")  # too short: refused with the reason
    qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "PIN" in view.message.text(), timeout=5000)
    qtbot.keyClicks(view.new_account_pin, "5678")
    qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=5000)
    assert acc.get("o9").name == "Officer Nine" and acc.get("o9").role.value == "officer"
    view.select("o9")
    qtbot.mouseClick(view.toggle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: acc.get("o9").disabled, timeout=5000)
    view.select("o9")
    qtbot.keyClicks(view.new_pin, "8642")
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "New PIN" in view.message.text(), timeout=5000)
    assert FAST_HASHER.verify(store.query("SELECT pin_hash FROM officers WHERE id='o9'")[0]["pin_hash"], "8642")
    _shoot(console, "accounts")
    by_sup = [r.action for r in store.audit_records() if r.actor == "officer:supervisor"]
    assert {"officer.created", "officer.disabled", "officer.pin-reset"} <= set(by_sup)
    _close(console)


def test_shift_report_charts_and_csv_pdf_export(qtbot, tmp_path, monkeypatch):
    lane, _devs, store = make_lane(tmp_path)
    now = datetime.now(UTC)
    for i in range(12):
        start = now - timedelta(hours=3) + timedelta(minutes=15 * i)
        refer = i % 4 == 0
        store.record_transaction({
            "id": f"t{i}", "started_at": start.isoformat(), "ended_at": (start + timedelta(seconds=8 + i)).isoformat(),
            "outcome": "refer" if refer else "clear", "reasons": ["fever"] if refer else [],
            "scores": {"face": 0.3 + 0.05 * i, "face_threshold": 0.4}})
    console, _acc, _ = _console(qtbot, lane, store)
    _sign_in(qtbot, console, "supervisor", "1234")
    console.tabs.setCurrentWidget(console.report_view)
    view = console.report_view
    assert not view.csv_button.isEnabled()
    console.show_shift(8)
    qtbot.waitUntil(lambda: view.report is not None, timeout=5000)
    report = view.report
    assert report.transactions == 12 and report.referred == 3
    assert "12 travellers" in view.summary.text() and "25.0%" in view.summary.text()
    (through,) = view.throughput_chart.series()
    assert sum(s.sum() for s in through.barSets()) == 12
    assert sum(s.sum() for s in view.scores_chart.series()[0].barSets()) == 12
    _shoot(console, "shift-report")
    csv_path, pdf_path = tmp_path / "shift.csv", tmp_path / "shift.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(csv_path), ""))
    qtbot.mouseClick(view.csv_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(io.StringIO(csv_path.read_text())))
    assert ["summary", "transactions", "12"] in rows and ["referral-reason", "fever", "3"] in rows
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf_path), ""))
    qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000 and b"/Image" in data  # the charts are in it
    assert "Exported" in view.message.text()
    _close(console)


def test_retained_evidence_view_shows_what_is_kept(qtbot, tmp_path):
    lane, _devs, store, result = lane_with_referral(tmp_path)
    console, _acc, _ = _console(qtbot, lane, store)
    _sign_in(qtbot, console, "supervisor", "1234")
    console.tabs.setCurrentWidget(console.retained_view)
    view = console.retained_view
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=5000)
    assert "2 images retained for 1 referrals" in view.summary.text()
    kinds = {view.table.item(i, 3).text() for i in range(2)}
    assert kinds == {"chip-portrait", "live-capture"}
    assert view.table.item(0, 0).text() == result.referral_id[:12]
    _close(console)


def test_hidden_corner_gesture_opens_the_console(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1080, 1440)
    host.show()
    hotspot = CornerTapDetector(host, corner="top-right", size=96, taps=5, hold_ms=300)
    fired = []
    hotspot.triggered.connect(lambda: fired.append(1))
    assert hotspot.geometry().topLeft() == QPoint(1080 - 96, 0)
    for _ in range(4):
        qtbot.mouseClick(hotspot, Qt.MouseButton.LeftButton)
    assert fired == []
    qtbot.mouseClick(hotspot, Qt.MouseButton.LeftButton)
    assert fired == [1]
    host.resize(800, 600)
    assert hotspot.geometry().topLeft() == QPoint(800 - 96, 0)
    qtbot.mousePress(hotspot, Qt.MouseButton.LeftButton)  # a long press works too
    qtbot.waitUntil(lambda: fired == [1, 1], timeout=4000)
    qtbot.mouseRelease(hotspot, Qt.MouseButton.LeftButton)
