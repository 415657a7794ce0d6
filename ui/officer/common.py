"""Small shared pieces of the console: translation, style, state colours, images from bytes.

The console's strings are translated like the traveller screens' (ui.i18n: `tr`, `N`; the same .ts
files, `clearance-kiosk i18n update`), so a console in the kiosk shows the lane's default language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel

from ui.i18n import N, tr

__all__ = ["STATE_COLOURS", "STATE_LABELS", "STYLE", "N", "error_text", "label", "pixmap_from", "set_badge", "tr"]

STATE_COLOURS = {
    "in-service": "#1e7d46",
    "busy": "#1f4e79",
    "waiting-for-officer": "#b36b00",
    "out-of-service": "#5f6b76",
    "device-fault": "#b3261e",
    "emergency": "#8e0000",
}

# what the badge says (the state itself stays in the badge's "state" property, for code and tests)
STATE_LABELS = {
    "in-service": N("In service"),
    "busy": N("Busy"),
    "waiting-for-officer": N("Waiting for an officer"),
    "out-of-service": N("Out of service"),
    "device-fault": N("Device fault"),
    "emergency": N("Emergency"),
}

STYLE = """
QWidget#officerConsole { background: #f6f8fa; color: #1b2733; }
QWidget#officerConsole, QWidget#officerConsole QWidget { font-size: 15px; }
QWidget#officerConsole QPushButton { font-size: 15px; min-height: 34px; min-width: 80px; padding: 4px 14px;
    border-radius: 6px; background: #1f4e79; color: white; }
QWidget#officerConsole QPushButton:disabled { background: #b8c2cc; color: #eef1f4; }
QWidget#officerConsole QPushButton:checked { background: #b36b00; }
QWidget#officerConsole QPushButton#secondary { background: #d7dde4; color: #1b2733; }
QWidget#officerConsole QPushButton#danger { background: #b3261e; }
QWidget#officerConsole QLineEdit { font-size: 16px; min-height: 32px; }
QWidget#officerConsole QLabel#heading { font-size: 22px; font-weight: 700; color: #1f4e79; }
QWidget#officerConsole QLabel#message { color: #b3261e; font-weight: 600; }
QWidget#officerConsole QLabel#badge { color: white; border-radius: 6px; padding: 2px 8px; font-weight: 700; }
QWidget#officerConsole QFrame#laneCard { border: 1px solid #c8d0d8; border-radius: 8px; background: white; }
QWidget#officerConsole QLabel#bad { color: #b3261e; font-weight: 700; }
QWidget#officerConsole QLabel#good { color: #1e7d46; font-weight: 700; }
"""


def label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    lab = QLabel(text)
    if name:
        lab.setObjectName(name)
    lab.setWordWrap(wrap)
    return lab


def set_badge(lab: QLabel, state: str) -> None:
    lab.setObjectName("badge")
    lab.setProperty("state", state)
    lab.setText(tr(STATE_LABELS[state]) if state in STATE_LABELS else state)
    lab.setStyleSheet(f"background: {STATE_COLOURS.get(state, '#5f6b76')};")


def pixmap_from(data: bytes | None, height: int = 220) -> QPixmap | None:
    if not data:
        return None
    pix = QPixmap()
    if not pix.loadFromData(data) or pix.isNull():
        return None  # a corrupted image shows as missing, never crashes the console
    return pix.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)


def error_text(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
