import pytest
from lane_doubles import Script, make_lane

from kiosk.errors import DeviceDisconnected, DeviceTimeout
from kiosk.evidence import Check
from kiosk.ports import PassageOutcome
from kiosk.session import ClearanceSession, State, TransitionError


def test_session_follows_the_flow_and_refers_from_any_state():
    from lane_doubles import FakeClock

    s = ClearanceSession(FakeClock())
    with pytest.raises(TransitionError):
        s.advance(State.FACE)
    for st in (State.DOCUMENT, State.CHIP, State.FACE):
        s.advance(st)
    s.refer("face-mismatch")
    assert (s.state, s.outcome, s.reasons) == (State.REFERRED, "refer", ["face-mismatch"])
    with pytest.raises(TransitionError):
        s.refer("again")


def test_clear_traveller_passes_the_gate_and_is_recorded(tmp_path):
    lane, devs, store = make_lane(tmp_path)
    events = []
    r = lane.run_transaction(events.append)
    assert (r.outcome, r.reasons, r.gate) == ("clear", [], "passed")
    states = [e.state.value for e in events if e.kind == "state"]
    assert states == ["document", "chip", "face", "temperature", "declaration", "decision", "gate", "done"]
    assert set(r.timings_ms) == {"document", "chip", "face", "temperature", "declaration", "gate"}
    assert devs["gate"].admitted == 1
    assert store.transactions()[0]["outcome"] == "clear"
    assert store.open_referrals() == []
    assert store.verify_audit() == 1


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        (Script(face_score=0.1), "face-mismatch"),
        (Script(liveness=Check.INVALID), "liveness-failed"),
        (Script(temp_c=38.2), "fever"),
        (Script(declaration="declared"), "declaration-declared"),
        (Script(declaration="invalid"), "declaration-invalid"),
        (Script(gate=PassageOutcome.TAILGATING), "gate-tailgating"),
    ],
)
def test_evidence_refers_with_reason_and_gate_stays_shut(tmp_path, script, reason):
    lane, devs, store = make_lane(tmp_path, script)
    r = lane.run_transaction()
    assert r.outcome == "refer"
    assert reason in r.reasons
    if reason != "gate-tailgating":
        assert devs["gate"].admitted == 0
    ref = store.open_referrals()
    assert len(ref) == 1 and reason in ref[0]["reasons"]
    kinds = {e["kind"] for e in store.referral_evidence(ref[0]["id"])}
    assert kinds == {"chip-portrait", "live-capture"}


def test_device_faults_are_retried_then_refer(tmp_path):
    script = Script(chip_errors=[DeviceTimeout("card_reader", "no card"), DeviceTimeout("card_reader", "no card"),
                                 DeviceTimeout("card_reader", "no card")])
    lane, devs, _ = make_lane(tmp_path, script, timeouts={"chip": {"timeout_s": 5, "retries": 2}})
    r = lane.run_transaction()
    assert r.reasons == ["chip-timeout"] and r.outcome == "refer"
    assert devs["gate"].locked >= 1 and devs["gate"].admitted == 0

    script = Script(chip_errors=[DeviceDisconnected("card_reader", "card removed"), ])
    lane, _, _ = make_lane(tmp_path / "b", script, timeouts={"chip": {"timeout_s": 5, "retries": 1}})
    assert lane.run_transaction().outcome == "clear"  # the retry succeeded


def test_unexpected_error_refers_and_is_recorded(tmp_path):
    lane, devs, store = make_lane(tmp_path, Script(face_raises=ZeroDivisionError("bug")))
    r = lane.run_transaction()
    assert r.outcome == "refer" and r.reasons == ["internal-error:ZeroDivisionError"]
    assert devs["gate"].locked >= 1
    assert store.verify_audit() == 1


def test_images_do_not_outlive_a_cleared_transaction(tmp_path):
    lane, _, store = make_lane(tmp_path)
    r = lane.run_transaction()
    assert r.outcome == "clear"
    assert store.retained_evidence() == []
    assert "portrait" not in str(store.transactions()[0]["evidence"]).lower().replace("portrait_format", "")


def test_document_numbers_are_hashed_at_rest(tmp_path):
    lane, _, store = make_lane(tmp_path)
    lane.run_transaction()
    ref = store.transactions()[0]["document_ref"]
    assert ref.startswith("sha256:") and "L898902C3" not in ref


def test_stopping_the_lane_at_the_declaration_refers_as_lane_stopped_and_locks(tmp_path):
    lane, devs, store = make_lane(tmp_path)

    def scan_until_stopped(timeout):
        lane.cancel.set()  # the kiosk shuts down while the traveller has not scanned yet
        raise DeviceTimeout("declaration_scanner", "nothing scanned")

    devs["declaration_scanner"].scan = scan_until_stopped
    r = lane.run_transaction()
    assert (r.outcome, r.reasons) == ("refer", ["lane-stopped"])
    assert devs["gate"].admitted == 0 and devs["gate"].locked >= 1
    assert store.transactions()[0]["reasons"] == ["lane-stopped"]


def test_a_watchlist_check_refers_with_its_reason(tmp_path):
    lane, devs, _store = make_lane(tmp_path)

    class Watchlist:
        def reasons_for(self, document):
            return ["watchlist-hit"] if document is not None and document.document_number else []

    lane.document_checks.append(Watchlist())
    r = lane.run_transaction()
    assert r.outcome == "refer" and "watchlist-hit" in r.reasons
    assert devs["gate"].admitted == 0


def test_a_document_check_that_breaks_refers_with_a_clear_reason(tmp_path):
    lane, devs, store = make_lane(tmp_path)

    class Broken:
        def reasons_for(self, document):
            raise OSError("snapshot file unreadable")

    lane.document_checks.append(Broken())
    r = lane.run_transaction()
    assert r.outcome == "refer" and "document-check-failed:OSError" in r.reasons
    assert devs["gate"].admitted == 0
    assert store.transactions()[0]["outcome"] == "refer"


def test_a_declaration_made_online_is_used_without_asking_for_a_code(tmp_path):
    from kiosk.evidence import DeclarationEvidence

    online = DeclarationEvidence("declared", "service", items=["cash"], reasons=["over-limit:cash_cny"])
    lane, devs, _store = make_lane(tmp_path, Script(online_declaration=online))
    devs["declaration_scanner"].scan = lambda timeout: pytest.fail("no code should be asked for")
    r = lane.run_transaction()
    assert r.outcome == "refer" and "declaration-declared" in r.reasons
    assert devs["gate"].admitted == 0
