"""Helpers for the traveller GUI tests: a kiosk window on the lane's doubles, screenshots, text walks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from lane_doubles import DeviceTimeout, Script, make_lane
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QListWidget, QWidget

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
        _save(self.win, self.folder / f"{len(self.seen):02d}-{name}.png", 0.5)


def shoot(win: QWidget, folder: str, name: str, scale: float = 1.0) -> Path:
    path = ARTIFACTS / folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    _save(win, path, scale)
    return path


def _save(win: QWidget, path: Path, scale: float) -> None:
    """PNG encoding is most of a screenshot's cost: the path walks keep half-size pictures."""
    from PySide6.QtCore import Qt

    pix = win.grab()
    if scale != 1.0:
        pix = pix.scaledToWidth(int(pix.width() * scale), Qt.TransformationMode.SmoothTransformation)
    pix.save(str(path), "PNG", 80)


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


def _event(win: KioskWindow, kind: str, state: str, **data: Any) -> None:
    from kiosk.session import SessionEvent, State

    win.on_event(SessionEvent(kind, State(state), data))


DOCUMENT = {"document_code": "P", "issuing_state": "UTO", "document_number": "L898902C3", "surname": "ERIKSSON",
            "given_names": "ANNA MARIA", "nationality": "UTO", "sex": "F", "date_of_birth": "740812",
            "date_of_expiry": "320415"}
REFERRAL_REASONS = {"health": ["fever"], "declaration": ["declaration-declared"], "document": ["chip-timeout"],
                    "identity": ["face-mismatch"], "gate": ["gate-not-passed"], "general": ["internal-error:X"]}


def gallery(win: KioskWindow):
    """Drive the window (no lane running) through every traveller screen with sample data, yielding the
    screen's name once it shows (laid out). The same session events the lane emits, in the same order.
    The traveller's modes (large text, lower controls) set before are kept."""
    large, reach = win.large_text, win.reach_layout
    win.wipe()
    win.set_large_text(large)
    win.set_reach_layout(reach)
    for name in _gallery_steps(win):
        QApplication.processEvents()  # layout requests are posted: let geometry catch up
        yield name
    win.wipe()


def _gallery_steps(win: KioskWindow):
    yield "attract"
    _event(win, "state", "document")
    _event(win, "progress", "document", document=DOCUMENT)
    yield "document"
    _event(win, "state", "chip")
    _event(win, "guidance", "chip", code="keep-document-still")
    yield "chip"
    _event(win, "state", "face")
    _event(win, "guidance", "face", code="look-at-camera")
    yield "face"
    _event(win, "state", "temperature")
    yield "temperature"
    _event(win, "state", "declaration")
    yield "declaration"
    win._ask_still_there()
    yield "still-there"
    win.still_there.dismiss()
    win._show_form(entry_rules().form, 90.0)
    yield "form"
    form = win.screens["form"]
    next(b for b in form.findChildren(QAbstractButton) if b.accessibleName() == "q-cash-true").click()
    form.numpad.press("5")
    for _ in range(4):
        form.numpad.press("0")
    yield "form-details"
    form.review()
    yield "form-review"
    _event(win, "state", "decision")
    yield "decision"
    _event(win, "state", "gate")
    yield "gate"
    _event(win, "result", "done", outcome="clear", reasons=[])
    yield "result-clear"
    for kind, reasons in REFERRAL_REASONS.items():
        _event(win, "result", "referred", outcome="refer", reasons=reasons)
        yield f"result-refer-{kind}"
