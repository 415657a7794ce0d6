"""`BusSupervisor`: the officer console's `LaneSupervisor` over the port's broker (any `RemoteLanes`).

What the console knows of a remote lane comes from what the lane publishes:

- the lane overview from its retained state and health topics (a console that starts later still
  sees every lane at once) and its online/offline status (the last will);
- the referral queue from `referral.opened` / `referral.decided` events, oldest first, each event
  counted once (by event id; the transport delivers at least once). The console's MQTT session is
  persistent, so referrals opened while it was away reach it when it reconnects; those opened before
  it ever connected are only counted (the lane's state says how many are open there);
- the audit trail and the shift report from the `audit` and `transaction` events it has received,
  so they cover what happened while the console was subscribed. The lane's own trail stays the
  authority (`clearance-kiosk audit` at the lane);
- with a `ConsoleJournal` (the console's own database) all this survives a restart of the console;
- evidence images never travel over the broker (privacy): a remote referral has none; they stay at
  the lane under its retention, which the lane purges itself.

Commands (decide, open/reset the gate, in/out of service) become signed bus commands naming the
officer signed in at this console (`begin_session`, called on sign-in); the lane checks the
signature, the officer against its own roster and executes, and its reply becomes the `ActionResult`.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict, deque
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from kiosk.bus.commands import OfficerSession
from kiosk.bus.envelope import EventEnvelope
from kiosk.bus.journal import ConsoleJournal
from kiosk.bus.ports import LaneView as RemoteLaneView
from kiosk.bus.ports import RemoteLanes
from kiosk.config import OFFICER_ACTIONS, KioskConfig
from kiosk.officers import Officer
from kiosk.reports import ShiftReport, compute
from kiosk.supervision import (
    DECISIONS,
    ActionResult,
    AuditEntry,
    AuditQuery,
    DeviceStatus,
    LaneState,
    LaneView,
    ReferralView,
    RetainedEvidence,
    SupervisionError,
    document_ref_for,
)

log = logging.getLogger("kiosk.bus.supervisor")

# the console's decisions → bus command actions (kiosk.bus.commands.ACTIONS)
_BUS_ACTIONS = {"release": "release", "inspection": "inspection", "refuse": "refuse"}


def _parse(ts: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


class _Bounded(OrderedDict[str, Any]):
    """A dict that forgets its oldest entries beyond `capacity` (the console runs for weeks)."""

    def __init__(self, capacity: int) -> None:
        super().__init__()
        self.capacity = capacity

    def put(self, key: str, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.capacity:
            self.popitem(last=False)


class BusSupervisor:
    """Supervises every lane of the port through the broker (see the module docstring)."""

    def __init__(self, remote: RemoteLanes, config: KioskConfig, *, journal: ConsoleJournal | None = None,
                 timeout_s: float = 5.0, keep_audit: int = 50_000, keep_transactions: int = 100_000) -> None:
        self.remote = remote
        self.config = config
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._seen = _Bounded(keep_audit + keep_transactions)  # event ids already applied
        self._open: dict[str, ReferralView] = {}
        self._closed = _Bounded(keep_transactions)  # referral id → decided (an "opened" replayed late stays closed)
        self._doc_refs = _Bounded(keep_transactions)  # transaction id → document_ref
        self._referral_tx = _Bounded(keep_transactions)  # referral id → transaction id
        self._audit: deque[AuditEntry] = deque(maxlen=keep_audit)
        self._transactions: deque[dict[str, Any]] = deque(maxlen=keep_transactions)
        self._decisions: deque[tuple[str, str, str]] = deque(maxlen=keep_transactions)  # lane, decision, at
        self._sessions: dict[str, OfficerSession] = {}
        self.journal = None
        if journal is not None:  # what this console knew before it was restarted
            for event in journal.replay():
                self._event(event)
        self.journal = journal
        remote.on_event(self._event)

    # --- sign-in ---------------------------------------------------------------------------------

    def begin_session(self, officer_id: str, now: datetime | None = None) -> OfficerSession:
        """The console signed this officer in: their commands name this session from now on."""
        session = OfficerSession.start(officer_id, now)
        with self._lock:
            self._sessions[officer_id] = session
        return session

    def end_session(self, officer_id: str | None = None) -> None:
        """Signed out (None: everyone): no command is sent in their name any more."""
        with self._lock:
            if officer_id is None:
                self._sessions.clear()
            else:
                self._sessions.pop(officer_id, None)

    # --- following the lanes -----------------------------------------------------------------------

    def _event(self, event: EventEnvelope) -> None:
        try:
            self._apply(event)
        except Exception as exc:  # a malformed event (any shape: 1e999 → OverflowError): skipped, never fatal
            log.warning("event %s (%s) from %s skipped: %s", event.event_id, event.kind, event.lane_id, exc)

    def _apply(self, event: EventEnvelope) -> None:
        with self._lock:
            if event.event_id in self._seen:
                return
            self._seen.put(event.event_id, None)
            if self.journal is not None and event.kind in ("referral.opened", "referral.decided", "transaction",
                                                           "audit"):
                try:
                    self.journal.append(event)
                except Exception:  # a full disk must not hide the referral from the officer
                    log.exception("console journal write failed")
            d = event.data
            if event.kind == "referral.opened":
                self._opened(event)
            elif event.kind == "referral.decided":
                rid = str(d.get("id", ""))
                self._open.pop(rid, None)
                self._closed.put(rid, True)
                if d.get("status") and d.get("decided_at"):
                    self._decisions.append((event.lane_id, str(d["status"]), str(d["decided_at"])))
            elif event.kind == "transaction":
                self._doc_refs.put(str(d.get("id", "")), str(d.get("document_ref") or ""))
                self._transactions.append({**d, "lane_id": event.lane_id})
            elif event.kind == "audit":
                self._audit.append(AuditEntry(int(d.get("seq") or 0), str(d.get("ts", "")), event.lane_id,
                                              str(d.get("actor", "")), str(d.get("action", "")),
                                              d.get("data") if isinstance(d.get("data"), dict) else {},
                                              str(d.get("hash", ""))))

    def _opened(self, event: EventEnvelope) -> None:
        d = event.data
        rid = str(d.get("id", ""))
        if not rid or rid in self._closed:
            return
        s = d.get("summary") if isinstance(d.get("summary"), dict) else {}
        tx = str(d.get("transaction_id", ""))
        self._referral_tx.put(rid, tx)
        reasons = d.get("reasons") if isinstance(d.get("reasons"), list) else []

        def part(name: str) -> dict[str, Any]:
            v = s.get(name)
            return dict(v) if isinstance(v, dict) else {}

        self._open[rid] = ReferralView(
            id=rid, lane_id=event.lane_id, transaction_id=tx, created_at=str(d.get("created_at") or event.created_at),
            reasons=tuple(str(r) for r in reasons), document=part("document"), chip=part("chip"), face=part("face"),
            temperature=part("temperature"), declaration=part("declaration"),
            document_ref=self._doc_refs.get(tx, ""), images=())  # images stay at the lane

    def _expected(self) -> list[str]:
        return list(self.config.officer.lanes)

    def lanes(self) -> list[LaneView]:
        remote = self.remote.lanes()
        with self._lock:
            queued: dict[str, int] = {}
            for r in self._open.values():
                queued[r.lane_id] = queued.get(r.lane_id, 0) + 1
        ids = sorted(set(remote) | set(self._expected()))
        return [self._view(remote.get(lane_id) or RemoteLaneView(lane_id), queued.get(lane_id, 0)) for lane_id in ids]

    def _view(self, v: RemoteLaneView, queued: int) -> LaneView:
        st, health = v.state, v.health
        devices = tuple(DeviceStatus(str(d.get("device", "?")), str(d.get("driver", "")), bool(d.get("ok")),
                                     str(d.get("detail", "")))
                        for d in health.get("devices", []) if isinstance(d, dict))
        in_service = bool(st.get("in_service", False))
        status = str(st.get("status", ""))
        open_n = max(int(st.get("open_referrals") or 0), queued)
        if v.online is not True or not st:
            # no contact: the console cannot vouch for the lane, whatever its last retained state says
            state = LaneState.DEVICE_FAULT
            if v.online is None:
                status = "never heard of"
            elif v.online:
                status = "online, no state yet"
            else:
                status = f"offline (last: {status or '?'})"
        elif any("emergency" in d.detail for d in devices) or "emergency" in status:
            state = LaneState.EMERGENCY
        elif not all(d.ok for d in devices) or status.startswith("gate-stopped"):
            state = LaneState.DEVICE_FAULT
        elif not in_service:
            state = LaneState.OUT_OF_SERVICE
        elif open_n:
            state = LaneState.WAITING_FOR_OFFICER
        else:
            state = LaneState.IN_SERVICE
        if open_n > queued and v.online:
            # opened before this console ever subscribed: say so rather than show a queue that looks complete
            status += f" · {open_n - queued} open referral(s) not received here: decide at the lane"
        return LaneView(v.lane_id, str(st.get("name") or v.lane_id), state, in_service, status, "", open_n, devices,
                        v.last_event_at or "")

    # --- referrals -------------------------------------------------------------------------------

    def referrals(self) -> list[ReferralView]:
        with self._lock:
            out = [r if r.document_ref or not self._doc_refs.get(r.transaction_id)
                   else replace(r, document_ref=self._doc_refs[r.transaction_id])
                   for r in self._open.values()]
        out.sort(key=lambda r: r.created_at)
        return out

    def reason_codes(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.config.officer.reason_codes.items()}

    # --- commands --------------------------------------------------------------------------------

    def _send(self, lane_id: str, bus_action: str, action: str, officer: Officer, **args: Any) -> ActionResult:
        with self._lock:
            session = self._sessions.get(officer.id)
        if session is None:
            return ActionResult(False, action, lane_id, f"{officer.id} is not signed in at this console")
        try:
            reply = self.remote.send_command(lane_id, bus_action, session=session, timeout=self.timeout_s, **args)
        except TimeoutError:
            return ActionResult(False, action, lane_id,
                                f"no answer from {lane_id} within {self.timeout_s:g} s: check the lane before "
                                "repeating (it may still have executed the command)")
        except (RuntimeError, ValueError, OSError) as exc:  # no signing key, bad lane id, transport gone
            return ActionResult(False, action, lane_id, f"not sent: {exc}")
        if not reply.ok:
            return ActionResult(False, action, lane_id,
                                f"refused by the lane: {reply.result}" + (f" ({reply.detail})" if reply.detail else ""))
        return ActionResult(True, action, lane_id, "done at the lane")

    @staticmethod
    def _require(officer: Officer, permission: str) -> None:
        if not officer.can(permission):
            raise SupervisionError(f"{officer.role.value} {officer.id} may not {permission}")

    def decide(self, referral_id: str, action: str, reason_code: str, note: str, officer: Officer) -> ActionResult:
        self._require(officer, "decide")
        if action not in OFFICER_ACTIONS:
            raise SupervisionError(f"unknown action {action!r}")
        if reason_code not in self.config.officer.reason_codes.get(action, []):
            raise SupervisionError(f"{reason_code!r} is not a configured reason code for {action}")
        with self._lock:
            referral = self._open.get(referral_id)
        if referral is None:
            raise SupervisionError(f"no open referral {referral_id!r}")
        result = self._send(referral.lane_id, _BUS_ACTIONS[action], action, officer, referral=referral_id,
                            reason=reason_code, note=note.strip())
        if not result.ok:
            return result
        with self._lock:  # the lane's referral.decided event confirms it; the queue need not wait for it
            self._open.pop(referral_id, None)
            self._closed.put(referral_id, True)
        detail = DECISIONS[action] + ("; the lane opens its gate" if action == "release" else "")
        return ActionResult(True, action, referral.lane_id, detail)

    def open_gate(self, lane_id: str, officer: Officer, reason: str = "") -> ActionResult:
        self._require(officer, "gate")
        result = self._send(lane_id, "open-gate", "open-gate", officer, reason=reason.strip())
        return result if not result.ok else ActionResult(True, "open-gate", lane_id, "the lane opens its gate")

    def reset_gate(self, lane_id: str, officer: Officer) -> ActionResult:
        self._require(officer, "gate")
        result = self._send(lane_id, "reset-gate", "reset-gate", officer)
        # the lane resets on its gate thread: the overview shows whether the gate came back
        return result if not result.ok else ActionResult(True, "reset-gate", lane_id, "reset requested at the lane")

    def set_in_service(self, lane_id: str, in_service: bool, officer: Officer) -> ActionResult:
        self._require(officer, "service")
        action = "in-service" if in_service else "out-of-service"
        result = self._send(lane_id, action, action, officer)
        if not result.ok:
            return result
        return ActionResult(True, action, lane_id,
                            "in service" if in_service else "out of service after the current traveller")

    # --- audit, evidence, reports ----------------------------------------------------------------

    def audit(self, query: AuditQuery) -> list[AuditEntry]:
        since = _utc(query.since) if query.since else None
        until = _utc(query.until) if query.until else None
        refs = self._document_refs(query.document) if query.document else None
        with self._lock:
            entries = list(self._audit)
            txs = {t for t, ref in self._doc_refs.items() if refs is not None and ref in refs}
            referrals = {r for r, t in self._referral_tx.items() if t in txs}
        out = []
        for e in entries:
            ts = _parse(e.ts)
            if (since and (ts is None or ts < since)) or (until and (ts is None or ts >= until)):
                continue
            if query.lane_id and e.lane_id != query.lane_id:
                continue
            if query.action and not e.action.startswith(query.action):
                continue
            if query.officer and e.actor != f"officer:{query.officer}" and e.data.get("officer") != query.officer:
                continue
            if refs is not None and not (e.data.get("document_ref") in refs or e.data.get("transaction") in txs
                                         or e.data.get("referral") in referrals):
                continue
            out.append(e)
        out.sort(key=lambda e: e.ts, reverse=True)
        return out[: query.limit]

    def _document_refs(self, text: str) -> set[str]:
        text = text.strip()
        if text.startswith("sha256:") or ":" not in text:
            return {text}
        state, number = text.split(":", 1)
        return {document_ref_for(state, number, self.config)}  # the port's lanes share the salt

    def retained_evidence(self) -> list[RetainedEvidence]:
        """Evidence is kept at the lanes and never sent over the broker: nothing to list here."""
        return []

    def purge_expired(self) -> int:
        """This console holds no evidence (each lane purges its own on its retention timer)."""
        return 0

    def shift_report(self, start: datetime, end: datetime) -> ShiftReport:
        s, e = _utc(start), _utc(end)
        with self._lock:
            txs = list(self._transactions)
            decided = list(self._decisions)
        decisions = [d for _lane, d, at in decided if (t := _parse(at)) is not None and s <= t < e]
        lanes = sorted({t["lane_id"] for t in txs} | set(self._expected()))
        return compute(txs, start, end, decisions=decisions, lanes=lanes)
