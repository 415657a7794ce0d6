"""Officer accounts: argon2 PINs, roles, lockout, idle sign-out, account management, audit."""


import pytest
from lane_doubles import FakeClock
from officer_fixtures import FAST_HASHER, accounts_for

import kiosk.store as kstore
from kiosk import config as kconfig
from kiosk.errors import ConfigError
from kiosk.officers import Accounts, OfficerError, PermissionDenied, Role, SignInError


@pytest.fixture
def store(tmp_path):
    s = kstore.Store(tmp_path / "lane.sqlite", "LANE-T")
    yield s
    s.close()


def _actions(store):
    return [r.action for r in store.audit_records()][::-1]


def test_bootstrap_supervisor_signs_in_with_the_demo_pin_and_bootstrap_is_idempotent(store):
    acc = accounts_for(store)
    assert [(o.id, o.role) for o in acc.list()] == [("supervisor", Role.SUPERVISOR)]
    session = acc.sign_in("supervisor", "1234")
    assert session.can("accounts") and session.can("decide")
    assert acc.bootstrap() == []  # a second start creates nothing
    # the configuration's hash (argon2 defaults) was re-hashed at the hasher's parameters
    (row,) = store.query("SELECT pin_hash FROM officers")
    assert FAST_HASHER.check_needs_rehash(row["pin_hash"]) is False
    assert "1234" not in row["pin_hash"] and row["pin_hash"].startswith("$argon2id$")
    assert _actions(store) == ["officer.created", "officer.signed-in"]
    assert store.verify_audit() == 2


def test_configured_accounts_are_created_once_and_the_database_owns_them_after(store):
    h = FAST_HASHER.hash("5555")
    acc = accounts_for(store, accounts=[{"id": "chief", "role": "supervisor", "pin_hash": h},
                                        {"id": "o-17", "name": "Li Wei", "role": "officer", "pin_hash": h}])
    # a supervisor is configured, so no bootstrap supervisor with the demo PIN
    assert [o.id for o in acc.list()] == ["chief", "o-17"]
    acc.reset_pin("cli:root", "o-17", "8080")
    again = Accounts(store, acc.config, acc.clock, hasher=FAST_HASHER)
    assert again.bootstrap() == []
    assert again.sign_in("o-17", "8080").officer.name == "Li Wei"  # the configured hash did not come back


def test_wrong_pins_lock_the_account_even_for_the_right_pin_until_the_lockout_ends(store):
    clock = FakeClock()
    acc = accounts_for(store, clock, max_failures=3, lockout_s=60)
    acc.create("cli:root", "o1", "Officer One", "officer", "2468")
    remaining = []
    for _ in range(2):
        with pytest.raises(SignInError) as info:
            acc.sign_in("o1", "0000")
        assert info.value.reason == "invalid"
        remaining.append(info.value.remaining_attempts)
    assert remaining == [2, 1]
    with pytest.raises(SignInError) as info:
        acc.sign_in("o1", "0000")
    assert info.value.reason == "locked" and info.value.locked_until is not None
    with pytest.raises(SignInError, match="locked"):
        acc.sign_in("o1", "2468")  # the right PIN does not help while locked
    clock.sleep(59)
    with pytest.raises(SignInError, match="locked"):
        acc.sign_in("o1", "2468")
    clock.sleep(2)
    assert acc.sign_in("o1", "2468").officer.id == "o1"
    assert acc.get("o1").failures == 0
    acts = _actions(store)
    assert acts.count("officer.sign-in-failed") == 5 and acts.count("officer.locked") == 1
    assert acts[-1] == "officer.signed-in"


def test_an_expired_lockout_starts_the_count_afresh(store):
    clock = FakeClock()
    acc = accounts_for(store, clock, max_failures=2, lockout_s=10)
    acc.create("cli:root", "o1", "", "officer", "2468")
    for _ in range(2):
        with pytest.raises(SignInError):
            acc.sign_in("o1", "1111")
    clock.sleep(11)
    with pytest.raises(SignInError) as info:
        acc.sign_in("o1", "1111")
    assert info.value.reason == "invalid" and info.value.remaining_attempts == 1


def test_a_lock_set_by_another_console_during_the_pin_check_stands(store):
    clock = FakeClock()
    acc = accounts_for(store, clock, max_failures=3, lockout_s=60)
    acc.create("cli:root", "o1", "", "officer", "2468")
    until = "2026-06-01T01:00:00+00:00"
    real_verify = acc.hasher.verify

    def verify_while_another_console_locks(digest, pin):
        store.db["officers"].update("o1", {"failures": 3, "locked_until": until})
        return real_verify(digest, pin)

    acc.hasher = type("H", (), {"verify": staticmethod(verify_while_another_console_locks),
                                "check_needs_rehash": staticmethod(lambda h: False)})()
    with pytest.raises(SignInError) as info:
        acc.sign_in("o1", "0000")
    assert info.value.reason == "locked"
    assert acc.get("o1").locked_until == until and acc.get("o1").failures == 3
    assert store.audit_records()[0].data == {"why": "locked"}


def test_unknown_officer_and_wrong_pin_look_the_same(store):
    acc = accounts_for(store)
    with pytest.raises(SignInError) as unknown:
        acc.sign_in("nobody", "1234")
    with pytest.raises(SignInError) as wrong:
        acc.sign_in("supervisor", "9999")
    assert unknown.value.reason == wrong.value.reason == "invalid"
    assert str(unknown.value) == str(wrong.value)
    assert store.audit_records()[1].data == {"officer": "nobody", "why": "unknown"}


def test_supervisor_manages_accounts_officer_may_not(store):
    acc = accounts_for(store)
    sup = acc.sign_in("supervisor", "1234")
    acc.create(sup, "o2", "Officer Two", Role.OFFICER, "1357")
    officer = acc.sign_in("o2", "1357")
    assert officer.can("decide") and not officer.can("accounts") and not officer.can("audit")
    with pytest.raises(PermissionDenied):
        acc.create(officer, "o3", "", "officer", "1357")
    with pytest.raises(PermissionDenied):
        acc.reset_pin(officer, "supervisor", "0000")
    acc.set_disabled(sup, "o2")
    with pytest.raises(SignInError) as info:
        acc.sign_in("o2", "1357")
    assert info.value.reason == "disabled"
    acc.set_disabled(sup, "o2", False)
    assert acc.sign_in("o2", "1357")
    with pytest.raises(OfficerError, match="last active supervisor"):
        acc.set_disabled(sup, "supervisor")
    created = [r for r in store.audit_records() if r.action == "officer.created" and r.actor == "officer:supervisor"]
    assert created and created[0].data == {"officer": "o2", "role": "officer"}


def test_installer_controls_lanes_but_sees_no_traveller_evidence(store):
    acc = accounts_for(store)
    acc.create("cli:root", "inst", "", "installer", "4321")
    s = acc.sign_in("inst", "4321")
    assert s.can("service") and s.can("gate") and s.can("audit")
    assert not s.can("decide") and not s.can("evidence") and not s.can("report")


@pytest.mark.parametrize("pin", ["12", "12a4", "", "1" * 33])
def test_pins_must_be_digits_of_a_configured_length(store, pin):
    acc = accounts_for(store)
    with pytest.raises(OfficerError, match="PIN"):
        acc.create("cli:root", "o5", "", "officer", pin)


def test_reset_pin_lifts_a_lockout(store):
    acc = accounts_for(store, max_failures=1)
    acc.create("cli:root", "o1", "", "officer", "2468")
    with pytest.raises(SignInError, match="locked"):
        acc.sign_in("o1", "0000")
    acc.reset_pin("cli:root", "o1", "1122")
    assert acc.sign_in("o1", "1122")


def test_idle_session_is_signed_out_on_the_injected_clock(store):
    clock = FakeClock()
    acc = accounts_for(store, clock, idle_signout_s=30)
    s = acc.sign_in("supervisor", "1234")
    clock.sleep(20)
    acc.touch(s)  # activity restarts the idle time
    clock.sleep(20)
    assert acc.idle_remaining(s) == pytest.approx(10)
    assert acc.sign_out_if_idle(s) is False
    clock.sleep(10)
    assert acc.sign_out_if_idle(s) is True
    assert s.ended and not s.can("decide")
    with pytest.raises(PermissionDenied):
        s.require("decide")
    last = store.audit_records()[0]
    assert (last.actor, last.action, last.data) == ("officer:supervisor", "officer.signed-out", {"reason": "idle"})


def test_a_version_1_database_is_migrated_additively(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    monkeypatch.setattr(kstore, "MIGRATIONS", kstore.MIGRATIONS[:1])
    old = kstore.Store(path, "LANE-T")
    old.record_transaction({"id": "t1", "started_at": "2026-01-01T00:00:00", "ended_at": "2026-01-01T00:00:05",
                            "outcome": "clear"})
    assert old.schema_version == 1 and "officers" not in old.db.table_names()
    old.close()
    monkeypatch.undo()
    new = kstore.Store(path, "LANE-T")
    try:
        assert new.schema_version == len(kstore.MIGRATIONS) >= 2
        assert [t["id"] for t in new.transactions()] == ["t1"]
        assert new.verify_audit() == 1
        acc = accounts_for(new)
        assert acc.sign_in("supervisor", "1234")
    finally:
        new.close()


def test_officer_configuration_is_validated():
    with pytest.raises(ConfigError, match="argon2"):
        kconfig.from_dict({"officer": {"pin_hash": "1234"}})
    with pytest.raises(ConfigError, match="reason code"):
        kconfig.from_dict({"officer": {"reason_codes": {"release": ["x"], "inspection": ["y"], "refuse": []}}})
    with pytest.raises(ConfigError, match="unknown action"):
        kconfig.from_dict({"officer": {"reason_codes": {"release": ["x"], "inspection": ["y"], "refuse": ["z"],
                                                        "wave-through": ["q"]}}})
    with pytest.raises(ConfigError, match=r"officer\.accounts\.0\.role"):
        kconfig.from_dict({"officer": {"accounts": [{"id": "a", "role": "boss", "pin_hash": "$argon2id$x"}]}})
    with pytest.raises(ConfigError, match="unique"):
        kconfig.from_dict({"officer": {"accounts": [{"id": "a", "pin_hash": "$argon2id$x"},
                                                    {"id": "a", "pin_hash": "$argon2id$x"}]}})
    assert kconfig.from_dict({"officer": {"lockout_s": 30}}).officer.lockout_s == 30
