"""Central declaration service drivers (port "declaration_service"): HTTP(S) JSON and a simulator.

HTTP protocol (one POST per lookup, JSON both ways, UTF-8):

    POST <url>                      Content-Type: application/json  (+ any configured headers)
    {"lane": "LANE-01", "document_number": "E12345678", "date_of_birth": "900101",
     "token_id": "6ac02f68581f2a5aada3850d" | null, "kid": "cn-customs-2026-01" | null}

    200 {"status": "ok" | "unknown" | "used" | "revoked" | "none", "token": "CKD1:..." | null,
         "detail": "..."}

Anything else (another HTTP status, no JSON, a bad status value, more than 64 KiB, no answer within
the timeout) raises DeviceError / DeviceTimeout, which the desk turns into a referral. The whole
exchange has one deadline (a trickling server cannot stretch it): a timer shuts the socket down when
it passes. The document number travels to the service: use https (`ca_file` for a private CA).

    [declarations.service]
    driver = "http"
    url = "https://declarations.example/api/v1/lookup"
    ca_file = "/etc/clearance-kiosk/central-ca.pem"     # optional
    headers = { Authorization = "Bearer ..." }           # optional
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from hardware.registry import create, register
from kiosk.declarations.lookup import DeclarationLookup, LookupQuery, LookupReply
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError, DeviceTimeout, UnknownDriver
from kiosk.ports import Clock, DeviceHealth, SystemClock

PORT = "declaration_service"
MAX_REPLY_BYTES = 64 * 1024


def _check(options: Mapping[str, Any], known: set[str], driver: str) -> None:
    for key in options:
        if key not in known:
            raise ConfigError(f"declarations.service.{key}: unknown option for driver {driver!r} "
                              f"(known: {', '.join(sorted(known))})")


class HttpDeclarationLookup:
    """The central service over HTTP(S) with a hard per-lookup deadline."""

    def __init__(self, url: str, *, lane_id: str = "", headers: Mapping[str, str] | None = None,
                 ca_file: str | None = None, name: str = PORT) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"declarations.service.url: {url!r} is not an http(s) URL")
        self.url = url
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.lane_id = lane_id
        self.headers = {str(k): str(v) for k, v in (headers or {}).items()}
        try:
            self.context = ssl.create_default_context(cafile=ca_file) if parts.scheme == "https" else None
        except (OSError, ssl.SSLError) as exc:  # missing or not a PEM bundle: a configuration error
            raise ConfigError(f"declarations.service.ca_file: cannot load {ca_file!r}: {exc}") from None
        self.name = name
        self.last_error: str | None = None

    def lookup(self, query: LookupQuery, timeout: float) -> LookupReply:
        try:
            reply = self._exchange(query, timeout)
        except DeviceError as exc:
            self.last_error = str(exc)
            raise
        self.last_error = None
        return reply

    def _exchange(self, query: LookupQuery, timeout: float) -> LookupReply:
        deadline = time.monotonic() + timeout
        body = json.dumps({"lane": self.lane_id, **query.as_json()}).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json", **self.headers}
        conn: http.client.HTTPConnection
        if self.context is not None:
            conn = http.client.HTTPSConnection(self.host, self.port, timeout=timeout, context=self.context)
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        expired = threading.Event()
        sockets: list[socket.socket] = []

        def cut() -> None:  # the deadline passed: wake whatever connect/recv/send is blocked
            expired.set()
            for sock in sockets:  # kept here: http.client drops conn.sock once the reply is read
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        timer = threading.Timer(timeout, cut)
        timer.daemon = True
        timer.start()
        try:
            conn.connect()
            if conn.sock is not None:
                sockets.append(conn.sock)
            if expired.is_set():
                raise DeviceTimeout(self.name, f"no connection within {timeout:.1f} s")
            conn.request("POST", self.path, body=body, headers=headers)
            response = conn.getresponse()
            data = bytearray()
            while True:
                chunk = response.read(8192)
                if not chunk:
                    break
                data += chunk
                if len(data) > MAX_REPLY_BYTES:
                    raise DeviceError(self.name, f"reply larger than {MAX_REPLY_BYTES} bytes")
            if expired.is_set() or time.monotonic() > deadline:
                raise DeviceTimeout(self.name, f"no complete answer within {timeout:.1f} s")
        except TimeoutError:
            raise DeviceTimeout(self.name, f"no answer within {timeout:.1f} s") from None
        except DeviceError:
            raise
        except (ConnectionRefusedError, socket.gaierror) as exc:
            raise DeviceDisconnected(self.name, f"{self.url} unreachable: {exc}") from None
        except (OSError, http.client.HTTPException) as exc:
            if expired.is_set():
                raise DeviceTimeout(self.name, f"no complete answer within {timeout:.1f} s") from None
            raise DeviceError(self.name, f"{self.url}: {type(exc).__name__}: {exc}") from None
        finally:
            timer.cancel()
            conn.close()
        if response.status != 200:
            raise DeviceError(self.name, f"{self.url} answered HTTP {response.status} {response.reason}")
        try:
            decoded = json.loads(bytes(data).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise DeviceError(self.name, "reply is not JSON") from None
        return LookupReply.from_json(decoded, self.name)

    def health(self) -> DeviceHealth:
        ok = self.last_error is None
        return DeviceHealth(self.name, "http", ok, self.last_error or f"{self.url}", {"url": self.url})

    def close(self) -> None:
        pass


@dataclass
class SimDeclarationLookup:
    """A central service in memory. `registry`: token id -> status ("ok", "used", "revoked");
    `online`: document number -> signed token (declared online, no code). Unlisted tokens get
    `default_status`. `fault`: None | "down" (unreachable) | "slow" (answers, but only after `delay`,
    set it above the timeout) | "garbage" (a malformed reply); `delay` is time on the injected clock."""

    registry: dict[str, str] = field(default_factory=dict)
    online: dict[str, str] = field(default_factory=dict)
    default_status: str = "ok"
    fault: str | None = None
    delay: float = 0.0
    clock: Clock = field(default_factory=SystemClock)
    queries: list[LookupQuery] = field(default_factory=list)
    name: str = PORT

    def lookup(self, query: LookupQuery, timeout: float) -> LookupReply:
        self.queries.append(query)
        if self.fault == "down":
            raise DeviceDisconnected(self.name, "simulated service unreachable")
        # "slow" answers normally, only late: the desk's own deadline must turn it into a referral.
        self.clock.sleep(self.delay)
        if self.fault == "garbage":
            return LookupReply.from_json({"status": "maybe"}, self.name)
        if query.token_id is None:
            token = self.online.get(query.document_number)
            return LookupReply("ok", token) if token else LookupReply("none")
        status = self.registry.get(query.token_id, self.default_status)
        if status == "ok":
            self.registry[query.token_id] = "used"  # the service sees the code used from now on
        return LookupReply(status)

    def health(self) -> DeviceHealth:
        return DeviceHealth(self.name, "simulator", self.fault != "down", f"simulated service ({self.fault or 'ok'})")

    def close(self) -> None:
        pass


@register(PORT, "http")
def create_http(options: dict[str, Any], context: Any) -> HttpDeclarationLookup:
    _check(options, {"url", "headers", "ca_file"}, "http")
    if "url" not in options:
        raise ConfigError("declarations.service.url: required for the http driver")
    config = getattr(context, "config", None)
    lane_id = config.lane.id if config is not None else ""
    headers = options.get("headers", {})
    if not isinstance(headers, Mapping):
        raise ConfigError("declarations.service.headers: expected a table of header = value")
    return HttpDeclarationLookup(str(options["url"]), lane_id=lane_id, headers=headers,
                                 ca_file=options.get("ca_file"))


@register(PORT, "simulator")
def create_sim(options: dict[str, Any], context: Any) -> SimDeclarationLookup:
    _check(options, {"default_status", "fault", "delay"}, "simulator")
    status = options.get("default_status", "ok")
    if status not in ("ok", "unknown", "used", "revoked"):
        raise ConfigError("declarations.service.default_status: ok, unknown, used or revoked")
    fault = options.get("fault")
    if fault not in (None, "down", "slow", "garbage"):
        raise ConfigError("declarations.service.fault: down, slow or garbage")
    return SimDeclarationLookup(default_status=status, fault=fault, delay=float(options.get("delay", 0.0)),
                                clock=getattr(context, "clock", None) or SystemClock())


def create_lookup(service: Mapping[str, Any] | None, context: Any = None) -> DeclarationLookup | None:
    """The configured `[declarations.service]` (None when the table is empty)."""
    if not service:
        return None
    options = dict(service)
    driver = options.pop("driver", None)
    if not isinstance(driver, str):
        raise ConfigError("declarations.service.driver: required (http or simulator)")
    try:
        return create(PORT, driver, options, context)
    except UnknownDriver:
        raise ConfigError(f"declarations.service.driver: unknown driver {driver!r} (http, simulator)") from None
