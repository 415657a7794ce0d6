"""Declaration rules engine, configuration and questionnaire model."""

from __future__ import annotations

import re

import pytest
from decl_fixtures import clean_answers, entry_rules
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.declarations import DeclarationRules, QuestionType, default_rules, load_rules
from kiosk.declarations.form import LANGUAGES, builtin_texts
from kiosk.declarations.rules import SYMPTOMS, deep_merge
from kiosk.errors import ConfigError
from kiosk.evidence import DeclarationEvidence


def test_all_no_is_nothing_to_declare_and_becomes_evidence():
    rules = entry_rules()
    decision = rules.evaluate(clean_answers(rules), "screen")
    assert decision.status == "nothing-to-declare"
    assert not decision.refers and decision.items == [] and decision.reasons == []
    ev = decision.to_evidence()
    assert isinstance(ev, DeclarationEvidence)
    assert ev.status == "nothing-to-declare" and ev.source == "screen"
    assert ev.answers["bio_items"] is False


@pytest.mark.parametrize(
    ("qid", "item"),
    [
        ("bio_items", "bio_items"),
        ("unaccompanied_goods", "unaccompanied_goods"),
        ("other_items", "other_items"),
    ],
)
def test_each_declared_yes_item_refers_with_its_reason(qid, item):
    rules = entry_rules()
    d = rules.evaluate(clean_answers(rules, **{qid: True}), "screen")
    assert d.status == "declared" and d.items == [item]
    assert [r.code for r in d.reasons] == [f"declared:{qid}"]
    assert d.reasons[0].text_key == f"decl.reason.declared.{qid}"
    assert d.to_evidence().reasons == [f"declared:{qid}"]


# (answers, question over the limit, item); limits from default_rules.toml
OVER = [
    (
        {"residency": "resident", "goods_acquired_abroad_value_cny": 5001},
        "goods_acquired_abroad_value_cny",
        "goods_over_allowance",
    ),
    (
        {"residency": "non_resident", "goods_left_value_cny": 2001},
        "goods_left_value_cny",
        "goods_over_allowance",
    ),
    ({"alcohol_tobacco": True, "alcohol_ml": 1501}, "alcohol_ml", "alcohol"),
    ({"alcohol_tobacco": True, "cigarettes": 401}, "cigarettes", "tobacco"),
    ({"alcohol_tobacco": True, "cigars": 101}, "cigars", "tobacco"),
    ({"alcohol_tobacco": True, "tobacco_g": 500.5}, "tobacco_g", "tobacco"),
    ({"cash": True, "cash_cny": 20001}, "cash_cny", "currency"),
    ({"cash": True, "foreign_currency_usd": 5000.01}, "foreign_currency_usd", "currency"),
]


@pytest.mark.parametrize(("answers", "qid", "item"), OVER)
def test_each_quantity_over_its_limit_refers(answers, qid, item):
    rules = entry_rules()
    d = rules.evaluate(clean_answers(rules, **answers), "screen")
    assert d.status == "declared" and d.items == [item]
    (reason,) = d.reasons
    assert reason.code == f"over-limit:{qid}" and reason.question == qid
    assert reason.params["value"] == answers[qid]
    text = rules.form.text(reason.text_key, "en", **reason.params)
    assert str(answers[qid]) in text and "{" not in text


@pytest.mark.parametrize(("answers", "qid", "item"), OVER)
def test_each_quantity_at_its_limit_is_allowed(answers, qid, item):
    rules = entry_rules()
    at = dict(answers)
    at[qid] = rules.form.by_id(qid).params["limit"]
    assert rules.evaluate(clean_answers(rules, **at), "screen").status == "nothing-to-declare"


@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_each_symptom_refers(symptom):
    rules = entry_rules()
    d = rules.evaluate(clean_answers(rules, **{f"symptom_{symptom}": True}), "screen")
    assert d.status == "declared" and d.items == [f"symptom_{symptom}"]
    assert d.reasons[0].code == f"symptom:{symptom}"
    assert d.reasons[0].text_key == f"decl.reason.symptom.{symptom}"


@pytest.mark.parametrize(
    ("qid", "item"),
    [("contact_infectious_case", "health_contact"), ("travel_outbreak_area", "health_travel")],
)
def test_configured_contact_and_travel_questions_refer(qid, item):
    rules = entry_rules()
    d = rules.evaluate(clean_answers(rules, **{qid: True}), "screen")
    assert d.items == [item] and d.reasons[0].code == f"health:{qid}"


def test_several_declarations_are_all_explained():
    rules = entry_rules()
    d = rules.evaluate(
        clean_answers(
            rules, bio_items=True, alcohol_tobacco=True, cigarettes=600, cigars=200, symptom_fever=True
        ),
        "qr",
    )
    assert d.items == ["bio_items", "tobacco", "symptom_fever"]
    assert [r.code for r in d.reasons] == [
        "declared:bio_items",
        "over-limit:cigarettes",
        "over-limit:cigars",
        "symptom:fever",
    ]


def test_changing_a_limit_changes_the_outcome():
    answers = {"alcohol_tobacco": True, "cigarettes": 300}
    strict = entry_rules(limits={"cigarettes": 200})
    assert (
        entry_rules().evaluate(clean_answers(entry_rules(), **answers), "screen").status
        == "nothing-to-declare"
    )
    d = strict.evaluate(clean_answers(strict, **answers), "screen")
    assert d.status == "declared" and d.reasons[0].params["limit"] == 200
    # and the question text shows the configured limit
    assert "200" in strict.form.question_text(strict.form.by_id("cigarettes"), "zh_CN")


def test_alcohol_threshold_abv_is_configuration_and_shown():
    rules = entry_rules(limits={"alcohol_min_abv": 15})
    q = rules.form.by_id("alcohol_ml")
    assert "15%" in rules.form.question_text(q, "en")


def test_per_port_overrides_for_entry_only():
    answers = {"alcohol_tobacco": True, "cigarettes": 300}
    port = DeclarationRules.from_config(default_rules(), "entry", "gongbei")
    assert port.ruleset.limits["cigarettes"] == 200
    assert port.evaluate(clean_answers(port, **answers), "screen").status == "declared"
    # a port without overrides uses the defaults
    other = DeclarationRules.from_config(default_rules(), "entry", "pudong")
    assert other.evaluate(clean_answers(other, **answers), "screen").status == "nothing-to-declare"


def test_entry_and_exit_ask_different_things():
    entry = DeclarationRules.from_config(default_rules(), "entry")
    exit_ = DeclarationRules.from_config(default_rules(), "exit")
    e_ids = {q.id for q in entry.form.questions}
    x_ids = {q.id for q in exit_.form.questions}
    assert {"bio_items", "alcohol_tobacco", "goods_acquired_abroad_value_cny"} <= e_ids - x_ids
    assert {"cultural_relics", "valuables_to_return"} <= x_ids - e_ids
    d = exit_.evaluate(clean_answers(exit_, cultural_relics=True), "screen")
    assert d.items == ["cultural_relics"]
    d = exit_.evaluate(clean_answers(exit_, valuables_to_return=True), "screen")
    assert d.reasons[0].code == "declared:valuables_to_return" and d.reasons[0].params["limit"] == 5000
    # an exit declaration answered on an entry kiosk lacks entry answers: invalid, not waved through
    d = entry.evaluate(clean_answers(exit_), "qr")
    assert d.status == "invalid" and any(r.code == "answers:missing:bio_items" for r in d.reasons)


def test_direction_specific_limits_override_common_ones():
    config = deep_merge(default_rules(), {"exit": {"limits": {"cash_cny": 10000}}})
    exit_ = DeclarationRules.from_config(config, "exit")
    entry = DeclarationRules.from_config(config, "entry")
    answers = {"cash": True, "cash_cny": 15000}
    assert exit_.evaluate(clean_answers(exit_, **answers), "screen").status == "declared"
    assert entry.evaluate(clean_answers(entry, **answers), "screen").status == "nothing-to-declare"


def test_health_can_be_disabled_per_direction():
    config = deep_merge(default_rules(), {"exit": {"health": {"enabled": False}}})
    exit_ = DeclarationRules.from_config(config, "exit")
    assert not [q for q in exit_.form.questions if q.section == "health"]
    entry = DeclarationRules.from_config(config, "entry")
    assert len([q for q in entry.form.questions if q.section == "health"]) == len(SYMPTOMS) + 2


def test_follow_ups_show_only_when_their_gate_is_answered_yes():
    form = entry_rules().form
    base = {"residency": "resident", "alcohol_tobacco": False, "cash": False}
    ids = {q.id for q in form.visible(base)}
    assert "goods_acquired_abroad_value_cny" in ids and "goods_left_value_cny" not in ids
    assert "cigarettes" not in ids and "cash_cny" not in ids
    ids = {q.id for q in form.visible({**base, "alcohol_tobacco": True, "residency": "non_resident"})}
    assert {"alcohol_ml", "cigarettes", "cigars", "tobacco_g", "goods_left_value_cny"} <= ids
    assert "goods_acquired_abroad_value_cny" not in ids
    cig = form.by_id("cigarettes")
    assert cig.type is QuestionType.AMOUNT and cig.unit == "pcs" and cig.show_if.question == "alcohol_tobacco"


def test_hidden_follow_up_over_limit_still_counts():
    rules = entry_rules()
    d = rules.evaluate(clean_answers(rules, alcohol_tobacco=False, cigarettes=1000), "qr")
    assert d.status == "declared" and d.items == ["tobacco"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"bio_items": "no"}, "answers:wrong-type:bio_items"),
        ({"bio_items": 0}, "answers:wrong-type:bio_items"),
        ({"residency": "martian"}, "answers:unknown-choice:residency"),
        ({"alcohol_tobacco": True, "cigarettes": -1}, "answers:out-of-range:cigarettes"),
        ({"alcohol_tobacco": True, "cigarettes": float("nan")}, "answers:out-of-range:cigarettes"),
        ({"alcohol_tobacco": True, "cigarettes": True}, "answers:wrong-type:cigarettes"),
        ({"alcohol_tobacco": True, "cigarettes": 1e12}, "answers:out-of-range:cigarettes"),
    ],
)
def test_malformed_answers_are_invalid_with_reason(change, code):
    rules = entry_rules()
    d = rules.evaluate(clean_answers(rules, **change), "qr")
    assert d.status == "invalid"
    assert code in [r.code for r in d.reasons]


def test_missing_follow_up_is_invalid_and_unknown_keys_are_dropped():
    rules = entry_rules()
    answers = clean_answers(rules)
    answers["alcohol_tobacco"] = True  # follow-ups not answered
    answers["favourite_colour"] = "blue"
    d = rules.evaluate(answers, "screen")
    assert d.status == "invalid"
    assert {r.code for r in d.reasons} == {
        f"answers:missing:{q}" for q in ("alcohol_ml", "cigarettes", "cigars", "tobacco_g")
    }
    assert "favourite_colour" not in d.answers
    assert rules.evaluate(["not", "a", "dict"], "qr").status == "invalid"  # type: ignore[arg-type]


def test_every_text_key_exists_in_both_languages_and_formats():
    texts = builtin_texts()
    assert set(texts["en"]) == set(texts["zh_CN"])
    for status in ("nothing-to-declare", "declared", "invalid"):
        assert f"decl.outcome.{status}" in texts["zh_CN"]
    assert entry_rules().evaluate({}, "screen").outcome_text_key == "decl.outcome.invalid"
    for direction in ("entry", "exit"):
        rules = DeclarationRules.from_config(default_rules(), direction)
        for q in rules.form.questions:
            for lang in LANGUAGES:
                text = rules.form.question_text(q, lang)
                assert text and not re.search(r"\{\w+\}", text), (q.id, lang, text)
            for c in q.choices:
                assert all(c.text_key in texts[lang] for lang in LANGUAGES)
    # every reason key the engine can emit is translated
    for key in [k for k in texts["en"] if k.startswith("decl.reason.")]:
        assert texts["zh_CN"][key]
    rules = entry_rules()
    for _answers, qid, _ in OVER:
        assert f"decl.reason.over_limit.{qid}" in texts["zh_CN"]
    for q in rules.form.questions:
        if (
            q.type is QuestionType.YES_NO
            and q.section == "baggage"
            and q.show_if is None
            and q.id not in ("alcohol_tobacco", "cash")
        ):
            assert f"decl.reason.declared.{q.id}" in texts["zh_CN"]


def test_configured_question_texts_come_from_config_per_language():
    rules = entry_rules()
    q = rules.form.by_id("travel_outbreak_area")
    assert "21" in rules.form.question_text(q, "en") and "outbreak" in rules.form.question_text(q, "en")
    assert "疫情" in rules.form.question_text(q, "zh_CN")


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ({"limits": {"cigarettes": -5}}, "declarations.limits.cigarettes"),
        ({"limits": {"cigarettes": "many"}}, "declarations.limits.cigarettes"),
        ({"limits": {"snuff_g": 5}}, "declarations.limits.snuff_g"),
        ({"entry": {"baggage": ["bio_items", "jetpack"]}}, "declarations.entry.baggage"),
        ({"health": {"symptoms": ["hiccups"]}}, "declarations.health.symptoms"),
        ({"health": {"questions": [{"id": "x", "en": "?"}]}}, "declarations.health.questions[0].zh_CN"),
    ],
)
def test_bad_configuration_names_the_key(override, key):
    with pytest.raises(ConfigError, match=re.escape(key)):
        DeclarationRules.from_config(deep_merge(default_rules(), override), "entry")


def test_unknown_direction_is_a_config_error():
    with pytest.raises(ConfigError, match=r"declarations\.direction"):
        DeclarationRules.from_config(default_rules(), "sideways")


def test_load_rules_from_toml_file(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[limits]\ncash_cny = 100\n[ports.luohu.exit.limits]\ncash_cny = 50\n", encoding="utf-8")
    config = load_rules(path)
    assert DeclarationRules.from_config(config, "entry").ruleset.limits["cash_cny"] == 100
    assert DeclarationRules.from_config(config, "exit", "luohu").ruleset.limits["cash_cny"] == 50
    assert DeclarationRules.from_config(config, "entry").ruleset.limits["cigarettes"] == 400
    (tmp_path / "bad.toml").write_text("[limits\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_rules(tmp_path / "bad.toml")
    with pytest.raises(ConfigError, match="cannot read"):
        load_rules(tmp_path / "missing.toml")


def test_form_to_dict_is_json_and_rendered_in_language():
    import json

    form = entry_rules().form
    data = json.loads(json.dumps(form.to_dict("zh_CN"), ensure_ascii=False))
    assert data["direction"] == "entry" and set(data["sections"]) == {"baggage", "health"}
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["cigarettes"]["show_if"] == {"question": "alcohol_tobacco", "equals": True}
    assert "400" in by_id["cigarettes"]["text"] and "香烟" in by_id["cigarettes"]["text"]
    assert [c["value"] for c in by_id["residency"]["choices"]] == ["resident", "non_resident"]


_ANSWER_VALUES = st.one_of(
    st.booleans(),
    st.integers(-10, 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from([q.id for q in entry_rules().form.questions] + ["junk"]), _ANSWER_VALUES)
)
def test_fuzz_any_answers_give_one_of_three_outcomes(answers):
    d = entry_rules().evaluate(answers, "qr")
    assert d.status in ("nothing-to-declare", "declared", "invalid")
    assert (d.status == "nothing-to-declare") == (not d.reasons)
    assert d.to_evidence().reasons == [r.code for r in d.reasons]


@settings(max_examples=100, deadline=None)
@given(limit=st.integers(0, 10_000), carried=st.integers(0, 10_000))
def test_property_declared_exactly_when_over_a_configured_limit(limit, carried):
    rules = entry_rules(limits={"tobacco_g": limit})
    d = rules.evaluate(clean_answers(rules, alcohol_tobacco=True, tobacco_g=carried), "screen")
    assert (d.status == "declared") == (carried > limit)


# --- limits over time ---------------------------------------------------------------------------------


def _scheduled():
    from datetime import date

    from kiosk.declarations.rules import deep_merge

    return deep_merge(default_rules(), {"schedule": [
        {"from": date(2027, 1, 1), "limits": {"cigarettes": 200}},
        {"from": "2027-06-01", "ports": {"gongbei": {"entry": {"limits": {"cigarettes": 100}}}}},
    ]})


def test_scheduled_limits_take_effect_on_their_day():
    from datetime import date

    config = _scheduled()

    def limit(on, port=None):
        return DeclarationRules.from_config(config, "entry", port, on=on).ruleset.limits["cigarettes"]

    assert limit(date(2026, 12, 31)) == 400
    assert limit(date(2027, 1, 1)) == 200
    assert limit(date(2027, 6, 1)) == 200
    assert limit(date(2027, 5, 31), "gongbei") == 200  # the port's own table applies from its date only
    assert limit(date(2027, 6, 1), "gongbei") == 100


def test_schedule_from_a_toml_file(tmp_path):
    from datetime import date

    path = tmp_path / "rules.toml"
    path.write_text("[[schedule]]\nfrom = 2027-01-01\nlimits = { cash_cny = 10000 }\n", encoding="utf-8")
    config = load_rules(path)
    assert DeclarationRules.from_config(config, "entry", on=date(2027, 1, 2)).ruleset.limits["cash_cny"] == 10000
    assert DeclarationRules.from_config(config, "entry", on=date(2026, 1, 2)).ruleset.limits["cash_cny"] == 20000


@pytest.mark.parametrize(("schedule", "key"), [
    ({"limits": {"cigarettes": 1}}, r"schedule\[0\]\.from"),
    ("soon", r"declarations\.schedule"),
])
def test_bad_schedule_names_the_key(schedule, key):
    from datetime import date

    from kiosk.declarations.rules import deep_merge

    entries = [schedule] if isinstance(schedule, dict) else schedule
    with pytest.raises(ConfigError, match=key):
        DeclarationRules.from_config(deep_merge(default_rules(), {"schedule": entries}), "entry", on=date(2027, 1, 1))


@pytest.fixture
def utc_local_time(monkeypatch):
    """The lane's local day is the clock's UTC day (the test's midnight does not depend on the host)."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_desk_switches_to_the_new_limits_at_midnight(tmp_path, utc_local_time):
    from datetime import UTC, datetime

    from decl_fixtures import FakeClock

    from kiosk.declarations.desk import DeclarationDesk

    path = tmp_path / "rules.toml"
    path.write_text("[[schedule]]\nfrom = 2027-01-01\nlimits = { cigarettes = 200 }\n", encoding="utf-8")
    clock = FakeClock(datetime(2026, 12, 31, 23, 0, tzinfo=UTC))
    desk = DeclarationDesk.from_config({"rules": str(path), "used_ids": ":memory:"}, clock=clock, keys={})
    answers = clean_answers(desk.rules, alcohol_tobacco=True, cigarettes=300)
    assert desk.from_screen(answers).status == "nothing-to-declare"
    clock.advance(2 * 3600)  # 01:00 on the day the new allowance applies
    decision = desk.from_screen(answers)
    assert decision.status == "declared" and decision.reasons[0].params["limit"] == 200
    assert desk.form is desk.rules.form
