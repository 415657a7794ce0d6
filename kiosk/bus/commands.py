"""Officer commands over the bus: the message, its signature, its checks, and their execution.

Why signed messages, on top of TLS client certificates and the broker's ACL: the ACL says which
*certificates* may write a lane's command topic, but the lane would then trust the broker and its
configuration completely, and its audit trail could only say "someone with a console certificate".
So each command is signed end to end with the console's own key (the one of its TLS client
certificate, issued by the port CA with OU=console) and names the officer the console signed in
(officer id, sign-in session id and time). The lane checks, before doing anything:

1. the certificate was issued by the port CA, is valid now, is a *console* certificate (a lane's or a
   stolen broker certificate cannot sign commands) and is on the lane's allow-list, if it has one;
2. the signature over the whole command (lane, action, arguments, officer, times, id);
3. freshness: issued recently (clock skew allowed), not expired, from a sign-in session that is not
   too old; the command id was never executed before (a replay table in the lane database);
4. the officer may perform the action (`OfficerAccounts`: a roster from the configuration, or any
   officer a trusted console signed in).

No shared secret is distributed to the lanes (HMAC session tokens would put every console's secret on
every lane); revoking a console is removing its certificate from the allow-list or not renewing it.
Accepted and rejected commands alike are recorded in the lane's hash-chained audit trail, with the
signature, so the trail proves who ordered what.
"""

from __future__ import annotations

import base64
import json
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

from kiosk.bus.envelope import MalformedMessage, _field, _loads
from kiosk.bus.topics import check_name

COMMAND_VERSION = 1
CONSOLE_OU = "console"
LANE_OU = "lane"

# action → required arguments
ACTIONS: dict[str, tuple[str, ...]] = {
    "release": ("referral",),
    "refuse": ("referral",),
    "inspection": ("referral",),  # the red channel
    "open-gate": (),
    "reset-gate": (),
    "in-service": (),
    "out-of-service": (),
}


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat(timespec="milliseconds")


def _parse_time(obj: dict[str, Any], name: str) -> datetime:
    try:
        t = datetime.fromisoformat(_field(obj, name, str))
    except ValueError:
        raise MalformedMessage(f"field {name!r} is not an ISO 8601 time") from None
    if t.tzinfo is None:
        raise MalformedMessage(f"field {name!r} has no time zone")
    return t


@dataclass(frozen=True)
class OfficerSession:
    """An officer signed in at a console (the console checked the PIN/card; the lane checks the rest)."""

    officer_id: str
    session_id: str
    signed_in_at: datetime

    @classmethod
    def start(cls, officer_id: str, now: datetime | None = None) -> OfficerSession:
        return cls(officer_id, uuid.uuid4().hex, now or datetime.now(UTC))

    def to_json(self) -> dict[str, str]:
        return {"id": self.officer_id, "session": self.session_id, "signed_in_at": _iso(self.signed_in_at)}


@dataclass(frozen=True)
class Command:
    command_id: str
    lane_id: str
    action: str
    args: dict[str, Any]
    officer: OfficerSession
    console_id: str
    issued_at: datetime
    expires_at: datetime
    cert_pem: str
    signature: bytes = b""

    def body(self) -> dict[str, Any]:
        """Everything the signature covers (all but the signature)."""
        return {"v": COMMAND_VERSION, "command_id": self.command_id, "lane": self.lane_id, "action": self.action,
                "args": self.args, "officer": self.officer.to_json(), "console": self.console_id,
                "issued_at": _iso(self.issued_at), "expires_at": _iso(self.expires_at), "cert": self.cert_pem}

    def to_json(self) -> bytes:
        return _canonical({**self.body(), "sig": base64.b64encode(self.signature).decode()})

    @classmethod
    def from_json(cls, payload: bytes | str) -> Command:
        obj = _loads(payload)
        if _field(obj, "v", int) != COMMAND_VERSION:
            raise MalformedMessage("command version not supported")
        action = _field(obj, "action", str)
        if action not in ACTIONS:
            raise MalformedMessage(f"unknown action {action!r}")
        args = _field(obj, "args", dict)
        for name in ACTIONS[action]:
            if not isinstance(args.get(name), str) or not args[name]:
                raise MalformedMessage(f"action {action!r} needs argument {name!r}")
        off = _field(obj, "officer", dict)
        try:
            officer = OfficerSession(_field(off, "id", str), _field(off, "session", str),
                                     _parse_time(off, "signed_in_at"))
            lane = check_name("lane", _field(obj, "lane", str))
            console = check_name("console", _field(obj, "console", str))
            sig = base64.b64decode(_field(obj, "sig", str), validate=True)
        except (ValueError, TypeError) as exc:
            if isinstance(exc, MalformedMessage):
                raise
            raise MalformedMessage(str(exc)) from None
        if not officer.officer_id or len(officer.officer_id) > 128:
            raise MalformedMessage("officer id is empty or too long")
        command_id = _field(obj, "command_id", str)
        if not 16 <= len(command_id) <= 64:
            raise MalformedMessage("command_id must be 16 to 64 characters")
        return cls(command_id, lane, action, args, officer, console,
                   _parse_time(obj, "issued_at"), _parse_time(obj, "expires_at"), _field(obj, "cert", str), sig)


def _sign(key: Any, data: bytes) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key.sign(data)
    raise ValueError("console key must be an EC or Ed25519 private key")


def _verify(public: Any, signature: bytes, data: bytes) -> None:
    if isinstance(public, ec.EllipticCurvePublicKey):
        public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    elif isinstance(public, ed25519.Ed25519PublicKey):
        public.verify(signature, data)
    else:
        raise InvalidSignature("unsupported key type")


class CommandSigner:
    """The console side: builds and signs commands with the console's key and certificate."""

    def __init__(self, console_id: str, key_pem: bytes, cert_pem: bytes, *, validity_s: float = 30.0) -> None:
        self.console_id = check_name("console", console_id)
        self.key = serialization.load_pem_private_key(key_pem, password=None)
        self.cert_pem = cert_pem.decode() if isinstance(cert_pem, bytes) else cert_pem
        self.validity = timedelta(seconds=validity_s)

    def sign(self, lane_id: str, action: str, session: OfficerSession, now: datetime | None = None,
             **args: Any) -> Command:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        now = now or datetime.now(UTC)
        unsigned = Command(uuid.uuid4().hex, lane_id, action, dict(args), session, self.console_id, now,
                           now + self.validity, self.cert_pem)
        return replace(unsigned, signature=_sign(self.key, _canonical(unsigned.body())))


class OfficerAccounts(Protocol):
    def may(self, officer_id: str, action: str) -> bool: ...


class AnyOfficer:
    """Any officer a trusted console signed in may do anything (a port with one officer role)."""

    def may(self, officer_id: str, action: str) -> bool:
        return bool(officer_id)


@dataclass
class Roster:
    """officer id → allowed actions ("*": all)."""

    officers: dict[str, list[str]]

    def may(self, officer_id: str, action: str) -> bool:
        allowed = self.officers.get(officer_id)
        return allowed is not None and ("*" in allowed or action in allowed)


class Rejected(Exception):
    def __init__(self, why: str, detail: str = "") -> None:
        super().__init__(f"{why}: {detail}" if detail else why)
        self.why = why
        self.detail = detail


@dataclass
class CommandVerifier:
    """The lane's checks (1–4 of the module docstring, except the replay table, which is the handler's)."""

    lane_id: str
    ca: x509.Certificate
    accounts: OfficerAccounts = field(default_factory=AnyOfficer)
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    skew: timedelta = timedelta(seconds=30)
    max_validity: timedelta = timedelta(seconds=120)
    max_session: timedelta = timedelta(hours=12)
    consoles: frozenset[str] = frozenset()  # allow-list; empty: any console certificate of the CA

    def verify(self, cmd: Command) -> x509.Certificate:
        if cmd.lane_id != self.lane_id:
            raise Rejected("wrong-lane", f"command for {cmd.lane_id}")
        cert = self._console_certificate(cmd)
        try:
            _verify(cert.public_key(), cmd.signature, _canonical(cmd.body()))
        except InvalidSignature:
            raise Rejected("bad-signature") from None
        now = self.clock()
        if cmd.issued_at > now + self.skew:
            raise Rejected("not-yet-valid", "issued in the future")
        if cmd.expires_at <= now - self.skew or cmd.expires_at - cmd.issued_at > self.max_validity:
            raise Rejected("expired")
        if cmd.officer.signed_in_at > cmd.issued_at + self.skew or now - cmd.officer.signed_in_at > self.max_session:
            raise Rejected("session-expired", "the officer must sign in again")
        if not self.accounts.may(cmd.officer.officer_id, cmd.action):
            raise Rejected("not-authorised", f"{cmd.officer.officer_id} may not {cmd.action}")
        return cert

    def _console_certificate(self, cmd: Command) -> x509.Certificate:
        try:
            cert = x509.load_pem_x509_certificate(cmd.cert_pem.encode())
            cert.verify_directly_issued_by(self.ca)
        except (ValueError, TypeError, InvalidSignature) as exc:
            raise Rejected("untrusted-console", f"certificate not issued by the port CA ({exc})") from None
        now = self.clock()
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise Rejected("untrusted-console", "certificate not valid now")
        ou = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)]
        cn = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
        if ou != [CONSOLE_OU]:
            raise Rejected("untrusted-console", "not a console certificate")
        if cn != [cmd.console_id]:
            raise Rejected("untrusted-console", "certificate names another console")
        if self.consoles and cmd.console_id not in self.consoles:
            raise Rejected("untrusted-console", f"{cmd.console_id} is not on this lane's allow-list")
        return cert


class LaneControl(Protocol):
    """What an officer command can make the lane do (implemented against kiosk.lane.Lane below)."""

    def release(self, referral_id: str, officer: str, reason: str, note: str = "") -> None: ...

    def refuse(self, referral_id: str, officer: str, reason: str, note: str = "") -> None: ...

    def inspection(self, referral_id: str, officer: str, reason: str, note: str = "") -> None: ...

    def open_gate(self, officer: str) -> None: ...

    def reset_gate(self, officer: str) -> None: ...

    def set_in_service(self, in_service: bool, officer: str) -> None: ...

    def state(self) -> dict[str, Any]:
        """The lane's state for the retained state topic."""
        ...

    def health(self) -> list[dict[str, Any]]:
        """Device health for the retained health topic."""
        ...


log = logging.getLogger("kiosk.bus.commands")


def reply_json(cmd_id: str, lane_id: str, ok: bool, result: str, detail: str = "") -> bytes:
    return _canonical({"command_id": cmd_id, "lane": lane_id, "ok": ok, "result": result, "detail": detail})


class CommandHandler:
    """Validates one raw command, executes it at most once through `LaneControl`, audits either way.

    Returns (console id or None, reply payload) — the reply goes to that console's reply topic.
    """

    def __init__(self, control: LaneControl, store: Any, verifier: CommandVerifier) -> None:
        self.control = control
        self.store = store
        self.verifier = verifier

    def handle(self, payload: bytes) -> tuple[str | None, bytes]:
        lane = self.verifier.lane_id
        try:
            cmd = Command.from_json(payload)
        except MalformedMessage as exc:
            self.store.audit("bus", "command.rejected", {"why": "malformed", "detail": str(exc)[:200]})
            return None, reply_json("", lane, False, "malformed", str(exc))
        claimed = {"command_id": cmd.command_id, "console": cmd.console_id, "officer": cmd.officer.officer_id,
                   "action": cmd.action, "args": cmd.args}
        try:
            cert = self.verifier.verify(cmd)
            self._claim(cmd)
        except Rejected as rej:
            log.warning("command %s from %s rejected: %s", cmd.command_id, cmd.console_id, rej)
            self.store.audit(f"console:{cmd.console_id}", "command.rejected",
                             {**claimed, "why": rej.why, "detail": rej.detail})
            return cmd.console_id, reply_json(cmd.command_id, lane, False, rej.why, rej.detail)
        except Exception as exc:  # a check that cannot be made (accounts database, odd certificate) refuses
            log.exception("command %s from %s could not be verified", cmd.command_id, cmd.console_id)
            self.store.audit(f"console:{cmd.console_id}", "command.rejected",
                             {**claimed, "why": "verification-failed", "detail": type(exc).__name__})
            return cmd.console_id, reply_json(cmd.command_id, lane, False, "verification-failed",
                                              type(exc).__name__)
        fingerprint = cert.fingerprint(hashes.SHA256()).hex()
        self.store.audit(f"officer:{cmd.officer.officer_id}", f"command.{cmd.action}",
                         {**claimed, "session": cmd.officer.session_id, "issued_at": _iso(cmd.issued_at),
                          "console_cert_sha256": fingerprint, "signature": base64.b64encode(cmd.signature).decode()})
        ok, result, detail = self._execute(cmd)
        with self.store.transaction() as conn:
            conn.execute("UPDATE bus_commands SET result = ? WHERE command_id = ?", [result, cmd.command_id])
        if not ok:
            self.store.audit(f"officer:{cmd.officer.officer_id}", "command.failed",
                             {"command_id": cmd.command_id, "result": result, "detail": detail})
        return cmd.console_id, reply_json(cmd.command_id, lane, ok, result, detail)

    def _claim(self, cmd: Command) -> None:
        """At most once: the id is recorded before the command runs, so a crash cannot run it twice."""
        with self.store.transaction() as conn:
            if conn.execute("SELECT 1 FROM bus_commands WHERE command_id = ?", [cmd.command_id]).fetchone():
                raise Rejected("replayed", "this command was already received")
            conn.execute(
                "INSERT INTO bus_commands (command_id, received_at, console, officer, action, result) "
                "VALUES (?, ?, ?, ?, ?, 'pending')",
                [cmd.command_id, _iso(datetime.now(UTC)), cmd.console_id, cmd.officer.officer_id, cmd.action])

    def _execute(self, cmd: Command) -> tuple[bool, str, str]:
        officer = cmd.officer.officer_id
        reason = str(cmd.args.get("reason") or "")
        note = str(cmd.args.get("note") or "")
        try:
            if cmd.action == "release":
                self.control.release(cmd.args["referral"], officer, reason or "identity-confirmed", note)
            elif cmd.action == "refuse":
                self.control.refuse(cmd.args["referral"], officer, reason or "refused-by-officer", note)
            elif cmd.action == "inspection":
                self.control.inspection(cmd.args["referral"], officer, reason or "inspection-by-officer", note)
            elif cmd.action == "open-gate":
                self.control.open_gate(officer)
            elif cmd.action == "reset-gate":
                self.control.reset_gate(officer)
            elif cmd.action in ("in-service", "out-of-service"):
                self.control.set_in_service(cmd.action == "in-service", officer)
        except KeyError as exc:
            return False, "unknown-referral", str(exc)
        except ValueError as exc:
            return False, "refused-by-lane", str(exc)
        except Exception as exc:  # the lane stays up; the officer sees why
            log.exception("command %s failed", cmd.command_id)
            return False, "failed", f"{type(exc).__name__}: {exc}"
        return True, "done", ""


class KioskLaneControl:
    """`LaneControl` on the existing lane, doing what the kiosk window's officer view does: referral
    decisions through `Store.decide_referral` (audited there), in/out of service on `Lane.in_service`
    (audited here), gate actions on one worker thread so the bus thread never waits on a relay."""

    def __init__(self, lane: Any, store: Any) -> None:
        self.lane = lane
        self.store = store
        self._gate = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bus-gate")

    def _gate_task(self, what: str, fn: Callable[[], Any]) -> None:
        def run() -> None:
            try:
                fn()
            except Exception as exc:  # e.g. reset refused while the cause persists: the gate says why
                log.warning("gate %s failed: %s", what, exc)
                self.store.audit("gate", f"gate.{what}-failed", {"error": str(exc)[:200]})

        self._gate.submit(run)

    def _admit(self) -> None:
        timeout = self.lane.config.timeouts.gate.timeout_s
        self._gate_task("admit", lambda: self.lane.devices.gate.admit(timeout))

    def release(self, referral_id: str, officer: str, reason: str, note: str = "") -> None:
        self.store.decide_referral(referral_id, officer=officer, decision="released", reason=reason, note=note)
        self._admit()

    def refuse(self, referral_id: str, officer: str, reason: str, note: str = "") -> None:
        self.store.decide_referral(referral_id, officer=officer, decision="refused", reason=reason, note=note)

    def inspection(self, referral_id: str, officer: str, reason: str, note: str = "") -> None:
        self.store.decide_referral(referral_id, officer=officer, decision="red-channel", reason=reason, note=note)

    def open_gate(self, officer: str) -> None:
        self.store.audit(f"officer:{officer}", "gate.open-requested", {})
        self._admit()

    def reset_gate(self, officer: str) -> None:
        gate = self.lane.devices.gate
        self._gate_task("reset", lambda: gate.reset(officer))

    def set_in_service(self, in_service: bool, officer: str) -> None:
        self.lane.in_service = in_service
        self.store.audit(f"officer:{officer}", "lane.in-service" if in_service else "lane.out-of-service", {})

    def state(self) -> dict[str, Any]:
        cfg = self.lane.config.lane
        return {"lane": cfg.id, "name": cfg.name, "direction": cfg.direction, "status": self.lane.status,
                "in_service": bool(self.lane.in_service), "open_referrals": len(self.store.open_referrals())}

    def health(self) -> list[dict[str, Any]]:
        out = []
        for name, dev in self.lane.devices.all().items():
            try:
                h = dev.health()
                out.append({"device": name, "driver": h.driver, "ok": h.ok, "detail": h.detail})
            except Exception as exc:
                out.append({"device": name, "driver": "?", "ok": False, "detail": f"health failed: {exc}"})
        return out

    def close(self) -> None:
        self._gate.shutdown(wait=True, cancel_futures=False)
