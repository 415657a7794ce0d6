"""`clearance-kiosk officer …`: accounts from the command line, audited, PINs never as arguments."""

import io
import json

import pytest
from argon2 import PasswordHasher

from kiosk.officers import Accounts
from kiosk.store import Store
from ui.cli import build_parser, main


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "lane.sqlite")


def _run(db, *argv, stdin=""):
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(["--database", db, "officer", *argv])
    finally:
        sys.stdin = old


def test_add_list_disable_enable_reset(db, capsys):
    assert _run(db, "add", "o-17", "--role", "officer", "--name", "Li Wei", "--pin-stdin", stdin="2468\n") == 0
    assert "created o-17 (officer)" in capsys.readouterr().out
    assert _run(db, "list", "--json") == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["o-17"]["name"] == "Li Wei" and rows["o-17"]["role"] == "officer"
    assert rows["supervisor"]["role"] == "supervisor"  # bootstrapped on first use of the database
    assert "pin_hash" not in rows["o-17"]
    assert _run(db, "disable", "o-17") == 0
    assert _run(db, "list") == 0
    assert "disabled" in next(line for line in capsys.readouterr().out.splitlines() if line.startswith("o-17"))
    assert _run(db, "enable", "o-17") == 0
    assert _run(db, "reset-pin", "o-17", "--pin-stdin", stdin="8642\n") == 0
    store = Store(db)
    try:
        assert Accounts(store).sign_in("o-17", "8642").officer.name == "Li Wei"
        actors = {(r.actor, r.action) for r in store.audit_records()}
        assert any(a.startswith("cli:") and act == "officer.pin-reset" for a, act in actors)
        assert any(a.startswith("cli:") and act == "officer.disabled" for a, act in actors)
    finally:
        store.close()


def test_errors_are_reported_with_exit_code_1(db, capsys):
    assert _run(db, "add", "o1", "--pin-stdin", stdin="12\n") == 1
    assert "PIN" in capsys.readouterr().err
    assert _run(db, "disable", "nobody") == 1
    assert "no officer 'nobody'" in capsys.readouterr().err
    assert _run(db, "add", "o1", "--pin-stdin", stdin="1234\n") == 0
    assert _run(db, "add", "o1", "--pin-stdin", stdin="1234\n") == 1
    assert "exists already" in capsys.readouterr().err
    assert _run(db, "disable", "supervisor") == 1  # the last supervisor stays
    with pytest.raises(SystemExit):
        build_parser().parse_args(["officer", "add", "o2", "--role", "boss"])


def test_hash_pin_makes_a_configuration_hash(db, capsys):
    assert _run(db, "hash-pin", "--pin-stdin", stdin="97531\n") == 0
    digest = capsys.readouterr().out.strip()
    assert digest.startswith("$argon2id$") and PasswordHasher().verify(digest, "97531")
    from kiosk import config as kconfig

    assert kconfig.from_dict({"officer": {"pin_hash": digest}}).officer.pin_hash == digest


def test_console_command_parses_lane_configurations():
    args = build_parser().parse_args(["console", "--lane-config", "a.toml", "--lane-config", "b.toml", "--demo"])
    assert args.lane_config == ["a.toml", "b.toml"] and args.demo and callable(args.func)
