"""Shared helpers for the declaration tests (imported, not a conftest)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from kiosk.declarations import DeclarationRules, default_rules
from kiosk.declarations.rules import nothing_to_declare_answers
from kiosk.declarations.token import DocumentIdentity

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DOC = DocumentIdentity("E12345678", "900101", "CHN")
OTHER_DOC = DocumentIdentity("E12345679", "900101", "CHN")


class FakeClock:
    """A clock that only moves when told to (sleep advances it)."""

    def __init__(self, start: datetime = T0) -> None:
        self._now = start
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def sleep(self, seconds: float) -> None:
        self.advance(max(0.0, seconds))

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds


def keys() -> dict[str, Any]:
    return {"ed": ed25519.Ed25519PrivateKey.generate(), "p256": ec.generate_private_key(ec.SECP256R1())}


def entry_rules(port: str | None = None, **overrides: Any) -> DeclarationRules:
    from kiosk.declarations.rules import deep_merge

    return DeclarationRules.from_config(deep_merge(default_rules(), overrides), "entry", port)


def clean_answers(rules: DeclarationRules | None = None, **overrides: Any) -> dict[str, Any]:
    return nothing_to_declare_answers(rules or entry_rules(), **overrides)
