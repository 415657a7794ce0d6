import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.store import MIGRATIONS, AuditTampered, Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "lane.sqlite", "LANE-T")
    yield s
    s.close()


def _tx(i, outcome="clear"):
    return {"id": f"t{i}", "started_at": "2026-01-01T00:00:00", "ended_at": "2026-01-01T00:00:05",
            "outcome": outcome, "reasons": [] if outcome == "clear" else ["fever"], "timings_ms": {"chip": 1.0}}


def test_schema_is_versioned_and_wal(store, tmp_path):
    assert store.schema_version == len(MIGRATIONS)
    assert store.db.journal_mode == "wal"
    again = Store(tmp_path / "lane.sqlite")  # reopening migrates nothing twice
    assert again.migrate() == len(MIGRATIONS)
    again.close()


def test_audit_chain_verifies_and_detects_each_kind_of_tampering(store, tmp_path):
    for i in range(5):
        store.audit("officer:7", "gate.open", {"i": i})
    assert store.verify_audit() == 5
    raw = sqlite3.connect(tmp_path / "lane.sqlite")
    raw.execute("UPDATE audit SET data = '{\"i\":99}' WHERE seq = 3")
    raw.commit()
    with pytest.raises(AuditTampered) as info:
        store.verify_audit()
    assert info.value.seq == 3


def test_audit_deletion_detected(store, tmp_path):
    for i in range(4):
        store.audit("lane", "x", {"i": i})
    raw = sqlite3.connect(tmp_path / "lane.sqlite")
    raw.execute("DELETE FROM audit WHERE seq = 2")
    raw.commit()
    with pytest.raises(AuditTampered) as info:
        store.verify_audit()
    assert info.value.seq == 2


def test_referral_lifecycle_is_audited_and_evidence_deleted_on_decision(store):
    rid = store.record_transaction(_tx(1, "refer"), referral_summary={"x": 1},
                                   evidence=[("live-capture", "image/jpeg", b"\xff\xd8jpeg")],
                                   retention=timedelta(hours=1))
    assert rid and [r["id"] for r in store.open_referrals()] == [rid]
    assert len(store.referral_evidence(rid)) == 1
    with pytest.raises(ValueError):
        store.decide_referral(rid, officer="o1", decision="released", reason="")
    store.decide_referral(rid, officer="o1", decision="released", reason="identity-confirmed")
    assert store.open_referrals() == []
    assert store.referral_evidence(rid) == []
    with pytest.raises(ValueError, match="already released"):
        store.decide_referral(rid, officer="o1", decision="refused", reason="x")
    actions = [r.action for r in store.audit_records()]
    assert actions[:2] == ["referral.released", "transaction.refer"]
    assert store.verify_audit() == 2


def test_clear_transaction_keeps_no_evidence_and_purge_enforces_retention(store):
    assert store.record_transaction(_tx(1), evidence=[("x", "image/jpeg", b"1")], retention=timedelta(hours=1)) is None
    rid = store.record_transaction(_tx(2, "refer"), evidence=[("x", "image/jpeg", b"1")],
                                   retention=timedelta(hours=1))
    assert store.purge_expired(datetime.now(UTC)) == 0
    assert store.purge_expired(datetime.now(UTC) + timedelta(hours=2)) == 1
    assert store.referral_evidence(rid) == []
    assert store.audit_records()[0].action == "evidence.purged"


def test_zero_retention_keeps_nothing(store):
    rid = store.record_transaction(_tx(3, "refer"), evidence=[("x", "image/jpeg", b"1")], retention=timedelta(0))
    assert store.referral_evidence(rid) == []
