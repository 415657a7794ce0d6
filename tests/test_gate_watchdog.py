"""sd_notify datagrams to a real unix socket standing in for systemd."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

from kiosk.watchdog import Watchdog, sd_notify


@pytest.fixture
def systemd(tmp_path):
    path = str(tmp_path / "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(1)
    yield sock, path
    sock.close()


def received(sock: socket.socket) -> list[str]:
    out = []
    sock.settimeout(0.2)
    try:
        while True:
            out.append(sock.recv(4096).decode())
    except TimeoutError:
        return out


def test_no_socket_is_a_noop() -> None:
    assert sd_notify("READY=1", {}) is False
    wd = Watchdog(environ={})
    assert not wd.enabled and wd.ready() is False and wd.kick() is False and wd.interval() == 5.0


def test_ready_status_and_kicks(systemd) -> None:
    sock, path = systemd
    t = [0.0]
    env = {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "4000000", "WATCHDOG_PID": str(os.getpid())}
    wd = Watchdog(environ=env, monotonic=lambda: t[0])
    assert wd.interval() == 2.0
    assert wd.ready("lane 3 in service")
    assert wd.kick()
    t[0] = 0.5
    assert wd.kick()  # rate-limited: no datagram
    t[0] = 1.1
    assert wd.kick()
    assert wd.status("gate out of service") and wd.status("gate out of service")
    assert received(sock) == [
        "READY=1\nSTATUS=lane 3 in service",
        "WATCHDOG=1",
        "WATCHDOG=1",
        "STATUS=gate out of service",
    ]


def test_unhealthy_lane_is_not_fed(systemd) -> None:
    sock, path = systemd
    state = {"ok": True}
    wd = Watchdog(healthy=lambda: state["ok"], environ={"NOTIFY_SOCKET": path})
    assert wd.kick()
    state["ok"] = False
    assert wd.kick() is False
    assert received(sock) == ["WATCHDOG=1"]


def test_abstract_socket_and_foreign_pid() -> None:
    name = f"kiosk-test-{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    try:
        assert sd_notify("READY=1", {"NOTIFY_SOCKET": "@" + name})
        assert received(sock) == ["READY=1"]
    finally:
        sock.close()
    wd = Watchdog(environ={"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"})
    assert wd.timeout_s is None
    assert sd_notify("READY=1", {"NOTIFY_SOCKET": "/nonexistent/socket"}) is False
