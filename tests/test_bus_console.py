"""The officer console over the broker: a `BusSupervisor` on a real Mosquitto (TLS, ACL), two lanes
(real Lanes on device doubles, real Stores, `KioskLaneControl` executing the signed commands).

The console sees both lanes from their retained state, the referral opened at lane 2 reaches its queue
with reasons and summary (no images: they stay at the lane), releasing it sends a signed command the
lane executes and audits, out of service shows in the overview, and an officer who is not signed in
here or not on the lane's roster gets a clear refusal. A pytest-qt test shows the remote lanes in the
console window (screenshot in artifacts/officer/).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from bus_fixtures import *  # noqa: F403
from bus_fixtures import bus_config, wait_until
from lane_doubles import Script, make_lane

from hardware.bus import connect_console, lane_publisher
from kiosk import config as kconfig
from kiosk.bus.commands import KioskLaneControl, Roster
from kiosk.bus.journal import ConsoleJournal
from kiosk.bus.supervisor import BusSupervisor
from kiosk.officers import Officer, Role
from kiosk.store import Store
from kiosk.supervision import AuditQuery, LaneState, LaneSupervisor, SupervisionError

pytestmark = [pytest.mark.mosquitto, pytest.mark.timeout(60)]

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "officer"
WANG = Officer("o.wang", "Officer Wang", Role.OFFICER)
GHOST = Officer("o.ghost", "Not on the roster", Role.OFFICER)  # a console account the lanes do not know
ROSTER = Roster({"o.wang": ["*"], "o7": ["*"]})


class Port:
    """Two lanes on the broker and one console supervising them."""

    def __init__(self, pki, broker, tmp_path, console_id="CONSOLE-A", journal=None):
        self.lanes = {}
        self.publishers = []
        for n, lane_id in ((1, "LANE-01"), (2, "LANE-02")):
            (tmp_path / lane_id).mkdir()
            # lane 2 refers its first traveller: the face does not match
            lane, devs, store = make_lane(tmp_path / lane_id, Script(face_score=0.05 if n == 2 else 0.9),
                                          lane={"id": lane_id, "name": f"Lane {n}"})
            pub = lane_publisher(bus_config(pki, broker, lane_id), lane_id, store, KioskLaneControl(lane, store),
                                 ROSTER)
            self.lanes[lane_id] = (lane, devs, store)
            self.publishers.append(pub)
        self.remote = connect_console(bus_config(pki, broker, console_id), console_id)
        assert self.remote.wait_connected(5)
        self.config = kconfig.from_dict({})
        self.sup = BusSupervisor(self.remote, self.config, journal=journal)

    def view(self, lane_id):
        return next((v for v in self.sup.lanes() if v.lane_id == lane_id), None)

    def close(self):
        for pub in self.publishers:
            pub.stop()
        self.remote.close()
        for _lane, _devs, store in self.lanes.values():
            store.close()


@pytest.fixture
def port(port_pki, broker, tmp_path):
    p = Port(port_pki, broker, tmp_path)
    yield p
    p.close()


def _both_online(port):
    wait_until(lambda: all((v := port.view(k)) is not None and v.state is LaneState.IN_SERVICE
                           for k in ("LANE-01", "LANE-02")), 10, "both lanes in service",
               lambda: repr(port.sup.lanes()))


def test_the_console_supervises_two_lanes_through_the_broker(port):
    sup = port.sup
    assert isinstance(sup, LaneSupervisor)
    _both_online(port)
    assert [(v.lane_id, v.name, v.in_service) for v in sup.lanes()] == [("LANE-01", "Lane 1", True),
                                                                          ("LANE-02", "Lane 2", True)]
    wait_until(lambda: port.view("LANE-02").devices, 5, "device health")
    assert {d.device for d in port.view("LANE-02").devices} >= {"gate", "camera"}
    assert sup.referrals() == []

    lane2, devs2, store2 = port.lanes["LANE-02"]
    result = lane2.run_transaction()
    assert result.outcome == "refer" and result.referral_id
    wait_until(lambda: len(sup.referrals()) == 1, 10, "the referral in the console's queue")
    ref = sup.referrals()[0]
    assert (ref.id, ref.lane_id) == (result.referral_id, "LANE-02")
    assert "face-mismatch" in ref.reasons
    assert ref.document.get("document_number") == "L898902C3" and ref.face.get("score") == pytest.approx(0.05)
    assert ref.images == () and store2.retained_evidence()  # the images stay at the lane
    assert ref.document_ref and ref.document_ref == store2.transactions()[0]["document_ref"]
    wait_until(lambda: port.view("LANE-02").state is LaneState.WAITING_FOR_OFFICER, 5, "lane 2 waiting")

    # who may not: a console account the lane does not know, an officer not signed in here, a role
    sup.begin_session("o.ghost")
    refused = sup.decide(ref.id, "release", "identity-confirmed", "", GHOST)
    assert not refused.ok and "not-authorised" in refused.detail
    unsigned = sup.decide(ref.id, "release", "identity-confirmed", "", WANG)
    assert not unsigned.ok and "not signed in" in unsigned.detail
    with pytest.raises(SupervisionError):
        sup.decide(ref.id, "release", "identity-confirmed", "", Officer("i1", "Installer", Role.INSTALLER))
    with pytest.raises(SupervisionError):
        sup.decide(ref.id, "release", "no-such-code", "", WANG)
    assert len(sup.referrals()) == 1 and store2.open_referrals() and devs2["gate"].admitted == 0
    assert [r.data["why"] for r in store2.audit_records(action="command.rejected")] == ["not-authorised"]

    sup.begin_session("o.wang")
    admitted = devs2["gate"].admitted
    done = sup.decide(ref.id, "release", "identity-confirmed", " checked by hand ", WANG)
    assert done.ok and done.lane_id == "LANE-02" and done.action == "release", done
    assert sup.referrals() == []
    wait_until(lambda: devs2["gate"].admitted == admitted + 1, 5, "the gate opened at lane 2")
    assert store2.open_referrals() == [] and store2.retained_evidence() == []
    actions = [(r.actor, r.action) for r in store2.audit_records()]
    assert ("officer:o.wang", "command.release") in actions and ("officer:o.wang", "referral.released") in actions
    rel = next(r for r in store2.audit_records() if r.action == "referral.released")
    assert rel.data["reason"] == "identity-confirmed" and rel.data["note"] == "checked by hand"
    assert store2.verify_audit() > 0
    # the decision comes back as events: the audit view and the shift report of the console show it
    wait_until(lambda: sup.audit(AuditQuery(action="referral.released")), 5, "the decision in the audit view")
    entry = sup.audit(AuditQuery(action="referral.", lane_id="LANE-02"))[0]
    assert entry.actor == "officer:o.wang" and entry.data["referral"] == ref.id
    assert sup.audit(AuditQuery(document="UTO:L898902C3", action="referral."))[0].data["referral"] == ref.id
    assert sup.audit(AuditQuery(lane_id="LANE-01", action="referral.")) == []
    # the lane's clock is a double: the window spans its transaction and the (wall-clock) decision
    ended = datetime.fromisoformat(store2.transactions()[0]["ended_at"])
    ended = ended.replace(tzinfo=UTC) if ended.tzinfo is None else ended
    start, end = min(ended, datetime.now(UTC)) - timedelta(hours=1), max(ended, datetime.now(UTC)) + timedelta(hours=1)
    wait_until(lambda: sup.shift_report(start, end).decisions, 5, "the decision in the shift report")
    report = sup.shift_report(start, end)
    assert (report.transactions, report.referred, report.decisions) == (1, 1, {"released": 1})
    # the same decision again: the referral is no longer open here
    with pytest.raises(SupervisionError):
        sup.decide(ref.id, "refuse", "refused-by-officer", "", WANG)
    assert sup.retained_evidence() == [] and sup.purge_expired() == 0  # nothing of it is held here

    # lane control: out of service at lane 1 shows in the overview, lane 2 untouched
    lane1 = port.lanes["LANE-01"][0]
    off = sup.set_in_service("LANE-01", False, WANG)
    assert off.ok and lane1.in_service is False
    wait_until(lambda: port.view("LANE-01").state is LaneState.OUT_OF_SERVICE, 5, "lane 1 out of service")
    assert port.view("LANE-02").state is LaneState.IN_SERVICE
    assert sup.set_in_service("LANE-01", True, WANG).ok and lane1.in_service is True
    gate1 = port.lanes["LANE-01"][1]["gate"]
    assert sup.open_gate("LANE-01", WANG, "wheelchair").ok
    wait_until(lambda: gate1.admitted == 1, 5, "the gate opened at lane 1")
    sup.end_session()
    assert not sup.open_gate("LANE-01", WANG).ok  # signed out: nothing goes out in their name
    assert gate1.admitted == 1


def test_red_channel_over_the_bus_and_a_lane_that_goes_away(port):
    sup = port.sup
    _both_online(port)
    lane2, _devs2, store2 = port.lanes["LANE-02"]
    rid = lane2.run_transaction().referral_id
    wait_until(lambda: [r.id for r in sup.referrals()] == [rid], 10, "the referral")
    sup.begin_session("o.wang")
    red = sup.decide(rid, "inspection", sup.reason_codes()["inspection"][0], "", WANG)
    assert red.ok, red
    assert store2.query("SELECT status FROM referrals WHERE id = ?", [rid])[0]["status"] == "red-channel"
    assert sup.referrals() == []
    # an orderly stop at lane 1: the console shows it offline and cannot command it
    port.publishers[0].stop()
    port.publishers.pop(0)
    wait_until(lambda: port.view("LANE-01").state is LaneState.DEVICE_FAULT, 5, "lane 1 offline")
    assert "offline" in port.view("LANE-01").status
    sup.timeout_s = 1.0
    # (harmless on purpose: the broker keeps the command for the lane's persistent session, and the lane
    # executes it when it comes back within the command's validity; the console's detail says so)
    gone = sup.set_in_service("LANE-01", True, WANG)
    assert not gone.ok and "no answer" in gone.detail and "may still have executed" in gone.detail


def test_the_console_window_shows_the_remote_lanes(port, qtbot):
    pytest.importorskip("PySide6")
    from officer_fixtures import accounts_for
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from ui.officer.remote import bus_window

    _both_online(port)
    lane2, _devs2, _store2 = port.lanes["LANE-02"]
    rid = lane2.run_transaction().referral_id
    console_store = Store(port.lanes["LANE-01"][2].path.parent.parent / "console.sqlite", "CONSOLE-A")
    try:
        acc = accounts_for(console_store)
        acc.create("cli:root", "o7", "Officer Seven", "officer", "2468")
        window = bus_window(port.sup, acc, port.config)
        qtbot.addWidget(window)
        window.resize(1280, 900)
        window.show()
        console = window.console
        console.sign_in_page.officer_id.setText("o7")
        console.sign_in_page.pin.setText("2468")
        qtbot.mouseClick(console.sign_in_page.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: console.session is not None, timeout=5000)
        qtbot.waitUntil(lambda: console.queue.list.count() == 1, timeout=10000)
        assert console.queue.current_id() == rid
        console.tabs.setCurrentWidget(console.overview)
        qtbot.waitUntil(lambda: set(console.overview.cards) == {"LANE-01", "LANE-02"}, timeout=5000)
        assert "Lane 2" in console.overview.cards["LANE-02"].name.text()
        QTest.qWait(50)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(ARTIFACTS / "bus-lanes.png"))
        # taking lane 1 out of service from the card: a signed command in o7's name
        qtbot.mouseClick(console.overview.cards["LANE-01"].service_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: console.last_result is not None, timeout=5000)
        assert console.last_result.ok and port.lanes["LANE-01"][0].in_service is False
        store1 = port.lanes["LANE-01"][2]
        assert any(r.actor == "officer:o7" and r.action == "lane.out-of-service" for r in store1.audit_records())
        console.sign_out("manual")
        assert port.sup._sessions == {}
        console.shutdown()
    finally:
        console_store.close()


def test_a_restarted_console_still_has_its_queue_and_catches_up(port_pki, broker, tmp_path):
    console_store = Store(tmp_path / "console.sqlite", "CONSOLE-B")
    port = Port(port_pki, broker, tmp_path, "CONSOLE-B", ConsoleJournal(console_store))
    try:
        _both_online(port)
        lane2, _devs2, store2 = port.lanes["LANE-02"]
        first = lane2.run_transaction().referral_id
        wait_until(lambda: [r.id for r in port.sup.referrals()] == [first], 10, "the first referral")
        port.remote.close()  # the console PC restarts; meanwhile lane 2 refers another traveller
        second = lane2.run_transaction().referral_id
        assert second and second != first
        wait_until(lambda: store2.query("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL")[0]["n"] == 0,
                   5, "lane 2 published it")
        port.remote = connect_console(bus_config(port_pki, broker, "CONSOLE-B"), "CONSOLE-B")
        port.sup = sup = BusSupervisor(port.remote, port.config, journal=ConsoleJournal(console_store))
        # the first from its journal, the second from the broker (queued for the console's session)
        wait_until(lambda: [r.id for r in sup.referrals()] == [first, second], 10, "both referrals",
                   lambda: repr([r.id for r in sup.referrals()]))
        assert sup.referrals()[0].document.get("document_number") == "L898902C3"
        sup.begin_session("o.wang")
        assert sup.decide(first, "refuse", sup.reason_codes()["refuse"][0], "", WANG).ok
        wait_until(lambda: console_store.query("SELECT count(*) AS n FROM console_events WHERE "
                                               "kind = 'referral.decided' AND referral = ?", [first])[0]["n"], 5,
                   "the decision journalled")
        # decided: the traveller's document data is no longer in the console's journal
        kept = console_store.query("SELECT kind, data FROM console_events WHERE referral = ?", [first])
        assert [k["kind"] for k in kept] == ["referral.decided"] and "L898902C3" not in kept[0]["data"]
        assert [r.id for r in sup.referrals()] == [second]
    finally:
        port.close()
        console_store.close()


def test_console_cli_bus_needs_a_bus_section_and_passes_the_console_id(tmp_path, capsys, monkeypatch, port_pki,
                                                                       broker):
    pytest.importorskip("PySide6")
    import ui.officer.remote as remote
    from ui.cli import main

    assert main(["--database", str(tmp_path / "c.sqlite"), "console", "--bus"]) == 2
    assert "[bus]" in capsys.readouterr().err
    cfg = tmp_path / "console.toml"
    bus = bus_config(port_pki, broker, "CONSOLE-A")
    tls = bus.tls
    cfg.write_text(f'[bus]\nhost = "127.0.0.1"\nport = {broker.port}\nprefix = "test-port"\n'
                   f'[bus.tls]\nca_file = "{tls.ca_file}"\ncert_file = "{tls.cert_file}"\n'
                   f'key_file = "{tls.key_file}"\n')
    seen = []
    monkeypatch.setattr(remote, "run_bus_console", lambda config, console_id, fullscreen: seen.append(
        (config.bus.port, console_id, fullscreen)) or 0)
    assert main(["--config", str(cfg), "console", "--bus", "--console-id", "CONSOLE-A"]) == 0
    assert seen == [(broker.port, "CONSOLE-A", False)]


def test_console_bus_command_runs_the_window_on_the_broker(tmp_path, port_pki, broker):
    """`clearance-kiosk console --bus` end to end, in its own process (the Qt application, its language
    and its event loop are process-wide): it comes up, journals in its database and stays up."""
    import os
    import sqlite3
    import subprocess
    import sys

    tls = bus_config(port_pki, broker, "CONSOLE-B").tls
    db = tmp_path / "console.sqlite"
    cfg = tmp_path / "console.toml"
    cfg.write_text(f'[storage]\ndatabase = "{db}"\n[bus]\nhost = "127.0.0.1"\nport = {broker.port}\n'
                   f'prefix = "test-port"\n[bus.tls]\nca_file = "{tls.ca_file}"\ncert_file = "{tls.cert_file}"\n'
                   f'key_file = "{tls.key_file}"\n')
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "--config", str(cfg), "console", "--bus",
                             "--console-id", "CONSOLE-B"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)})

    def journalled() -> bool:
        if proc.poll() is not None or not db.exists():
            return False
        with sqlite3.connect(db) as conn:
            return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'console_events'").fetchone())

    try:
        wait_until(lambda: journalled() or proc.poll() is not None, 30, "the console up")
        assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
        time.sleep(0.5)
        assert proc.poll() is None  # still running: connected, window up, no crash
    finally:
        proc.terminate()
        proc.wait(10)
