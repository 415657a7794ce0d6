"""Runtime-switchable languages for the traveller's screens (Qt translations: .ts sources, .qm compiled).

Source strings are English and live in the code, marked with `tr()` (translated now) or `N()`
(marked for lupdate, translated when shown). All of them share the empty translation context, which is
what pyside6-lupdate gives a free function call. `Languages.set_language` swaps the QTranslator; Qt then
sends every widget a LanguageChange event and the screens re-apply `tr()` to their source strings.

`ui/commands/i18n.py` runs lupdate/lrelease (`clearance-kiosk i18n update|build|check`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal

from kiosk.assets import asset

log = logging.getLogger("ui.i18n")

CONTEXT = ""  # lupdate's context for a free tr() call in Python
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    code: str  # Qt locale name, also the .qm suffix
    native: str  # the button label, in its own script
    complete: bool  # reviewed and complete; the others are prepared (unfinished strings fall back)
    form: str  # language of the declaration form's texts (kiosk.declarations has en and zh_CN)
    espeak: str  # espeak-ng voice for the audio prompts; "" when it cannot read the script (ja: kanji)


LANGUAGES: tuple[Language, ...] = (
    Language("zh_CN", "简体中文", True, "zh_CN", "cmn"),
    Language("en", "English", True, "en", "en"),
    Language("zh_TW", "繁體中文", False, "zh_CN", "cmn"),
    Language("ja", "日本語", False, "en", ""),
    Language("ko", "한국어", False, "en", "ko"),
    Language("ru", "Русский", False, "en", "ru"),
)
BY_CODE = {lang.code: lang for lang in LANGUAGES}

# One translator per application, whichever Languages object installed it (a window can be rebuilt).
_state: dict[str, Any] = {"language": SOURCE_LANGUAGE, "translator": None}
MISSES: set[tuple[str, str]] = set()  # (language, source) shown untranslated: the tests read this


def N(text: str) -> str:
    """Mark a string for translation without translating it yet (dictionaries built at import)."""
    return text


def tr(text: str) -> str:
    """Translate `text` into the current language; a miss is recorded (English is the source)."""
    out = QCoreApplication.translate(CONTEXT, text)
    lang = _state["language"]
    if out == text and lang != SOURCE_LANGUAGE and any(c.isalpha() for c in text):
        MISSES.add((lang, text))
    return out


def current() -> str:
    return _state["language"]


def translations_dir() -> Path:
    return asset("translations")


def qm_path(code: str, directory: Path | None = None) -> Path:
    return (directory or translations_dir()) / f"kiosk_{code}.qm"


class Languages(QObject):
    """Owns the installed QTranslator; one per application."""

    changed = Signal(str)

    def __init__(self, default: str = "zh_CN", offered: tuple[str, ...] | None = None,
                 directory: Path | None = None) -> None:
        super().__init__()
        self.directory = directory or translations_dir()
        self.offered = tuple(c for c in (offered or tuple(BY_CODE)) if c in BY_CODE)
        self.default = default if default in BY_CODE else SOURCE_LANGUAGE

    @property
    def code(self) -> str:
        return _state["language"]

    @property
    def language(self) -> Language:
        return BY_CODE[self.code]

    def set_language(self, code: str) -> None:
        if code not in BY_CODE:
            raise ValueError(f"unknown language {code!r}")
        old = _state["translator"]
        if old is not None:
            QCoreApplication.removeTranslator(old)
            _state["translator"] = None
        if code != SOURCE_LANGUAGE:
            translator = QTranslator(QCoreApplication.instance())
            path = qm_path(code, self.directory)
            if translator.load(str(path)):
                QCoreApplication.installTranslator(translator)
                _state["translator"] = translator
            else:  # a missing .qm must not stop the lane: English shows, and the log says why
                log.error("translation %s missing or unreadable; showing English", path)
        _state["language"] = code
        QLocale.setDefault(QLocale(code))
        self.changed.emit(code)

    def reset(self) -> None:
        """Back to the lane's default language (a new traveller)."""
        if self.code != self.default:
            self.set_language(self.default)
