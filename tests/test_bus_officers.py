"""Which officers a lane accepts commands from over the bus (the composition's choice)."""

from __future__ import annotations

from kiosk import config as kconfig
from kiosk.bus.commands import ACTIONS
from kiosk.officers import Accounts
from kiosk.store import Store
from ui.composition import OfficerRoster, bus_officers

BUS = {"host": "127.0.0.1", "insecure_plaintext": True}


def test_every_bus_action_maps_to_an_officer_permission():
    assert set(ACTIONS) == set(OfficerRoster.PERMISSION)


def test_lane_accounts_decide_without_a_port_roster(tmp_path):
    cfg = kconfig.from_dict({"bus": BUS})
    store = Store(tmp_path / "lane.sqlite", cfg.lane.id)
    try:
        acc = Accounts(store, cfg.officer)
        acc.bootstrap()
        acc.create("cli:root", "o1", "", "officer", "2468")
        acc.create("cli:root", "i1", "", "installer", "1357")
        who = bus_officers(cfg, store)
        assert who.may("o1", "release") and who.may("o1", "inspection") and who.may("o1", "open-gate")
        assert not who.may("i1", "release") and who.may("i1", "reset-gate")  # installers never decide
        assert not who.may("nobody", "open-gate")
        acc.set_disabled("supervisor", "o1")
        assert not who.may("o1", "release")
    finally:
        store.close()


def test_a_configured_port_roster_is_used_and_limits_actions(tmp_path):
    cfg = kconfig.from_dict({"bus": {**BUS, "officers": {"o.li": ["release"]}}})
    store = Store(tmp_path / "lane.sqlite", cfg.lane.id)
    try:
        who = bus_officers(cfg, store)
        assert who.may("o.li", "release") and not who.may("o.li", "open-gate")
        assert not who.may("o.wang", "release")
    finally:
        store.close()


def test_no_bus_no_roster(tmp_path):
    store = Store(tmp_path / "lane.sqlite")
    try:
        assert bus_officers(kconfig.from_dict({}), store) is None
    finally:
        store.close()
