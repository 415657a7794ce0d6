"""Simulated declaration scanner: what the current simulated traveller presents, as data.

Knobs (`SimScan`): payload (the QR text, or None: the traveller shows nothing and the scan times
out), garble (deliver a damaged reading of the payload), delay (simulated seconds before the read),
fault ("disconnect" | "timeout" | None). Set `scanner.behaviour = SimScan(...)` per traveller, or
give the scanner a `source` callable that returns the current traveller's `SimScan` (how the
simulated world is wired in). A demo issuer key is derived from a fixed seed so that the demo
configuration can list its public key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from hardware.registry import register
from kiosk.declarations.token import DocumentIdentity, issue_token
from kiosk.errors import DeviceDisconnected, DeviceTimeout
from kiosk.ports import Clock, DeviceHealth, SystemClock

from ._common import PORT, check_options

DEMO_KID = "demo-issuer-1"


@dataclass
class SimScan:
    payload: str | None = None
    garble: bool = False
    delay: float = 0.5
    fault: str | None = None  # "disconnect" | "timeout"


def garbled(payload: str | None) -> str:
    """A damaged reading: the code cut short and a character no e-declaration contains."""
    text = payload or "CKD1:"
    return text[: max(5, len(text) // 2)] + "~"


class SimDeclarationScanner:
    def __init__(
        self,
        behaviour: SimScan | None = None,
        *,
        clock: Clock | None = None,
        source: Callable[[], SimScan | None] | None = None,
        name: str = PORT,
    ) -> None:
        self.behaviour = behaviour or SimScan()
        self.clock: Clock = clock or SystemClock()
        self.source = source
        self.name = name
        self.scans = 0
        self.closed = False
        # The traveller holds the code up `delay` seconds after the lane first asks for it, however
        # finely the lane slices its polling; one code is delivered once.
        self._presented: tuple[SimScan, float] | None = None

    def scan(self, timeout: float) -> str:
        self.scans += 1
        b = (self.source() if self.source else None) or self.behaviour
        if b.fault == "disconnect":
            raise DeviceDisconnected(self.name, "simulated cable pulled")
        if b.fault == "timeout" or (b.payload is None and not b.garble):
            self.clock.sleep(timeout)
            raise DeviceTimeout(self.name, f"no code scanned within {timeout:.1f} s")
        if self._presented is None or self._presented[0] is not b:
            self._presented = (b, self.clock.monotonic() + b.delay)
        wait = self._presented[1] - self.clock.monotonic()
        if wait > timeout:
            self.clock.sleep(timeout)
            raise DeviceTimeout(self.name, f"no code scanned within {timeout:.1f} s")
        self.clock.sleep(wait)
        if self.source is not None:
            self._presented = (b, float("inf"))  # shown once; the next traveller brings a new code
        return garbled(b.payload) if b.garble else b.payload or ""

    def health(self) -> DeviceHealth:
        return DeviceHealth(self.name, "simulator", True, "simulated scanner")

    def close(self) -> None:
        self.closed = True


def demo_issuer_key(seed: str = "clearance-kiosk demo issuer") -> ed25519.Ed25519PrivateKey:
    """A fixed Ed25519 key for demos and the simulator (never for production: the seed is public)."""
    return ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed.encode()).digest())


def demo_token(answers: Mapping[str, Any], document: DocumentIdentity, **kw: Any) -> str:
    """An e-declaration signed with the demo key under DEMO_KID."""
    return issue_token(answers, document, demo_issuer_key(), kid=DEMO_KID, **kw)


@register(PORT, "simulator")
def create_sim_scanner(options: dict[str, Any], context: Any) -> SimDeclarationScanner:
    check_options(options, ("payload", "garble", "delay", "fault"), "simulator")
    return SimDeclarationScanner(
        SimScan(
            payload=options.get("payload"),
            garble=bool(options.get("garble", False)),
            delay=float(options.get("delay", 0.5)),
            fault=options.get("fault"),
        ),
        clock=getattr(context, "clock", None),
    )
