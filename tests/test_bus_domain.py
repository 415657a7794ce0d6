"""The bus's domain side without a broker: topics/ACL, envelopes, de-duplication, the outbox and its
pump (against a fake transport), and the officer command checks."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from lane_doubles import Script, make_lane

from hardware.bus.pki import CertificateAuthority
from kiosk.bus.commands import (
    AnyOfficer,
    Command,
    CommandHandler,
    CommandSigner,
    CommandVerifier,
    KioskLaneControl,
    OfficerSession,
    Rejected,
    Roster,
)
from kiosk.bus.envelope import Deduplicator, EventEnvelope, MalformedMessage
from kiosk.bus.outbox import LanePublisher, Outbox, OutboxPump, PumpSettings
from kiosk.bus.topics import Topics
from kiosk.store import Store

# --- topics ---------------------------------------------------------------------------------------


def test_topics_reject_wildcards_and_parse_back():
    t = Topics("port-a")
    assert t.events("LANE-01") == "port-a/lanes/LANE-01/events"
    assert t.parse("port-a/lanes/LANE-01/events") == ("LANE-01", "events", None)
    assert t.parse(t.replies("LANE-01", "C1")) == ("LANE-01", "replies", "C1")
    assert t.parse("port-b/lanes/LANE-01/events") is None
    assert t.parse("port-a/lanes/LANE-01/other") is None
    for bad in ("L/1", "L+", "#", "", "x" * 65):
        with pytest.raises(ValueError):
            t.events(bad)
    with pytest.raises(ValueError):
        Topics("a/+/b")


def test_acl_grants_lanes_only_their_own_subtree():
    acl = Topics("p").acl_entries(["L1", "L2"], ["C1"])
    blocks = {b.splitlines()[0]: b.splitlines()[1:] for b in acl.split("\n\n") if b.startswith("user ")}
    assert "topic write p/lanes/L1/events" in blocks["user L1"]
    assert not any("L2" in line for line in blocks["user L1"])
    assert "topic read p/lanes/L1/commands" in blocks["user L1"]
    assert not any(line.startswith("topic write") and "commands" in line for line in blocks["user L1"])
    assert "topic write p/lanes/+/commands" in blocks["user C1"]
    assert not any(line.startswith("topic write") and "events" in line for line in blocks["user C1"])


# --- envelope and de-duplication -------------------------------------------------------------------


def _env(seq: int, lane: str = "L1", eid: str | None = None) -> EventEnvelope:
    return EventEnvelope(eid or f"{seq:032x}", lane, seq, "audit", "2026-01-01T00:00:00Z", {"n": seq})


def test_envelope_round_trips_and_rejects_malformed():
    e = _env(7)
    assert EventEnvelope.from_json(e.to_json()) == e
    good = json.loads(e.to_json())
    for broken in (b"not json", b"[1]", {**good, "event_id": "XYZ"}, {**good, "seq": 0}, {**good, "seq": True},
                   {**good, "lane": "a/b"}, {**good, "v": 99}, {**good, "data": []}):
        payload = broken if isinstance(broken, bytes) else json.dumps(broken).encode()
        with pytest.raises(MalformedMessage):
            EventEnvelope.from_json(payload)


def test_deduplicator_drops_repeats_and_reports_gaps():
    d = Deduplicator()
    assert [d.accept(_env(s)) for s in (1, 2, 2, 4, 1)] == [True, True, False, True, False]
    assert d.duplicates == 2
    assert d.high_water("L1") == 2 and d.gaps("L1") == [3]
    assert d.accept(_env(3))
    assert d.high_water("L1") == 4 and d.gaps("L1") == []
    late = Deduplicator(from_first_seen=True)
    late.accept(_env(500, "L2"))
    assert late.gaps("L2") == [] and late.high_water("L2") == 500


# --- outbox ----------------------------------------------------------------------------------------


def _tx(i: int, outcome: str = "clear") -> dict:
    return {"id": f"t{i}", "started_at": "2026-01-01T00:00:00", "ended_at": "2026-01-01T00:00:05",
            "outcome": outcome, "reasons": [] if outcome == "clear" else ["fever"], "timings_ms": {"chip": 1.0}}


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "lane.sqlite", "L1")
    yield s
    s.close()


def test_outbox_is_silent_until_enabled_then_reports_every_change_atomically(store):
    outbox = Outbox(store)
    store.record_transaction(_tx(0))
    assert outbox.stats()["rows"] == 0  # a lane without a broker accumulates nothing
    outbox.enable()
    rid = store.record_transaction(_tx(1, "refer"), referral_summary={"document": {"surname": "X"}})
    store.decide_referral(rid, officer="o1", decision="released", reason="identity-confirmed")
    kinds = [(e.kind, e.seq) for e in outbox.pending(100)]
    assert [k for k, _ in kinds] == ["transaction", "audit", "referral.opened", "referral.decided", "audit"]
    assert [s for _, s in kinds] == [1, 2, 3, 4, 5]
    events = outbox.pending(100)
    assert events[0].data["outcome"] == "refer" and events[0].data["reasons"] == ["fever"]
    assert events[2].data["id"] == rid and events[2].data["summary"] == {"document": {"surname": "X"}}
    assert events[3].data["decided_by"] == "o1" and events[3].data["status"] == "released"
    assert events[4].data["action"] == "referral.released"
    assert len({e.event_id for e in events}) == 5
    # a failed write leaves no event and no gap in the sequence
    with pytest.raises(ValueError):
        store.decide_referral(rid, officer="o1", decision="refused", reason="x")
    with pytest.raises(Exception):  # noqa: B017 - duplicate primary key: the whole transaction rolls back
        store.record_transaction(_tx(1))
    assert outbox.stats() == {"rows": 5, "unpublished": 5, "last_seq": 5}
    store.audit("lane", "next")
    assert outbox.pending(100)[-1].seq == 6
    reopened = Store(store.path, "L1")
    assert Outbox(reopened).enabled  # persisted: a restarted lane keeps reporting
    reopened.close()


def test_outbox_prune_keeps_unpublished_rows(store):
    outbox = Outbox(store)
    outbox.enable()
    for i in range(4):
        store.audit("lane", "x", {"i": i})
    outbox.mark_published([1, 2])
    assert outbox.prune(timedelta(0), now=datetime.now(UTC) + timedelta(seconds=1)) == 2
    assert [e.seq for e in outbox.pending(10)] == [3, 4]
    assert outbox.requeue(1) == 0  # pruned rows cannot come back; unpublished ones are already pending


class FakeDelivery:
    def __init__(self, acked: bool) -> None:
        self.acked = acked

    def done(self) -> bool:
        return self.acked


class FakeBus:
    def __init__(self) -> None:
        self.up = True
        self.auto_ack = True
        self.published: list[EventEnvelope] = []
        self.deliveries: list[FakeDelivery] = []
        self.states: list[dict] = []
        self.command_cb = None

    def connected(self) -> bool:
        return self.up

    def publish_event(self, event):
        d = FakeDelivery(self.auto_ack)
        self.published.append(event)
        self.deliveries.append(d)
        return d

    def publish_state(self, state):
        self.states.append(state)

    def publish_health(self, health):
        pass

    def on_command(self, cb):
        self.command_cb = cb

    def close(self):
        pass


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_pump_marks_only_acknowledged_events_and_resends_the_rest(store):
    bus, clock = FakeBus(), Clock()
    outbox = Outbox(store)
    outbox.enable()
    pump = OutboxPump(outbox, bus, settings=PumpSettings(window=3, resend_after_s=5), monotonic=clock)
    for i in range(5):
        store.audit("lane", "x", {"i": i})
    bus.up = False
    assert pump.step() == 0  # broker down: everything waits in the outbox
    bus.up, bus.auto_ack = True, False
    assert pump.step() == 3  # the window
    assert pump.step() == 0  # still in flight, not acknowledged
    bus.deliveries[0].acked = bus.deliveries[2].acked = True
    assert pump.step() == 2  # two acknowledged: room for the next two
    assert [e.seq for e in outbox.pending(10)] == [2, 4, 5]
    clock.t = 6  # seq 2, 4 and 5 never acknowledged: published again, with the same event ids
    assert pump.step() == 3
    ids = [e.event_id for e in bus.published]
    assert ids[-3:] == [e.event_id for e in outbox.pending(10)]
    assert len(set(ids)) == 5 and len(ids) == 8
    for d in bus.deliveries:
        d.acked = True
    pump.step()
    assert outbox.stats()["unpublished"] == 0 and pump.published == 5


def test_pump_survives_a_restart_without_losing_events(tmp_path):
    path = tmp_path / "lane.sqlite"
    s1 = Store(path, "L1")
    bus1 = FakeBus()
    pub = LanePublisher(s1, bus1)
    for i in range(10):
        s1.audit("lane", "x", {"i": i})
    bus1.auto_ack = False
    pub.pump.step()  # all sent, none acknowledged ... and the lane dies
    s1.close()
    s2 = Store(path, "L1")
    bus2 = FakeBus()
    pub2 = LanePublisher(s2, bus2)
    pub2.pump.step()
    pub2.pump.step()  # collects the acknowledgements
    seen = Deduplicator()
    delivered = [e for e in bus1.published + bus2.published if seen.accept(e)]
    assert [e.seq for e in delivered] == list(range(1, 11))
    assert seen.duplicates == 10 and Outbox(s2).stats()["unpublished"] == 0
    s2.close()


def test_pump_hides_the_referral_summary_when_the_port_says_so(store):
    bus = FakeBus()
    pub = LanePublisher(store, bus, settings=PumpSettings(share_referral_summary=False))
    store.record_transaction(_tx(1, "refer"), referral_summary={"document": {"surname": "X"}})
    pub.pump.step()
    opened = next(e for e in bus.published if e.kind == "referral.opened")
    assert "summary" not in opened.data and opened.data["reasons"] == ["fever"]


# --- commands --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pki():
    ca = CertificateAuthority.create()
    other = CertificateAuthority.create("Another port")
    key, cert = ca.issue("C1", "console")
    lkey, lcert = ca.issue("L1", "lane")
    okey, ocert = other.issue("C1", "console")
    return {"ca": ca.cert, "console": CommandSigner("C1", key, cert), "lane_signed": CommandSigner("C1", lkey, lcert),
            "foreign": CommandSigner("C1", okey, ocert), "ca_obj": ca}


def _verifier(pki, **kw) -> CommandVerifier:
    return CommandVerifier("L1", pki["ca"], **kw)


def test_a_signed_command_verifies_and_any_change_breaks_it(pki):
    session = OfficerSession.start("o.wang")
    cmd = pki["console"].sign("L1", "release", session, referral="r1", reason="ok")
    parsed = Command.from_json(cmd.to_json())
    assert isinstance(_verifier(pki).verify(parsed), x509.Certificate)
    tampered = json.loads(cmd.to_json())
    tampered["args"]["referral"] = "r2"
    with pytest.raises(Rejected) as info:
        _verifier(pki).verify(Command.from_json(json.dumps(tampered)))
    assert info.value.why == "bad-signature"
    other_officer = json.loads(cmd.to_json())
    other_officer["officer"]["id"] = "o.li"
    with pytest.raises(Rejected, match="bad-signature"):
        _verifier(pki).verify(Command.from_json(json.dumps(other_officer)))


@pytest.mark.parametrize(
    ("case", "why"),
    [
        ("foreign-ca", "untrusted-console"),
        ("lane-cert", "untrusted-console"),
        ("wrong-lane", "wrong-lane"),
        ("expired", "expired"),
        ("future", "not-yet-valid"),
        ("old-session", "session-expired"),
        ("not-on-roster", "not-authorised"),
        ("not-allowed-console", "untrusted-console"),
    ],
)
def test_commands_are_refused_for_each_reason(pki, case, why):
    now = datetime.now(UTC)
    session = OfficerSession.start("o.wang", now - timedelta(minutes=1))
    signer, lane, when, kw = pki["console"], "L1", now, {}
    if case == "foreign-ca":
        signer = pki["foreign"]
    elif case == "lane-cert":
        signer = pki["lane_signed"]
    elif case == "wrong-lane":
        lane = "L2"
    elif case == "expired":
        when = now - timedelta(minutes=5)
    elif case == "future":
        when = now + timedelta(minutes=5)
        session = OfficerSession.start("o.wang", when)
    elif case == "old-session":
        session = OfficerSession.start("o.wang", now - timedelta(hours=13))
    elif case == "not-on-roster":
        kw["accounts"] = Roster({"o.wang": ["open-gate"], "o.li": ["*"]})
    elif case == "not-allowed-console":
        kw["consoles"] = frozenset({"C2"})
    cmd = signer.sign(lane, "refuse", session, now=when, referral="r1")
    with pytest.raises(Rejected) as info:
        _verifier(pki, **kw).verify(Command.from_json(cmd.to_json()))
    assert info.value.why == why


def test_roster_allows_listed_actions_only():
    r = Roster({"a": ["release", "refuse"], "b": ["*"]})
    assert r.may("a", "release") and not r.may("a", "open-gate") and r.may("b", "open-gate")
    assert not r.may("c", "release") and AnyOfficer().may("c", "release") and not AnyOfficer().may("", "release")


def test_malformed_commands_are_refused_before_any_check():
    for payload in (b"{}", b'{"v":1,"action":"launch"}', b"\xff",
                    json.dumps({"v": 1, "action": "release", "args": {}}).encode()):
        with pytest.raises(MalformedMessage):
            Command.from_json(payload)


def test_handler_releases_a_real_referral_once_and_audits_everything(tmp_path, pki):
    lane, devs, store = make_lane(tmp_path, Script(face_score=0.1))
    result = lane.run_transaction()
    assert result.outcome == "refer" and devs["gate"].admitted == 0
    control = KioskLaneControl(lane, store)
    handler = CommandHandler(control, store, CommandVerifier(lane.config.lane.id, pki["ca"]))
    session = OfficerSession.start("o.wang")
    cmd = pki["console"].sign(lane.config.lane.id, "release", session, referral=result.referral_id)
    console, reply = handler.handle(cmd.to_json())
    assert console == "C1" and json.loads(reply)["ok"] is True
    control.close()  # waits for the gate worker
    assert devs["gate"].admitted == 1 and store.open_referrals() == []
    # the same message again (a replay, or QoS 1 redelivery) does nothing
    _, again = handler.handle(cmd.to_json())
    assert json.loads(again)["result"] == "replayed" and devs["gate"].admitted == 1
    _, unknown = handler.handle(pki["console"].sign(lane.config.lane.id, "refuse", session, referral="nope").to_json())
    assert json.loads(unknown)["result"] == "unknown-referral"
    _, forged = handler.handle(pki["foreign"].sign(lane.config.lane.id, "out-of-service", session).to_json())
    assert json.loads(forged)["result"] == "untrusted-console" and lane.in_service
    actions = [(r.actor, r.action) for r in reversed(store.audit_records())]
    assert actions[1:] == [("officer:o.wang", "command.release"), ("officer:o.wang", "referral.released"),
                           ("console:C1", "command.rejected"), ("officer:o.wang", "command.refuse"),
                           ("officer:o.wang", "command.failed"), ("console:C1", "command.rejected")]
    accepted = store.audit_records(action="command.release")[0].data
    assert accepted["signature"] and accepted["console_cert_sha256"]
    assert store.verify_audit() == len(actions)


def test_lane_control_sets_service_and_reports_state(tmp_path, pki):
    lane, _devs, store = make_lane(tmp_path)
    control = KioskLaneControl(lane, store)
    handler = CommandHandler(control, store, CommandVerifier(lane.config.lane.id, pki["ca"]))
    session = OfficerSession.start("o.li")
    handler.handle(pki["console"].sign(lane.config.lane.id, "out-of-service", session).to_json())
    assert lane.in_service is False and control.state()["in_service"] is False
    assert not lane.ready() and lane.status == "out-of-service"
    assert store.audit_records()[0].action == "lane.out-of-service"
    assert {h["device"] for h in control.health()} >= {"gate", "camera"}
    control.close()


class StateControl:
    def __init__(self) -> None:
        self.status = "in-service"

    def state(self):
        return {"status": self.status}

    def health(self):
        return [{"device": "gate", "ok": self.status == "in-service"}]


def test_lane_state_changes_are_events_and_the_latest_is_retained(store):
    bus, clock, control = FakeBus(), Clock(), StateControl()
    pub = LanePublisher(store, bus, control=control, settings=PumpSettings(state_interval_s=1))
    pub.pump.monotonic = clock
    pub.pump.step()
    control.status = "gate-stopped: fire alarm"
    pub.pump.step()  # within the interval: not looked at yet
    clock.t = 1.5
    pub.pump.step()
    clock.t = 3.0
    pub.pump.step()  # unchanged: nothing new
    assert [s["status"] for s in bus.states] == ["in-service", "gate-stopped: fire alarm"]
    assert bus.states[-1]["outbox"]["last_seq"] == 2
    pub.pump.step()
    assert [(e.kind, e.data["status"]) for e in bus.published] == [("lane.state", "in-service"),
                                                                   ("lane.state", "gate-stopped: fire alarm")]


class BrokenAccounts:
    def may(self, officer_id: str, action: str) -> bool:
        raise RuntimeError("officers database locked")


def test_a_check_that_cannot_be_made_refuses_the_command_and_audits_it(tmp_path, pki):
    lane, devs, store = make_lane(tmp_path)
    control = KioskLaneControl(lane, store)
    handler = CommandHandler(control, store, CommandVerifier(lane.config.lane.id, pki["ca"], BrokenAccounts()))
    cmd = pki["console"].sign(lane.config.lane.id, "open-gate", OfficerSession.start("o.wang"))
    console, reply = handler.handle(cmd.to_json())
    control.close()
    assert console == "C1" and json.loads(reply)["result"] == "verification-failed"
    assert devs["gate"].admitted == 0
    assert store.audit_records()[0].action == "command.rejected"


class ExplodingHandler:
    def __init__(self) -> None:
        self.calls = 0

    def handle(self, payload: bytes):
        self.calls += 1
        raise RuntimeError("database is locked")


def test_the_pump_thread_survives_a_failing_command(store):
    bus, handler = FakeBus(), ExplodingHandler()
    pump = OutboxPump(Outbox(store), bus, handler=handler, settings=PumpSettings(poll_interval_s=0.01))
    pump.start()
    try:
        bus.command_cb(b"{}", lambda console, payload: None)
        for _ in range(200):
            if handler.calls:
                break
            time.sleep(0.01)
        assert handler.calls == 1
        time.sleep(0.05)
        assert pump._thread is not None and pump._thread.is_alive()  # still pumping
        bus.command_cb(b"{}", lambda console, payload: None)
        for _ in range(200):
            if handler.calls == 2:
                break
            time.sleep(0.01)
        assert handler.calls == 2
    finally:
        pump.stop()


def test_a_nan_in_a_record_does_not_make_the_outbox_trigger_lose_it(store):
    Outbox(store).enable()
    store.audit("lane", "x", {"score": float("nan")})  # Python's json writes NaN; SQLite's json() refuses it
    store.record_transaction({**_tx(1), "scores": {"face": float("inf")}})
    assert [r.action for r in reversed(store.audit_records())] == ["x", "transaction.clear"]
    assert store.verify_audit() == 2
    kinds = [e.kind for e in Outbox(store).pending(10)]
    assert "audit" in kinds and "transaction" in kinds
