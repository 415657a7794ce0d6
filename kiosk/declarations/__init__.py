"""Electronic customs declarations: baggage and health, from a signed QR e-declaration or the screen."""

from .form import Choice, Condition, Form, Question, QuestionType
from .rules import (
    STATUS_DECLARED,
    STATUS_INVALID,
    STATUS_NOTHING,
    Decision,
    DeclarationRules,
    Reason,
    RuleSet,
    default_rules,
    load_rules,
)

__all__ = [
    "STATUS_DECLARED",
    "STATUS_INVALID",
    "STATUS_NOTHING",
    "Choice",
    "Condition",
    "Decision",
    "DeclarationRules",
    "Form",
    "Question",
    "QuestionType",
    "Reason",
    "RuleSet",
    "default_rules",
    "load_rules",
]
