"""The console's view of the lanes (LocalSupervisor): states, referrals with evidence, decisions that
open the gate, lane control, audit search and retained evidence. All on the lane doubles."""

from datetime import UTC, datetime, timedelta

import cv2
import numpy as np
import pytest
from lane_doubles import Script, make_lane
from officer_fixtures import accounts_for, lane_with_referral

from kiosk.emrtd.mrz import check_digit
from kiosk.errors import DeviceError
from kiosk.officers import Officer, Role
from kiosk.ports import DeviceHealth, PassageOutcome
from kiosk.session import SessionEvent, State
from kiosk.supervision import AuditQuery, LaneState, LocalSupervisor, SupervisionError, document_ref_for

OFFICER = Officer("o1", "Officer One", Role.OFFICER)
INSTALLER = Officer("inst", "", Role.INSTALLER)


def _lane(tmp_path, name, script=None, lane_id="LANE-01", **cfg):
    d = tmp_path / name
    d.mkdir()
    return make_lane(d, script, lane={"id": lane_id, "name": f"Lane {lane_id}"}, **cfg)


def _td3(number, name):
    first = f"P<UTO{name}".ljust(44, "<")
    num = number.ljust(9, "<")
    body = num + check_digit(num) + "UTO" + "800101" + check_digit("800101") + "M" + "350101" + \
        check_digit("350101") + "<" * 14 + check_digit("<" * 14)
    composite = body[0:10] + body[13:20] + body[21:43]
    return first + "\n" + body + check_digit(composite)


def test_lane_states_follow_the_lane(tmp_path):
    lane, devs, _store = _lane(tmp_path, "a")
    sup = LocalSupervisor([lane], health_every_s=0)
    (view,) = sup.lanes()
    assert (view.lane_id, view.state, view.open_referrals) == ("LANE-01", LaneState.IN_SERVICE, 0)
    assert {d.device for d in view.devices} == {"mrz_source", "card_reader", "camera", "thermal_camera", "gate",
                                                "declaration_scanner"}
    sup.observe("LANE-01", SessionEvent("state", State.FACE))
    assert sup.lanes()[0].state is LaneState.BUSY and sup.lanes()[0].stage == "face"
    sup.observe("LANE-01", SessionEvent("result", State.DONE, {"outcome": "clear"}))
    assert sup.lanes()[0].state is LaneState.IN_SERVICE

    devs["camera"].health = lambda: DeviceHealth("camera", "double", False, "no frames for 5 s")
    view = sup.lanes()[0]
    assert view.state is LaneState.DEVICE_FAULT
    assert [d.detail for d in view.devices if not d.ok] == ["no frames for 5 s"]
    devs["gate"].health = lambda: DeviceHealth("gate", "double", False, "state emergency: fire alarm input active")
    assert sup.lanes()[0].state is LaneState.EMERGENCY

    def broken():
        raise DeviceError("gate", "relay board gone")

    devs["camera"].health = devs["gate"].health = broken
    view = sup.lanes()[0]
    assert view.state is LaneState.DEVICE_FAULT
    assert all("relay board gone" in d.detail for d in view.devices if d.device in ("camera", "gate"))


def test_referred_traveller_waits_for_an_officer_with_the_evidence(tmp_path):
    lane, _devs, _store, result = lane_with_referral(tmp_path)
    sup = LocalSupervisor([lane])
    assert sup.lanes()[0].state is LaneState.WAITING_FOR_OFFICER and sup.lanes()[0].open_referrals == 1
    (ref,) = sup.referrals()
    assert ref.id == result.referral_id and "face-mismatch" in ref.reasons
    assert ref.face["score"] == pytest.approx(0.05) and ref.face["threshold"] == 0.4
    assert ref.document["document_number"] == "L898902C3" and ref.document["surname"] == "ERIKSSON"
    assert ref.chip["passive_auth"] == "valid" and "active_auth" in ref.chip and "chip_auth" in ref.chip
    assert ref.temperature["readings_c"] == [36.6]
    assert ref.declaration["status"] == "nothing-to-declare"
    assert ref.document_ref == document_ref_for("UTO", "L898902C3", lane.config)
    portrait, live = ref.image("chip-portrait"), ref.image("live-capture")
    for img, grey in ((portrait, 128), (live, 90)):
        decoded = cv2.imdecode(np.frombuffer(img.data, np.uint8), cv2.IMREAD_COLOR)
        assert decoded.shape == (8, 8, 3) and abs(int(decoded.mean()) - grey) <= 3


def test_referrals_of_several_lanes_oldest_first(tmp_path):
    a, _, _ = _lane(tmp_path, "a", Script(face_score=0.05), lane_id="LANE-A")
    b, _, _ = _lane(tmp_path, "b", Script(temp_c=38.4), lane_id="LANE-B")
    first = b.run_transaction().referral_id
    second = a.run_transaction().referral_id
    sup = LocalSupervisor([a, b])
    refs = sup.referrals()
    assert [r.id for r in refs] == [first, second]
    assert [r.lane_id for r in refs] == ["LANE-B", "LANE-A"]
    assert "fever" in refs[0].reasons and refs[0].temperature["core_c"] == 38.4


def test_release_opens_the_gate_deletes_the_evidence_and_is_audited(tmp_path):
    lane, devs, store, result = lane_with_referral(tmp_path)
    sup = LocalSupervisor([lane])
    assert len(sup.retained_evidence()) == 2
    admitted = devs["gate"].admitted
    res = sup.decide(result.referral_id, "release", "identity-confirmed", " looked twice ", OFFICER)
    assert res.ok and res.gate == "passed" and devs["gate"].admitted == admitted + 1
    assert sup.referrals() == [] and sup.retained_evidence() == []
    assert sup.lanes()[0].state is LaneState.IN_SERVICE
    recs = store.audit_records()[:3][::-1]
    assert [(r.actor, r.action) for r in recs] == [("officer:o1", "referral.released"),
                                                    ("officer:o1", "gate.opened-by-officer"),
                                                    ("officer:o1", "gate.officer-passage")]
    assert recs[0].data["note"] == "looked twice" and recs[0].data["reason"] == "identity-confirmed"
    assert recs[2].data["outcome"] == "passed"
    (row,) = store.query("SELECT status, decided_by, decision_reason FROM referrals")
    assert row == {"status": "released", "decided_by": "o1", "decision_reason": "identity-confirmed"}
    assert store.verify_audit() >= 4


@pytest.mark.parametrize(("action", "code", "status"), [("inspection", "declared-goods", "red-channel"),
                                                         ("refuse", "impostor", "refused")])
def test_inspection_and_refusal_keep_the_gate_shut(tmp_path, action, code, status):
    lane, devs, store, result = lane_with_referral(tmp_path)
    sup = LocalSupervisor([lane])
    admitted = devs["gate"].admitted
    res = sup.decide(result.referral_id, action, code, "", OFFICER)
    assert res.ok and res.gate is None and devs["gate"].admitted == admitted
    assert store.query("SELECT status FROM referrals")[0]["status"] == status
    assert store.audit_records()[0].action == f"referral.{status}"


def test_decisions_the_lane_refuses(tmp_path):
    lane, _devs, store, result = lane_with_referral(tmp_path)
    sup = LocalSupervisor([lane])
    rid = result.referral_id
    with pytest.raises(SupervisionError, match="reason code"):
        sup.decide(rid, "release", "impostor", "", OFFICER)  # a refusal's code on a release
    with pytest.raises(SupervisionError, match="unknown action"):
        sup.decide(rid, "wave-through", "identity-confirmed", "", OFFICER)
    with pytest.raises(SupervisionError, match="may not decide"):
        sup.decide(rid, "release", "identity-confirmed", "", INSTALLER)
    with pytest.raises(SupervisionError, match="no referral"):
        sup.decide("nope", "release", "identity-confirmed", "", OFFICER)
    assert len(sup.referrals()) == 1  # still open, nothing audited as decided
    assert not [r for r in store.audit_records() if r.action.startswith("referral.")]
    sup.decide(rid, "refuse", "impostor", "", OFFICER)
    with pytest.raises(SupervisionError, match="already refused"):
        sup.decide(rid, "release", "identity-confirmed", "", OFFICER)


def test_configured_reason_codes_are_the_ones_accepted(tmp_path):
    codes = {"release": ["ok-by-officer"], "inspection": ["x-ray"], "refuse": ["no"]}
    lane, _devs, _store, result = lane_with_referral(tmp_path, officer={"reason_codes": codes})
    sup = LocalSupervisor([lane])
    assert sup.reason_codes() == codes
    with pytest.raises(SupervisionError):
        sup.decide(result.referral_id, "release", "identity-confirmed", "", OFFICER)
    assert sup.decide(result.referral_id, "inspection", "x-ray", "", OFFICER).ok


def test_gate_failure_on_release_is_reported_locked_and_audited(tmp_path):
    lane, devs, store, result = lane_with_referral(tmp_path)

    def jammed(timeout):
        raise DeviceError("gate", "leaf jammed")

    devs["gate"].admit = jammed
    locked = devs["gate"].locked
    res = LocalSupervisor([lane]).decide(result.referral_id, "release", "identity-confirmed", "", OFFICER)
    assert not res.ok and "leaf jammed" in res.detail and res.gate == "error"
    assert devs["gate"].locked == locked + 1
    last = store.audit_records()[0]
    assert last.action == "gate.officer-passage" and last.data["outcome"] == "error"


def test_manual_gate_open_reset_and_service_toggle(tmp_path):
    lane, devs, store = _lane(tmp_path, "a")
    sup = LocalSupervisor([lane])
    devs["gate"].script.gate = PassageOutcome.NOT_PASSED
    res = sup.open_gate("LANE-01", OFFICER, "wheelchair user")
    assert not res.ok and res.gate == "not-passed" and devs["gate"].admitted == 1
    assert sup.set_in_service("LANE-01", False, OFFICER).ok
    assert lane.in_service is False and lane.ready() is False and lane.status == "out-of-service"
    assert sup.lanes()[0].state is LaneState.OUT_OF_SERVICE
    assert sup.set_in_service("LANE-01", True, INSTALLER).ok and lane.in_service
    refusals = []

    def refuse(officer_id):
        refusals.append(officer_id)
        raise DeviceError("gate", "fire alarm still active")

    devs["gate"].reset = refuse
    res = sup.reset_gate("LANE-01", OFFICER)
    assert not res.ok and "fire alarm" in res.detail and refusals == ["o1"]
    with pytest.raises(SupervisionError, match="no lane"):
        sup.open_gate("LANE-99", OFFICER)
    actions = [(r.actor, r.action) for r in store.audit_records()][::-1]
    assert actions == [("officer:o1", "gate.manual-open"), ("officer:o1", "gate.officer-passage"),
                       ("officer:o1", "lane.out-of-service"), ("officer:inst", "lane.in-service"),
                       ("officer:o1", "gate.reset-requested")]


def test_audit_search_by_document_officer_lane_time_and_action(tmp_path):
    lane, _devs, _store, result = lane_with_referral(tmp_path)
    other, _, _ = _lane(tmp_path, "b", Script(), lane_id="LANE-B")
    other.devices.mrz_source.read_mrz = lambda timeout: _td3("X12345678", "BROWN<<JOHN")
    other.run_transaction()
    sup = LocalSupervisor([lane, other])
    sup.decide(result.referral_id, "release", "identity-confirmed", "", OFFICER)
    sup.set_in_service("LANE-B", False, Officer("o2", "", Role.OFFICER))

    by_doc = sup.audit(AuditQuery(document="uto:l898902c3"))
    assert [e.action for e in by_doc][::-1] == ["transaction.refer", "referral.released", "gate.opened-by-officer",
                                                "gate.officer-passage"]
    ref = document_ref_for("UTO", "L898902C3", lane.config)
    assert ref.startswith("sha256:") and [e.seq for e in sup.audit(AuditQuery(document=ref))] == \
        [e.seq for e in by_doc]
    assert {e.lane_id for e in sup.audit(AuditQuery(document="UTO:X12345678"))} == {"LANE-B"}
    assert [e.action for e in sup.audit(AuditQuery(officer="o2"))] == ["lane.out-of-service"]
    assert {e.lane_id for e in sup.audit(AuditQuery(lane_id="LANE-B"))} == {"LANE-B"}
    assert [e.action for e in sup.audit(AuditQuery(action="referral."))] == ["referral.released"]
    now = datetime.now(UTC)
    assert len(sup.audit(AuditQuery(since=now - timedelta(minutes=5)))) == len(sup.audit(AuditQuery()))
    assert sup.audit(AuditQuery(until=now - timedelta(minutes=5))) == []
    assert sup.audit(AuditQuery(action="100%_")) == []  # LIKE wildcards are literal
    assert len(sup.audit(AuditQuery(limit=2))) == 2


def test_retained_evidence_is_listed_and_purged_after_retention(tmp_path):
    lane, _devs, store, result = lane_with_referral(tmp_path, storage={"evidence_retention_hours": 2})
    sup = LocalSupervisor([lane])
    kept = sup.retained_evidence()
    assert {e.kind for e in kept} == {"chip-portrait", "live-capture"}
    assert all(e.referral_id == result.referral_id and e.referral_status == "open" and e.bytes > 0 for e in kept)
    expires = datetime.fromisoformat(kept[0].expires_at)
    assert timedelta(hours=1.9) < expires - datetime.now(UTC) <= timedelta(hours=2)
    assert sup.purge_expired() == 0
    assert sup.purge_expired(datetime.now(UTC) + timedelta(hours=3)) == 2
    assert sup.retained_evidence() == [] and sup.referrals()[0].images == ()  # the referral stays open, no images
    assert store.audit_records()[0].action == "evidence.purged"


def test_evidence_past_retention_is_not_shown_even_before_the_purge(tmp_path):
    lane, _devs, store, _result = lane_with_referral(tmp_path, storage={"evidence_retention_hours": 2})
    sup = LocalSupervisor([lane])
    assert len(sup.referrals()[0].images) == 2
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="microseconds")
    store.db.execute("UPDATE evidence SET expires_at = ?", [past])  # expired; the purge timer has not run yet
    assert sup.referrals()[0].images == ()


def test_signed_in_officer_drives_the_supervisor(tmp_path):
    lane, _devs, store, result = lane_with_referral(tmp_path)
    acc = accounts_for(store)
    session = acc.sign_in("supervisor", "1234")
    LocalSupervisor([lane]).decide(result.referral_id, "refuse", "impostor", "", session.officer)
    assert store.audit_records()[0].actor == "officer:supervisor"


def test_everything_the_console_exchanges_survives_json(tmp_path):
    import json

    from kiosk.supervision import LaneSupervisor, from_wire, to_wire

    lane, _devs, _store, result = lane_with_referral(tmp_path)
    sup = LocalSupervisor([lane])
    assert isinstance(sup, LaneSupervisor)
    now = datetime.now(UTC)
    objects = [sup.lanes(), sup.referrals(), sup.retained_evidence(), sup.audit(AuditQuery()),
               AuditQuery(since=now, officer="o1"), OFFICER,
               sup.decide(result.referral_id, "release", "identity-confirmed", "", OFFICER),
               sup.shift_report(now - timedelta(hours=1), now + timedelta(hours=1))]
    for obj in objects:
        back = from_wire(json.loads(json.dumps(to_wire(obj))))
        assert back == (list(obj) if isinstance(obj, list) else obj)
    ref = from_wire(json.loads(json.dumps(to_wire(objects[1]))))[0]
    assert ref.image("live-capture").data == objects[1][0].image("live-capture").data
    with pytest.raises(ValueError, match="unknown type"):
        from_wire({"_type": "Lane", "x": 1})
    with pytest.raises(TypeError, match="not part of the supervision protocol"):
        to_wire(result)  # the lane's own TransactionResult is not console data
