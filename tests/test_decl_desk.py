"""The declaration desk built from a kiosk configuration section."""

from __future__ import annotations

import pytest
from decl_fixtures import DOC, T0, FakeClock, clean_answers, keys

from kiosk.declarations.desk import DeclarationDesk
from kiosk.declarations.issuer import public_pem
from kiosk.declarations.token import issue_token
from kiosk.errors import ConfigError


def test_desk_from_config_end_to_end(tmp_path):
    key = keys()["ed"]
    (tmp_path / "k.pem").write_bytes(public_pem(key))
    (tmp_path / "rules.toml").write_text("[ports.gongbei.entry.limits]\ncigarettes = 150\n", encoding="utf-8")
    section = {
        "direction": "entry",
        "port": "gongbei",
        "rules": str(tmp_path / "rules.toml"),
        "used_ids": str(tmp_path / "used.sqlite"),
        "keys": {"cn-1": str(tmp_path / "k.pem")},
        "overrides": {"limits": {"cash_cny": 1000}},
    }
    desk = DeclarationDesk.from_config(section, clock=FakeClock())
    assert desk.rules.ruleset.limits["cigarettes"] == 150 and desk.rules.ruleset.limits["cash_cny"] == 1000
    answers = clean_answers(desk.rules, alcohol_tobacco=True, cigarettes=160)
    text = issue_token(answers, DOC, key, kid="cn-1", issued_at=T0)
    decision, result = desk.from_qr(text, DOC)
    assert result.valid and decision.items == ["tobacco"]
    assert desk.evidence(decision).status == "declared"
    # a second lane sharing the database sees the replay
    other = DeclarationDesk.from_config(section, clock=FakeClock())
    assert other.from_qr(text, DOC)[1].reason == "token:replayed"
    assert desk.from_screen(clean_answers(desk.rules)).status == "nothing-to-declare"


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ({"direction": "up"}, "declarations.direction"),
        ({"colour": "red"}, "declarations.colour"),
        ({"keys": {"x": "/nonexistent.pem"}}, "declarations.keys.x"),
        ({"keys": "k.pem"}, "declarations.keys"),
        ({"used_ids": "/proc/forbidden/used.sqlite"}, "declarations.used_ids"),
    ],
)
def test_desk_config_errors_name_the_key(section, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        DeclarationDesk.from_config(section)
