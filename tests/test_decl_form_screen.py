"""pytest-qt: the on-screen declaration form (ui.screens.FormScreen) over the real form model.

yes/no first with "No" preselected, follow-up details only once the gate question is "Yes", the
same schema as the QR declaration (the answers go through the same rules), both languages.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from decl_fixtures import entry_rules
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QRadioButton, QWidget

from ui.screens import FormScreen


@pytest.fixture
def screen(qtbot):
    s = FormScreen()
    qtbot.addWidget(s)
    s.resize(1080, 1440)
    s.show()
    return s


def row(screen: FormScreen, qid: str) -> QWidget:
    widget = screen.findChild(QWidget, f"row-{qid}")
    assert widget is not None, qid
    return widget


def tap(qtbot, screen: FormScreen, name: str) -> QRadioButton:
    """Scroll the button into view and touch it, like a traveller."""
    button = screen.findChild(QRadioButton, name)
    assert button is not None, name
    screen.area.ensureWidgetVisible(button)
    # on the indicator: a stretched QRadioButton only reacts on its indicator and label
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    return button


def test_untouched_form_declares_nothing(screen, qtbot):
    rules = entry_rules()
    screen.show_form(rules.form)
    with qtbot.waitSignal(screen.submitted, timeout=2000) as sent:
        qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    answers = sent.args[0]
    assert answers["bio_items"] is False and answers["cash"] is False
    assert "cigarettes" not in answers  # hidden follow-ups are not submitted
    assert rules.evaluate(answers, "screen").status == "nothing-to-declare"


def test_details_appear_only_after_yes_and_count(screen, qtbot):
    rules = entry_rules()
    screen.show_form(rules.form)
    assert not row(screen, "cigarettes").isVisibleTo(screen)
    yes = tap(qtbot, screen, "q-alcohol_tobacco-true")
    assert yes.isChecked()
    assert row(screen, "cigarettes").isVisibleTo(screen)
    spin = screen.findChild(QDoubleSpinBox, "q-cigarettes")
    spin.setValue(600)
    with qtbot.waitSignal(screen.submitted, timeout=2000) as sent:
        qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    decision = rules.evaluate(sent.args[0], "screen")
    assert decision.status == "declared" and decision.items == ["tobacco"]
    assert [r.code for r in decision.reasons] == ["over-limit:cigarettes"]
    # "No" again hides the details and drops them from the answers
    tap(qtbot, screen, "q-alcohol_tobacco-false")
    assert not row(screen, "cigarettes").isVisibleTo(screen)
    assert "cigarettes" not in screen.answers()


def test_a_symptom_refers(screen, qtbot):
    rules = entry_rules()
    screen.show_form(rules.form)
    tap(qtbot, screen, "q-symptom_fever-true")
    decision = rules.evaluate(screen.answers(), "screen")
    assert decision.refers and [r.code for r in decision.reasons] == ["symptom:fever"]


def test_every_question_of_the_model_is_on_screen_in_chinese(screen):
    rules = entry_rules()
    screen.language = "zh_CN"
    screen.show_form(rules.form)
    for q in rules.form.questions:
        row(screen, q.id)
    texts = [label.text() for label in screen.findChildren(QLabel)]
    assert rules.form.question_text(rules.form.questions[0], "zh_CN") in texts
    assert any("\u4e00" <= ch <= "\u9fff" for t in texts for ch in t)  # CJK text is shown


def test_wipe_forgets_the_answers(screen):
    screen.show_form(entry_rules().form)
    assert screen.rows
    screen.wipe()
    assert screen.rows == {} and screen.form is None
