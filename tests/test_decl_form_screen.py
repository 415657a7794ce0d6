"""pytest-qt: the on-screen declaration form (ui.screens.FormScreen) over the real form model.

yes/no as big buttons with "No" preselected, follow-up details only once the gate question is "Yes"
(amounts typed on the on-screen keypad), review then submit; the same schema as the QR declaration
(the answers go through the same rules), both languages. The walk through the whole kiosk window
(cash → amount → review → referral) is in tests/test_gui_paths.py; these drive the screen alone.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from decl_fixtures import entry_rules
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

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


def tap(qtbot, screen: FormScreen, name: str) -> QPushButton:
    """Scroll the answer button into view and touch it, like a traveller."""
    found = [b for b in screen.findChildren(QPushButton) if b.accessibleName() == name]
    assert len(found) == 1, name
    (button,) = found
    screen.area.ensureWidgetVisible(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return button


def type_on_keypad(qtbot, screen: FormScreen, digits: str) -> None:
    for key in digits:
        qtbot.mouseClick(screen.numpad.keys[key], Qt.MouseButton.LeftButton)


def submit(qtbot, screen: FormScreen) -> dict:
    """Check my answers → Submit declaration: what the traveller sends."""
    assert not screen.submit_button.isVisible()  # no submitting without the review
    qtbot.mouseClick(screen.review_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentIndex() == 1 and screen.submit_button.isVisible()
    with qtbot.waitSignal(screen.submitted, timeout=2000) as sent:
        qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    return sent.args[0]


def test_untouched_form_declares_nothing(screen, qtbot):
    rules = entry_rules()
    screen.show_form(rules.form)
    no = [b for b in screen.findChildren(QPushButton) if b.accessibleName() == "q-bio_items-false"]
    assert no and no[0].isChecked()  # "No" is preselected
    answers = submit(qtbot, screen)
    assert answers["bio_items"] is False and answers["cash"] is False
    assert "cigarettes" not in answers  # hidden follow-ups are not submitted
    assert rules.evaluate(answers, "screen").status == "nothing-to-declare"


def test_details_appear_only_after_yes_and_count(screen, qtbot):
    rules = entry_rules()
    screen.show_form(rules.form)
    assert not row(screen, "cigarettes").isVisibleTo(screen)
    yes = tap(qtbot, screen, "q-alcohol_tobacco-true")
    assert yes.isChecked()
    assert row(screen, "cigarettes").isVisibleTo(screen) and screen.numpad.isVisible()
    count = screen.findChild(QLineEdit, "q-cigarettes")
    qtbot.mouseClick(count, Qt.MouseButton.LeftButton)  # the field the keypad types into
    assert screen.numpad.target is count
    type_on_keypad(qtbot, screen, "600")
    assert count.text() == "600"
    answers = submit(qtbot, screen)
    assert answers["cigarettes"] == 600
    decision = rules.evaluate(answers, "screen")
    assert decision.status == "declared" and decision.items == ["tobacco"]
    assert [r.code for r in decision.reasons] == ["over-limit:cigarettes"]
    # "Change answers", then "No" again hides the details and drops them from the answers
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentIndex() == 0
    tap(qtbot, screen, "q-alcohol_tobacco-false")
    assert not row(screen, "cigarettes").isVisibleTo(screen)
    assert "cigarettes" not in screen.answers()
    assert rules.evaluate(submit(qtbot, screen), "screen").status == "nothing-to-declare"


def test_a_symptom_refers(screen, qtbot):
    rules = entry_rules()
    screen.show_form(rules.form)
    tap(qtbot, screen, "q-symptom_fever-true")
    answers = submit(qtbot, screen)
    assert answers["symptom_fever"] is True
    decision = rules.evaluate(answers, "screen")
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


def test_wipe_forgets_the_answers(screen, qtbot):
    screen.show_form(entry_rules().form)
    tap(qtbot, screen, "q-cash-true")
    assert screen.rows and screen.values["cash"] is True
    screen.wipe()
    assert screen.rows == {} and screen.values == {} and screen.form is None
    assert screen.answers() == {}
