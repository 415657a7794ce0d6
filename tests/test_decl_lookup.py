"""The central declaration service: lookup port, HTTP driver (against a real local http.server), the
simulator, and the desk's fail-secure use of them (unreachable, slow or nonsense -> referral)."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import ClassVar

import pytest
from decl_fixtures import DOC, T0, FakeClock, clean_answers, entry_rules, keys

from hardware.declaration.lookup import HttpDeclarationLookup, SimDeclarationLookup, create_lookup
from kiosk.config import DeclarationsConfig, KioskConfig, from_dict
from kiosk.declarations.desk import DeclarationDesk
from kiosk.declarations.lookup import LookupQuery, LookupReply, lookup_with_deadline
from kiosk.declarations.replay import MemoryUsedIdStore
from kiosk.declarations.token import TokenVerifier, issue_token
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError, DeviceTimeout
from kiosk.ports import DeviceHealth

KEY = keys()["ed"]
QUERY = LookupQuery("E12345678", "900101", "00aa11bb22cc33dd44ee55ff", "cn-1")


# --- a real HTTP server on 127.0.0.1 -------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    mode = "ok"
    seen: ClassVar[list] = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        Handler.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        mode = Handler.mode
        if mode == "slow":
            time.sleep(1.0)
        if mode == "http500":
            self.send_response(500)
            self.end_headers()
            return
        payload = {
            "ok": b'{"status": "ok"}',
            "slow": b'{"status": "ok"}',
            "used": b'{"status": "used", "detail": "lane 7 at 09:12"}',
            "not-json": b"<html>maintenance</html>",
            "bad-status": b'{"status": "maybe"}',
            "huge": b'{"status": "ok", "detail": "' + b"x" * 100_000 + b'"}',
        }.get(mode, b"")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if mode == "trickle":
            self.send_header("Content-Length", "200")
            self.end_headers()
            for _ in range(40):  # 4 s for the body, one byte at a time
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
            return
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api/v1/lookup"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def mode():
    Handler.seen = []

    def set_mode(m):
        Handler.mode = m

    yield set_mode
    Handler.mode = "ok"


def test_http_lookup_posts_the_query_as_json(server, mode):
    mode("ok")
    lookup = HttpDeclarationLookup(server, lane_id="LANE-07", headers={"Authorization": "Bearer t0k3n"})
    assert lookup.lookup(QUERY, 2.0) == LookupReply("ok")
    (req,) = Handler.seen
    assert req["path"] == "/api/v1/lookup"
    assert req["headers"]["Content-Type"] == "application/json"
    assert req["headers"]["Authorization"] == "Bearer t0k3n"
    assert req["body"] == {"lane": "LANE-07", "document_number": "E12345678", "date_of_birth": "900101",
                           "token_id": "00aa11bb22cc33dd44ee55ff", "kid": "cn-1"}
    assert lookup.health().ok


def test_http_lookup_reports_used_with_detail(server, mode):
    mode("used")
    assert HttpDeclarationLookup(server).lookup(QUERY, 2.0) == LookupReply("used", None, "lane 7 at 09:12")


@pytest.mark.parametrize("m", ["slow", "trickle"])
def test_http_lookup_has_one_deadline_for_the_whole_exchange(server, mode, m):
    mode(m)
    lookup = HttpDeclarationLookup(server)
    t = time.monotonic()
    with pytest.raises(DeviceTimeout):
        lookup.lookup(QUERY, 0.4)
    assert time.monotonic() - t < 0.9  # a trickling body does not stretch the timeout
    assert not lookup.health().ok


@pytest.mark.parametrize(("m", "message"), [("http500", "HTTP 500"), ("not-json", "not JSON"),
                                            ("bad-status", "no valid status"), ("huge", "larger than")])
def test_http_lookup_bad_answers_are_errors(server, mode, m, message):
    mode(m)
    with pytest.raises(DeviceError, match=message):
        HttpDeclarationLookup(server).lookup(QUERY, 2.0)


def test_http_lookup_unreachable_service():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DeviceDisconnected, match="unreachable"):
        HttpDeclarationLookup(f"http://127.0.0.1:{port}/").lookup(QUERY, 1.0)


def test_http_lookup_refuses_other_urls():
    with pytest.raises(ConfigError, match=r"declarations\.service\.url"):
        HttpDeclarationLookup("ftp://example.org/x")


# --- the deadline guard --------------------------------------------------------------------------------


class HungLookup:
    def __init__(self):
        self.release = threading.Event()

    def lookup(self, query, timeout):
        self.release.wait(10)
        return LookupReply("ok")

    def health(self):
        return DeviceHealth("x", "hung", True)

    def close(self):
        self.release.set()


def test_a_driver_that_hangs_ends_in_timeout():
    hung = HungLookup()
    t = time.monotonic()
    with pytest.raises(DeviceTimeout):
        lookup_with_deadline(hung, QUERY, 0.2)
    assert time.monotonic() - t < 1.0
    hung.close()


def test_a_late_answer_is_no_answer():
    clock = FakeClock()
    slow = SimDeclarationLookup(fault="slow", delay=5.0, clock=clock)
    with pytest.raises(DeviceTimeout, match=r"after 5\.0 s"):
        lookup_with_deadline(slow, QUERY, 2.0, clock)


def test_a_late_answer_is_no_answer_on_a_clock_that_starts_at_zero():
    clock = FakeClock()
    clock._mono = 0.0  # a simulated monotonic clock may start at 0: still measured
    slow = SimDeclarationLookup(fault="slow", delay=5.0, clock=clock)
    with pytest.raises(DeviceTimeout, match=r"after 5\.0 s"):
        lookup_with_deadline(slow, QUERY, 2.0, clock)


def test_driver_bugs_become_device_errors():
    class Broken(HungLookup):
        def lookup(self, query, timeout):
            raise KeyError("oops")

    with pytest.raises(DeviceError, match="KeyError"):
        lookup_with_deadline(Broken(), QUERY, 1.0)


# --- the desk ------------------------------------------------------------------------------------------


def desk(lookup, clock=None, **kw):
    clock = clock or FakeClock()
    verifier = TokenVerifier({"cn-1": KEY.public_key()}, MemoryUsedIdStore(), clock=clock)
    return DeclarationDesk(entry_rules(), verifier, lookup=lookup, lookup_timeout=2.0, **kw)


def code(**answers):
    return issue_token(clean_answers(entry_rules(), **answers), DOC, KEY, kid="cn-1", issued_at=T0)


def test_valid_code_is_confirmed_with_the_service_and_then_used_elsewhere():
    service = SimDeclarationLookup()
    text = code(alcohol_tobacco=True, cigarettes=600)
    decision, result = desk(service).from_qr(text, DOC)
    assert result.valid and decision.status == "declared" and decision.items == ["tobacco"]
    (query,) = service.queries
    assert query == LookupQuery("E12345678", "900101", result.token_id, "cn-1")
    # another lane (its own local store) shows the same code: the service knows it was used
    decision, result = desk(service).from_qr(text, DOC)
    assert result.valid  # locally nothing is wrong with it ...
    assert decision.status == "invalid" and decision.refers  # ... but it is refused
    assert [r.code for r in decision.reasons] == ["over-limit:cigarettes", "service:used"]
    assert decision.items == ["tobacco"]  # the officer still sees what was declared
    assert decision.to_evidence().reasons == ["over-limit:cigarettes", "service:used"]


@pytest.mark.parametrize(
    ("service", "reason"),
    [
        (SimDeclarationLookup(fault="down"), "service:unavailable"),
        (SimDeclarationLookup(fault="slow", delay=5.0), "service:timeout"),
        (SimDeclarationLookup(fault="garbage"), "service:unavailable"),
        (SimDeclarationLookup(default_status="revoked"), "service:revoked"),
    ],
)
def test_service_trouble_refers_never_passes(service, reason):
    clock = FakeClock()
    service.clock = clock
    decision, result = desk(service, clock).from_qr(code(), DOC)
    assert result.valid
    assert decision.status == "invalid" and decision.refers
    assert [r.code for r in decision.reasons] == [reason]
    texts = decision.reasons[0].text_key
    assert entry_rules().form.text(texts, "en") != texts and entry_rules().form.text(texts, "zh_CN") != texts


def test_unregistered_codes_refer_only_when_required():
    assert desk(SimDeclarationLookup(default_status="unknown")).from_qr(code(), DOC)[0].status == "nothing-to-declare"
    decision, _ = desk(SimDeclarationLookup(default_status="unknown"), require_registered=True).from_qr(code(), DOC)
    assert [r.code for r in decision.reasons] == ["service:unknown"]


def test_invalid_codes_are_not_sent_to_the_service():
    service = SimDeclarationLookup()
    decision, result = desk(service).from_qr("CKD1:GARBAGE", DOC)
    assert not result.valid and decision.refers and service.queries == []


def test_http_service_too_slow_refers(server, mode):
    mode("slow")
    d = desk(HttpDeclarationLookup(server))
    d.lookup_timeout = 0.3
    decision, _ = d.from_qr(code(), DOC)
    assert [r.code for r in decision.reasons] == ["service:timeout"] and decision.refers


def test_http_service_confirms(server, mode):
    mode("ok")
    decision, _ = desk(HttpDeclarationLookup(server)).from_qr(code(), DOC)
    assert decision.status == "nothing-to-declare" and not decision.refers


def test_declared_online_without_a_code():
    service = SimDeclarationLookup(online={"E12345678": code(cash=True, cash_cny=30000)})
    decision = desk(service).from_service(DOC)
    assert decision is not None and decision.source == "service" and decision.items == ["currency"]
    assert service.queries[0].token_id is None
    assert desk(SimDeclarationLookup()).from_service(DOC) is None  # nothing declared online
    down = desk(SimDeclarationLookup(fault="down")).from_service(DOC)
    assert down is not None and down.refers and [r.code for r in down.reasons] == ["service:unavailable"]
    assert desk(None).from_service(DOC) is None
    # the service cannot invent a declaration: its token is verified like a scanned one
    forged = issue_token(clean_answers(entry_rules()), DOC, keys()["ed"], kid="cn-1", issued_at=T0)
    refused = desk(SimDeclarationLookup(online={"E12345678": forged})).from_service(DOC)
    assert refused is not None and [r.code for r in refused.reasons] == ["token:bad-signature"]


# --- configuration ---------------------------------------------------------------------------------------


def test_configuration_builds_the_service_and_the_desk(tmp_path):
    cfg = from_dict({"declarations": {"service": {"driver": "simulator", "default_status": "revoked"},
                                      "service_timeout_s": 1.5, "require_registered": True}})
    context = SimpleNamespace(clock=FakeClock(), config=cfg)
    service = create_lookup(cfg.declarations.service, context)
    assert isinstance(service, SimDeclarationLookup) and service.default_status == "revoked"
    section = cfg.declarations.desk_section("entry", ":memory:")
    section.pop("keys")
    d = DeclarationDesk.from_config(section, clock=context.clock, keys={"cn-1": KEY.public_key()},
                                    lookup=service)
    assert d.lookup is service and d.lookup_timeout == 1.5 and d.require_registered
    assert [r.code for r in d.from_qr(code(), DOC)[0].reasons] == ["service:revoked"]


def test_http_driver_takes_the_lane_id_from_the_configuration():
    cfg = from_dict({"lane": {"id": "GB-12"}, "declarations": {"service": {"driver": "http",
                                                                           "url": "http://127.0.0.1:9/x"}}})
    service = create_lookup(cfg.declarations.service, SimpleNamespace(config=cfg, clock=None))
    assert isinstance(service, HttpDeclarationLookup) and service.lane_id == "GB-12"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"driver": "carrier-pigeon"}, "declarations.service.driver: unknown driver"),
        ({"url": "http://x"}, "declarations.service.driver: required"),
        ({"driver": "http"}, "declarations.service.url: required"),
        ({"driver": "http", "url": "http://x", "colour": 1}, "declarations.service.colour"),
        ({"driver": "simulator", "fault": "fire"}, "declarations.service.fault"),
        ({"driver": "http", "url": "https://x", "ca_file": "/nonexistent/ca.pem"}, "declarations.service.ca_file"),
        ({"driver": "http", "url": "https://x", "ca_file": __file__}, "declarations.service.ca_file"),
    ],
)
def test_service_configuration_errors_name_the_key(table, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        create_lookup(table, SimpleNamespace(config=KioskConfig(), clock=None))


def test_no_service_configured():
    assert create_lookup({}, None) is None
    assert DeclarationsConfig().service == {}
    with pytest.raises(ConfigError, match="service_timeout_s"):
        from_dict({"declarations": {"service_timeout_s": 0}})


def test_doctor_reports_the_declaration_service():
    from ui.doctor import _decl_service

    assert _decl_service(from_dict({})) == (True, "none configured", {})
    ok, detail, _ = _decl_service(from_dict({"declarations": {"service": {"driver": "simulator", "fault": "down"}}}))
    assert not ok and detail.startswith("simulator:")
