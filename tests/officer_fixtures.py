"""Shared set-up for the officer console tests: accounts on a fast argon2 hasher, lanes on doubles."""

from __future__ import annotations

from argon2 import PasswordHasher
from lane_doubles import FakeClock, Script, make_lane

from kiosk import config as kconfig
from kiosk.officers import Accounts

# Cheap parameters for speed; the product uses argon2-cffi's defaults. Hashes from the configuration
# (the demo PIN 1234) keep their own parameters and are re-hashed on first sign-in.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def accounts_for(store, clock=None, **officer_cfg) -> Accounts:
    cfg = kconfig.from_dict({"officer": officer_cfg}).officer
    acc = Accounts(store, cfg, clock or FakeClock(), hasher=FAST_HASHER)
    acc.bootstrap()
    return acc


def lane_with_referral(tmp_path, script: Script | None = None, **cfg):
    """A lane on doubles that has just referred one traveller (face mismatch by default)."""
    lane, devs, store = make_lane(tmp_path, script or Script(face_score=0.05), **cfg)
    result = lane.run_transaction()
    assert result.outcome == "refer" and result.referral_id
    return lane, devs, store, result
