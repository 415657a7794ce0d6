"""Turns the evidence of one traveller into `clear` or `refer`, with every reason spelled out."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.config import PolicyConfig
from kiosk.evidence import (
    Check,
    ChipEvidence,
    DeclarationEvidence,
    DocumentEvidence,
    FaceEvidence,
    TemperatureEvidence,
)


@dataclass(frozen=True)
class Decision:
    outcome: str  # "clear" | "refer"
    reasons: tuple[str, ...] = ()

    @property
    def cleared(self) -> bool:
        return self.outcome == "clear"


@dataclass
class Evidence:
    document: DocumentEvidence | None = None
    chip: ChipEvidence | None = None
    face: FaceEvidence | None = None
    temperature: TemperatureEvidence | None = None
    declaration: DeclarationEvidence | None = None
    faults: list[str] = field(default_factory=list)  # stage failures: "chip-unreadable", ...


class Policy:
    """Pure function of the evidence: anything missing, failed or unknown refers (fail-secure)."""

    def __init__(self, config: PolicyConfig | None = None) -> None:
        self.config = config or PolicyConfig()

    def decide(self, ev: Evidence) -> Decision:
        c = self.config
        reasons: list[str] = list(ev.faults)
        if ev.document is None:
            reasons.append("document-missing")
        elif ev.document.expired and c.refer_expired_documents:
            reasons.append("document-expired")
        chip = ev.chip
        if chip is None:
            reasons.append("chip-missing")
        else:
            if not chip.dg1_matches_mrz:
                reasons.append("dg1-mrz-mismatch")
            if c.require_passive_auth and chip.passive_auth is not Check.VALID:
                reasons.append("passive-auth-failed")
                reasons.extend(f"passive-auth:{f}" for f in chip.passive_auth_failures)
            if c.refer_on_active_auth_failure and chip.active_auth is Check.INVALID:
                reasons.append("active-auth-failed")
            if c.refer_on_chip_auth_failure and chip.chip_auth is Check.INVALID:
                reasons.append("chip-auth-failed")
        face = ev.face
        if face is None:
            reasons.append("face-missing")
        else:
            if not face.matched:
                reasons.append("face-mismatch")
            if c.require_liveness and face.liveness is not Check.VALID:
                reasons.append("liveness-failed")
            if c.refer_on_second_person and face.faces_in_view > 1:
                reasons.append("more-than-one-person")
        temp = ev.temperature
        if temp is None:
            reasons.append("temperature-missing")
        elif temp.status == "fever" and c.refer_on_fever:
            reasons.append("fever")
        elif temp.status != "normal":
            reasons.append("temperature-unavailable")
        decl = ev.declaration
        if decl is None:
            reasons.append("declaration-missing")
        elif decl.status == "declared" and c.refer_on_declaration:
            reasons.append("declaration-declared")
            reasons.extend(f"declared:{r}" for r in decl.reasons)
        elif decl.status not in ("nothing-to-declare", "declared"):
            reasons.append("declaration-invalid")
            reasons.extend(f"declaration:{r}" for r in decl.reasons)
        # de-duplicate, keep order
        unique = tuple(dict.fromkeys(reasons))
        return Decision("refer" if unique else "clear", unique)
