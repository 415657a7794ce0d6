"""Ties the simulators to the simulated world: each follows the traveller currently at the lane.

Imported after the driver packages, it re-registers the "simulator" drivers whose own factories do
not know the world (a driver is still just a name in the configuration).
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from hardware.declaration.simulator import SimDeclarationScanner, SimScan, create_sim_scanner, demo_token
from hardware.gate.factory import simulated_gate
from hardware.registry import register
from hardware.sim.world import SimTraveller
from kiosk.declarations.rules import DeclarationRules, default_rules, nothing_to_declare_answers
from kiosk.declarations.token import DocumentIdentity
from kiosk.ports import SystemClock


@register("gate", "simulator")
def _gate(options: dict[str, Any], context: Any) -> Any:
    controller = simulated_gate(options, context)
    world = getattr(context, "world", None)
    if world is not None:
        def arrive(t: SimTraveller) -> None:
            controller.io.behaviour = t.gate.get("behaviour", "walks_through")

        world.subscribe(arrive)
    return controller


def complete_answers(form: Any, answers: dict[str, Any]) -> dict[str, Any]:
    """A simulated traveller's answers: what the scenario says, "no" to everything else."""
    return nothing_to_declare_answers(SimpleNamespace(form=form), **answers)  # type: ignore[arg-type]


class _DeclarationBehaviour:
    """Builds what the current traveller shows the scanner: a fresh signed code, or a broken one."""

    def __init__(self, world: Any, clock: Any, direction: str) -> None:
        self.clock = clock or SystemClock()
        self.form = DeclarationRules.from_config(default_rules(), direction).form
        self.current: SimScan | None = None
        self._replayed: dict[str, str] = {}
        world.subscribe(self.arrive)

    def arrive(self, t: SimTraveller) -> None:
        decl = t.declaration
        if decl.get("method", "qr") != "qr":
            self.current = SimScan(payload=None)  # nothing scanned: the traveller uses the screen
            return
        p = t.passport
        identity = DocumentIdentity(p["document_number"], p["date_of_birth"], p["nationality"])
        answers = complete_answers(self.form, dict(decl.get("answers", {})))
        kind = decl.get("token", "valid")
        now = self.clock.now()
        if kind == "expired":
            token = demo_token(answers, identity, issued_at=now - timedelta(days=3))
        elif kind == "other-document":
            other = DocumentIdentity("Z99999999", p["date_of_birth"], p["nationality"])
            token = demo_token(answers, other, issued_at=now)
        elif kind == "replayed":  # the same code every time this traveller comes back
            token = self._replayed.setdefault(t.name, demo_token(answers, identity, issued_at=now))
        else:
            token = demo_token(answers, identity, issued_at=now)
        self.current = SimScan(payload=token, garble=kind == "garbled", delay=float(decl.get("delay_s", 1.0)))


@register("declaration_scanner", "simulator")
def _scanner(options: dict[str, Any], context: Any) -> SimDeclarationScanner:
    world = getattr(context, "world", None)
    if world is None:
        return create_sim_scanner(options, context)
    direction = context.config.lane.direction if getattr(context, "config", None) else "entry"
    behaviour = _DeclarationBehaviour(world, getattr(context, "clock", None), direction)
    return SimDeclarationScanner(clock=getattr(context, "clock", None), source=lambda: behaviour.current)
