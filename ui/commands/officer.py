"""`clearance-kiosk officer add|disable|enable|reset-pin|list|hash-pin` and `clearance-kiosk console`.

Account commands work on the lane database of the configuration (`--database` overrides it) and
are audited with the local user as the actor (`cli:<user>`). PINs are asked twice on the terminal,
or read from one line of stdin with `--pin-stdin` (for provisioning scripts); never as an argument,
where they would stay in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from kiosk.officers import Accounts, OfficerError, Role


def _pin(args: argparse.Namespace) -> str:
    if args.pin_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("PIN: ")
    if getpass.getpass("PIN again: ") != first:
        raise OfficerError("the two PINs differ")
    return first


def _with_accounts(args: argparse.Namespace, fn: Any) -> int:
    from kiosk.store import Store
    from ui.cli import load_config

    cfg = load_config(args)
    store = Store(cfg.storage.database_path(), cfg.lane.id)
    try:
        accounts = Accounts(store, cfg.officer)
        accounts.bootstrap()
        return int(fn(accounts, f"cli:{getpass.getuser()}"))
    except OfficerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


def cmd_add(args: argparse.Namespace) -> int:
    def run(acc: Accounts, actor: str) -> int:
        o = acc.create(actor, args.id, args.name, args.role, _pin(args))
        print(f"created {o.id} ({o.role.value})")
        return 0

    return _with_accounts(args, run)


def cmd_disable(args: argparse.Namespace, disabled: bool = True) -> int:
    def run(acc: Accounts, actor: str) -> int:
        o = acc.set_disabled(actor, args.id, disabled)
        print(f"{o.id} {'disabled' if o.disabled else 'enabled'}")
        return 0

    return _with_accounts(args, run)


def cmd_reset_pin(args: argparse.Namespace) -> int:
    def run(acc: Accounts, actor: str) -> int:
        o = acc.reset_pin(actor, args.id, _pin(args))
        print(f"new PIN set for {o.id} (lockout lifted)")
        return 0

    return _with_accounts(args, run)


def cmd_list(args: argparse.Namespace) -> int:
    def run(acc: Accounts, _actor: str) -> int:
        officers = acc.list()
        if args.json:
            print(json.dumps([o.to_dict() for o in officers], indent=2))
            return 0
        for o in officers:
            status = "disabled" if o.disabled else (f"locked until {o.locked_until}" if o.locked_until else "active")
            print(f"{o.id:20s} {o.role.value:10s} {status:28s} {o.name}")
        return 0

    return _with_accounts(args, run)


def cmd_hash_pin(args: argparse.Namespace) -> int:
    """An argon2 hash for officer.pin_hash / officer.accounts in the configuration file."""
    from argon2 import PasswordHasher

    try:
        pin = _pin(args)
        if not pin.isdigit() or len(pin) < 4:
            raise OfficerError("a PIN is at least 4 digits")
    except OfficerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(PasswordHasher().hash(pin))
    return 0


def cmd_console(args: argparse.Namespace) -> int:
    from kiosk import config as kconfig
    from ui.cli import demo_config, load_config

    base = load_config(args)
    if args.bus:  # a console PC: every lane of the port through the broker
        if base.bus is None:
            print("error: --bus needs a [bus] section in the configuration", file=sys.stderr)
            return 2
        from ui.officer.remote import run_bus_console

        return run_bus_console(base, args.console_id or base.lane.id, fullscreen=args.fullscreen)
    configs = [kconfig.load(path) for path in args.lane_config] if args.lane_config else [base]
    if args.demo:
        configs = [demo_config(c) for c in configs]
    ids = [c.lane.id for c in configs]
    if len(set(ids)) != len(ids):
        print(f"error: lane ids must differ: {', '.join(ids)}", file=sys.stderr)
        return 2
    from ui.officer.app import run_console  # Qt only when the console runs

    return run_console(configs, fullscreen=args.fullscreen)


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    o = sub.add_parser("officer", help="officer accounts (roles, PINs)")
    osub = o.add_subparsers(dest="officer_command", required=True)

    def pin_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--pin-stdin", action="store_true", help="read the PIN from one line of stdin")

    add = osub.add_parser("add", help="create an account")
    add.add_argument("id")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.OFFICER.value)
    add.add_argument("--name", default="")
    pin_option(add)
    add.set_defaults(func=cmd_add)

    dis = osub.add_parser("disable", help="disable an account (it cannot sign in)")
    dis.add_argument("id")
    dis.set_defaults(func=cmd_disable)
    en = osub.add_parser("enable", help="enable a disabled account")
    en.add_argument("id")
    en.set_defaults(func=lambda a: cmd_disable(a, False))

    rp = osub.add_parser("reset-pin", help="set a new PIN (lifts a lockout)")
    rp.add_argument("id")
    pin_option(rp)
    rp.set_defaults(func=cmd_reset_pin)

    ls = osub.add_parser("list", help="list the accounts")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)

    hp = osub.add_parser("hash-pin", help="print an argon2 hash of a PIN for the configuration file")
    pin_option(hp)
    hp.set_defaults(func=cmd_hash_pin)

    c = sub.add_parser("console", help="the officer console as its own window, over the configured lanes")
    c.add_argument("--lane-config", action="append", default=[], metavar="FILE",
                   help="a lane's configuration (repeat for several lanes); default: --config")
    c.add_argument("--demo", action="store_true", help="every device of every lane simulated")
    c.add_argument("--fullscreen", action="store_true")
    c.add_argument("--bus", action="store_true", help="supervise the port's lanes through the broker ([bus])")
    c.add_argument("--console-id", metavar="ID", help="this console's id on the bus (its certificate's CN); "
                   "default: lane.id of the configuration")
    c.set_defaults(func=cmd_console)
