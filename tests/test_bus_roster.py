"""Which officers the lane obeys over the bus (the composition root's OfficerRoster)."""

from __future__ import annotations

import pytest

from kiosk.bus.commands import ACTIONS, Roster
from kiosk.officers import Officer, Role
from ui.composition import OfficerRoster


class FakeAccounts:
    def __init__(self, *officers: Officer) -> None:
        self.by_id = {o.id: o for o in officers}

    def get(self, officer_id: str) -> Officer | None:
        return self.by_id.get(officer_id)


ACCOUNTS = FakeAccounts(Officer("o.wang", "Wang", Role.OFFICER), Officer("i.kim", "Kim", Role.INSTALLER),
                        Officer("o.gone", "Gone", Role.OFFICER, disabled=True))


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_bus_action_has_a_permission_an_officer_holds(action):
    assert OfficerRoster(ACCOUNTS).may("o.wang", action)  # e.g. the red channel ("inspection")


def test_roles_disabled_and_unknown_accounts():
    roster = OfficerRoster(ACCOUNTS)
    assert roster.may("i.kim", "open-gate") and not roster.may("i.kim", "release")
    assert not roster.may("i.kim", "inspection")
    assert not roster.may("o.gone", "open-gate") and not roster.may("nobody", "open-gate")
    assert not roster.may("o.wang", "self-destruct")


def test_a_configured_bus_roster_narrows_the_accounts():
    roster = OfficerRoster(ACCOUNTS, Roster({"o.wang": ["release"]}))
    assert roster.may("o.wang", "release") and not roster.may("o.wang", "open-gate")
    assert not roster.may("i.kim", "open-gate")  # not on the configured roster
