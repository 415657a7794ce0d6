"""`clearance-kiosk gate-off`: switch every relay of the configured gate off, then record it.

For systemd's `ExecStopPost=` (see kiosk/watchdog.py): it runs after the kiosk process ended in any
way, SIGKILL included, when a relay whose pulse was timed by the dead process may still be on. It
opens the configured `[devices.gate.io]` driver, which switches every output off when it opens the
device, and closes it (off once more). Run it only while the kiosk is not running: the two would
share the relay board. Exit 0 when everything was switched off, 1 when the device could not be
reached (the relays are then in whatever state the hardware leaves them), 2 for a configuration error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    g = sub.add_parser("gate-off", help="switch every gate relay off (systemd ExecStopPost)")
    g.set_defaults(func=cmd_gate_off)


def cmd_gate_off(args: argparse.Namespace) -> int:
    from hardware.drivers import load_all
    from hardware.gate.factory import switch_everything_off
    from kiosk.errors import ConfigError, DeviceError
    from ui.cli import load_config

    cfg = load_config(args)
    gate = cfg.devices.gate
    if gate.driver == "simulator":
        print("the gate is the simulator: no relay to switch off")
        return 0
    io = gate.options().get("io")
    if not isinstance(io, Mapping):
        raise ConfigError("devices.gate.io: the relay gate's IO table is missing")
    load_all()
    outcome: dict[str, object] = {"command": "gate-off", "driver": str(io.get("driver"))}
    code = 0
    try:
        switch_everything_off(io)
        print("every gate output switched off")
    except ConfigError as exc:  # a bad [devices.gate.io] table: on record too, then exit 2
        outcome["error"] = f"configuration: {exc}"
        _audit(cfg, outcome)
        raise
    except Exception as exc:  # DeviceError, or a library error a driver let through: never unrecorded
        outcome["error"] = str(exc) if isinstance(exc, DeviceError) else f"{type(exc).__name__}: {exc}"
        print(f"error: cannot switch the gate off: {outcome['error']}", file=sys.stderr)
        code = 1
    _audit(cfg, outcome)  # after the relays: switching off must not wait for the database
    return code


def _audit(cfg: object, data: dict[str, object]) -> None:
    from kiosk.store import Store

    try:
        store = Store(cfg.storage.database_path(), cfg.lane.id)  # type: ignore[attr-defined]
    except Exception as exc:  # the relays are off; a missing database must not turn that into a failure
        print(f"warning: not recorded in the audit trail: {exc}", file=sys.stderr)
        return
    try:
        store.audit("gate", "gate.command", data)
    except Exception as exc:  # the relays' state is already decided; say the record is missing
        print(f"warning: not recorded in the audit trail: {exc}", file=sys.stderr)
    finally:
        store.close()
