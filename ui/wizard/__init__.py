"""Commissioning wizard (installer role): every device tested live, the result written to the
lane's configuration. `clearance-kiosk wizard` / `clearance-kiosk-session wizard` start it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from kiosk.config import KioskConfig


def run_wizard(config: KioskConfig, output: Path, fullscreen: bool = False) -> int:
    from ui.wizard.pages import run_wizard as run  # Qt only when the wizard runs

    return run(config, output, fullscreen=fullscreen)


__all__ = ["run_wizard"]
