"""The console PC of a port: the officer console over every lane, through the broker ([bus]).

The officers sign in against this console's own accounts (`Accounts` on the configuration's
storage.database); each lane checks the officer named in a signed command against its own roster.
What the console received is journalled in that database too, so a restart keeps the referral queue.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from kiosk.bus.journal import ConsoleJournal
from kiosk.bus.supervisor import BusSupervisor
from kiosk.config import KioskConfig
from kiosk.officers import Accounts
from kiosk.store import Store
from ui.i18n import Languages
from ui.officer.app import ConsoleWindow, exec_console


def bus_window(supervisor: BusSupervisor, accounts: Accounts, config: KioskConfig) -> ConsoleWindow:
    """A console window whose sign-in and sign-out open and close the officer's command session."""
    window = ConsoleWindow(supervisor, accounts, config)
    console = window.console
    console.signed_in.connect(supervisor.begin_session)
    console.signed_out.connect(lambda _reason: supervisor.end_session())
    return window


def run_bus_console(config: KioskConfig, console_id: str, fullscreen: bool = False) -> int:
    from hardware.bus import connect_console

    if config.bus is None:
        raise ValueError("the configuration has no [bus] section")
    qapp = QApplication.instance() or QApplication(sys.argv)
    store = Store(config.storage.database_path(), config.lane.id)
    remote = None
    try:
        accounts = Accounts(store, config.officer)
        accounts.bootstrap()
        remote = connect_console(config.bus, console_id)
        supervisor = BusSupervisor(remote, config, journal=ConsoleJournal(store))
        # the console in the configured default language, as run_console does
        languages = Languages(default=config.lane.default_language)
        languages.set_language(languages.default)
        return exec_console(qapp, bus_window(supervisor, accounts, config), fullscreen)
    finally:
        if remote is not None:
            remote.close()
        store.close()
