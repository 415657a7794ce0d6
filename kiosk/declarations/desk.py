"""One object the session uses for the declaration stage, built from the kiosk configuration.

[declarations]
direction = "entry"                     # or "exit"
port = "gongbei"                        # optional: per-port rules in the rules file
rules = "/etc/clearance-kiosk/declaration_rules.toml"   # optional: merged over the defaults
used_ids = "/var/lib/clearance-kiosk/used_declarations.sqlite"   # or ":memory:"
clock_skew_s = 300
max_validity_h = 168
[declarations.keys]                     # issuer key id -> PEM public key or certificate
"cn-customs-2026-01" = "/etc/clearance-kiosk/keys/cn-customs-2026-01.pem"
[declarations.overrides.limits]         # optional inline overrides of the rules
cigarettes = 200
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from kiosk.errors import ConfigError
from kiosk.evidence import DeclarationEvidence
from kiosk.ports import Clock

from .form import Form
from .replay import ReplayStoreError, SqliteUsedIdStore, UsedIdStore
from .rules import Decision, DeclarationRules, load_rules
from .token import (
    DocumentIdentity,
    PublicKey,
    TokenResult,
    TokenVerifier,
    declaration_from_qr,
    load_issuer_keys,
)

_KEYS = ("direction", "port", "rules", "used_ids", "clock_skew_s", "max_validity_h", "keys", "overrides")


class DeclarationDesk:
    """Questionnaire, QR verification and decision for one lane."""

    def __init__(self, rules: DeclarationRules, verifier: TokenVerifier) -> None:
        self.rules = rules
        self.verifier = verifier

    @classmethod
    def from_config(
        cls,
        section: Mapping[str, Any],
        *,
        clock: Clock | None = None,
        keys: Mapping[str, PublicKey] | None = None,
        used_ids: UsedIdStore | None = None,
    ) -> DeclarationDesk:
        for key in section:
            if key not in _KEYS:
                raise ConfigError(f"declarations.{key}: unknown setting (known: {', '.join(_KEYS)})")
        config = load_rules(section.get("rules"), section.get("overrides"))
        rules = DeclarationRules.from_config(
            config, str(section.get("direction", "entry")), section.get("port")
        )
        if keys is None:
            key_paths = section.get("keys", {})
            if not isinstance(key_paths, Mapping):
                raise ConfigError("declarations.keys: expected a table of key id = PEM path")
            keys = load_issuer_keys(key_paths)
        if used_ids is None:
            try:
                used_ids = SqliteUsedIdStore(str(section.get("used_ids", ":memory:")))
            except ReplayStoreError as exc:
                raise ConfigError(f"declarations.used_ids: {exc}") from exc
        verifier = TokenVerifier(
            keys,
            used_ids,
            clock=clock,
            clock_skew=timedelta(seconds=float(section.get("clock_skew_s", 300))),
            max_validity=timedelta(hours=float(section.get("max_validity_h", 168))),
        )
        verifier.purge_used_ids()
        return cls(rules, verifier)

    @property
    def form(self) -> Form:
        return self.rules.form

    def from_qr(self, text: str, document: DocumentIdentity) -> tuple[Decision, TokenResult]:
        """A scanned e-declaration for the traveller holding `document` (from the chip or MRZ)."""
        return declaration_from_qr(text, self.verifier, self.rules, document)

    def from_screen(self, answers: Mapping[str, Any]) -> Decision:
        return self.rules.evaluate(answers, "screen")

    # --- the lane's DeclarationService -----------------------------------------------------------

    def from_payload(self, payload: str, document: Any) -> DeclarationEvidence:
        """A scanned code for the traveller whose document evidence is `document`."""
        decision, _ = self.from_qr(payload, DocumentIdentity.from_evidence(document))
        return decision.to_evidence()

    def from_answers(self, answers: Mapping[str, Any], document: Any) -> DeclarationEvidence:
        return self.from_screen(answers).to_evidence()

    @staticmethod
    def evidence(decision: Decision) -> DeclarationEvidence:
        return decision.to_evidence()
