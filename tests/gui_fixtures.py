"""Helpers for the traveller GUI tests: a kiosk window on the lane's doubles, screenshots, text walks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from lane_doubles import DeviceTimeout, Script, make_lane
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QListWidget, QWidget

from kiosk.declarations import DeclarationRules, default_rules
from ui.composition import App
from ui.kiosk_app import KioskWindow
from ui.worker import QtInteraction

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "screens"
PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)
COMPLETE = ("zh_CN", "en")


def entry_rules() -> DeclarationRules:
    return DeclarationRules.from_config(default_rules(), "entry", None)


def window(qtbot, tmp_path, script: Script | None = None, *, language: str = "en", size=PORTRAIT,
           form: bool = False, scan: bool = True, lane: dict[str, Any] | None = None, **cfg: Any):
    """A KioskWindow over the lane doubles. `form`: the real declaration form (answers evaluated by
    the real rules); `scan=False`: the QR scanner never reads, so the declaration screen waits."""
    interaction = QtInteraction()
    lane_cfg = {"result_display_s": 0.3, "default_language": language}
    lane_cfg.update(lane or {})
    ln, devs, store = make_lane(tmp_path, script, lane=lane_cfg, **cfg)
    ln.interaction = interaction
    if form:
        rules = entry_rules()
        svc = ln.services.declarations
        svc.form = rules.form
        svc.from_answers = lambda answers, document: rules.evaluate(answers, "screen").to_evidence()
    if not scan:
        def never(timeout: float) -> str:
            time.sleep(min(timeout, 0.02))
            raise DeviceTimeout("declaration", "nothing scanned")

        devs["declaration_scanner"].scan = never
    app = App(ln.config, store, ln.clock, None, ln.devices, ln.services, ln)
    win = KioskWindow(app, interaction)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    return win, devs, store


class Shots:
    """Saves a screenshot every time the window changes screen (for the documentation page)."""

    def __init__(self, win: KioskWindow, folder: str) -> None:
        self.win = win
        self.folder = ARTIFACTS / folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.seen: list[str] = []
        win.stack.currentChanged.connect(self._changed)

    def _changed(self, _index: int) -> None:
        self.shoot(self.win.current_key)

    def shoot(self, name: str) -> None:
        self.seen.append(name)
        self.win.grab().save(str(self.folder / f"{len(self.seen):02d}-{name}.png"))


def shoot(win: QWidget, folder: str, name: str) -> Path:
    path = ARTIFACTS / folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    win.grab().save(str(path))
    return path


def visible_texts(root: QWidget, include_hidden: bool = False) -> list[tuple[QWidget, str]]:
    out: list[tuple[QWidget, str]] = []
    for w in root.findChildren(QWidget):
        if not include_hidden and not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            text = w.text()
        elif isinstance(w, QLineEdit):
            text = w.text() + w.placeholderText()
        elif isinstance(w, QListWidget):
            text = " ".join(w.item(i).text() for i in range(w.count()))
        else:
            continue
        if text.strip():
            out.append((w, text))
    return out


def all_texts(root: QWidget) -> str:
    return "\n".join(t for _w, t in visible_texts(root, include_hidden=True))


def run_to_result(qtbot, win: KioskWindow, timeout: int = 10000) -> None:
    win.start()
    qtbot.waitUntil(lambda: win.current_key == "result", timeout=timeout)
