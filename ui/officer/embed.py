"""The console inside the kiosk window, behind a hidden gesture, and on a second screen.

`attach_to_kiosk(window)` needs only what every kiosk window has: `window.app` (the composition's
App: lane, store, config, clock) and optionally a signal of the lane's session events. It lays the
console over the whole window (the traveller screens keep running underneath, untouched) and a
transparent hotspot over one corner: five taps there, or a long press, bring up the PIN prompt.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.officers import Accounts
from kiosk.supervision import LocalSupervisor
from ui.officer.app import ConsoleWindow
from ui.officer.console import OfficerConsole
from ui.officer.gesture import CornerTapDetector


class KioskConsole(QObject):
    def __init__(self, window: QWidget, app: Any, events: Any = None, *, corner: str = "top-right",
                 taps: int = 5, hotspot_px: int = 96) -> None:
        super().__init__(window)
        self.window = window
        lane_id = app.config.lane.id
        self.supervisor = LocalSupervisor([app.lane])
        if events is not None:  # the lane's session events: the overview shows which stage is running
            events.connect(lambda ev: self.supervisor.observe(lane_id, ev))
        self.accounts = Accounts(app.store, app.config.officer, app.clock)
        self.accounts.bootstrap()
        self.console = OfficerConsole(self.supervisor, self.accounts, app.config, embedded=True, parent=window)
        self.console.setAutoFillBackground(True)
        self.console.hide()
        self.hotspot = CornerTapDetector(window, corner=corner, size=hotspot_px, taps=taps)
        self.hotspot.triggered.connect(self.open)
        self.console.close_requested.connect(self.close)
        # an officer who walks away leaves the traveller screens, not the console, on the kiosk
        self.console.signed_out.connect(lambda reason: reason == "idle" and self.close())
        self.unattended = QTimer(self)
        self.unattended.setSingleShot(True)
        self.unattended.setInterval(int(app.config.officer.idle_signout_s * 1000))
        self.unattended.timeout.connect(self._unattended)
        self.console.signed_in.connect(lambda _id: self.unattended.stop())
        self.second: ConsoleWindow | None = None
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Resize and self.console.isVisible():
            self.console.setGeometry(self.window.rect())
        return False

    def _unattended(self) -> None:
        if self.console.session is not None:
            return
        if not self.console.sign_in_page.sign_in_button.isEnabled():  # a PIN is being checked: wait for it
            self.unattended.start()
            return
        self.close()

    @property
    def is_open(self) -> bool:
        return self.console.isVisible()

    def open(self) -> None:
        self.console.setGeometry(self.window.rect())
        self.console.show()
        self.console.raise_()
        self.unattended.start()  # the PIN prompt closes again if nobody signs in
        self.console.sign_in_page.officer_id.setFocus()

    def close(self) -> None:
        if self.console.session is not None:
            self.console.sign_out("closed")
        self.unattended.stop()
        self.console.hide()
        self.hotspot.raise_()

    def second_window(self) -> ConsoleWindow:
        """The same console on a second screen (`run --officer-window`): same lane, same accounts."""
        if self.second is None:
            self.second = ConsoleWindow(self.supervisor, self.accounts, self.window.app.config)  # type: ignore[attr-defined]
        return self.second

    def shutdown(self) -> None:
        self.console.shutdown()
        if self.second is not None:
            self.second.console.shutdown()


def attach_to_kiosk(window: Any, **kw: Any) -> KioskConsole:
    """One call from the kiosk window: `self.officer_console = attach_to_kiosk(self)` at the end of
    its __init__, and `self.officer_console.shutdown()` in its shutdown."""
    events = getattr(getattr(getattr(window, "lane_thread", None), "worker", None), "event", None)
    return KioskConsole(window, window.app, events, **kw)
