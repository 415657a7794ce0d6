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
[declarations.service]                  # optional: the central declaration service (see lookup.py)
driver = "http"                         # or "simulator"
url = "https://declarations.example/api/v1/lookup"
# service_timeout_s = 2.0 and require_registered = false sit in [declarations] itself

With a service configured every valid QR code is confirmed with it (registered, not used at another
lane, not withdrawn); a timeout or failure refers the traveller with the reason, never clears.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from kiosk.errors import ConfigError, DeviceError, DeviceTimeout
from kiosk.evidence import DeclarationEvidence
from kiosk.ports import Clock

from .form import Form
from .lookup import (
    SERVICE_REVOKED,
    SERVICE_TIMEOUT,
    SERVICE_UNAVAILABLE,
    SERVICE_UNKNOWN,
    SERVICE_USED,
    DeclarationLookup,
    LookupQuery,
    LookupReply,
    lookup_with_deadline,
)
from .replay import ReplayStoreError, SqliteUsedIdStore, UsedIdStore
from .rules import STATUS_INVALID, Decision, DeclarationRules, Reason, load_rules
from .token import (
    DocumentIdentity,
    PublicKey,
    TokenResult,
    TokenVerifier,
    declaration_from_qr,
    load_issuer_keys,
)

log = logging.getLogger("kiosk.declarations")

_KEYS = ("direction", "port", "rules", "used_ids", "clock_skew_s", "max_validity_h", "keys", "overrides",
         "service_timeout_s", "require_registered")

_SERVICE_REASONS = {
    SERVICE_TIMEOUT: "decl.reason.service.timeout",
    SERVICE_UNAVAILABLE: "decl.reason.service.unavailable",
    SERVICE_USED: "decl.reason.service.used",
    SERVICE_REVOKED: "decl.reason.service.revoked",
    SERVICE_UNKNOWN: "decl.reason.service.unknown",
}


class DeclarationDesk:
    """Questionnaire, QR verification and decision for one lane (and the central service, if any)."""

    def __init__(self, rules: DeclarationRules, verifier: TokenVerifier, *,
                 lookup: DeclarationLookup | None = None, lookup_timeout: float = 2.0,
                 require_registered: bool = False,
                 rules_source: tuple[Mapping[str, Any], str, str | None] | None = None) -> None:
        self._rules = rules
        # (config, direction, port): with a [[schedule]] the rules are rebuilt when the day changes
        self._rules_source = rules_source if rules_source and rules_source[0].get("schedule") else None
        self._rules_day = verifier.clock.now().astimezone().date()
        self.verifier = verifier
        self.lookup = lookup
        self.lookup_timeout = float(lookup_timeout)
        self.require_registered = bool(require_registered)

    @classmethod
    def from_config(
        cls,
        section: Mapping[str, Any],
        *,
        clock: Clock | None = None,
        keys: Mapping[str, PublicKey] | None = None,
        used_ids: UsedIdStore | None = None,
        lookup: DeclarationLookup | None = None,
    ) -> DeclarationDesk:
        for key in section:
            if key not in _KEYS:
                raise ConfigError(f"declarations.{key}: unknown setting (known: {', '.join(_KEYS)})")
        config = load_rules(section.get("rules"), section.get("overrides"))
        direction, port = str(section.get("direction", "entry")), section.get("port")
        today = (clock.now() if clock is not None else datetime.now()).astimezone().date()  # local day
        rules = DeclarationRules.from_config(config, direction, port, on=today)
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
        timeout = float(section.get("service_timeout_s", 2.0))
        if not timeout > 0:
            raise ConfigError("declarations.service_timeout_s: must be greater than 0")
        return cls(rules, verifier, lookup=lookup, lookup_timeout=timeout,
                   require_registered=bool(section.get("require_registered", False)),
                   rules_source=(config, direction, port))

    @property
    def rules(self) -> DeclarationRules:
        """The rules in force today (a scheduled change of limits takes effect at midnight)."""
        if self._rules_source is not None:
            today = self.verifier.clock.now().astimezone().date()
            if today != self._rules_day:
                config, direction, port = self._rules_source
                self._rules = DeclarationRules.from_config(config, direction, port, on=today)
                self._rules_day = today
        return self._rules

    @property
    def form(self) -> Form:
        return self.rules.form

    def from_qr(self, text: str, document: DocumentIdentity) -> tuple[Decision, TokenResult]:
        """A scanned e-declaration for the traveller holding `document` (from the chip or MRZ).

        With a central service, a code valid here is confirmed with it before its answers count."""
        decision, result = declaration_from_qr(text, self.verifier, self.rules, document)
        if result.valid and self.lookup is not None:
            query = LookupQuery(document.document_number, document.date_of_birth, result.token_id, result.kid)
            reply, failure = self._ask(query)
            if failure is None and reply is not None:
                if reply.status == "used":
                    failure = (SERVICE_USED, reply.detail)
                elif reply.status == "revoked":
                    failure = (SERVICE_REVOKED, reply.detail)
                elif reply.status in ("unknown", "none") and self.require_registered:
                    failure = (SERVICE_UNKNOWN, reply.detail)
            if failure is not None:
                decision = _refer(decision, *failure)
        return decision, result

    def from_service(self, document: DocumentIdentity) -> Decision | None:
        """The declaration the traveller made online, from the central service (no code shown).

        None: the service has none (ask for a code or the screen form). The service's answer is a
        signed declaration verified like a scanned one; a failed lookup is a referral decision."""
        if self.lookup is None:
            return None
        reply, failure = self._ask(LookupQuery(document.document_number, document.date_of_birth))
        if failure is not None:
            return _refer(Decision(STATUS_INVALID, "service"), *failure)
        assert reply is not None
        if reply.status in ("used", "revoked"):
            code = SERVICE_USED if reply.status == "used" else SERVICE_REVOKED
            return _refer(Decision(STATUS_INVALID, "service"), code, reply.detail)
        if reply.status != "ok" or reply.token is None:
            return None
        decision, _ = declaration_from_qr(reply.token, self.verifier, self.rules, document)
        decision.source = "service"
        return decision

    def _ask(self, query: LookupQuery) -> tuple[LookupReply | None, tuple[str, str] | None]:
        assert self.lookup is not None
        try:
            return lookup_with_deadline(self.lookup, query, self.lookup_timeout, self.verifier.clock), None
        except DeviceTimeout as exc:
            log.warning("declaration service: %s", exc)
            return None, (SERVICE_TIMEOUT, exc.detail)
        except DeviceError as exc:
            log.warning("declaration service: %s", exc)
            return None, (SERVICE_UNAVAILABLE, exc.detail)

    def from_screen(self, answers: Mapping[str, Any]) -> Decision:
        return self.rules.evaluate(answers, "screen")

    # --- the lane's DeclarationService -----------------------------------------------------------

    def from_payload(self, payload: str, document: Any) -> DeclarationEvidence:
        """A scanned code for the traveller whose document evidence is `document`."""
        decision, _ = self.from_qr(payload, DocumentIdentity.from_evidence(document))
        return decision.to_evidence()

    def from_answers(self, answers: Mapping[str, Any], document: Any) -> DeclarationEvidence:
        return self.from_screen(answers).to_evidence()

    def from_document(self, document: Any) -> DeclarationEvidence | None:
        """Declared online without a code: the central service's declaration (None: none, or no service)."""
        decision = self.from_service(DocumentIdentity.from_evidence(document))
        return None if decision is None else decision.to_evidence()

    @staticmethod
    def evidence(decision: Decision) -> DeclarationEvidence:
        return decision.to_evidence()


def _refer(decision: Decision, code: str, detail: str = "") -> Decision:
    """The same answers and items, but invalid: the lane refers, and the officer sees why."""
    reason = Reason(code, _SERVICE_REASONS[code], {"detail": detail} if detail else {})
    return replace(decision, status=STATUS_INVALID, reasons=[*decision.reasons, reason],
                   items=list(decision.items), answers=dict(decision.answers))
