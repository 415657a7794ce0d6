"""The console as its own window: a second screen of the kiosk, or a console PC.

`ConsoleWindow` wraps an `OfficerConsole` over any `LaneSupervisor`. `run_console` builds the
configured lanes in this process (one configuration file per lane), runs each on its own thread
without traveller screens, and supervises them locally; a console PC attached to remote lanes
passes its remote supervisor to `ConsoleWindow` instead.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QApplication, QMainWindow

from kiosk.config import KioskConfig
from kiosk.lane import Cancelled, Lane
from kiosk.officers import Accounts
from kiosk.supervision import LaneSupervisor, LocalSupervisor
from ui.i18n import Languages
from ui.officer.console import OfficerConsole

log = logging.getLogger("ui.officer")


class ConsoleWindow(QMainWindow):
    def __init__(self, supervisor: LaneSupervisor, accounts: Accounts, config: KioskConfig, **kw: Any) -> None:
        super().__init__()
        self.setWindowTitle(f"Clearance Kiosk — officer console — {config.lane.port_name}")
        self.console = OfficerConsole(supervisor, accounts, config, **kw)
        self.setCentralWidget(self.console)

    def closeEvent(self, event: Any) -> None:
        self.console.shutdown()
        super().closeEvent(event)


class HeadlessLane:
    """Runs one lane's transactions back to back on a thread, reporting its stages to the supervisor."""

    def __init__(self, lane: Lane, supervisor: LocalSupervisor) -> None:
        self.lane = lane
        self.listener = supervisor.listener(lane.config.lane.id)
        self.thread = threading.Thread(target=self._loop, name=f"lane-{lane.config.lane.id}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _loop(self) -> None:
        while not self.lane.cancel.is_set():
            try:
                self.lane.run_transaction(self.listener)
            except Cancelled:
                break
            except Exception:  # a lane fault: logged, the lane tries again (it refers every traveller error)
                log.exception("lane %s fault", self.lane.config.lane.id)
                self.lane.cancel.wait(2.0)
                continue
            self.lane.cancel.wait(self.lane.config.lane.result_display_s)

    def stop(self, timeout: float = 10.0) -> None:
        self.lane.cancel.set()
        if self.thread.is_alive():
            self.thread.join(timeout)


def exec_console(qapp: Any, window: Any, fullscreen: bool) -> int:
    """Show a console window (its own screen, or a desktop window) and run it until it closes."""
    if fullscreen:
        window.showFullScreen()
    else:
        window.resize(1400, 900)
        window.show()
    try:
        return int(qapp.exec())
    finally:
        window.console.shutdown()


def run_console(configs: Sequence[KioskConfig], fullscreen: bool = False) -> int:
    """Build each configured lane, run them headless and open the console over them."""
    from ui.composition import build

    qapp = QApplication.instance() or QApplication(sys.argv)
    apps = []
    try:
        for cfg in configs:
            apps.append(build(cfg))
        supervisor = LocalSupervisor([a.lane for a in apps])
        first = apps[0]
        accounts = Accounts(first.store, first.config.officer, first.clock)
        accounts.bootstrap()
        runners = [HeadlessLane(a.lane, supervisor) for a in apps]
        for r in runners:
            r.start()
        # the console in the lane's default language (the same translations as the traveller screens)
        languages = Languages(default=first.config.lane.default_language)
        languages.set_language(languages.default)
        window = ConsoleWindow(supervisor, accounts, first.config)
        try:
            return exec_console(qapp, window, fullscreen)
        finally:
            for r in runners:
                r.stop()
    finally:
        for a in apps:
            a.close()
