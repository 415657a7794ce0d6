"""pytest fixtures for the bus tests: a port PKI in tmp_path and a real Mosquitto on 127.0.0.1.

Use with ``from bus_fixtures import *`` and mark the module ``pytestmark = pytest.mark.mosquitto``.
Without the mosquitto binary the tests are skipped, unless KIOSK_REQUIRE_MOSQUITTO=1 or CI=true,
which turns the skip into a failure (CI installs it through packaging/dev.sh).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest

from hardware.bus.broker import Mosquitto, mosquitto_executable
from hardware.bus.pki import PortPki, write_port_pki
from kiosk.config import BusConfig

__all__ = ["CONSOLES", "LANES", "broker", "bus_config", "port_pki", "wait_until"]

LANES = ["LANE-01", "LANE-02", "LANE-03", "LANE-K"]
CONSOLES = ["CONSOLE-A", "CONSOLE-B"]


def wait_until(predicate: Callable[[], bool], timeout: float, what: str = "condition",
               describe: Callable[[], str] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}" + (f": {describe()}" if describe else ""))


@pytest.fixture(scope="module")
def port_pki(tmp_path_factory: pytest.TempPathFactory) -> PortPki:
    return write_port_pki(tmp_path_factory.mktemp("pki"), LANES, CONSOLES, prefix="test-port")


@pytest.fixture(scope="module")
def broker(port_pki: PortPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mosquitto]:
    if mosquitto_executable() is None:
        reason = "mosquitto is not installed (apt-get install mosquitto)"
        if os.environ.get("KIOSK_REQUIRE_MOSQUITTO") == "1" or os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    b = Mosquitto(port_pki, tmp_path_factory.mktemp("broker"))
    b.start()
    yield b
    b.stop()


def bus_config(pki: PortPki, broker: Mosquitto, ident: str, **over: object) -> BusConfig:
    cert, key = pki.lanes[ident] if ident in pki.lanes else pki.consoles[ident]
    data: dict[str, object] = {
        "host": "127.0.0.1", "port": broker.port, "prefix": "test-port",
        "tls": {"ca_file": str(pki.ca_file), "cert_file": str(cert), "key_file": str(key)},
        "reconnect_min_s": 0.1, "reconnect_max_s": 0.5, "keepalive_s": 5, "resend_after_s": 3.0,
        "state_interval_s": 0.2,
    }
    data.update(over)
    return BusConfig.model_validate(data)


