"""The hidden way into the officer console on the kiosk: taps (or a long press) in a screen corner.

A transparent hotspot laid over one corner of the kiosk window; travellers never see it, and it
only opens the PIN prompt, never the console itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget


class CornerTapDetector(QWidget):
    """Emits `triggered` after `taps` presses within `window_s`, or one press held for `hold_ms`."""

    triggered = Signal()

    def __init__(self, host: QWidget, corner: str = "top-right", size: int = 96, taps: int = 5,
                 window_s: float = 3.0, hold_ms: int = 2500, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(host)
        if corner not in ("top-left", "top-right", "bottom-left", "bottom-right"):
            raise ValueError(f"unknown corner {corner!r}")
        self.setObjectName("officerHotspot")
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, True)
        self.setStyleSheet("background: transparent;")
        self.corner, self.size_px, self.taps, self.window_s = corner, size, taps, window_s
        self.clock = clock
        self._presses: list[float] = []
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(hold_ms)
        self._hold.timeout.connect(self._fire)
        host.installEventFilter(self)
        self._place()
        self.raise_()
        self.show()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.parent() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place()
        elif obj is self.parent() and event.type() == QEvent.Type.ChildAdded:
            self.raise_()  # stay above the screens the host adds later
        return False

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        x = 0 if self.corner.endswith("left") else max(0, host.width() - self.size_px)
        y = 0 if self.corner.startswith("top") else max(0, host.height() - self.size_px)
        self.setGeometry(x, y, self.size_px, self.size_px)
        self.raise_()

    def mousePressEvent(self, event: Any) -> None:
        now = self.clock()
        self._presses = [t for t in self._presses if now - t <= self.window_s] + [now]
        self._hold.start()
        if len(self._presses) >= self.taps:
            self._fire()
        event.accept()

    def mouseReleaseEvent(self, event: Any) -> None:
        self._hold.stop()
        event.accept()

    def _fire(self) -> None:
        self._hold.stop()
        self._presses.clear()
        self.triggered.emit()
