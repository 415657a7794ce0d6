"""The central declaration service, as the lane sees it: a lookup port with a timeout.

The signed QR code is checked on the lane (signature, validity, binding, single use on this lane).
The central service adds what only it can know: whether the declaration is registered, already used
at another lane or port, or withdrawn (amended, revoked); and, for a traveller who declared online
but shows no code, the signed declaration itself (verified with the same issuer keys, so the service
cannot invent one).

Fail-secure: a lookup that times out, fails or answers nonsense refers the traveller with the reason;
the traveller is never cleared on a lookup that did not answer. Drivers: `hardware.declaration.lookup`
("http", "simulator"), chosen by `[declarations.service] driver = ...`.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.errors import DeviceError, DeviceTimeout
from kiosk.ports import Clock, Device

STATUSES = ("ok", "unknown", "used", "revoked", "none")

# reason codes (see texts.toml: decl.reason.service.*)
SERVICE_TIMEOUT = "service:timeout"
SERVICE_UNAVAILABLE = "service:unavailable"
SERVICE_USED = "service:used"
SERVICE_REVOKED = "service:revoked"
SERVICE_UNKNOWN = "service:unknown"


@dataclass(frozen=True)
class LookupQuery:
    """What the lane asks. `token_id` None: "has this traveller declared online?". (The driver adds
    the lane's id from its configuration.)"""

    document_number: str
    date_of_birth: str
    token_id: str | None = None
    kid: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"document_number": self.document_number,
                "date_of_birth": self.date_of_birth, "token_id": self.token_id, "kid": self.kid}


@dataclass(frozen=True)
class LookupReply:
    """What the service answers.

    status: "ok" (registered and unused / found), "unknown" (the service has no such declaration),
    "used" (already used at another lane), "revoked" (withdrawn or superseded), "none" (asked by
    document: nothing declared online). `token`: the signed declaration text when asked by document.
    """

    status: str
    token: str | None = None
    detail: str = ""

    @classmethod
    def from_json(cls, data: Any, device: str = "declaration_service") -> LookupReply:
        """Validate a decoded JSON reply; DeviceError for anything else (which refers the traveller)."""
        if not isinstance(data, dict):
            raise DeviceError(device, "reply is not a JSON object")
        status = data.get("status")
        if status not in STATUSES:
            raise DeviceError(device, f"reply has no valid status ({status!r})")
        token = data.get("token")
        if token is not None and (not isinstance(token, str) or len(token) > 8192):
            raise DeviceError(device, "reply token is not a string of at most 8192 characters")
        detail = data.get("detail", "")
        return cls(status, token, detail if isinstance(detail, str) else "")


class DeclarationLookup(Device, Protocol):
    """A central declaration service (HTTP, or the simulator). Raises DeviceTimeout / DeviceError."""

    def lookup(self, query: LookupQuery, timeout: float) -> LookupReply: ...


def lookup_with_deadline(lookup: DeclarationLookup, query: LookupQuery, timeout: float,
                         clock: Clock | None = None) -> LookupReply:
    """Call `lookup` and give up after `timeout` seconds whatever the driver does.

    The driver gets the timeout too and should honour it; this is the lane's own guarantee that a
    driver which hangs, or answers late, ends in DeviceTimeout (a referral) rather than a stuck lane or
    a late pass. The call runs on a daemon thread so a hung driver cannot keep the process alive.
    """
    started = clock.monotonic() if clock is not None else None
    t0 = time.monotonic()
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def call() -> None:
        try:
            box.put((True, lookup.lookup(query, timeout)))
        except BaseException as exc:  # handed over to the caller's thread
            box.put((False, exc))

    threading.Thread(target=call, name="declaration-lookup", daemon=True).start()
    try:
        ok, value = box.get(timeout=timeout + 0.25)  # a little grace for the driver's own timeout
    except queue.Empty:
        raise DeviceTimeout("declaration_service", f"no answer within {timeout:.1f} s") from None
    if not ok:
        if isinstance(value, DeviceError):
            raise value
        raise DeviceError("declaration_service", f"lookup failed: {type(value).__name__}: {value}") from value
    # A late answer is no answer: with an injected clock (simulators) the wait may be simulated.
    # (`started is not None`, not truthiness: a simulated clock may well start at 0.0)
    simulated = clock.monotonic() - started if clock is not None and started is not None else 0.0
    elapsed = max(time.monotonic() - t0, simulated)
    if elapsed > timeout:
        raise DeviceTimeout("declaration_service", f"answer came after {elapsed:.1f} s (limit {timeout:.1f} s)")
    if not isinstance(value, LookupReply):
        raise DeviceError("declaration_service", f"driver returned {type(value).__name__}, not a LookupReply")
    return value
