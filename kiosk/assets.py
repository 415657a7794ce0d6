"""Where the shipped assets (translations, images, sounds, demo data) live."""

from __future__ import annotations

import os
from pathlib import Path

_SOURCE_ASSETS = Path(__file__).resolve().parent.parent / "assets"
_INSTALLED_ASSETS = Path("/usr/share/clearance-kiosk/assets")


def assets_dir() -> Path:
    """`KIOSK_ASSETS` if set, else the source tree's `assets/`, else the packaged location."""
    env = os.environ.get("KIOSK_ASSETS")
    if env:
        return Path(env)
    if _SOURCE_ASSETS.is_dir():
        return _SOURCE_ASSETS
    return _INSTALLED_ASSETS


def asset(*parts: str) -> Path:
    return assets_dir().joinpath(*parts)
