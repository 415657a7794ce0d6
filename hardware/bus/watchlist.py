"""Watchlist snapshot drivers: a file the port's central system drops, an HTTPS endpoint, a simulator."""

from __future__ import annotations

import json
import ssl
import threading
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hardware import registry
from kiosk.watchlist import WatchlistSnapshot, WatchlistUnavailable, make_snapshot


class FileWatchlist:
    """A JSON snapshot on disk (written atomically by whatever syncs it from the central system)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()

    def fetch(self, timeout: float) -> WatchlistSnapshot:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise WatchlistUnavailable(f"{self.path}: no snapshot") from None
        except (OSError, ValueError) as exc:
            raise WatchlistUnavailable(f"{self.path}: {exc}") from None
        return WatchlistSnapshot.from_json(data)


class HttpWatchlist:
    """GET a JSON snapshot over HTTPS (the port CA may be given), within the timeout."""

    def __init__(self, url: str, ca_file: str | None = None, cert_file: str | None = None,
                 key_file: str | None = None) -> None:
        self.url = url
        self.context: ssl.SSLContext | None = None
        if url.startswith("https:"):
            self.context = ssl.create_default_context(cafile=ca_file)
            if cert_file:
                self.context.load_cert_chain(cert_file, key_file)

    def fetch(self, timeout: float) -> WatchlistSnapshot:
        try:
            with urllib.request.urlopen(self.url, timeout=timeout, context=self.context) as resp:
                data = json.loads(resp.read(32 * 1024 * 1024))
        except (urllib.error.URLError, OSError, ValueError, TimeoutError) as exc:
            raise WatchlistUnavailable(f"{self.url}: {exc}") from None
        return WatchlistSnapshot.from_json(data)


class SimulatedWatchlist:
    """A central watchlist on a test bench: listed documents, an age, and a switch to take it away."""

    def __init__(self, documents: list[tuple[str, str]] | None = None, *, version: str = "sim-1",
                 age_s: float = 0.0, reachable: bool = True, delay_s: float = 0.0, clock: Any = None) -> None:
        self.documents = list(documents or [])
        self.version = version
        self.age_s = age_s
        self.reachable = reachable
        self.delay_s = delay_s
        self.fetches = 0
        self.clock = clock  # the lane's clock (simulated time), else the wall clock
        self._gone = threading.Event()

    def fetch(self, timeout: float) -> WatchlistSnapshot:
        self.fetches += 1
        if self.delay_s > timeout:  # an unresponsive service: the lane does not wait past its timeout
            self._gone.wait(timeout)
            raise WatchlistUnavailable(f"simulated watchlist timed out after {timeout:g} s")
        if not self.reachable:
            raise WatchlistUnavailable("simulated watchlist unreachable")
        return make_snapshot(self.version, self.documents, salt="sim",
                             issued_at=(self.clock.now() if self.clock else datetime.now(UTC))
                             - timedelta(seconds=self.age_s))


@registry.register("watchlist", "file")
def _file(options: dict[str, Any], context: Any) -> FileWatchlist:
    return FileWatchlist(options["path"])


@registry.register("watchlist", "http")
def _http(options: dict[str, Any], context: Any) -> HttpWatchlist:
    return HttpWatchlist(options["url"], options.get("ca_file"), options.get("cert_file"), options.get("key_file"))


@registry.register("watchlist", "simulator")
def _sim(options: dict[str, Any], context: Any) -> SimulatedWatchlist:
    docs = [tuple(str(x) for x in d.split(":", 1)) for d in options.get("documents", [])]
    return SimulatedWatchlist([(d[0], d[1]) for d in docs if len(d) == 2], age_s=float(options.get("age_s", 0)),
                              reachable=bool(options.get("reachable", True)), clock=getattr(context, "clock", None))
