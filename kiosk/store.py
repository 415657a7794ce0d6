"""The lane's SQLite database (one file, WAL) through sqlite-utils.

- `transactions`: one row per traveller: outcome, reasons, timings, scores. Never face images.
- `audit`: append-only, hash-chained: each row's hash covers its content and the previous hash, so
  editing, deleting or inserting a row breaks the chain at that row (`verify_audit`).
- `referrals`: the officer's queue; `evidence`: images kept for an open referral under the configured
  retention only, removed by `purge_expired`.
- `officers`: the officer accounts of kiosk.officers (argon2 PIN hashes, lockout state).
Schema changes are numbered migrations recorded in `PRAGMA user_version`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

GENESIS = "0" * 64


def _now_iso(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def audit_hash(prev_hash: str, seq: int, ts: str, lane_id: str, actor: str, action: str, data: str) -> str:
    body = _canonical([seq, ts, lane_id, actor, action, data])
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def _m1(db: sqlite_utils.Database) -> None:
    db["transactions"].create(
        {
            "id": str,
            "lane_id": str,
            "started_at": str,
            "ended_at": str,
            "outcome": str,
            "reasons": str,
            "timings_ms": str,
            "scores": str,
            "document_ref": str,
            "evidence": str,
        },
        pk="id",
    )
    db["transactions"].create_index(["started_at"])
    db["audit"].create(
        {
            "seq": int,
            "ts": str,
            "lane_id": str,
            "actor": str,
            "action": str,
            "data": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="seq",
    )
    db["referrals"].create(
        {
            "id": str,
            "transaction_id": str,
            "lane_id": str,
            "created_at": str,
            "status": str,
            "reasons": str,
            "summary": str,
            "decided_by": str,
            "decided_at": str,
            "decision": str,
            "decision_reason": str,
            "note": str,
        },
        pk="id",
    )
    db["referrals"].create_index(["status", "created_at"])
    db["evidence"].create(
        {"id": str, "referral_id": str, "kind": str, "mime": str, "data": bytes, "expires_at": str},
        pk="id",
    )
    db["evidence"].create_index(["expires_at"])


def _m2(db: sqlite_utils.Database) -> None:
    """Officer accounts (kiosk.officers): argon2 PIN hashes only; indexes for the console's searches."""
    db["officers"].create(
        {
            "id": str,
            "name": str,
            "role": str,
            "pin_hash": str,
            "disabled": int,
            "failures": int,
            "locked_until": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
    )
    db["transactions"].create_index(["document_ref"])
    db["referrals"].create_index(["transaction_id"])


def _m3(db: sqlite_utils.Database) -> None:
    """The bus outbox (kiosk/bus/outbox.py): every event is written here first, in the same SQLite
    transaction as the change it reports, and published from here.

    Triggers fill it so no write path can forget to; they fire only once the outbox is enabled (a lane
    with a broker configured), so a lane working alone accumulates nothing. `seq` is AUTOINCREMENT and
    rolled back with a failed transaction, so it is gap-free per lane: consumers can detect a loss.
    """
    db.execute(
        "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, "
        "lane_id TEXT NOT NULL, created_at TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL, "
        "published_at TEXT)"
    )
    db.execute("CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL")
    db.execute("CREATE TABLE outbox_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    # officer commands received over the bus: a command id is executed at most once (replay guard)
    db.execute(
        "CREATE TABLE bus_commands (command_id TEXT PRIMARY KEY, received_at TEXT NOT NULL, console TEXT NOT NULL, "
        "officer TEXT NOT NULL, action TEXT NOT NULL, result TEXT NOT NULL)"
    )
    enabled = "EXISTS (SELECT 1 FROM outbox_settings WHERE key = 'enabled' AND value = '1')"

    def j(col: str) -> str:
        # Python writes NaN/Infinity, which SQLite's json() refuses: the trigger would then fail the
        # write it reports, and the audit record or transaction would be lost. Such text goes as a string.
        return f"CASE WHEN json_valid({col}) THEN json({col}) ELSE {col} END"

    row = ("INSERT INTO outbox (event_id, lane_id, created_at, kind, data) VALUES "
           "(lower(hex(randomblob(16))), NEW.lane_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ")
    db.execute(
        f"CREATE TRIGGER outbox_audit AFTER INSERT ON audit WHEN {enabled} BEGIN {row} 'audit', "
        "json_object('seq', NEW.seq, 'ts', NEW.ts, 'actor', NEW.actor, 'action', NEW.action, "
        f"'data', {j('NEW.data')}, 'hash', NEW.hash)); END"
    )
    db.execute(
        f"CREATE TRIGGER outbox_transaction AFTER INSERT ON transactions WHEN {enabled} BEGIN {row} 'transaction', "
        "json_object('id', NEW.id, 'started_at', NEW.started_at, 'ended_at', NEW.ended_at, 'outcome', NEW.outcome, "
        f"'reasons', {j('NEW.reasons')}, 'timings_ms', {j('NEW.timings_ms')}, 'scores', {j('NEW.scores')}, "
        "'document_ref', NEW.document_ref)); END"
    )
    db.execute(
        f"CREATE TRIGGER outbox_referral_opened AFTER INSERT ON referrals WHEN {enabled} BEGIN {row} "
        "'referral.opened', json_object('id', NEW.id, 'transaction_id', NEW.transaction_id, "
        f"'created_at', NEW.created_at, 'reasons', {j('NEW.reasons')}, 'summary', {j('NEW.summary')})); END"
    )
    db.execute(
        f"CREATE TRIGGER outbox_referral_decided AFTER UPDATE OF status ON referrals "
        f"WHEN NEW.status != OLD.status AND {enabled} BEGIN {row} 'referral.decided', "
        "json_object('id', NEW.id, 'transaction_id', NEW.transaction_id, 'status', NEW.status, "
        "'decided_by', NEW.decided_by, 'decided_at', NEW.decided_at, 'reason', NEW.decision_reason)); END"
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_m1, _m2, _m3]


class AuditTampered(Exception):
    def __init__(self, seq: int, why: str) -> None:
        super().__init__(f"audit record {seq}: {why}")
        self.seq = seq
        self.why = why


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    ts: str
    lane_id: str
    actor: str
    action: str
    data: dict[str, Any]
    hash: str


class StoreTx:
    """One open database transaction of `Store.atomic()`: writes through `db`, audit in the same commit."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.db = store.db
        self.conn = store._conn  # the raw connection, for modules with tables of their own (the bus outbox)

    def audit(self, actor: str, action: str, data: dict[str, Any] | None = None, *, lane_id: str | None = None,
              now: datetime | None = None) -> AuditRecord:
        return self._store._append_audit(actor, action, _canonical(data or {}), lane_id or self._store.lane_id, now)


class Store:
    """Thread-safe access to the lane database (one connection, one lock; SQLite serialises anyway)."""

    def __init__(self, path: str | Path, lane_id: str = "LANE-01") -> None:
        self.path = Path(path)
        self.lane_id = lane_id
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10)
        self._lock = threading.RLock()
        self.db = sqlite_utils.Database(self._conn)
        if str(path) != ":memory:":
            self.db.enable_wal()
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self.migrate()

    # --- schema ---------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> int:
        with self._lock, self._tx():
            version = self.schema_version
            for i, step in enumerate(MIGRATIONS[version:], start=version + 1):
                step(self.db)
                self._conn.execute(f"PRAGMA user_version={i}")
        return self.schema_version

    @contextmanager
    def _tx(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # For modules that own tables in this database (officers, the bus outbox, the console journal):
    # one write transaction (`atomic`, or `transaction` for the raw connection) and reads (`query` as
    # dicts, or `reading` for the raw connection), all under the store's one lock.

    @contextmanager
    def atomic(self) -> Iterator[StoreTx]:
        """A write and its audit record commit together or not at all."""
        with self._lock, self._tx():
            yield StoreTx(self)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """`atomic`, with the raw connection."""
        with self.atomic() as tx:
            yield tx.conn

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection under the store's lock, for reads (no write lock taken on the file)."""
        with self._lock:
            yield self._conn

    def query(self, sql: str, args: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Read rows as dicts, under the store's lock."""
        with self._lock:
            return list(self.db.query(sql, list(args)))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # --- audit ----------------------------------------------------------------------------------

    def audit(self, actor: str, action: str, data: dict[str, Any] | None = None, *, lane_id: str | None = None,
              now: datetime | None = None) -> AuditRecord:
        """Append one record to the hash chain (atomically with respect to other writers)."""
        payload = _canonical(data or {})
        lane = lane_id or self.lane_id
        with self._lock, self._tx():
            return self._append_audit(actor, action, payload, lane, now)

    def _append_audit(self, actor: str, action: str, payload: str, lane: str, now: datetime | None) -> AuditRecord:
        last = self._conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        ts = _now_iso(now)
        digest = audit_hash(prev, seq, ts, lane, actor, action, payload)
        self.db["audit"].insert(
            {"seq": seq, "ts": ts, "lane_id": lane, "actor": actor, "action": action, "data": payload,
             "prev_hash": prev, "hash": digest}
        )
        return AuditRecord(seq, ts, lane, actor, action, json.loads(payload), digest)

    def verify_audit(self) -> int:
        """Recompute the chain; return the number of records, raise AuditTampered at the first bad one."""
        prev, expected_seq, count = GENESIS, 1, 0
        with self._lock:
            rows = self._conn.execute(
                "SELECT seq, ts, lane_id, actor, action, data, prev_hash, hash FROM audit ORDER BY seq"
            ).fetchall()
        for seq, ts, lane, actor, action, data, prev_hash, digest in rows:
            if seq != expected_seq:
                raise AuditTampered(expected_seq, f"missing (next record present is {seq})")
            if prev_hash != prev:
                raise AuditTampered(seq, "previous-hash link broken")
            if audit_hash(prev, seq, ts, lane, actor, action, data) != digest:
                raise AuditTampered(seq, "content does not match its hash")
            prev, expected_seq, count = digest, seq + 1, count + 1
        return count

    def audit_records(self, *, since: str | None = None, lane_id: str | None = None, actor: str | None = None,
                      action: str | None = None, limit: int = 500) -> list[AuditRecord]:
        where, args = [], []
        for col, val in (("lane_id", lane_id), ("actor", actor), ("action", action)):
            if val:
                where.append(f"{col} = ?")
                args.append(val)
        if since:
            where.append("ts >= ?")
            args.append(since)
        sql = "SELECT seq, ts, lane_id, actor, action, data, hash FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq DESC LIMIT ?"
        with self._lock:
            rows = self._conn.execute(sql, [*args, limit]).fetchall()
        return [AuditRecord(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6]) for r in rows]

    # --- transactions and referrals --------------------------------------------------------------

    def record_transaction(self, record: dict[str, Any], *, referral_summary: dict[str, Any] | None = None,
                           evidence: list[tuple[str, str, bytes]] | None = None,
                           retention: timedelta | None = None, now: datetime | None = None) -> str | None:
        """Store a finished transaction, its audit record and, when referred, the referral.

        All in one database transaction: a crash leaves either everything or nothing.
        Returns the referral id, if one was created.
        """
        row = {
            "id": record["id"],
            "lane_id": record.get("lane_id", self.lane_id),
            "started_at": record["started_at"],
            "ended_at": record["ended_at"],
            "outcome": record["outcome"],
            "reasons": _canonical(record.get("reasons", [])),
            "timings_ms": _canonical(record.get("timings_ms", {})),
            "scores": _canonical(record.get("scores", {})),
            "document_ref": record.get("document_ref", ""),
            "evidence": _canonical(record.get("evidence", {})),
        }
        referral_id = None
        with self._lock, self._tx():
            self.db["transactions"].insert(row)
            self._append_audit(
                "lane", f"transaction.{record['outcome']}",
                _canonical({"transaction": record["id"], "reasons": record.get("reasons", []),
                            "document_ref": row["document_ref"]}),
                row["lane_id"], now,
            )
            if record["outcome"] == "refer":
                referral_id = uuid.uuid4().hex
                self.db["referrals"].insert(
                    {"id": referral_id, "transaction_id": record["id"], "lane_id": row["lane_id"],
                     "created_at": _now_iso(now), "status": "open", "reasons": row["reasons"],
                     "summary": _canonical(referral_summary or {}), "decided_by": None, "decided_at": None,
                     "decision": None, "decision_reason": None, "note": None}
                )
                if evidence and retention is not None and retention.total_seconds() > 0:
                    expires = _now_iso((now or datetime.now(UTC)) + retention)
                    for kind, mime, data in evidence:
                        self.db["evidence"].insert(
                            {"id": uuid.uuid4().hex, "referral_id": referral_id, "kind": kind, "mime": mime,
                             "data": data, "expires_at": expires}
                        )
        return referral_id

    def transactions(self, limit: int = 1000) -> list[dict[str, Any]]:
        with self._lock:
            rows = list(self.db.query("SELECT * FROM transactions ORDER BY started_at DESC LIMIT ?", [limit]))
        for r in rows:
            for k in ("reasons", "timings_ms", "scores", "evidence"):
                r[k] = json.loads(r[k])
        return rows

    def open_referrals(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = list(self.db.query("SELECT * FROM referrals WHERE status = 'open' ORDER BY created_at"))
        for r in rows:
            r["reasons"] = json.loads(r["reasons"])
            r["summary"] = json.loads(r["summary"])
        return rows

    def referral_evidence(self, referral_id: str, now: datetime | None = None) -> list[dict[str, Any]]:
        """The referral's images still within retention: one past it is never shown, purged or not yet."""
        with self._lock:
            return list(self.db.query(
                "SELECT kind, mime, data, expires_at FROM evidence WHERE referral_id = ? AND expires_at > ?",
                [referral_id, _now_iso(now)]))

    def decide_referral(self, referral_id: str, *, officer: str, decision: str, reason: str,
                        note: str = "", now: datetime | None = None) -> None:
        """Close a referral (released / refused / red-channel); audited in the same transaction."""
        if decision not in ("released", "refused", "red-channel"):
            raise ValueError(f"unknown decision {decision!r}")
        if not reason:
            raise ValueError("a reason is required")
        with self._lock, self._tx():
            row = self._conn.execute("SELECT status, lane_id FROM referrals WHERE id = ?", [referral_id]).fetchone()
            if row is None:
                raise KeyError(f"no referral {referral_id}")
            if row[0] != "open":
                raise ValueError(f"referral {referral_id} is already {row[0]}")
            self.db["referrals"].update(
                referral_id,
                {"status": decision, "decision": decision, "decided_by": officer, "decided_at": _now_iso(now),
                 "decision_reason": reason, "note": note},
            )
            # The evidence served the decision; it is not kept past it.
            deleted = self._conn.execute("DELETE FROM evidence WHERE referral_id = ?", [referral_id]).rowcount
            self._append_audit(
                f"officer:{officer}", f"referral.{decision}",
                _canonical({"referral": referral_id, "reason": reason, "note": note, "evidence_deleted": deleted}),
                row[1], now,
            )

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete evidence past its retention; the purge itself is audited."""
        stamp = _now_iso(now)
        with self._lock, self._tx():
            n = self._conn.execute("DELETE FROM evidence WHERE expires_at <= ?", [stamp]).rowcount
            if n:
                self._append_audit("system", "evidence.purged", _canonical({"count": n}), self.lane_id, now)
        return n

    def retained_evidence(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.db.query(
                "SELECT referral_id, kind, length(data) AS bytes, expires_at FROM evidence ORDER BY expires_at"))
