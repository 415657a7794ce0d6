"""Customs baggage and health declaration rules: configuration, questionnaire and decision.

The rules are a dict (loaded from TOML; defaults in `default_rules.toml`) resolved for one direction
("entry" | "exit") and one port. `DeclarationRules.evaluate(answers, source)` turns an answers dict
(from the screen or a QR e-declaration) into a `Decision` that explains itself with reason codes and
text keys, and into `kiosk.evidence.DeclarationEvidence`.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError
from kiosk.evidence import DeclarationEvidence

from .form import (
    AnswerProblem,
    Choice,
    Condition,
    Form,
    Question,
    QuestionType,
    builtin_texts,
    check_value,
)

DIRECTIONS = ("entry", "exit")
SYMPTOMS = (
    "fever",
    "cough",
    "breathing_difficulty",
    "vomiting",
    "diarrhoea",
    "rash",
    "subcutaneous_bleeding",
    "infectious_disease",
)
LIMIT_KEYS = (
    "resident_goods_value_cny",
    "nonresident_goods_value_cny",
    "alcohol_ml",
    "alcohol_min_abv",
    "cigarettes",
    "cigars",
    "tobacco_g",
    "cash_cny",
    "foreign_currency_usd",
    "valuable_item_value_cny",
)

STATUS_NOTHING = "nothing-to-declare"
STATUS_DECLARED = "declared"
STATUS_INVALID = "invalid"


# --- configuration -------------------------------------------------------------------------------


def default_rules() -> dict[str, Any]:
    """The shipped default rules as a fresh dict (safe to modify)."""
    raw = resources.files(__package__).joinpath("default_rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def load_rules(path: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, deep-merged with a TOML file (if given) and then with `overrides` (if given)."""
    config = default_rules()
    if path is not None:
        try:
            with open(path, "rb") as fh:
                config = deep_merge(config, tomllib.load(fh))
        except OSError as exc:
            raise ConfigError(f"declarations.rules: cannot read {path}: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"declarations.rules: {path} is not valid TOML: {exc}") from exc
    if overrides:
        config = deep_merge(config, overrides)
    return config


def rules_in_force(config: Mapping[str, Any], on: date) -> dict[str, Any]:
    """The rules on day `on`: the base tables with every `[[schedule]]` entry from that day or
    earlier merged over them, oldest first. An entry is a partial rules file with a `from` date:

        [[schedule]]
        from = 2027-01-01                 # a TOML date (or "2027-01-01")
        limits = { cigarettes = 200 }
        ports.gongbei.entry.limits = { cigarettes = 100 }
    """
    entries = config.get("schedule", [])
    if not isinstance(entries, list):
        raise ConfigError("declarations.schedule: expected an array of tables ([[schedule]])")
    dated: list[tuple[date, int, Mapping[str, Any]]] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise ConfigError(f"declarations.schedule[{i}]: expected a table")
        start = entry.get("from")
        if isinstance(start, str):
            try:
                start = date.fromisoformat(start)
            except ValueError:
                start = None
        if isinstance(start, datetime):
            start = start.date()
        if not isinstance(start, date):
            raise ConfigError(f"declarations.schedule[{i}].from: expected a date such as 2027-01-01")
        if "schedule" in entry:
            raise ConfigError(f"declarations.schedule[{i}]: schedules do not nest")
        dated.append((start, i, {k: v for k, v in entry.items() if k != "from"}))
    out = {k: v for k, v in config.items() if k != "schedule"}
    for start, _, entry in sorted(dated, key=lambda d: (d[0], d[1])):
        if start <= on:
            out = deep_merge(out, entry)
    return out


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (lists included) in `over` replaces the base one."""
    out = copy.deepcopy(dict(base))
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@dataclass(frozen=True)
class HealthQuestion:
    """A configured yes/no health question (contact, travel history): "yes" refers."""

    id: str
    item: str
    texts: dict[str, str]  # lang -> template
    params: dict[str, dict[str, Any]]  # lang -> format params


@dataclass(frozen=True)
class RuleSet:
    """The rules in force for one direction at one port."""

    direction: str
    port: str | None
    limits: dict[str, float]
    baggage: tuple[str, ...]
    health_enabled: bool
    symptoms: tuple[str, ...]
    health_questions: tuple[HealthQuestion, ...]

    @classmethod
    def from_config(cls, config: Mapping[str, Any], direction: str, port: str | None = None) -> RuleSet:
        if direction not in DIRECTIONS:
            raise ConfigError(f"declarations.direction: {direction!r} is not one of {', '.join(DIRECTIONS)}")
        layers: list[tuple[str, Mapping[str, Any]]] = [("declarations", config)]
        layers.append((f"declarations.{direction}", _table(config, direction, "declarations")))
        if port is not None:
            port_table = _table(_table(config, "ports", "declarations"), port, "declarations.ports")
            layers.append((f"declarations.ports.{port}", port_table))
            layers.append(
                (f"declarations.ports.{port}.{direction}", _table(port_table, direction, f"ports.{port}"))
            )
        limits: dict[str, Any] = {}
        health: dict[str, Any] = {}
        baggage: list[str] | None = None
        for where, layer in layers:
            limits = deep_merge(limits, _table(layer, "limits", where))
            health = deep_merge(health, _table(layer, "health", where))
            if "baggage" in layer:
                baggage = layer["baggage"]
                baggage_where = f"{where}.baggage"
        if baggage is None:
            raise ConfigError(f"declarations.{direction}.baggage: no baggage questions configured")
        return cls(
            direction=direction,
            port=port,
            limits=_check_limits(limits),
            baggage=_check_baggage(baggage, baggage_where),
            health_enabled=bool(health.get("enabled", True)),
            symptoms=_check_symptoms(health.get("symptoms", list(SYMPTOMS))),
            health_questions=_check_health_questions(health.get("questions", [])),
        )


def _table(parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = parent.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}.{key}: expected a table")
    return value


def _check_limits(limits: Mapping[str, Any]) -> dict[str, float]:
    missing = [k for k in LIMIT_KEYS if k not in limits]
    if missing:
        raise ConfigError(f"declarations.limits.{missing[0]}: missing")
    out: dict[str, float] = {}
    for key, value in limits.items():
        if key not in LIMIT_KEYS:
            raise ConfigError(f"declarations.limits.{key}: unknown limit (known: {', '.join(LIMIT_KEYS)})")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigError(f"declarations.limits.{key}: expected a non-negative number, got {value!r}")
        out[key] = value
    return out


def _check_baggage(ids: Any, where: str) -> tuple[str, ...]:
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ConfigError(f"{where}: expected a list of question ids")
    for qid in ids:
        if qid not in _BAGGAGE_BUILDERS:
            raise ConfigError(f"{where}: unknown question {qid!r} (known: {', '.join(_BAGGAGE_BUILDERS)})")
    return tuple(ids)


def _check_symptoms(names: Any) -> tuple[str, ...]:
    if not isinstance(names, list):
        raise ConfigError("declarations.health.symptoms: expected a list")
    for name in names:
        if name not in SYMPTOMS:
            raise ConfigError(
                f"declarations.health.symptoms: unknown symptom {name!r} (known: {', '.join(SYMPTOMS)})"
            )
    return tuple(names)


def _check_health_questions(entries: Any) -> tuple[HealthQuestion, ...]:
    if not isinstance(entries, list):
        raise ConfigError("declarations.health.questions: expected an array of tables")
    out: list[HealthQuestion] = []
    for i, entry in enumerate(entries):
        where = f"declarations.health.questions[{i}]"
        if not isinstance(entry, Mapping):
            raise ConfigError(f"{where}: expected a table")
        for key in ("id", "en", "zh_CN"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise ConfigError(f"{where}.{key}: missing or not a string")
        reserved = {"id", "item", "en", "zh_CN", "en_params", "zh_CN_params"}
        common = {k: v for k, v in entry.items() if k not in reserved}
        out.append(
            HealthQuestion(
                id=entry["id"],
                item=str(entry.get("item", f"health_{entry['id']}")),
                texts={"en": entry["en"], "zh_CN": entry["zh_CN"]},
                params={
                    "en": {**common, **entry.get("en_params", {})},
                    "zh_CN": {**common, **entry.get("zh_CN_params", {})},
                },
            )
        )
    ids = [q.id for q in out]
    if len(set(ids)) != len(ids):
        raise ConfigError("declarations.health.questions: duplicate id")
    return tuple(out)


# --- the question catalogue ------------------------------------------------------------------------

# A rule attached to a question: ("declare", item) -> a True answer declares `item`;
# ("limit", item, limit_key) -> an amount strictly above limits[limit_key] declares `item`.
Rule = tuple[str, ...]

_YES = True


def _yes_no(qid: str, section: str = "baggage", **kw: Any) -> Question:
    return Question(qid, QuestionType.YES_NO, f"decl.q.{qid}", section, **kw)


def _amount(
    qid: str, unit: str, limit_key: str, limits: Mapping[str, float], show_if: Condition, **params: Any
) -> Question:
    return Question(
        qid,
        QuestionType.AMOUNT,
        f"decl.q.{qid}",
        "baggage",
        params={"limit": limits[limit_key], **params},
        unit=unit,
        show_if=show_if,
    )


def _residency() -> Question:
    return Question(
        "residency",
        QuestionType.CHOICE,
        "decl.q.residency",
        "baggage",
        choices=(
            Choice("resident", "decl.choice.resident"),
            Choice("non_resident", "decl.choice.non_resident"),
        ),
    )


def _b_bio(lim: Mapping[str, float]) -> list[tuple[Question, Rule | None]]:
    return [(_yes_no("bio_items"), ("declare", "bio_items"))]


def _b_goods_abroad(lim: Mapping[str, float]) -> list[tuple[Question, Rule | None]]:
    q = _amount(
        "goods_acquired_abroad_value_cny",
        "CNY",
        "resident_goods_value_cny",
        lim,
        Condition("residency", "resident"),
    )
    return [(q, ("limit", "goods_over_allowance", "resident_goods_value_cny"))]


def _b_goods_left(lim: Mapping[str, float]) -> list[tuple[Question, Rule | None]]:
    q = _amount(
        "goods_left_value_cny",
        "CNY",
        "nonresident_goods_value_cny",
        lim,
        Condition("residency", "non_resident"),
    )
    return [(q, ("limit", "goods_over_allowance", "nonresident_goods_value_cny"))]


def _b_alcohol_tobacco(lim: Mapping[str, float]) -> list[tuple[Question, Rule | None]]:
    cond = Condition("alcohol_tobacco", _YES)
    return [
        (_yes_no("alcohol_tobacco"), None),
        (
            _amount("alcohol_ml", "ml", "alcohol_ml", lim, cond, min_abv=lim["alcohol_min_abv"]),
            ("limit", "alcohol", "alcohol_ml"),
        ),
        (_amount("cigarettes", "pcs", "cigarettes", lim, cond), ("limit", "tobacco", "cigarettes")),
        (_amount("cigars", "pcs", "cigars", lim, cond), ("limit", "tobacco", "cigars")),
        (_amount("tobacco_g", "g", "tobacco_g", lim, cond), ("limit", "tobacco", "tobacco_g")),
    ]


def _b_cash(lim: Mapping[str, float]) -> list[tuple[Question, Rule | None]]:
    cond = Condition("cash", _YES)
    return [
        (_yes_no("cash"), None),
        (_amount("cash_cny", "CNY", "cash_cny", lim, cond), ("limit", "currency", "cash_cny")),
        (
            _amount("foreign_currency_usd", "USD", "foreign_currency_usd", lim, cond),
            ("limit", "currency", "foreign_currency_usd"),
        ),
    ]


def _b_simple(qid: str, **kw: Any):
    def build(lim: Mapping[str, float]) -> list[tuple[Question, Rule | None]]:
        return [(_yes_no(qid, **kw), ("declare", qid))]

    return build


def _b_valuables(lim: Mapping[str, float]) -> list[tuple[Question, Rule | None]]:
    q = _yes_no(
        "valuables_to_return",
        params={"limit": lim["valuable_item_value_cny"]},
        show_if=Condition("residency", "resident"),
    )
    return [(q, ("declare", "valuables_to_return"))]


_BAGGAGE_BUILDERS = {
    "bio_items": _b_bio,
    "residency": lambda lim: [(_residency(), None)],
    "goods_acquired_abroad_value_cny": _b_goods_abroad,
    "goods_left_value_cny": _b_goods_left,
    "alcohol_tobacco": _b_alcohol_tobacco,
    "cash": _b_cash,
    "unaccompanied_goods": _b_simple("unaccompanied_goods"),
    "other_items": _b_simple("other_items"),
    "cultural_relics": _b_simple("cultural_relics"),
    "valuables_to_return": _b_valuables,
}


# --- decision ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why the lane refers: a stable code for records, a text key + params for the screen."""

    code: str
    text_key: str
    params: dict[str, Any] = field(default_factory=dict)
    question: str | None = None


@dataclass
class Decision:
    status: str  # "nothing-to-declare" | "declared" | "invalid"
    source: str  # "qr" | "screen"
    items: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def refers(self) -> bool:
        return self.status != STATUS_NOTHING

    @property
    def outcome_text_key(self) -> str:
        """The headline for the traveller: "decl.outcome.<status>" (details are in `reasons`)."""
        return f"decl.outcome.{self.status}"

    def to_evidence(self) -> DeclarationEvidence:
        return DeclarationEvidence(
            status=self.status,
            source=self.source,
            items=list(self.items),
            reasons=[r.code for r in self.reasons],
            answers=dict(self.answers),
        )


def invalid_decision(source: str, code: str, text_key: str, **params: Any) -> Decision:
    return Decision(STATUS_INVALID, source, reasons=[Reason(code, text_key, dict(params))])


class DeclarationRules:
    """The rules engine for one direction at one port, with the questionnaire it implies."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._rules: dict[str, Rule] = {}
        questions: list[Question] = []
        for qid in ruleset.baggage:
            for q, rule in _BAGGAGE_BUILDERS[qid](ruleset.limits):
                if any(existing.id == q.id for existing in questions):
                    continue
                questions.append(q)
                if rule is not None:
                    self._rules[q.id] = rule
        # A follow-up whose gate is not on this form would never show: drop its condition's subject check.
        ids = {q.id for q in questions}
        questions = [q for q in questions if q.show_if is None or q.show_if.question in ids]
        params_by_lang: dict[str, dict[str, dict[str, Any]]] = {"en": {}, "zh_CN": {}}
        texts = {lang: dict(t) for lang, t in builtin_texts().items()}
        if ruleset.health_enabled:
            for name in ruleset.symptoms:
                qid = f"symptom_{name}"
                questions.append(_yes_no(qid, section="health"))
                self._rules[qid] = ("symptom", name)
            for hq in ruleset.health_questions:
                key = f"decl.q.health.{hq.id}"
                questions.append(Question(hq.id, QuestionType.YES_NO, key, "health"))
                self._rules[hq.id] = ("health", hq.item)
                for lang in texts:
                    texts[lang][key] = hq.texts[lang]
                    params_by_lang[lang][hq.id] = hq.params[lang]
        self.form = Form(ruleset.direction, ruleset.port, questions, texts, params_by_lang)

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], direction: str, port: str | None = None, on: date | None = None
    ) -> DeclarationRules:
        """The rules for `direction` at `port` in force on day `on` (default: today)."""
        if config.get("schedule"):
            config = rules_in_force(config, on or date.today())
        return cls(RuleSet.from_config(config, direction, port))

    def evaluate(self, answers: Mapping[str, Any], source: str) -> Decision:
        """Decide on a complete answers dict. Unknown keys are ignored and not kept."""
        if not isinstance(answers, Mapping):
            return invalid_decision(source, "answers:not-a-mapping", "decl.reason.answers_malformed")
        known = {q.id: q for q in self.form.questions}
        kept = {k: v for k, v in answers.items() if k in known}
        problems = self.form.validate(kept)
        # Answers to hidden follow-ups still count if present (conservative), so they must be well-formed.
        visible = {q.id for q in self.form.visible(kept)}
        for qid, value in kept.items():
            if qid not in visible:
                problems.extend(AnswerProblem(qid, c) for c in check_value(known[qid], value))
        if problems:
            return Decision(
                STATUS_INVALID,
                source,
                reasons=[
                    Reason(
                        f"answers:{p.code}:{p.question}",
                        f"decl.reason.answers_{p.code.replace('-', '_')}",
                        {"question": p.question},
                        p.question,
                    )
                    for p in problems
                ],
                answers=kept,
            )
        items: list[str] = []
        reasons: list[Reason] = []
        for q in self.form.questions:
            rule = self._rules.get(q.id)
            if rule is None or q.id not in kept:
                continue
            value = kept[q.id]
            kind = rule[0]
            if kind == "limit":
                limit = self.ruleset.limits[rule[2]]
                if value > limit:
                    _add(items, rule[1])
                    reasons.append(
                        Reason(
                            f"over-limit:{q.id}",
                            f"decl.reason.over_limit.{q.id}",
                            {"value": value, "limit": limit, "unit": q.unit, **q.params},
                            q.id,
                        )
                    )
            elif value is True:
                _add(items, rule[1] if kind != "symptom" else q.id)
                if kind == "declare":
                    reasons.append(
                        Reason(f"declared:{q.id}", f"decl.reason.declared.{q.id}", dict(q.params), q.id)
                    )
                elif kind == "symptom":
                    reasons.append(Reason(f"symptom:{rule[1]}", f"decl.reason.symptom.{rule[1]}", {}, q.id))
                else:
                    reasons.append(
                        Reason(f"health:{q.id}", "decl.reason.health_question", {"question": q.id}, q.id)
                    )
        return Decision(STATUS_DECLARED if items else STATUS_NOTHING, source, items, reasons, kept)


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def nothing_to_declare_answers(rules: DeclarationRules, **overrides: Any) -> dict[str, Any]:
    """A complete "no" declaration for `rules`' form (residents by default), then `overrides` applied.

    Used by the demo issuer, the simulator and tests; follow-ups made visible by an override are
    filled with 0 so the result stays complete.
    """
    answers: dict[str, Any] = {}
    for q in rules.form.questions:
        if q.type is QuestionType.YES_NO and q.show_if is None:
            answers[q.id] = False
        elif q.type is QuestionType.CHOICE:
            answers[q.id] = q.choices[0].value
    answers.update(overrides)
    for q in rules.form.visible(answers):
        if q.id not in answers:
            answers[q.id] = False if q.type is QuestionType.YES_NO else 0
    return answers
