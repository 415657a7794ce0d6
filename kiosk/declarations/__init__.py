"""Electronic customs declarations: baggage and health, from a signed QR e-declaration or the screen."""

from .desk import DeclarationDesk
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
from .token import DocumentIdentity, TokenResult, TokenVerifier, declaration_from_qr, issue_token

__all__ = [
    "STATUS_DECLARED",
    "STATUS_INVALID",
    "STATUS_NOTHING",
    "Choice",
    "Condition",
    "Decision",
    "DeclarationDesk",
    "DeclarationRules",
    "DocumentIdentity",
    "Form",
    "Question",
    "QuestionType",
    "Reason",
    "RuleSet",
    "TokenResult",
    "TokenVerifier",
    "declaration_from_qr",
    "default_rules",
    "issue_token",
    "load_rules",
]
