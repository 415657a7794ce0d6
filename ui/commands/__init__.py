"""Subcommand groups of `clearance-kiosk`, one module each (face, declaration, thermal, chip, ...).

Every module here defines `add_commands(sub, common)`: it adds its parsers to the subparsers
`sub` and sets `func` on each; `common` is the parent parser with the shared options. `ui.cli`
discovers the modules, so a new command group never edits the core CLI.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil


def add_all(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.add_commands(sub, common)
