"""Import every driver module so each registers its name. Device libraries load lazily inside drivers."""

from __future__ import annotations

import importlib

DRIVER_MODULES = (
    "hardware.sim.mrz",
    "hardware.pcsc",
    "hardware.cameras",
    "hardware.gate",
    "hardware.declaration",
    "hardware.thermal",
    "hardware.sim.card_reader",  # the virtual passport reader (world-aware)
    "hardware.sim.wiring",  # last: world-aware simulators override the plain ones
)


def load_all() -> None:
    for name in DRIVER_MODULES:
        importlib.import_module(name)
