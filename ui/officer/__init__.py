"""The officer's supervisor console: sign-in, lane overview, referral queue with evidence, lane
control, audit, shift report, retained evidence and accounts. A self-contained widget
(`OfficerConsole`) that the kiosk window embeds behind a hidden gesture, or that runs as its own
window (`ConsoleWindow`, `clearance-kiosk console`)."""

from ui.officer.console import OfficerConsole
from ui.officer.gesture import CornerTapDetector

__all__ = ["CornerTapDetector", "OfficerConsole"]
