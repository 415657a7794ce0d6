"""Field installation commands: `db migrate` (the package's postinst) and `wizard` (commissioning a
lane). The unit's ExecStopPost `gate-off` lives with the gate (ui/commands/gate.py)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from kiosk.config import KioskConfig


def reroot(path: Path, root: str | None) -> Path:
    """`path` inside the file system tree at `root` (dpkg's DPKG_ROOT: image builds, CI)."""
    if not root:
        return path
    return Path(root) / path.relative_to(path.anchor) if path.is_absolute() else Path(root) / path


def database_path(cfg: KioskConfig, root: str | None = None) -> Path:
    return reroot(cfg.storage.database_path(), root)


def schema_version(path: Path) -> int:
    """The database's schema version, read-only (0 for a database that does not exist yet)."""
    if not path.exists():
        return 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def backup_database(path: Path, label: str) -> Path:
    """A consistent copy through SQLite's backup API (safe with WAL, unlike copying the file)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def cmd_db_migrate(args: argparse.Namespace) -> int:
    from kiosk.store import MIGRATIONS, Store
    from ui.cli import load_config

    cfg = load_config(args)
    path = database_path(cfg, args.root)
    before, target = schema_version(path), len(MIGRATIONS)
    if before > target:
        print(f"{path}: schema v{before} is newer than this kiosk's v{target}: refusing to run an older "
              f"kiosk on it (restore the backup taken before the upgrade, or reinstall the newer package)",
              file=sys.stderr)
        return 1
    if args.backup and path.exists() and before < target:
        print(f"backup: {backup_database(path, f'pre-v{target}')}")
    store = Store(path, cfg.lane.id)
    try:
        after = store.schema_version
        if after != before:
            store.audit("installer", "database.migrated", {"from": before, "to": after})
    finally:
        store.close()
    print(f"{path}: schema v{before} -> v{after}" if after != before else f"{path}: schema v{after}, up to date")
    return 0


def cmd_wizard(args: argparse.Namespace) -> int:
    from ui.cli import load_config
    from ui.wizard import run_wizard

    cfg = load_config(args)
    output = Path(args.output or args.config or "kiosk.toml")
    return run_wizard(cfg, output, fullscreen=args.fullscreen)


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    db = sub.add_parser("db", help="lane database maintenance")
    dbsub = db.add_subparsers(dest="db_command", required=True)
    m = dbsub.add_parser("migrate", help="bring the database schema up to date (the package does this)")
    m.add_argument("--backup", action="store_true", help="copy the database first when a migration is due")
    m.add_argument("--root", help="the configured paths are inside this directory (dpkg's DPKG_ROOT)")
    m.set_defaults(func=cmd_db_migrate)

    w = sub.add_parser("wizard", help="commission the lane: test every device, write the configuration")
    w.add_argument("--output", "-o", help="configuration to write (default: --config, else ./kiosk.toml)")
    w.add_argument("--fullscreen", action="store_true")
    w.set_defaults(func=cmd_wizard)
