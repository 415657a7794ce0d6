"""Writes what the wizard tested into the lane's TOML configuration, keeping the file's comments
and every key the wizard does not touch (tomlkit round-trips the document), then a commissioning
report beside it (`commissioning.json`: what was tested, when, with which result)."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomlkit

from kiosk import config as kconfig

REPORT_NAME = "commissioning.json"


def new_salt() -> str:
    return secrets.token_hex(16)


def hash_pin(pin: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(pin)


def _set_table(doc: Any, dotted: str, values: Mapping[str, Any], replace: bool) -> None:
    """Set `values` in the table at `dotted` (created if missing). With `replace`, keys not in
    `values` are dropped (a device's options belong to its driver: a new driver, new options)."""
    table = doc
    for part in dotted.split("."):
        if part not in table:
            table[part] = tomlkit.table()
        table = table[part]
    if replace:
        for key in [k for k in table if k not in values]:
            del table[key]
    for key, value in values.items():
        table[key] = value


def merge(document: str, changes: Mapping[str, Mapping[str, Any]], replace: tuple[str, ...] = ()) -> str:
    """`document` (TOML text) with each `changes[dotted table] = {key: value}` applied."""
    doc = tomlkit.parse(document)
    for dotted, values in changes.items():
        _set_table(doc, dotted, values, replace=dotted in replace)
    return tomlkit.dumps(doc)


def write_config(path: Path, changes: Mapping[str, Mapping[str, Any]], replace: tuple[str, ...] = (),
                 report: Mapping[str, Any] | None = None, base: str | None = None) -> kconfig.KioskConfig:
    """Validate the merged configuration, then replace `path` atomically (previous file kept as
    `<name>.wizard-<time>`), mode 0640 like the package installs it. Returns the loaded result."""
    if base is None:
        base = path.read_text("utf-8") if path.exists() else ""
    text = merge(base, changes, replace)
    import tomllib

    loaded = kconfig.from_dict(tomllib.loads(text), str(path))  # raises ConfigError naming the key
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if path.exists():
        backup = path.with_name(f"{path.name}.wizard-{stamp}")
        backup.write_bytes(path.read_bytes())
        os.chmod(backup, 0o600)
        st = path.stat()
        mode, owner = st.st_mode & 0o777, (st.st_uid, st.st_gid)
    else:
        mode, owner = 0o640, None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, mode)
        if owner is not None and os.geteuid() == 0:
            os.chown(tmp, *owner)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if report is not None:
        data = {"commissioned_at": datetime.now(UTC).isoformat(), "config": str(path), **report}
        report_path = path.with_name(REPORT_NAME)
        report_path.write_text(json.dumps(data, indent=2, default=str) + "\n", "utf-8")
    return loaded
