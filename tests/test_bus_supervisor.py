"""`BusSupervisor` on a fake `RemoteLanes` (no broker): the queue's order and de-duplication, events
out of order, the lane states it derives, the audit filters, and what it refuses to pretend."""

from __future__ import annotations

import uuid

import pytest

from kiosk import config as kconfig
from kiosk.bus.envelope import EventEnvelope
from kiosk.bus.ports import CommandReply
from kiosk.bus.ports import LaneView as RemoteView
from kiosk.bus.supervisor import BusSupervisor
from kiosk.officers import Officer, Role
from kiosk.supervision import AuditQuery, LaneState

WANG = Officer("o.wang", "Wang", Role.OFFICER)


class FakeRemote:
    def __init__(self):
        self.views: dict[str, RemoteView] = {}
        self.callbacks = []
        self.sent = []
        self.reply = None  # CommandReply to return, or an exception to raise

    def lanes(self):
        return dict(self.views)

    def on_event(self, cb):
        self.callbacks.append(cb)

    def send_command(self, lane_id, action, *, session, timeout=5.0, **args):
        self.sent.append((lane_id, action, session.officer_id, args))
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply or CommandReply("x" * 32, lane_id, True, "done")

    def emit(self, event):
        for cb in self.callbacks:
            cb(event)

    def close(self):
        pass


def ev(lane, kind, data, seq=1, event_id=None):
    return EventEnvelope(event_id or uuid.uuid4().hex, lane, seq, kind, "2026-03-01T10:00:00Z", data)


def opened(lane, rid, created, **summary):
    return ev(lane, "referral.opened", {"id": rid, "transaction_id": f"t-{rid}", "created_at": created,
                                        "reasons": ["fever"], "summary": summary})


@pytest.fixture
def sup_remote():
    remote = FakeRemote()
    return BusSupervisor(remote, kconfig.from_dict({})), remote


def test_queue_is_oldest_first_once_per_event_and_a_late_opened_stays_closed(sup_remote):
    sup, remote = sup_remote
    late = opened("LANE-02", "r2", "2026-03-01T10:05:00+00:00", document={"document_number": "X1"})
    remote.emit(late)
    remote.emit(late)  # the transport delivers at least once
    remote.emit(opened("LANE-01", "r1", "2026-03-01T10:01:00+00:00"))
    assert [(r.id, r.lane_id) for r in sup.referrals()] == [("r1", "LANE-01"), ("r2", "LANE-02")]
    assert sup.referrals()[1].document == {"document_number": "X1"} and sup.referrals()[1].images == ()
    # decided before its opened event arrives (republished after an outage): it must not reappear
    remote.emit(ev("LANE-03", "referral.decided", {"id": "r3", "status": "released",
                                                   "decided_at": "2026-03-01T10:06:00+00:00"}))
    remote.emit(opened("LANE-03", "r3", "2026-03-01T10:00:00+00:00"))
    remote.emit(ev("LANE-02", "referral.decided", {"id": "r2", "status": "refused",
                                                   "decided_at": "2026-03-01T10:07:00+00:00"}))
    assert [r.id for r in sup.referrals()] == ["r1"]


def test_lane_states_from_the_retained_topics(sup_remote):
    sup, remote = sup_remote
    ok = {"devices": [{"device": "gate", "driver": "sim", "ok": True}]}
    remote.views = {
        "A": RemoteView("A", True, {"name": "A", "status": "in-service", "in_service": True}, ok),
        "B": RemoteView("B", True, {"status": "in-service", "in_service": False}, ok),
        "C": RemoteView("C", True, {"status": "in-service", "in_service": True, "open_referrals": 2}, ok),
        "D": RemoteView("D", False, {"status": "in-service", "in_service": True}, ok),
        "E": RemoteView("E", True, {"status": "in-service", "in_service": True},
                        {"devices": [{"device": "gate", "ok": False, "detail": "emergency release"}]}),
        "F": RemoteView("F", True, {"status": "gate-stopped: jam", "in_service": True}, ok),
    }
    got = {v.lane_id: (v.state, v.open_referrals) for v in sup.lanes()}
    assert got == {"A": (LaneState.IN_SERVICE, 0), "B": (LaneState.OUT_OF_SERVICE, 0),
                   "C": (LaneState.WAITING_FOR_OFFICER, 2), "D": (LaneState.DEVICE_FAULT, 0),
                   "E": (LaneState.EMERGENCY, 0), "F": (LaneState.DEVICE_FAULT, 0)}
    assert "offline" in next(v for v in sup.lanes() if v.lane_id == "D").status
    # C counts 2 open referrals the console never received (opened before it subscribed): it says so
    assert "2 open referral(s) not received here" in next(v for v in sup.lanes() if v.lane_id == "C").status
    remote.emit(opened("C", "r1", "2026-03-01T10:01:00+00:00"))
    assert "1 open referral(s) not received here" in next(v for v in sup.lanes() if v.lane_id == "C").status
    assert "not received" not in next(v for v in sup.lanes() if v.lane_id == "A").status


def test_commands_need_a_signed_in_officer_and_report_the_lane_verbatim(sup_remote):
    sup, remote = sup_remote
    remote.emit(opened("LANE-01", "r1", "2026-03-01T10:01:00+00:00"))
    assert not sup.open_gate("LANE-01", WANG).ok and remote.sent == []  # not signed in here: nothing sent
    sup.begin_session("o.wang")
    remote.reply = CommandReply("c", "LANE-01", False, "unknown-referral", "no referral r1")
    res = sup.decide("r1", "refuse", sup.reason_codes()["refuse"][0], "", WANG)
    assert not res.ok and "unknown-referral" in res.detail and [r.id for r in sup.referrals()] == ["r1"]
    remote.reply = TimeoutError()
    res = sup.set_in_service("LANE-01", False, WANG)
    assert not res.ok and "no answer" in res.detail
    remote.reply = None
    assert sup.decide("r1", "inspection", "random-check", " x ", WANG).ok and sup.referrals() == []
    assert remote.sent[-1] == ("LANE-01", "inspection", "o.wang",
                               {"referral": "r1", "reason": "random-check", "note": "x"})
    assert sup.retained_evidence() == [] and sup.purge_expired() == 0


def test_audit_view_filters_like_the_local_one(sup_remote):
    sup, remote = sup_remote
    remote.emit(ev("L1", "transaction", {"id": "t-r1", "document_ref": "sha256:abc", "started_at": "x",
                                         "ended_at": "y", "outcome": "refer"}))
    remote.emit(opened("L1", "r1", "2026-03-01T10:01:00+00:00"))
    for i, (actor, action, data) in enumerate([
        ("lane", "transaction.refer", {"transaction": "t-r1"}),
        ("officer:o.wang", "referral.released", {"referral": "r1"}),
        ("officer:o.li", "lane.out-of-service", {}),
    ], 1):
        remote.emit(ev("L1", "audit", {"seq": i, "ts": f"2026-03-01T10:0{i}:00+00:00", "actor": actor,
                                       "action": action, "data": data, "hash": f"h{i}"}, seq=i + 2))
    assert [e.seq for e in sup.audit(AuditQuery())] == [3, 2, 1]
    assert [e.seq for e in sup.audit(AuditQuery(officer="o.wang"))] == [2]
    assert [e.seq for e in sup.audit(AuditQuery(action="referral."))] == [2]
    assert [e.seq for e in sup.audit(AuditQuery(document="sha256:abc"))] == [2, 1]
    assert sup.audit(AuditQuery(lane_id="L2")) == []
    assert sup.referrals()[0].document_ref == "sha256:abc"


def test_a_malformed_event_is_skipped_and_the_journal_replays_past_it(tmp_path):
    from kiosk.bus.journal import ConsoleJournal
    from kiosk.store import Store

    store = Store(tmp_path / "c.sqlite", "C")
    try:
        remote = FakeRemote()
        sup = BusSupervisor(remote, kconfig.from_dict({}), journal=ConsoleJournal(store))
        remote.emit(ev("L1", "audit", {"seq": "not a number", "ts": "x"}))
        remote.emit(ev("L1", "audit", {"seq": float("inf"), "ts": "x"}))  # JSON 1e999: OverflowError in int()
        remote.emit(opened("L1", "r1", "2026-03-01T10:01:00+00:00"))
        assert [r.id for r in sup.referrals()] == ["r1"]
        again = BusSupervisor(FakeRemote(), kconfig.from_dict({}), journal=ConsoleJournal(store))
        assert [r.id for r in again.referrals()] == ["r1"]
        with store.transaction() as conn:  # a damaged journal row (disk fault, hand edit)
            conn.execute("INSERT INTO console_events (event_id, lane_id, seq, kind, created_at, data) "
                         "VALUES ('bad', 'L1', 9, 'audit', 'x', '{not json')")
        restarted = BusSupervisor(FakeRemote(), kconfig.from_dict({}), journal=ConsoleJournal(store))
        assert [r.id for r in restarted.referrals()] == ["r1"]
    finally:
        store.close()
