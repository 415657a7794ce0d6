"""systemd notification and watchdog (sd_notify protocol, a few lines of stdlib socket code).

Unit file::

    [Service]
    Type=notify
    WatchdogSec=5
    Restart=always
    NotifyAccess=main
    # after any exit, even SIGKILL: every relay off (hardware.gate.factory.switch_everything_off)
    ExecStopPost=/usr/bin/clearance-kiosk gate-off

The GUI event loop calls `Watchdog.kick()` from a timer (every `Watchdog.interval()` seconds).
If the loop hangs, the kicks stop, systemd kills and restarts the process after `WatchdogSec`.

Why a hung or dead kiosk leaves the gate shut:

1. A leaf is only ever opened by a pulse of `pulse_s` (default 1 s) that the controller keeps
   re-issuing while it wants the leaf open. A hung controller stops re-issuing; the pulse ends in
   the relay module (hardware pulse) or on the driver's timer thread, and the leaf closes.
2. If the whole process hangs or dies, the timer thread dies with it; then the watchdog kill and
   restart reopens the drivers, and every driver switches all outputs off when it opens the
   device. Modbus modules with a flash/delay function (hardware pulse) drop the relay by
   themselves even then; for the other boards the worst case is the watchdog timeout.
3. Nothing latches a leaf open, so the worst case is "open for `pulse_s` (hung thread or
   hardware pulse), or until the watchdog restarts the process (process hung or killed)".

Without NOTIFY_SOCKET (not started by systemd: development, tests) every call is a no-op.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)


def sd_notify(message: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send one notification datagram; False when not under systemd or the send failed."""
    env = os.environ if environ is None else environ
    address = env.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # abstract namespace socket
    elif not address.startswith("/"):
        log.warning("NOTIFY_SOCKET %r is neither a path nor an abstract socket", address)
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode("utf-8"))
        return True
    except OSError as exc:
        log.warning("sd_notify failed: %s", exc)
        return False


class Watchdog:
    """READY=1 once, WATCHDOG=1 from `kick()`, STATUS=... for `systemctl status`.

    `healthy`, if given, is asked on every kick; while it returns False the watchdog is not fed,
    so a lane whose controller is wedged gets restarted even though the GUI loop still runs.
    """

    def __init__(
        self,
        healthy: Callable[[], bool] | None = None,
        environ: Mapping[str, str] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._env = dict(os.environ if environ is None else environ)
        self._healthy = healthy
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._last_kick = -float("inf")
        self._status = ""
        usec = self._env.get("WATCHDOG_USEC", "")
        pid = self._env.get("WATCHDOG_PID", "")
        self.timeout_s: float | None = int(usec) / 1e6 if usec.isdigit() and int(usec) > 0 else None
        if pid and pid.isdigit() and int(pid) != os.getpid():
            self.timeout_s = None  # the watchdog is meant for another process

    @property
    def enabled(self) -> bool:
        return bool(self._env.get("NOTIFY_SOCKET"))

    def interval(self) -> float:
        """How often to kick: half the systemd timeout (5 s when no watchdog is configured)."""
        return self.timeout_s / 2 if self.timeout_s else 5.0

    def ready(self, status: str = "") -> bool:
        msg = "READY=1" + (f"\nSTATUS={status}" if status else "")
        return sd_notify(msg, self._env)

    def status(self, text: str) -> bool:
        if text == self._status:
            return True
        self._status = text
        return sd_notify(f"STATUS={text}", self._env)

    def kick(self) -> bool:
        """Feed the watchdog (rate-limited to a quarter of the timeout). False if not fed."""
        if self._healthy is not None:
            try:
                ok = bool(self._healthy())
            except Exception:
                log.exception("watchdog health check failed")
                ok = False
            if not ok:
                return False
        with self._lock:
            now = self._monotonic()
            if self.timeout_s and now - self._last_kick < self.timeout_s / 4:
                return True
            self._last_kick = now
        return sd_notify("WATCHDOG=1", self._env)

    def stopping(self, status: str = "") -> bool:
        return sd_notify("STOPPING=1" + (f"\nSTATUS={status}" if status else ""), self._env)
