"""The traveller's screens: one per stage, big type, one instruction, progress on every wait."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.assets import asset

STYLE = """
QWidget { background: #f6f8fa; color: #1b2733; font-family: 'Noto Sans CJK SC', 'Noto Sans', sans-serif; }
QLabel#title { font-size: 44px; font-weight: 700; color: #1f4e79; }
QLabel#instruction { font-size: 30px; }
QLabel#guidance { font-size: 26px; color: #8a5300; min-height: 40px; }
QLabel#step { font-size: 20px; color: #51606f; }
QPushButton { font-size: 26px; min-height: 72px; min-width: 180px; padding: 8px 28px; border-radius: 12px;
              background: #1f4e79; color: white; }
QPushButton:pressed { background: #163a5a; }
QPushButton#secondary { background: #d7dde4; color: #1b2733; }
QWidget#resultClear { background: #1e7d46; }
QWidget#resultRefer { background: #b3261e; }
QWidget#resultClear QLabel, QWidget#resultRefer QLabel { color: white; background: transparent; }
QProgressBar { min-height: 18px; border-radius: 9px; background: #d7dde4; }
QProgressBar::chunk { background: #1f4e79; border-radius: 9px; }
QRadioButton { font-size: 24px; min-height: 56px; }
QListWidget { font-size: 20px; }
QLineEdit { font-size: 32px; min-height: 64px; }
"""

STEPS = ("document", "chip", "face", "temperature", "declaration")


def tr(text: str) -> str:
    return QCoreApplication.translate("Kiosk", text)


def _label(text: str, name: str) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName(name)
    lab.setWordWrap(True)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return lab


def _picture(name: str, height: int = 260) -> QLabel:
    lab = QLabel()
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    pix = QPixmap(str(asset("images", f"{name}.svg")))
    if not pix.isNull():
        lab.setPixmap(pix.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation))
    return lab


class Screen(QWidget):
    def __init__(self, key: str, title: str, instruction: str, picture: str | None, busy: bool = True) -> None:
        super().__init__()
        self.key = key
        self.setObjectName(f"screen-{key}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(60, 40, 60, 40)
        lay.setSpacing(24)
        self.step = _label("", "step")
        self.title = _label(title, "title")
        self.instruction = _label(instruction, "instruction")
        self.guidance = _label("", "guidance")
        lay.addWidget(self.step)
        lay.addWidget(self.title)
        if picture:
            lay.addWidget(_picture(picture), 1)
        lay.addWidget(self.instruction)
        lay.addWidget(self.guidance)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # indeterminate: something is happening
        self.progress.setTextVisible(False)
        self.progress.setVisible(busy)
        lay.addWidget(self.progress)
        self.body = lay
        if key in STEPS:
            self.step.setText(tr("Step {n} of {total}").format(n=STEPS.index(key) + 1, total=len(STEPS)))

    def set_guidance(self, text: str) -> None:
        self.guidance.setText(text)

    def wipe(self) -> None:
        self.guidance.setText("")


class AttractScreen(Screen):
    officer_requested = Signal()

    def __init__(self) -> None:
        super().__init__("attract", tr("Welcome · 欢迎"),
                         tr("Place your passport on the reader, photo page down"), "passport", busy=False)
        row = QHBoxLayout()
        row.addStretch(1)
        self.officer_button = QPushButton(tr("Officer"))
        self.officer_button.setObjectName("secondary")
        self.officer_button.setAccessibleName("officer")
        self.officer_button.clicked.connect(self.officer_requested)
        row.addWidget(self.officer_button)
        self.body.addLayout(row)


class DeclarationScreen(Screen):
    screen_form_requested = Signal()

    def __init__(self) -> None:
        super().__init__("declaration", tr("Customs declaration"),
                         tr("Scan the QR code of your e-declaration, or fill it in here"), "qr")
        self.form_button = QPushButton(tr("Fill in on screen"))
        self.form_button.clicked.connect(self.screen_form_requested)
        self.body.addWidget(self.form_button, 0, Qt.AlignmentFlag.AlignCenter)


class FormScreen(QWidget):
    """Renders the declaration form model: yes/no and choices as big buttons, amounts as spin boxes;
    follow-up questions appear when their condition holds (the model decides, not the widget)."""

    submitted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.key = "form"
        self.setObjectName("screen-form")
        self.language = "en"
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 30, 60, 30)
        outer.addWidget(_label(tr("Do you have anything to declare?"), "title"))
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        outer.addWidget(self.area, 1)
        self.submit_button = QPushButton(tr("Submit declaration"))
        self.submit_button.clicked.connect(self._submit)
        outer.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.form: Any = None
        self.rows: dict[str, tuple[QWidget, Any]] = {}

    def show_form(self, form: Any) -> None:
        self.form = form
        inner = QWidget()
        lay = QVBoxLayout(inner)
        self.rows = {}
        for q in form.questions:
            row = QWidget()
            row.setObjectName(f"row-{q.id}")
            rl = QVBoxLayout(row)
            rl.addWidget(_label(form.question_text(q, self.language), "instruction"))
            kind = str(q.type)
            if kind in ("yes-no", "choice"):
                options = ((False, tr("No")), (True, tr("Yes"))) if kind == "yes-no" else tuple(
                    (c.value, form.text(c.text_key, self.language)) for c in q.choices)
                group = QButtonGroup(row)
                line = QHBoxLayout()
                for i, (value, text) in enumerate(options):
                    rb = QRadioButton(text)
                    rb.setProperty("answer", value)
                    rb.setObjectName(f"q-{q.id}-{str(value).lower()}")
                    rb.setChecked(i == 0)
                    rb.toggled.connect(self._refresh)
                    group.addButton(rb)
                    line.addWidget(rb)
                rl.addLayout(line)
                self.rows[q.id] = (row, group)
            else:
                spin = QDoubleSpinBox()
                spin.setObjectName(f"q-{q.id}")
                spin.setDecimals(0)
                spin.setRange(0, float(q.max_value))
                spin.setSuffix(f" {q.unit}" if q.unit else "")
                spin.setMinimumHeight(64)
                rl.addWidget(spin)
                self.rows[q.id] = (row, spin)
            lay.addWidget(row)
        lay.addStretch(1)
        self.area.setWidget(inner)
        self._refresh()

    def answers(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for qid, (_row, widget) in self.rows.items():
            if isinstance(widget, QButtonGroup):
                checked = widget.checkedButton()
                out[qid] = checked.property("answer") if checked else None
            else:
                out[qid] = int(widget.value())
        visible = {q.id for q in self.form.visible(out)} if self.form else set(out)
        return {k: v for k, v in out.items() if k in visible}

    def _refresh(self, *_: Any) -> None:
        if self.form is None:
            return
        raw = {}
        for qid, (_row, widget) in self.rows.items():
            if isinstance(widget, QButtonGroup):
                checked = widget.checkedButton()
                raw[qid] = checked.property("answer") if checked else None
            else:
                raw[qid] = int(widget.value())
        visible = {q.id for q in self.form.visible(raw)}
        for qid, (row, _w) in self.rows.items():
            row.setVisible(qid in visible)

    def _submit(self) -> None:
        self.submitted.emit(self.answers())

    def wipe(self) -> None:
        self.area.takeWidget()
        self.rows = {}
        self.form = None


class ResultScreen(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.key = "result"
        self.setObjectName("resultClear")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(60, 80, 60, 80)
        self.title = _label("", "title")
        self.instruction = _label("", "instruction")
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addStretch(1)
        lay.addWidget(self.picture)
        lay.addWidget(self.title)
        lay.addWidget(self.instruction)
        lay.addStretch(1)
        self.outcome = ""

    def show_outcome(self, outcome: str) -> None:
        # Travellers never see technical reasons: those are for the officer.
        self.outcome = outcome
        clear = outcome == "clear"
        self.setObjectName("resultClear" if clear else "resultRefer")
        self.style().unpolish(self)
        self.style().polish(self)
        self.title.setText(tr("Please proceed · 请通行") if clear else tr("Please see an officer · 请等待工作人员"))
        self.instruction.setText(tr("The gate is open. Have a good journey.") if clear
                                 else tr("An officer will help you in a moment. Please wait here."))
        pix = QPixmap(str(asset("images", "gate.svg" if clear else "officer.svg")))
        if not pix.isNull():
            self.picture.setPixmap(pix.scaledToHeight(240, Qt.TransformationMode.SmoothTransformation))

    def wipe(self) -> None:
        self.outcome = ""
        self.title.setText("")
        self.instruction.setText("")


class OfficerScreen(QWidget):
    """Minimal officer view behind a PIN: the referral queue with release / refuse."""

    closed = Signal()
    pin_entered = Signal(str)
    decision = Signal(str, str)  # referral id, "released" | "refused"
    lane_command = Signal(str)  # "reset-gate" | "toggle-service"

    def __init__(self) -> None:
        super().__init__()
        self.key = "officer"
        self.setObjectName("screen-officer")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 30, 40, 30)
        lay.addWidget(_label(tr("Officer"), "title"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(tr("PIN"))
        self.pin.setObjectName("pin")
        self.pin.returnPressed.connect(lambda: self.pin_entered.emit(self.pin.text()))
        self.message = _label("", "guidance")
        lay.addWidget(self.pin)
        lay.addWidget(self.message)
        self.referrals = QListWidget()
        self.referrals.setObjectName("referrals")
        lay.addWidget(self.referrals, 1)
        row = QHBoxLayout()
        self.release_button = QPushButton(tr("Release (open gate)"))
        self.refuse_button = QPushButton(tr("Refuse"))
        self.close_button = QPushButton(tr("Close"))
        self.close_button.setObjectName("secondary")
        for b in (self.release_button, self.refuse_button, self.close_button):
            row.addWidget(b)
        lay.addLayout(row)
        lane_row = QHBoxLayout()
        self.lane_status = _label("", "step")
        self.reset_button = QPushButton(tr("Reset gate alarm"))
        self.service_button = QPushButton(tr("Lane in/out of service"))
        for b in (self.reset_button, self.service_button):
            b.setObjectName("secondary")
        lane_row.addWidget(self.lane_status, 1)
        lane_row.addWidget(self.reset_button)
        lane_row.addWidget(self.service_button)
        lay.addLayout(lane_row)
        self.reset_button.clicked.connect(lambda: self.lane_command.emit("reset-gate"))
        self.service_button.clicked.connect(lambda: self.lane_command.emit("toggle-service"))
        self.release_button.clicked.connect(lambda: self._decide("released"))
        self.refuse_button.clicked.connect(lambda: self._decide("refused"))
        self.close_button.clicked.connect(self.closed)
        self.set_unlocked(False)

    def set_unlocked(self, unlocked: bool) -> None:
        self.pin.setVisible(not unlocked)
        for w in (self.referrals, self.release_button, self.refuse_button, self.lane_status, self.reset_button,
                  self.service_button):
            w.setVisible(unlocked)
        if not unlocked:
            self.referrals.clear()

    def show_referrals(self, rows: list[dict[str, Any]]) -> None:
        self.referrals.clear()
        for r in rows:
            doc = r["summary"].get("document", {})
            who = f"{doc.get('surname', '?')} {doc.get('given_names', '')}".strip()
            face = r["summary"].get("face", {})
            temp = r["summary"].get("temperature", {})
            text = (f"{r['created_at'][11:19]}  {who}  ·  {', '.join(r['reasons'])}"
                    f"  ·  face {face.get('score', '-')}  ·  {temp.get('core_c', '-')} °C")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.referrals.addItem(item)
        if rows:
            self.referrals.setCurrentRow(0)

    def _decide(self, decision: str) -> None:
        item = self.referrals.currentItem()
        if item is not None:
            self.decision.emit(item.data(Qt.ItemDataRole.UserRole), decision)

    def wipe(self) -> None:
        self.pin.clear()
        self.message.setText("")
        self.set_unlocked(False)
