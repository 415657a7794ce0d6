"""Officer accounts: roles, argon2-hashed PINs, lockout after repeated failures, idle sign-out.

Accounts live in the lane database (`officers` table, schema migration 2 of kiosk.store); every
sign-in, failure, lockout and account change is written to the hash-chained audit in the same
database transaction as the change itself. Time comes from the injected clock: wall time
(`now()`) for lockouts, which must survive a restart, and monotonic time for idle sign-out.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk.config import OfficerConfig
from kiosk.errors import KioskError
from kiosk.ports import Clock, SystemClock
from kiosk.store import Store

log = logging.getLogger("kiosk.officers")

OFFICER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")  # as OfficerAccountConfig.id


class Role(StrEnum):
    OFFICER = "officer"  # decides referrals, opens the gate, lane in/out of service, shift report
    SUPERVISOR = "supervisor"  # all an officer does, plus audit, retained evidence, accounts
    INSTALLER = "installer"  # lane control and audit for commissioning; never sees traveller evidence


# What each role may do. Installers get no "decide"/"evidence": traveller data is not theirs to see.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "decide": frozenset({Role.OFFICER, Role.SUPERVISOR}),
    "gate": frozenset({Role.OFFICER, Role.SUPERVISOR, Role.INSTALLER}),
    "service": frozenset({Role.OFFICER, Role.SUPERVISOR, Role.INSTALLER}),
    "report": frozenset({Role.OFFICER, Role.SUPERVISOR}),
    "audit": frozenset({Role.SUPERVISOR, Role.INSTALLER}),
    "evidence": frozenset({Role.SUPERVISOR}),
    "accounts": frozenset({Role.SUPERVISOR}),
}


class OfficerError(KioskError):
    pass


class PermissionDenied(OfficerError):
    pass


class SignInError(OfficerError):
    """Why a sign-in failed. `reason` is "invalid" (unknown id or wrong PIN: deliberately not told
    apart), "locked" or "disabled"."""

    def __init__(self, reason: str, message: str, locked_until: datetime | None = None,
                 remaining_attempts: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.locked_until = locked_until
        self.remaining_attempts = remaining_attempts


@dataclass(frozen=True)
class Officer:
    """An account as the console shows it (never the hash)."""

    id: str
    name: str
    role: Role
    disabled: bool = False
    failures: int = 0
    locked_until: str | None = None
    created_at: str = ""

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS.get(permission, frozenset())

    @property
    def actor(self) -> str:
        return f"officer:{self.id}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": self.role.value, "disabled": self.disabled,
                "failures": self.failures, "locked_until": self.locked_until, "created_at": self.created_at}


@dataclass
class OfficerSession:
    """A signed-in officer. `last_activity` is on the clock's monotonic scale."""

    officer: Officer
    started: float
    last_activity: float
    lane_id: str = ""
    ended: bool = False

    def can(self, permission: str) -> bool:
        return not self.ended and self.officer.can(permission)

    def require(self, permission: str) -> None:
        if self.ended:
            raise PermissionDenied("signed out")
        if not self.officer.can(permission):
            raise PermissionDenied(f"{self.officer.role.value} may not {permission}")


Actor = OfficerSession | str  # a signed-in supervisor, or a local administrator ("cli:root")


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


class Accounts:
    """Officer accounts of one database. Thread-safe through the store."""

    def __init__(self, store: Store, config: OfficerConfig | None = None, clock: Clock | None = None,
                 hasher: PasswordHasher | None = None) -> None:
        self.store = store
        self.config = config or OfficerConfig()
        self.clock = clock or SystemClock()
        self.hasher = hasher or PasswordHasher()
        self._dummy: str | None = None

    def _dummy_hash(self) -> str:
        # verified against when the id is unknown, so a wrong id costs the same time as a wrong PIN
        if self._dummy is None:
            self._dummy = self.hasher.hash("not-a-pin")
        return self._dummy

    # --- accounts ---------------------------------------------------------------------------------

    def bootstrap(self) -> list[str]:
        """Create the configured accounts missing from the database, and the bootstrap supervisor
        when the database has no supervisor at all. Existing accounts are never overwritten."""
        created: list[str] = []
        now = _iso(self.clock.now())
        wanted = [(a.id, a.name, Role(a.role), a.pin_hash) for a in self.config.accounts]
        with self.store.atomic() as tx:
            have = {r["id"] for r in tx.db.query("SELECT id FROM officers")}
            has_supervisor = any(
                True for _ in tx.db.query("SELECT 1 FROM officers WHERE role = 'supervisor' AND disabled = 0"))
            if not has_supervisor and not any(r is Role.SUPERVISOR for _, _, r, _ in wanted):
                wanted.append((self.config.bootstrap_id, "Bootstrap supervisor", Role.SUPERVISOR,
                               self.config.pin_hash))
            for oid, name, role, pin_hash in wanted:
                if oid in have:
                    continue
                tx.db["officers"].insert(self._row(oid, name, role, pin_hash, now))
                tx.audit("system", "officer.created", {"officer": oid, "role": role.value, "source": "configuration"})
                created.append(oid)
                have.add(oid)
        return created

    def _row(self, oid: str, name: str, role: Role, pin_hash: str, now: str) -> dict[str, Any]:
        return {"id": oid, "name": name, "role": role.value, "pin_hash": pin_hash, "disabled": 0, "failures": 0,
                "locked_until": None, "created_at": now, "updated_at": now}

    def list(self) -> list[Officer]:
        return [self._officer(r) for r in self.store.query("SELECT * FROM officers ORDER BY id")]

    def get(self, officer_id: str) -> Officer | None:
        rows = self.store.query("SELECT * FROM officers WHERE id = ?", [officer_id])
        return self._officer(rows[0]) if rows else None

    @staticmethod
    def _officer(r: dict[str, Any]) -> Officer:
        return Officer(r["id"], r["name"] or "", Role(r["role"]), bool(r["disabled"]), int(r["failures"] or 0),
                       r["locked_until"], r["created_at"] or "")

    def _check_pin(self, pin: str) -> None:
        if not pin.isdigit() or not self.config.min_pin_length <= len(pin) <= 32:
            raise OfficerError(f"a PIN is {self.config.min_pin_length} to 32 digits")

    def _actor(self, by: Actor) -> str:
        if isinstance(by, OfficerSession):
            by.require("accounts")
            self.touch(by)
            return by.officer.actor
        return by

    def create(self, by: Actor, officer_id: str, name: str, role: Role | str, pin: str) -> Officer:
        try:
            role = Role(role)
        except ValueError:
            raise OfficerError(f"unknown role {role!r} (one of {', '.join(r.value for r in Role)})") from None
        if not OFFICER_ID.fullmatch(officer_id):
            raise OfficerError(f"invalid officer id {officer_id!r}: letters, digits, . _ - (at most 32)")
        self._check_pin(pin)
        actor = self._actor(by)
        pin_hash = self.hasher.hash(pin)
        now = _iso(self.clock.now())
        with self.store.atomic() as tx:
            if any(True for _ in tx.db.query("SELECT 1 FROM officers WHERE id = ?", [officer_id])):
                raise OfficerError(f"officer {officer_id!r} exists already")
            tx.db["officers"].insert(self._row(officer_id, name, role, pin_hash, now))
            tx.audit(actor, "officer.created", {"officer": officer_id, "role": role.value})
        created = self.get(officer_id)
        assert created is not None
        return created

    def _update(self, by: Actor, officer_id: str, values: dict[str, Any], action: str,
                data: dict[str, Any] | None = None) -> Officer:
        actor = self._actor(by)
        values = {**values, "updated_at": _iso(self.clock.now())}
        with self.store.atomic() as tx:
            if not any(True for _ in tx.db.query("SELECT 1 FROM officers WHERE id = ?", [officer_id])):
                raise OfficerError(f"no officer {officer_id!r}")
            if values.get("disabled") and self._would_leave_no_supervisor(tx.db, officer_id):
                raise OfficerError("the last active supervisor cannot be disabled")
            tx.db["officers"].update(officer_id, values)
            tx.audit(actor, action, {"officer": officer_id, **(data or {})})
        officer = self.get(officer_id)
        assert officer is not None
        return officer

    @staticmethod
    def _would_leave_no_supervisor(db: Any, officer_id: str) -> bool:
        rows = list(db.query("SELECT id FROM officers WHERE role = 'supervisor' AND disabled = 0"))
        return [r["id"] for r in rows] == [officer_id]

    def set_disabled(self, by: Actor, officer_id: str, disabled: bool = True) -> Officer:
        return self._update(by, officer_id, {"disabled": int(disabled)},
                            "officer.disabled" if disabled else "officer.enabled")

    def reset_pin(self, by: Actor, officer_id: str, pin: str) -> Officer:
        """A new PIN; also lifts a lockout."""
        self._check_pin(pin)
        return self._update(by, officer_id, {"pin_hash": self.hasher.hash(pin), "failures": 0, "locked_until": None},
                            "officer.pin-reset")

    # --- signing in and out -------------------------------------------------------------------------

    def sign_in(self, officer_id: str, pin: str, lane_id: str = "") -> OfficerSession:
        """Raise SignInError unless the account exists, is enabled, not locked and the PIN matches."""
        now = self.clock.now()
        rows = self.store.query("SELECT * FROM officers WHERE id = ?", [officer_id])
        audit_lane = lane_id or None
        if not rows:
            try:
                self.hasher.verify(self._dummy_hash(), pin)
            except VerificationError:
                pass
            self.store.audit("officer:?", "officer.sign-in-failed", {"officer": officer_id, "why": "unknown"},
                             lane_id=audit_lane)
            raise SignInError("invalid", "unknown officer or wrong PIN")
        row = rows[0]
        if row["disabled"]:
            self.store.audit(f"officer:{officer_id}", "officer.sign-in-failed", {"why": "disabled"},
                             lane_id=audit_lane)
            raise SignInError("disabled", "this account is disabled")
        locked_until = datetime.fromisoformat(row["locked_until"]) if row["locked_until"] else None
        if locked_until is not None and now < locked_until:
            self.store.audit(f"officer:{officer_id}", "officer.sign-in-failed", {"why": "locked"},
                             lane_id=audit_lane)
            raise SignInError("locked", "too many wrong PINs: locked", locked_until=locked_until)
        try:
            self.hasher.verify(row["pin_hash"], pin)
        except (VerificationError, InvalidHashError):
            with self.store.atomic() as tx:
                # counted on the row as it is now: another console may have counted a failure meanwhile
                cur = next(iter(tx.db.query("SELECT failures, locked_until FROM officers WHERE id = ?",
                                            [officer_id])))
                cur_lock = datetime.fromisoformat(cur["locked_until"]) if cur["locked_until"] else None
                if cur_lock is not None and now < cur_lock:  # locked meanwhile: stays locked as it is
                    tx.audit(f"officer:{officer_id}", "officer.sign-in-failed", {"why": "locked"},
                             lane_id=audit_lane)
                    lock, until, failures = True, cur_lock, int(cur["failures"] or 0)
                else:
                    # an expired lock starts the count afresh
                    failures = (0 if cur_lock is not None else int(cur["failures"] or 0)) + 1
                    lock = failures >= self.config.max_failures
                    until = now + timedelta(seconds=self.config.lockout_s) if lock else None
                    tx.db["officers"].update(officer_id, {"failures": failures,
                                                          "locked_until": _iso(until) if until else None})
                    tx.audit(f"officer:{officer_id}", "officer.sign-in-failed",
                             {"why": "wrong-pin", "failures": failures}, lane_id=audit_lane)
                    if lock:
                        tx.audit("system", "officer.locked", {"officer": officer_id, "until": _iso(until)},
                                 lane_id=audit_lane)
            if lock:
                raise SignInError("locked", "too many wrong PINs: locked", locked_until=until) from None
            raise SignInError("invalid", "unknown officer or wrong PIN",
                              remaining_attempts=self.config.max_failures - failures) from None
        values: dict[str, Any] = {"failures": 0, "locked_until": None}
        if self.hasher.check_needs_rehash(row["pin_hash"]):
            values["pin_hash"] = self.hasher.hash(pin)  # keep hashes at the current cost parameters
        with self.store.atomic() as tx:
            tx.db["officers"].update(officer_id, values)
            tx.audit(f"officer:{officer_id}", "officer.signed-in", {"role": row["role"]}, lane_id=audit_lane)
        t = self.clock.monotonic()
        officer = self.get(officer_id)
        assert officer is not None
        return OfficerSession(officer, t, t, lane_id)

    def sign_out(self, session: OfficerSession, reason: str = "manual") -> None:
        if session.ended:
            return
        session.ended = True
        self.store.audit(session.officer.actor, "officer.signed-out", {"reason": reason},
                         lane_id=session.lane_id or None)

    def touch(self, session: OfficerSession) -> None:
        """The officer did something: the idle timer starts again."""
        session.last_activity = self.clock.monotonic()

    def idle_remaining(self, session: OfficerSession) -> float:
        return max(0.0, self.config.idle_signout_s - (self.clock.monotonic() - session.last_activity))

    def sign_out_if_idle(self, session: OfficerSession) -> bool:
        """Sign out (audited) when the session has been idle for `idle_signout_s`; True if it did."""
        if session.ended:
            return True
        if self.idle_remaining(session) > 0:
            return False
        self.sign_out(session, "idle")
        return True
