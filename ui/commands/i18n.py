"""`clearance-kiosk i18n update|build|check|prompts`: the traveller screens' and officer console's translations.

update   pyside6-lupdate: the marked strings of the screens → assets/translations/kiosk_<lang>.ts
build    pyside6-lrelease: .ts → .qm (what the kiosk loads; committed, shipped in assets/)
check    per language: finished / unfinished; fails when a complete language has an unfinished string
prompts  espeak-ng: the spoken prompt of each step, per language → assets/sounds/prompts/<lang>/*.wav
         (~2 MB a language, so generated when the kiosk is installed, not kept in git)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.assets import asset

ROOT = Path(__file__).resolve().parents[2]
# files whose tr()/N() strings are translated: the traveller screens and the officer console
SOURCES = ("ui/screens.py", "ui/kiosk_app.py", "ui/i18n.py", *(f"ui/officer/{name}.py" for name in (
    "accounts", "app", "audit", "common", "console", "embed", "gesture", "lanes", "referrals", "report", "signin")))


COMPLETE_MARK = ".complete"  # in assets/sounds/prompts once all languages are there


def _languages() -> list[tuple[str, bool, str]]:
    from ui.i18n import LANGUAGES, SOURCE_LANGUAGE

    return [(lang.code, lang.complete, lang.espeak) for lang in LANGUAGES if lang.code != SOURCE_LANGUAGE]


def tool(name: str) -> str:
    """The Qt tool next to this interpreter (the venv's bin), else on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (pip install PySide6-Essentials)")
    return found


def ts_path(code: str) -> Path:
    return asset("translations") / f"kiosk_{code}.ts"


def update(codes: list[str] | None = None) -> int:
    asset("translations").mkdir(parents=True, exist_ok=True)
    for code, _complete, _voice in _languages():
        if codes and code not in codes:
            continue
        cmd = [tool("pyside6-lupdate"), *[str(ROOT / s) for s in SOURCES], "-tr-function-alias", "QT_TR_NOOP+=N",
               "-source-language", "en", "-target-language", code, "-no-obsolete", "-locations", "none",
               "-ts", str(ts_path(code))]
        subprocess.run(cmd, check=True)
    return 0


def build(codes: list[str] | None = None) -> int:
    for code, _complete, _voice in _languages():
        if codes and code not in codes:
            continue
        ts = ts_path(code)
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        print(f"{qm.name}: {qm.stat().st_size} bytes")
    return 0


def messages(ts: Path) -> list[tuple[str, str, str]]:
    """(source, translation, type) of every current message of a .ts file."""
    out = []
    for msg in ET.parse(ts).getroot().iter("message"):
        tr = msg.find("translation")
        kind = tr.get("type", "") if tr is not None else "unfinished"
        if kind in ("obsolete", "vanished"):
            continue
        out.append((msg.findtext("source", ""), (tr.text or "") if tr is not None else "", kind))
    return out


def check() -> int:
    bad = 0
    for code, complete, _voice in _languages():
        msgs = messages(ts_path(code))
        unfinished = [s for s, t, kind in msgs if kind == "unfinished" or not t]
        empty = sum(1 for _s, t, _k in msgs if not t)
        state = "complete" if complete else "prepared"
        print(f"{code:6} {state:9} {len(msgs) - len(unfinished):3}/{len(msgs)} reviewed, "
              f"{len(msgs) - empty:3}/{len(msgs)} translated")
        if complete and unfinished:
            bad += 1
            for s in unfinished:
                print(f"    untranslated: {s}")
    return 1 if bad else 0


def prompts(codes: list[str] | None = None) -> int:
    """Speak each step's prompt with the translated text (the .qm must be built first)."""
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import BY_CODE, Languages, tr
    from ui.screens import PROMPTS

    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise SystemExit("espeak-ng not found (apt-get install espeak-ng)")
    _app = QCoreApplication.instance() or QCoreApplication([])
    langs = Languages(default="en")
    for code, lang in BY_CODE.items():
        if codes and code not in codes:
            continue
        if not lang.espeak:
            print(f"{code}: no espeak-ng voice reads this script; the screens stay silent in it")
            continue
        langs.set_language(code)
        folder = asset("sounds", "prompts", code)
        folder.mkdir(parents=True, exist_ok=True)
        for key, source in PROMPTS.items():
            out = folder / f"{key}.wav"
            subprocess.run([espeak, "-v", lang.espeak, "-s", "150", "-w", str(out), tr(source)], check=True)
        print(f"{code}: {len(PROMPTS)} prompts in {folder}")
    langs.set_language("en")
    if not codes:  # every language spoken: `packaging/dev.sh demo` stops asking (a failed run asks again)
        asset("sounds", "prompts", COMPLETE_MARK).touch()
    return 0


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("i18n", help="translations of the traveller screens and the officer console "
                                    "(lupdate/lrelease, prompts)")
    p.add_argument("action", choices=("update", "build", "check", "prompts"))
    p.add_argument("--language", action="append", help="only this language (repeatable)")

    def run(args: argparse.Namespace) -> int:
        if args.action == "update":
            return update(args.language)
        if args.action == "build":
            return build(args.language)
        if args.action == "prompts":
            return prompts(args.language)
        return check()

    p.set_defaults(func=run)
