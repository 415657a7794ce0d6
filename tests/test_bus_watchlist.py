"""Central watchlist snapshots: fresh → checked, hit → refer, stale/unreachable/slow → refer."""

from __future__ import annotations

import http.server
import json
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from hardware.bus import build_watchlist
from hardware.bus.watchlist import FileWatchlist, HttpWatchlist, SimulatedWatchlist
from kiosk import config as kconfig
from kiosk.evidence import DocumentEvidence
from kiosk.ports import SystemClock
from kiosk.watchlist import HIT, UNAVAILABLE, WatchlistGuard, WatchlistUnavailable, make_snapshot


def _doc(number: str = "L898902C3", state: str = "UTO") -> DocumentEvidence:
    return DocumentEvidence("TD3", "P", state, number, "740812", "320415", "F", state, "ERIKSSON", "ANNA MARIA")


class StepClock(SystemClock):
    """Wall time shifted by `offset` (so a snapshot can age) and a monotonic clock we advance."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.mono = 0.0

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def monotonic(self) -> float:
        return self.mono


def test_fresh_snapshot_clears_unlisted_and_refers_listed_documents():
    source = SimulatedWatchlist([("UTO", "L898902C3")], version="v7")
    guard = WatchlistGuard(source, StepClock(), max_age_s=600)
    assert guard.reasons_for(_doc()) == [HIT]
    result = guard.check("UTO", "X1234567")
    assert (result.status, result.version, result.reasons) == ("clear", "v7", [])
    assert guard.check("uto", "L898902C3<").status == "hit"  # normalised like the MRZ gives it
    assert source.fetches == 1  # the snapshot is cached until the refresh period


def test_stale_snapshot_and_unreachable_service_refer():
    clock = StepClock()
    source = SimulatedWatchlist([], version="v1", clock=clock)
    guard = WatchlistGuard(source, clock, max_age_s=60, refresh_s=30)
    assert guard.check("UTO", "A").status == "clear"
    source.reachable = False
    clock.offset, clock.mono = timedelta(seconds=61), 31.0  # the service is gone and the snapshot ages
    result = guard.check("UTO", "A")
    assert result.status == "unavailable" and "stale" in result.detail and result.reasons == [UNAVAILABLE]
    source.reachable = True  # back: the next traveller's check fetches at once (stale forces a refresh)
    assert guard.check("UTO", "A").status == "clear"
    never = WatchlistGuard(SimulatedWatchlist(reachable=False), clock, max_age_s=60)
    assert never.check("UTO", "A").reasons == [UNAVAILABLE]
    assert never.reasons_for(None) == [UNAVAILABLE]


def test_a_slow_service_is_cut_off_at_the_timeout():
    guard = WatchlistGuard(SimulatedWatchlist(delay_s=10), StepClock(), max_age_s=60, timeout_s=0.2)
    t0 = time.monotonic()
    assert guard.check("UTO", "A").status == "unavailable"
    assert time.monotonic() - t0 < 1.0


def test_an_older_snapshot_never_replaces_a_newer_one(tmp_path):
    path = tmp_path / "wl.json"
    now = datetime.now(UTC)
    path.write_text(json.dumps(make_snapshot("v2", [("UTO", "B")], salt="s", issued_at=now).to_json()))
    guard = WatchlistGuard(FileWatchlist(path), StepClock(), max_age_s=600)
    assert guard.refresh()
    path.write_text(json.dumps(make_snapshot("v1", [], salt="s", issued_at=now - timedelta(hours=1)).to_json()))
    assert guard.refresh() and guard.snapshot is not None and guard.snapshot.version == "v2"


@pytest.mark.parametrize("content", ["{not json", json.dumps({"version": "x"}), json.dumps(
    {"version": "x", "issued_at": "2026-01-01T00:00:00", "entries": []}), json.dumps(
    {"version": "x", "issued_at": "2026-01-01T00:00:00+00:00", "entries": ["L898902C3"]})])
def test_malformed_snapshots_are_unavailable_not_clear(tmp_path, content):
    path = tmp_path / "wl.json"
    path.write_text(content)
    with pytest.raises(WatchlistUnavailable):
        FileWatchlist(path).fetch(1)
    assert WatchlistGuard(FileWatchlist(path), StepClock(), max_age_s=600).check("UTO", "A").status == "unavailable"
    with pytest.raises(WatchlistUnavailable):
        FileWatchlist(tmp_path / "missing.json").fetch(1)


def test_http_driver_fetches_a_snapshot_and_times_out():
    body = json.dumps(make_snapshot("h1", [("UTO", "L898902C3")], salt="pepper").to_json()).encode()
    slow = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/slow":
                slow.wait(3)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, name="wl-http")
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        snap = HttpWatchlist(base + "/wl").fetch(2)
        assert snap.version == "h1" and snap.contains("UTO", "L898902C3")
        with pytest.raises(WatchlistUnavailable):
            HttpWatchlist(base + "/slow").fetch(0.3)
        with pytest.raises(WatchlistUnavailable):
            HttpWatchlist("http://127.0.0.1:1/none").fetch(0.5)
    finally:
        slow.set()
        server.shutdown()
        server.server_close()
        thread.join()


def test_configuration_builds_the_guard_by_driver_name(tmp_path):
    assert build_watchlist(kconfig.from_dict({}), SystemClock()) is None
    cfg = kconfig.from_dict({"watchlist": {"driver": "simulator", "max_age_s": 60,
                                           "options": {"documents": ["UTO:L898902C3"]}}})
    guard = build_watchlist(cfg, SystemClock())
    assert guard is not None and guard.reasons_for(_doc()) == [HIT] and guard.reasons_for(_doc("Z9")) == []
    path = tmp_path / "wl.json"
    path.write_text(json.dumps(make_snapshot("f1", []).to_json()))
    cfg = kconfig.from_dict({"watchlist": {"driver": "file", "options": {"path": str(path)}}})
    assert build_watchlist(cfg, SystemClock()).check("UTO", "A").version == "f1"


def test_background_refresh_keeps_travellers_from_waiting():
    source = SimulatedWatchlist([("UTO", "L898902C3")])
    guard = WatchlistGuard(source, SystemClock(), max_age_s=60, timeout_s=0.5, refresh_s=0.05)
    guard.start()
    try:
        deadline = time.monotonic() + 5
        while guard.snapshot is None and time.monotonic() < deadline:
            time.sleep(0.01)
        fetched = source.fetches
        source.delay_s = 10  # the service hangs: the check answers from the cache, at once
        t0 = time.monotonic()
        assert guard.check("UTO", "L898902C3").status == "hit"
        assert time.monotonic() - t0 < 0.1 and fetched >= 1
    finally:
        guard.stop()


def test_a_snapshot_from_the_future_never_stands_in_for_a_fresh_one():
    clock = StepClock()
    source = SimulatedWatchlist([], version="future", age_s=-3600)  # stamped an hour ahead
    guard = WatchlistGuard(source, clock, max_age_s=60)
    assert guard.check("UTO", "A").status == "unavailable"  # not cached: it would never go stale
    assert "future" in guard.last_error
    source.age_s, source.version = 0, "now"
    assert guard.refresh() and guard.check("UTO", "A").status == "clear"
    clock.offset = -timedelta(hours=1)  # the lane's clock jumps back: the snapshot's age is unknown
    assert guard.check("UTO", "A").status == "unavailable"


def test_a_document_that_cannot_be_looked_up_refers():
    guard = WatchlistGuard(SimulatedWatchlist([]), StepClock(), max_age_s=60)
    doc = _doc()
    object.__setattr__(doc, "document_number", None)
    assert guard.reasons_for(doc) == [UNAVAILABLE]


def test_a_dead_refresh_thread_does_not_leave_the_snapshot_unrefreshed():
    clock = StepClock()
    source = SimulatedWatchlist([], version="v1", clock=clock)
    guard = WatchlistGuard(source, clock, max_age_s=60, refresh_s=30)
    guard._thread = threading.Thread(target=lambda: None)  # started once, then died
    guard._thread.start()
    guard._thread.join()
    assert guard.check("UTO", "A").status == "clear" and source.fetches == 1  # the check fetches itself
