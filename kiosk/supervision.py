"""The officer console's view of the lanes, and the commands it sends them.

`LaneSupervisor` is the console's only way in: plain data out (lane views, referrals with their
evidence, audit entries, retained evidence, shift reports), plain commands in (decide, open the
gate, reset it, in/out of service). `LocalSupervisor` implements it over lanes running in this
process; a remote implementation (MQTT) carries the same data over the wire. Every call may block
(device health, gate passage, network): the console calls it off its GUI thread.

Every officer command is audited in the lane's hash-chained trail, with the officer as the actor.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from kiosk.config import OFFICER_ACTIONS, KioskConfig
from kiosk.lane import Lane
from kiosk.officers import Officer, Role
from kiosk.ports import DeviceHealth, PassageOutcome
from kiosk.reports import HourCount, ReasonRate, ScoreBin, ShiftReport, compute, rows_between
from kiosk.session import SessionEvent, State
from kiosk.store import Store

log = logging.getLogger("kiosk.supervision")

# the console's actions → the store's referral decisions
DECISIONS = {"release": "released", "inspection": "red-channel", "refuse": "refused"}


class LaneState(StrEnum):
    IN_SERVICE = "in-service"  # idle, ready for the next traveller
    BUSY = "busy"  # a traveller is being processed
    WAITING_FOR_OFFICER = "waiting-for-officer"  # an open referral
    OUT_OF_SERVICE = "out-of-service"  # an officer closed it
    DEVICE_FAULT = "device-fault"  # a device reports unhealthy (gate stopped, reader gone, ...)
    EMERGENCY = "emergency"  # fire-alarm release active


class SupervisionError(Exception):
    """A command the lane refuses (unknown lane or referral, bad reason code, not allowed)."""


@dataclass(frozen=True)
class DeviceStatus:
    device: str
    driver: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class LaneView:
    lane_id: str
    name: str
    state: LaneState
    in_service: bool
    status: str  # the lane's own words ("in-service", "gate-stopped: …")
    stage: str  # the current traveller's stage, "" when idle
    open_referrals: int
    devices: tuple[DeviceStatus, ...]
    updated_at: str


@dataclass(frozen=True)
class EvidenceImage:
    kind: str  # "chip-portrait" | "live-capture"
    mime: str
    data: bytes = field(repr=False)
    expires_at: str = ""


@dataclass(frozen=True)
class ReferralView:
    """One open referral with everything the officer decides on."""

    id: str
    lane_id: str
    transaction_id: str
    created_at: str
    reasons: tuple[str, ...]
    document: dict[str, Any]  # MRZ / DG1 data
    chip: dict[str, Any]  # access, passive/active/chip authentication, DG1 = MRZ
    face: dict[str, Any]  # score, threshold, liveness, faces in view
    temperature: dict[str, Any]  # status, core estimate, readings, threshold
    declaration: dict[str, Any]  # status, source, items, answers
    document_ref: str = ""
    images: tuple[EvidenceImage, ...] = ()

    def image(self, kind: str) -> EvidenceImage | None:
        return next((i for i in self.images if i.kind == kind), None)


@dataclass(frozen=True)
class ActionResult:
    ok: bool
    action: str
    lane_id: str
    detail: str = ""
    gate: str | None = None  # the passage outcome when the gate was opened


@dataclass(frozen=True)
class AuditQuery:
    since: datetime | None = None
    until: datetime | None = None
    lane_id: str | None = None
    document: str | None = None  # "STATE:NUMBER" (hashed as the lane does) or a stored reference
    officer: str | None = None
    action: str | None = None  # prefix: "referral." finds every decision
    limit: int = 500


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    lane_id: str
    actor: str
    action: str
    data: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class RetainedEvidence:
    referral_id: str
    lane_id: str
    referral_status: str
    kind: str
    bytes: int
    expires_at: str


@runtime_checkable
class LaneSupervisor(Protocol):
    def lanes(self) -> list[LaneView]: ...

    def referrals(self) -> list[ReferralView]:
        """Open referrals, oldest first, with their evidence images (as long as they are retained)."""
        ...

    def reason_codes(self) -> dict[str, list[str]]: ...

    def decide(self, referral_id: str, action: str, reason_code: str, note: str, officer: Officer) -> ActionResult:
        """action: release (the gate opens) | inspection (red channel) | refuse."""
        ...

    def open_gate(self, lane_id: str, officer: Officer, reason: str = "") -> ActionResult: ...

    def reset_gate(self, lane_id: str, officer: Officer) -> ActionResult: ...

    def set_in_service(self, lane_id: str, in_service: bool, officer: Officer) -> ActionResult: ...

    def audit(self, query: AuditQuery) -> list[AuditEntry]: ...

    def retained_evidence(self) -> list[RetainedEvidence]: ...

    def purge_expired(self) -> int: ...

    def shift_report(self, start: datetime, end: datetime) -> ShiftReport: ...


# --- on the wire ---------------------------------------------------------------------------------
# A remote supervisor (MQTT, HTTP) carries these objects as JSON: dataclasses tagged with their type,
# bytes in base64, instants as ISO text. `from_wire(to_wire(x)) == x` for every type below.

_WIRE: dict[str, type] = {c.__name__: c for c in (
    DeviceStatus, LaneView, EvidenceImage, ReferralView, ActionResult, AuditQuery, AuditEntry, RetainedEvidence,
    Officer, ShiftReport, HourCount, ReasonRate, ScoreBin)}
_TUPLES = {"devices", "reasons", "images", "lanes", "throughput", "scores"}
_ENUMS: dict[tuple[str, str], type] = {("LaneView", "state"): LaneState, ("Officer", "role"): Role}


def to_wire(obj: Any) -> Any:
    """JSON-able form of the console's data (recursively)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        name = type(obj).__name__
        if name not in _WIRE:
            raise TypeError(f"{name} is not part of the supervision protocol")
        return {"_type": name, **{f.name: to_wire(getattr(obj, f.name)) for f in dataclasses.fields(obj)}}
    if isinstance(obj, bytes | bytearray | memoryview):
        return {"_b64": base64.b64encode(bytes(obj)).decode()}
    if isinstance(obj, datetime):
        return {"_dt": obj.isoformat()}
    if isinstance(obj, StrEnum):
        return obj.value
    if isinstance(obj, list | tuple):
        return [to_wire(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_wire(v) for k, v in obj.items()}
    return obj


def from_wire(data: Any) -> Any:
    if isinstance(data, list):
        return [from_wire(v) for v in data]
    if not isinstance(data, dict):
        return data
    if set(data) == {"_b64"}:
        return base64.b64decode(data["_b64"])
    if set(data) == {"_dt"}:
        return datetime.fromisoformat(data["_dt"])
    name = data.get("_type")
    if name is None:
        return {k: from_wire(v) for k, v in data.items()}
    cls = _WIRE.get(name)
    if cls is None:
        raise ValueError(f"unknown type {name!r} on the wire")
    names = {f.name for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for k, v in data.items():
        if k == "_type":
            continue
        if k not in names:
            raise ValueError(f"{name} has no field {k!r}")
        value = from_wire(v)
        if (name, k) in _ENUMS:
            value = _ENUMS[(name, k)](value)
        elif k in _TUPLES and isinstance(value, list):
            value = tuple(value)
        values[k] = value
    return cls(**values)


def document_ref_for(issuing_state: str, number: str, config: KioskConfig) -> str:
    """What kiosk.lane.document_ref stores for this document (a salted hash unless configured off)."""
    ident = f"{issuing_state.strip().upper()}:{number.strip().upper()}"
    if not config.storage.hash_document_numbers:
        return ident
    salt = config.storage.document_hash_salt.encode()
    return "sha256:" + hashlib.sha256(salt + ident.encode()).hexdigest()[:32]


def _iso(dt: datetime) -> str:
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return dt.isoformat(timespec="microseconds")  # as kiosk.store writes audit timestamps


def _require(officer: Officer, permission: str) -> None:
    if not officer.can(permission):
        raise SupervisionError(f"{officer.role.value} {officer.id} may not {permission}")


class LocalSupervisor:
    """Supervises lanes running in this process (the kiosk's own, or several on one console PC)."""

    def __init__(self, lanes: Sequence[Lane], *, health_every_s: float = 2.0) -> None:
        if not lanes:
            raise ValueError("nothing to supervise")
        self._lanes = {lane.config.lane.id: lane for lane in lanes}
        self._stage: dict[str, str] = {}
        self._health: dict[str, tuple[float, tuple[DeviceStatus, ...]]] = {}
        self._health_every_s = health_every_s
        self._lock = threading.Lock()
        self.clock = lanes[0].clock

    # --- following the lanes -------------------------------------------------------------------

    def observe(self, lane_id: str, event: SessionEvent) -> None:
        """Feed the lane's session events (the kiosk's LaneWorker.event) so the overview shows busy lanes."""
        with self._lock:
            if event.kind == "result" or event.state.final or event.state is State.WAITING:
                self._stage[lane_id] = ""
            else:
                self._stage[lane_id] = event.state.value

    def listener(self, lane_id: str, inner: Any = None) -> Any:
        """A session listener for `Lane.run_transaction` that observes and passes events on."""

        def listen(event: SessionEvent) -> None:
            self.observe(lane_id, event)
            if inner is not None:
                inner(event)

        return listen

    def _lane(self, lane_id: str) -> Lane:
        try:
            return self._lanes[lane_id]
        except KeyError:
            raise SupervisionError(f"no lane {lane_id!r} here") from None

    def _stores(self) -> list[Store]:
        seen: dict[int, Store] = {}
        for lane in self._lanes.values():
            seen.setdefault(id(lane.store), lane.store)
        return list(seen.values())

    def _devices(self, lane: Lane) -> tuple[DeviceStatus, ...]:
        lane_id = lane.config.lane.id
        now = self.clock.monotonic()
        cached = self._health.get(lane_id)
        if cached and now - cached[0] < self._health_every_s:
            return cached[1]
        out = []
        for name, dev in lane.devices.all().items():
            try:
                h: DeviceHealth = dev.health()
                out.append(DeviceStatus(name, h.driver, bool(h.ok), h.detail))
            except Exception as exc:  # a device that cannot even say how it is, is faulty
                out.append(DeviceStatus(name, "?", False, f"health check failed: {exc}"))
        result = tuple(out)
        self._health[lane_id] = (now, result)
        return result

    def lanes(self) -> list[LaneView]:
        open_by_lane: dict[str, int] = {}
        for store in self._stores():
            for r in store.query("SELECT lane_id, count(*) AS n FROM referrals WHERE status = 'open' GROUP BY lane_id"):
                open_by_lane[r["lane_id"]] = open_by_lane.get(r["lane_id"], 0) + int(r["n"])
        views = []
        for lane_id, lane in self._lanes.items():
            devices = self._devices(lane)
            with self._lock:
                stage = self._stage.get(lane_id, "")
            if any("emergency" in d.detail for d in devices) or "emergency" in lane.status:
                state = LaneState.EMERGENCY  # the gate controller's fire-alarm state
            elif not all(d.ok for d in devices) or lane.status.startswith("gate-stopped"):
                state = LaneState.DEVICE_FAULT
            elif not lane.in_service:
                state = LaneState.OUT_OF_SERVICE
            elif open_by_lane.get(lane_id):
                state = LaneState.WAITING_FOR_OFFICER
            elif stage:
                state = LaneState.BUSY
            else:
                state = LaneState.IN_SERVICE
            views.append(LaneView(lane_id, lane.config.lane.name, state, lane.in_service, lane.status, stage,
                                  open_by_lane.get(lane_id, 0), devices, _iso(self.clock.now())))
        return views

    # --- referrals -------------------------------------------------------------------------------

    def referrals(self) -> list[ReferralView]:
        out = []
        for store in self._stores():
            for r in store.open_referrals():
                if r["lane_id"] not in self._lanes:
                    continue
                s = r["summary"]
                tx = store.query("SELECT document_ref FROM transactions WHERE id = ?", [r["transaction_id"]])
                images = tuple(EvidenceImage(e["kind"], e["mime"], bytes(e["data"]), e["expires_at"])
                               for e in store.referral_evidence(r["id"]))
                out.append(ReferralView(
                    id=r["id"], lane_id=r["lane_id"], transaction_id=r["transaction_id"], created_at=r["created_at"],
                    reasons=tuple(r["reasons"]), document=dict(s.get("document", {})), chip=dict(s.get("chip", {})),
                    face=dict(s.get("face", {})), temperature=dict(s.get("temperature", {})),
                    declaration=dict(s.get("declaration", {})),
                    document_ref=tx[0]["document_ref"] if tx else "", images=images,
                ))
        out.sort(key=lambda v: v.created_at)
        return out

    def reason_codes(self) -> dict[str, list[str]]:
        first = next(iter(self._lanes.values()))
        return {k: list(v) for k, v in first.config.officer.reason_codes.items()}

    def _find_referral(self, referral_id: str) -> tuple[Store, dict[str, Any]]:
        for store in self._stores():
            rows = store.query("SELECT r.id, r.lane_id, r.status, t.document_ref FROM referrals r "
                               "LEFT JOIN transactions t ON t.id = r.transaction_id WHERE r.id = ?", [referral_id])
            if rows:
                return store, rows[0]
        raise SupervisionError(f"no referral {referral_id!r}")

    def decide(self, referral_id: str, action: str, reason_code: str, note: str, officer: Officer) -> ActionResult:
        _require(officer, "decide")
        if action not in OFFICER_ACTIONS:
            raise SupervisionError(f"unknown action {action!r}")
        store, row = self._find_referral(referral_id)
        lane = self._lane(row["lane_id"])
        codes = lane.config.officer.reason_codes.get(action, [])
        if reason_code not in codes:
            raise SupervisionError(f"{reason_code!r} is not a configured reason code for {action}")
        try:
            store.decide_referral(referral_id, officer=officer.id, decision=DECISIONS[action], reason=reason_code,
                                  note=note.strip())
        except (KeyError, ValueError) as exc:  # decided meanwhile (another console) or gone
            raise SupervisionError(str(exc)) from None
        if action != "release":
            return ActionResult(True, action, lane.config.lane.id, DECISIONS[action])
        return self._admit(lane, officer, "gate.opened-by-officer",
                           {"referral": referral_id, "reason": reason_code, "document_ref": row["document_ref"] or ""},
                           action)

    # --- lane control ----------------------------------------------------------------------------

    def _admit(self, lane: Lane, officer: Officer, audit_action: str, data: dict[str, Any],
               action: str) -> ActionResult:
        lane_id = lane.config.lane.id
        # audited before the leaf moves: a crash mid-passage still shows who opened it
        lane.store.audit(officer.actor, audit_action, data, lane_id=lane_id)
        try:
            outcome = lane.devices.gate.admit(lane.config.timeouts.gate.timeout_s)
        except Exception as exc:
            log.exception("gate open on lane %s failed", lane_id)
            try:
                lane.devices.gate.lock()
            except Exception:
                log.exception("gate lock failed")
            lane.store.audit(officer.actor, "gate.officer-passage", {**data, "outcome": "error", "error": str(exc)},
                             lane_id=lane_id)
            return ActionResult(False, action, lane_id, f"gate failed: {exc}", "error")
        value = outcome.value if isinstance(outcome, PassageOutcome) else str(outcome)
        lane.store.audit(officer.actor, "gate.officer-passage", {**data, "outcome": value}, lane_id=lane_id)
        return ActionResult(value == PassageOutcome.PASSED.value, action, lane_id, value, value)

    def open_gate(self, lane_id: str, officer: Officer, reason: str = "") -> ActionResult:
        _require(officer, "gate")
        lane = self._lane(lane_id)
        return self._admit(lane, officer, "gate.manual-open", {"reason": reason.strip()}, "open-gate")

    def reset_gate(self, lane_id: str, officer: Officer) -> ActionResult:
        _require(officer, "gate")
        lane = self._lane(lane_id)
        lane.store.audit(officer.actor, "gate.reset-requested", {}, lane_id=lane_id)
        self._health.pop(lane_id, None)
        try:
            lane.devices.gate.reset(officer.id)
        except Exception as exc:  # the cause is still there: the gate says why
            return ActionResult(False, "reset-gate", lane_id, str(exc))
        return ActionResult(True, "reset-gate", lane_id, "gate back in service")

    def set_in_service(self, lane_id: str, in_service: bool, officer: Officer) -> ActionResult:
        _require(officer, "service")
        lane = self._lane(lane_id)
        with lane.store.atomic() as tx:  # audited and switched together
            tx.audit(officer.actor, "lane.in-service" if in_service else "lane.out-of-service", {}, lane_id=lane_id)
            lane.in_service = in_service
        detail = "in service" if in_service else "out of service after the current traveller"
        return ActionResult(True, "in-service" if in_service else "out-of-service", lane_id, detail)

    # --- audit, evidence, reports ----------------------------------------------------------------

    def audit(self, query: AuditQuery) -> list[AuditEntry]:
        where, args = [], []
        if query.since:
            where.append("ts >= ?")
            args.append(_iso(query.since))
        if query.until:
            where.append("ts < ?")
            args.append(_iso(query.until))
        if query.lane_id:
            where.append("lane_id = ?")
            args.append(query.lane_id)
        if query.action:
            where.append("action LIKE ? ESCAPE '\\'")
            args.append(query.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        if query.officer:
            # what the officer did, and what was done to the account
            where.append("(actor = ? OR json_extract(data, '$.officer') = ?)")
            args += [f"officer:{query.officer}", query.officer]
        if query.document:
            refs = self._document_refs(query.document)
            marks = ", ".join("?" * len(refs))
            where.append(
                f"(json_extract(data, '$.document_ref') IN ({marks})"
                " OR json_extract(data, '$.transaction') IN"
                f" (SELECT id FROM transactions WHERE document_ref IN ({marks}))"
                " OR json_extract(data, '$.referral') IN (SELECT r.id FROM referrals r JOIN transactions t"
                f" ON t.id = r.transaction_id WHERE t.document_ref IN ({marks})))")
            args += refs * 3
        sql = "SELECT seq, ts, lane_id, actor, action, data, hash FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq DESC LIMIT ?"
        out: list[AuditEntry] = []
        for store in self._stores():
            for r in store.query(sql, [*args, int(query.limit)]):
                out.append(AuditEntry(r["seq"], r["ts"], r["lane_id"], r["actor"], r["action"], json.loads(r["data"]),
                                      r["hash"]))
        out.sort(key=lambda e: e.ts, reverse=True)
        return out[: query.limit]

    def _document_refs(self, text: str) -> list[str]:
        text = text.strip()
        if text.startswith("sha256:") or ":" not in text:
            return [text]
        state, number = text.split(":", 1)
        return sorted({document_ref_for(state, number, lane.config) for lane in self._lanes.values()})

    def retained_evidence(self) -> list[RetainedEvidence]:
        out = []
        for store in self._stores():
            for r in store.query(
                "SELECT e.referral_id, r.lane_id, r.status, e.kind, length(e.data) AS bytes, e.expires_at "
                "FROM evidence e LEFT JOIN referrals r ON r.id = e.referral_id ORDER BY e.expires_at"
            ):
                out.append(RetainedEvidence(r["referral_id"], r["lane_id"] or "", r["status"] or "?", r["kind"],
                                            int(r["bytes"] or 0), r["expires_at"]))
        out.sort(key=lambda e: e.expires_at)
        return out

    def purge_expired(self, now: datetime | None = None) -> int:
        # the store's own (wall) time: evidence expiry was stamped with it
        return sum(store.purge_expired(now) for store in self._stores())

    def shift_report(self, start: datetime, end: datetime) -> ShiftReport:
        lanes = sorted(self._lanes)
        txs: list[dict[str, Any]] = []
        decisions: list[str] = []
        for store in self._stores():
            t, d = rows_between(store, start, end, lanes)
            txs += t
            decisions += d
        return compute(txs, start, end, decisions=decisions, lanes=lanes)
