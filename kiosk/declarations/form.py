"""The on-screen questionnaire as plain data: the UI builds its widgets from it (no Qt here).

A `Form` is a list of `Question`s. Each question has a stable id (the same id is the key in the
answers dict, on screen and in a QR e-declaration), a type, a text key with its format parameters,
and optionally a condition on another answer (`show_if`) that makes it a follow-up.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "zh_CN")


class QuestionType(StrEnum):
    YES_NO = "yes-no"  # answer: bool
    AMOUNT = "amount"  # answer: int or float >= 0, in `unit`
    CHOICE = "choice"  # answer: one of `choices` values


@dataclass(frozen=True)
class Choice:
    value: str
    text_key: str


@dataclass(frozen=True)
class Condition:
    """Show the question only when answer[question] == equals."""

    question: str
    equals: Any

    def holds(self, answers: dict[str, Any]) -> bool:
        return question_answer(answers, self.question) == self.equals


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    text_key: str
    section: str  # "baggage" | "health"
    params: dict[str, Any] = field(default_factory=dict)  # format parameters of the text
    choices: tuple[Choice, ...] = ()
    unit: str = ""  # for amounts: "CNY", "USD", "ml", "pcs", "g"
    show_if: Condition | None = None
    max_value: float = 1e9  # sanity bound for amounts (a typo, not a declaration)


def question_answer(answers: dict[str, Any], qid: str) -> Any:
    return answers.get(qid)


@dataclass(frozen=True)
class AnswerProblem:
    question: str
    code: str  # "missing" | "wrong-type" | "out-of-range" | "unknown-choice" | "unexpected"


@dataclass
class Form:
    direction: str
    port: str | None
    questions: list[Question]
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> key -> template
    params_by_lang: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=dict
    )  # lang -> qid -> params

    def by_id(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def visible(self, answers: dict[str, Any]) -> list[Question]:
        """The questions to show given the answers so far (follow-ups appear once their condition holds)."""
        return [q for q in self.questions if q.show_if is None or q.show_if.holds(answers)]

    def validate(self, answers: dict[str, Any]) -> list[AnswerProblem]:
        """Check an answers dict against the form: every visible question answered with the right type."""
        problems: list[AnswerProblem] = []
        visible = self.visible(answers)
        for q in visible:
            if q.id not in answers:
                problems.append(AnswerProblem(q.id, "missing"))
                continue
            problems.extend(AnswerProblem(q.id, c) for c in check_value(q, answers[q.id]))
        return problems

    def text(self, key: str, lang: str = "en", **params: Any) -> str:
        """The text for `key` in `lang` (falls back to English), formatted with `params`."""
        table = self.texts.get(lang) or self.texts["en"]
        template = table.get(key) or self.texts["en"].get(key)
        if template is None:
            raise KeyError(key)
        return template.format_map(_Lenient(params))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """A JSON-able description with texts rendered in `lang` (for a web UI or a test harness)."""
        return {
            "direction": self.direction,
            "port": self.port,
            "sections": {
                s: self.text(f"decl.section.{s}", lang)
                for s in dict.fromkeys(q.section for q in self.questions)
            },
            "questions": [
                {
                    "id": q.id,
                    "type": q.type.value,
                    "section": q.section,
                    "text": self.question_text(q, lang),
                    "unit": q.unit,
                    "choices": [{"value": c.value, "text": self.text(c.text_key, lang)} for c in q.choices],
                    "show_if": None
                    if q.show_if is None
                    else {"question": q.show_if.question, "equals": q.show_if.equals},
                }
                for q in self.questions
            ],
        }

    def question_text(self, q: Question, lang: str = "en") -> str:
        params = dict(q.params)
        params.update(self.params_by_lang.get(lang, {}).get(q.id, {}))
        return self.text(q.text_key, lang, **params)


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def check_value(q: Question, value: Any) -> list[str]:
    if q.type is QuestionType.YES_NO:
        return [] if isinstance(value, bool) else ["wrong-type"]
    if q.type is QuestionType.AMOUNT:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ["wrong-type"]
        if not math.isfinite(value) or value < 0 or value > q.max_value:
            return ["out-of-range"]
        return []
    if not isinstance(value, str):
        return ["wrong-type"]
    return [] if value in {c.value for c in q.choices} else ["unknown-choice"]


@cache
def builtin_texts() -> dict[str, dict[str, str]]:
    """The shipped text catalogue: {lang: {key: template}}."""
    raw = resources.files(__package__).joinpath("texts.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return {lang: dict(data[lang]) for lang in LANGUAGES}
