"""The traveller's screens: one per stage, big type, one instruction, a picture of what to do, live
feedback from the devices and a progress indicator on every wait.

Every visible string is an English source marked for Qt's lupdate (`tr`/`N`, see ui/i18n.py) and is
re-translated on QEvent.LanguageChange, so the language can change at any step. Screens keep the
source strings, not the rendered text, which is also what lets `wipe()` leave nothing personal behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.assets import asset
from ui.i18n import LANGUAGES, N, tr
from ui.style import STANDARD, stylesheet

STYLE = stylesheet(STANDARD)  # the default look; the window regenerates it for its screen and mode
STEPS = ("document", "chip", "face", "temperature", "declaration")

GUIDANCE = {
    "keep-document-still": N("Reading the chip… keep the passport still"),
    "replace-document": N("Please place the passport again, photo page down"),
    "chip-retry": N("Reading the chip again… keep the passport still"),
    "document-retry": N("Please place the passport again, photo page down"),
    "face-retry": N("Let's try again: look at the camera"),
    "temperature-retry": N("Measuring again… please stay on the mark"),
    "declaration-retry": N("Please scan the QR code again"),
    "gate-retry": N("Please walk through the gate now"),
    "come-closer": N("Please come a little closer"),
    "step-back": N("Please step back a little"),
    "look-at-camera": N("Please look at the camera"),
    "hold-still": N("Hold still…"),
    "more-light": N("Please face the light"),
    "too-bright": N("Too bright: please step out of the direct light"),
    "one-person-only": N("Only one person at a time, please"),
    "remove-glasses": N("Please remove your glasses"),
    "remove-mask": N("Please remove your mask"),
    "no-face": N("Please stand on the mark and look at the camera"),
}

# The spoken prompt for each step (ui/commands/i18n.py renders them per language with espeak-ng).
PROMPTS = {
    "attract": N("Place your passport on the reader, photo page down"),
    "chip": N("Keep the passport still on the reader"),
    "face": N("Stand on the mark and look at the camera"),
    "temperature": N("Stay on the mark for a moment"),
    "declaration": N("Scan the QR code of your e-declaration, or fill it in here"),
    "form": N("Answer each question, then check your answers"),
    "clear": N("The gate is open. Have a good journey."),
    "refer": N("An officer will help you in a moment. Please wait here."),
    "still-there": N("Are you still there? Touch the screen to continue."),
}

WELCOME = ("欢迎", "Welcome", "歡迎", "ようこそ", "환영합니다", "Добро пожаловать")


def guidance_text(code: str) -> str:
    source = GUIDANCE.get(code)
    return tr(source) if source else ""


# What a referred traveller is told, by the first matching kind of reason. Never the technical reason:
# that is for the officer.
REFERRAL_KINDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("health", ("fever", "temperature"), N("This is a routine health check. Please wait here for the officer.")),
    ("declaration", ("declaration",), N("Please take your baggage to the officer for your declaration.")),
    ("document", ("document", "chip", "dg1", "passive-auth", "active-auth"),
     N("Please keep your passport in your hand for the officer.")),
    ("identity", ("face", "liveness", "more-than-one"), N("The officer will check your photo with you.")),
    ("gate", ("gate",), N("Please wait at the gate for the officer.")),
)
GENERAL_REFERRAL = N("Please wait here.")


def referral_kind(reasons: list[str]) -> str:
    for kind, prefixes, _text in REFERRAL_KINDS:
        if any(r.startswith(prefixes) for r in reasons):
            return kind
    return "general"


def referral_text(kind: str) -> str:
    for k, _prefixes, text in REFERRAL_KINDS:
        if k == kind:
            return text
    return GENERAL_REFERRAL


def _label(name: str) -> QLabel:
    lab = QLabel()
    lab.setObjectName(name)
    lab.setWordWrap(True)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return lab


class Translated:
    """Mixin: widgets whose texts are bound to source strings and re-translated on LanguageChange."""

    def _init_texts(self) -> None:
        self._texts: list[tuple[Callable[[str], None], str, dict[str, Any]]] = []

    def bind(self, setter: Callable[[str], None], source: str, **fmt: Any) -> None:
        self._texts = [t for t in self._texts if t[0] != setter]
        self._texts.append((setter, source, fmt))
        setter(tr(source).format(**fmt) if fmt else tr(source))

    def unbind(self, setter: Callable[[str], None]) -> None:
        self._texts = [t for t in self._texts if t[0] != setter]
        setter("")

    def retranslate(self) -> None:
        for setter, source, fmt in self._texts:
            setter(tr(source).format(**fmt) if fmt else tr(source))

    def _panel(self, name: str, margin: int) -> QVBoxLayout:
        """A full-colour panel (result, overlay) with a title and an instruction: its layout."""
        widget: QWidget = self  # type: ignore[assignment]
        self._init_texts()
        widget.setObjectName(name)
        widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        lay = QVBoxLayout(widget)
        lay.setContentsMargins(margin, margin, margin, margin)
        lay.setSpacing(24)
        self.title = _label("title")
        self.instruction = _label("instruction")
        return lay

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


class Art(QWidget):
    """A picture of what to do: SVG frames assets/images/anim/<name>-<n>.svg, cycled while visible."""

    def __init__(self, name: str, interval_ms: int = 700) -> None:
        super().__init__()
        self.setObjectName(f"art-{name}")
        self.backdrop: QColor | None = None  # a light card behind the picture on a dark palette
        self.renderers: list[QSvgRenderer] = []
        self.set_picture(name)
        self.frame = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._next)
        self.setMinimumSize(120, 100)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_picture(self, name: str) -> None:
        self.name = name
        frames = sorted(asset("images", "anim").glob(f"{name}-*.svg"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        self.renderers = [r for r in (QSvgRenderer(str(p)) for p in frames) if r.isValid()]
        self.frame = 0
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 300)

    def showEvent(self, event: Any) -> None:
        if len(self.renderers) > 1:
            self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def _next(self) -> None:
        self.frame = (self.frame + 1) % max(1, len(self.renderers))
        self.update()

    def paintEvent(self, event: Any) -> None:
        if not self.renderers:
            return
        r = self.renderers[self.frame % len(self.renderers)]
        vb = r.viewBoxF()
        scale = min(self.width() / vb.width(), self.height() / vb.height())
        w, h = vb.width() * scale, vb.height() * scale
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        if self.backdrop is not None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.backdrop)
            p.drawRoundedRect(target, 24, 24)
        r.render(p, target)
        p.end()


class Countdown(QProgressBar):
    """A progress bar that is indeterminate (busy) or counts a wait down to zero."""

    expired = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTextVisible(False)
        self.clock = QElapsedTimer()
        self.total_ms = 0
        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self._tick)
        self.busy()

    def busy(self) -> None:
        self.timer.stop()
        self.total_ms = 0
        self.setRange(0, 0)

    def count_down(self, seconds: float) -> None:
        self.total_ms = max(1, int(seconds * 1000))
        self.setRange(0, self.total_ms)
        self.setValue(self.total_ms)
        self.clock.start()
        self.timer.start()

    def remaining_ms(self) -> int:
        return max(0, self.total_ms - int(self.clock.elapsed())) if self.total_ms else 0

    def _tick(self) -> None:
        left = self.remaining_ms()
        self.setValue(left)
        if left == 0:
            self.timer.stop()
            self.expired.emit()


class Screen(Translated, QWidget):
    """Step counter, title, picture, instruction, the traveller's name, device feedback, progress,
    actions. Portrait stacks them; landscape puts the picture left of the text."""

    def __init__(self, key: str, title: str, instruction: str, picture: str | None, busy: bool = True) -> None:
        super().__init__()
        self._init_texts()
        self.key = key
        self.setObjectName(f"screen-{key}")
        self.prompt_key = key if key in PROMPTS else ""
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(48, 32, 48, 24)
        self.grid.setSpacing(20)
        self.header = QWidget()
        hl = QVBoxLayout(self.header)
        hl.setContentsMargins(0, 0, 0, 0)
        self.step = _label("step")
        self.title = _label("title")
        hl.addWidget(self.step)
        hl.addWidget(self.title)
        self.art = Art(picture) if picture else None
        self.body = QWidget()
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(18)
        self.instruction = _label("instruction")
        self.person = _label("person")
        self.guidance = _label("guidance")
        self.guidance.setMinimumHeight(44)
        self.progress = Countdown()
        self.progress.setVisible(busy)
        self.actions = QHBoxLayout()
        self.actions.setSpacing(24)
        self.column.addStretch(1)
        for w in (self.instruction, self.person, self.guidance, self.progress):
            self.column.addWidget(w)
        self.column.addLayout(self.actions)
        self.column.addStretch(1)
        self.landscape = False
        self._place()
        self.bind(self.title.setText, title)
        self.bind(self.instruction.setText, instruction)
        if key in STEPS:
            self.bind(self.step.setText, N("Step {n} of {total}"), n=STEPS.index(key) + 1, total=len(STEPS))
        self.guidance_code = ""

    def _place(self) -> None:
        for w in (self.header, self.art, self.body):
            if w is not None:
                self.grid.removeWidget(w)
        self.grid.addWidget(self.header, 0, 0, 1, 2)
        if self.landscape:
            if self.art:
                self.grid.addWidget(self.art, 1, 0)
            self.grid.addWidget(self.body, 1, 1)
            self.grid.setColumnStretch(0, 1)
            self.grid.setColumnStretch(1, 1)
            self.grid.setRowStretch(1, 1)
            self.grid.setRowStretch(2, 0)
        else:
            if self.art:
                self.grid.addWidget(self.art, 1, 0, 1, 2)
            self.grid.addWidget(self.body, 2, 0, 1, 2)
            self.grid.setColumnStretch(0, 1)
            self.grid.setColumnStretch(1, 0)
            self.grid.setRowStretch(1, 3 if self.art else 0)
            self.grid.setRowStretch(2, 2)

    def set_orientation(self, landscape: bool) -> None:
        if landscape != self.landscape:
            self.landscape = landscape
            self._place()

    def set_guidance(self, code: str) -> None:
        self.guidance_code = code
        source = GUIDANCE.get(code)
        if source:
            self.bind(self.guidance.setText, source)
        else:
            self.unbind(self.guidance.setText)

    def set_person(self, given_names: str, surname: str) -> None:
        name = " ".join(p for p in (given_names, surname) if p).strip()
        if name:
            self.bind(self.person.setText, N("Hello, {name}"), name=name.title())

    def add_action(self, button: QPushButton) -> None:
        if self.actions.count() == 0:
            self.actions.addStretch(1)  # actions centred: stretch either side
        self.actions.addWidget(button)

    def finish_actions(self) -> None:
        self.actions.addStretch(1)

    def wipe(self) -> None:
        self.guidance_code = ""
        self.unbind(self.guidance.setText)
        self.unbind(self.person.setText)
        if self.progress.total_ms:
            self.progress.busy()


class AttractScreen(Screen):
    """The idle loop: a welcome cycling through the languages, the picture of what to do first."""

    officer_requested = Signal()

    def __init__(self) -> None:
        super().__init__("attract", N("Welcome"), PROMPTS["attract"], "passport", busy=False)
        self.welcome = _label("muted")
        self.header.layout().addWidget(self.welcome)
        self.welcome_index = 0
        self.loop = QTimer(self)
        self.loop.setInterval(2500)
        self.loop.timeout.connect(self._cycle)
        self.officer_button = QPushButton()
        self.officer_button.setObjectName("secondary")
        self.officer_button.setAccessibleName("officer")
        self.bind(self.officer_button.setText, N("Officer"))
        self.officer_button.clicked.connect(self.officer_requested)
        corner = QHBoxLayout()
        corner.addStretch(1)
        corner.addWidget(self.officer_button)
        self.column.addLayout(corner)
        self.closed = False
        self._cycle()

    def _cycle(self) -> None:
        self.welcome.setText(WELCOME[self.welcome_index % len(WELCOME)])
        self.welcome_index += 1

    def showEvent(self, event: Any) -> None:
        self.loop.start()
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:
        self.loop.stop()
        super().hideEvent(event)

    def set_closed(self, closed: bool) -> None:
        if closed == self.closed:
            return
        self.closed = closed
        self.bind(self.instruction.setText, N("This lane is closed. Please use another lane.") if closed
                  else PROMPTS["attract"])
        if self.art:
            self.art.set_picture("officer" if closed else "passport")


class DeclarationScreen(Screen):
    screen_form_requested = Signal()

    def __init__(self) -> None:
        super().__init__("declaration", N("Customs declaration"), PROMPTS["declaration"], "qr")
        self.form_button = QPushButton()
        self.form_button.setObjectName("form-button")
        self.bind(self.form_button.setText, N("Fill in on screen"))
        self.form_button.clicked.connect(self.screen_form_requested)
        self.add_action(self.form_button)
        self.finish_actions()


class ResultScreen(Translated, QWidget):
    """Green: proceed. Red: an officer will help you, with a kind-specific, never technical, line."""

    def __init__(self) -> None:
        super().__init__()
        self.key = "result"
        lay = self._panel("resultClear", 60)
        self.detail = _label("instruction")
        self.art = Art("ok")
        lay.addStretch(1)
        lay.addWidget(self.art, 3)
        lay.addWidget(self.title)
        lay.addWidget(self.instruction)
        lay.addWidget(self.detail)
        lay.addStretch(1)
        self.outcome = ""
        self.kind = ""

    def show_outcome(self, outcome: str, reasons: list[str] | None = None) -> None:
        self.outcome = outcome
        clear = outcome == "clear"
        self.kind = "clear" if clear else referral_kind(list(reasons or []))
        self.setObjectName("resultClear" if clear else "resultRefer")
        self.style().unpolish(self)
        self.style().polish(self)
        for child in self.findChildren(QLabel):
            child.style().unpolish(child)
            child.style().polish(child)
        self.art.set_picture("ok" if clear else "officer")
        self.bind(self.title.setText, N("Please proceed") if clear else N("Please see an officer"))
        self.bind(self.instruction.setText, PROMPTS["clear"] if clear else PROMPTS["refer"])
        if clear:
            self.unbind(self.detail.setText)
        else:
            self.bind(self.detail.setText, referral_text(self.kind))

    def set_orientation(self, landscape: bool) -> None:
        pass

    def wipe(self) -> None:
        self.outcome = ""
        self.kind = ""
        for lab in (self.title, self.instruction, self.detail):
            self.unbind(lab.setText)


class StillThere(Translated, QWidget):
    """"Are you still there?" over the current screen, with a countdown before the session is wiped."""

    confirmed = Signal()
    expired = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        lay = self._panel("overlay", 40)
        self.art = Art("still-there")
        self.art.setMinimumHeight(160)
        self.progress = Countdown()
        self.progress.expired.connect(self.expired)
        self.button = QPushButton()
        self.button.setObjectName("still-here")
        self.button.clicked.connect(self.confirm)
        for w in (self.title, self.art, self.instruction, self.progress):
            lay.addWidget(w)
        lay.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        self.bind(self.title.setText, N("Are you still there?"))
        self.bind(self.instruction.setText, N("Touch the screen to continue."))
        self.bind(self.button.setText, N("I am still here"))
        self.hide()

    def ask(self, seconds: float) -> None:
        self.place()
        self.show()
        self.raise_()
        self.progress.count_down(seconds)

    def place(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            w, h = parent.width(), parent.height()
            ow, oh = int(w * 0.86), min(int(h * 0.6), max(520, int(h * 0.45)))
            self.setGeometry((w - ow) // 2, (h - oh) // 2, ow, oh)

    def confirm(self) -> None:
        if self.isVisible():
            self.dismiss()
            self.confirmed.emit()

    def dismiss(self) -> None:
        self.progress.busy()
        self.hide()


class LanguageBar(Translated, QWidget):
    """Every language labelled in its own script, plus the large-text and easy-reach switches.
    Always on screen, so the traveller can change language at any step."""

    language_chosen = Signal(str)
    large_text_toggled = Signal(bool)
    reach_toggled = Signal(bool)

    def __init__(self, offered: tuple[str, ...]) -> None:
        super().__init__()
        self._init_texts()
        self.setObjectName("language-bar")
        lay = QGridLayout(self)
        lay.setContentsMargins(16, 8, 16, 12)
        lay.setSpacing(10)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        langs = [lang for lang in LANGUAGES if lang.code in offered]
        self.columns = 3 if len(langs) > 3 else len(langs)
        for i, lang in enumerate(langs):
            b = QPushButton(lang.native)
            b.setObjectName("language")
            b.setCheckable(True)
            b.setAccessibleName(f"language-{lang.code}")
            b.clicked.connect(lambda _=False, code=lang.code: self.language_chosen.emit(code))
            self.group.addButton(b)
            self.buttons[lang.code] = b
            lay.addWidget(b, i // self.columns, i % self.columns)
        self.large = QPushButton()
        self.large.setObjectName("secondary")
        self.large.setCheckable(True)
        self.large.toggled.connect(self.large_text_toggled)
        self.reach = QPushButton()
        self.reach.setObjectName("secondary")
        self.reach.setCheckable(True)
        self.reach.toggled.connect(self.reach_toggled)
        self.bind(self.large.setText, N("Aa  Large text"))
        self.bind(self.reach.setText, N("Lower controls"))
        rows = max(1, (len(langs) + self.columns - 1) // self.columns)
        lay.addWidget(self.large, 0, self.columns, max(1, rows // 2 if rows > 1 else 1), 1)
        lay.addWidget(self.reach, rows - 1 if rows > 1 else 0, self.columns + (0 if rows > 1 else 1))

    def show_language(self, code: str) -> None:
        b = self.buttons.get(code)
        if b is not None:
            b.setChecked(True)


class NumPad(QWidget):
    """On-screen digits for amounts (a kiosk has no keyboard); types into the active field."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("numpad")
        lay = QGridLayout(self)
        lay.setSpacing(8)
        lay.setContentsMargins(0, 0, 0, 0)
        self.target: QLineEdit | None = None
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"]
        self.keys: dict[str, QPushButton] = {}
        for i, k in enumerate(keys):
            b = QPushButton(k)
            b.setObjectName("key")
            b.setAccessibleName(f"key-{k}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, key=k: self.press(key))
            lay.addWidget(b, i // 6, i % 6)
            self.keys[k] = b

    def press(self, key: str) -> None:
        if self.target is None:
            return
        text = self.target.text()
        if key == "⌫":
            text = text[:-1]
        elif key == "C":
            text = ""
        elif len(text) < 9:
            text = (text + key).lstrip("0") or "0"
        self.target.setText(text)


class FormScreen(Translated, QWidget):
    """The on-screen declaration: questions (yes/no and choices as big buttons, amounts typed on the
    keypad; follow-ups appear when the model says so) → review → submit."""

    submitted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._init_texts()
        self.key = "form"
        self.prompt_key = "form"
        self.setObjectName("screen-form")
        self.language = "en"
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 16)
        outer.setSpacing(14)
        self.step = _label("step")
        self.title = _label("title")
        self.instruction = _label("muted")
        outer.addWidget(self.step)
        outer.addWidget(self.title)
        outer.addWidget(self.instruction)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        # page 0: the questions
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages.addWidget(self.area)
        # page 1: the review
        self.review_list = QWidget()
        self.review_area = QScrollArea()
        self.review_area.setWidgetResizable(True)
        self.review_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages.addWidget(self.review_area)
        self.numpad = NumPad()
        self.numpad.setVisible(False)
        outer.addWidget(self.numpad)
        self.progress = Countdown()
        outer.addWidget(self.progress)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.back_button = QPushButton()
        self.back_button.setObjectName("secondary")
        self.review_button = QPushButton()
        self.review_button.setObjectName("review")
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("submit")
        row.addStretch(1)
        for b in (self.back_button, self.review_button, self.submit_button):
            row.addWidget(b)
        row.addStretch(1)
        outer.addLayout(row)
        self.bind(self.step.setText, N("Step {n} of {total}"), n=len(STEPS), total=len(STEPS))
        self.bind(self.back_button.setText, N("Change answers"))
        self.bind(self.review_button.setText, N("Check my answers"))
        self.bind(self.submit_button.setText, N("Submit declaration"))
        self.back_button.clicked.connect(self.edit)
        self.review_button.clicked.connect(self.review)
        self.submit_button.clicked.connect(self._submit)
        self.form: Any = None
        self._stale = False
        self.rows: dict[str, tuple[QWidget, Any]] = {}
        self.values: dict[str, Any] = {}
        self.edit()

    # --- building -------------------------------------------------------------------------------

    def show_form(self, form: Any, timeout: float | None = None) -> None:
        self.form = form
        self.values = {}
        for q in form.questions:
            kind = str(q.type)
            if kind == "yes-no":
                self.values[q.id] = False
            elif kind == "choice":
                self.values[q.id] = q.choices[0].value if q.choices else None
            else:
                self.values[q.id] = 0
        self._build()
        self.edit()
        if timeout:
            self.progress.count_down(timeout)
        else:
            self.progress.busy()

    def set_language(self, form_language: str) -> None:
        """The form model's language; the LanguageChange that follows rebuilds the questions in it."""
        self.language = form_language

    def _text(self, key: str) -> str:
        try:
            return self.form.text(key, self.language)
        except KeyError:
            return ""

    def _build(self) -> None:
        form = self.form
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.setSpacing(12)
        self.rows = {}
        self.numpad.target = None
        section = None
        for q in form.questions:
            if q.section != section:
                section = q.section
                head = _label("section")
                head.setText(self._text(f"decl.section.{section}"))
                head.setAlignment(Qt.AlignmentFlag.AlignLeft)
                lay.addWidget(head)
            row = QWidget()
            row.setObjectName(f"row-{q.id}")
            rl = QVBoxLayout(row)
            rl.setContentsMargins(0, 4, 0, 4)
            text = _label("question")
            text.setAlignment(Qt.AlignmentFlag.AlignLeft)
            text.setText(form.question_text(q, self.language))
            rl.addWidget(text)
            kind = str(q.type)
            if kind in ("yes-no", "choice"):
                options: list[tuple[Any, str]] = (
                    [(False, tr("No")), (True, tr("Yes"))] if kind == "yes-no"
                    else [(c.value, self._text(c.text_key)) for c in q.choices])
                group = QButtonGroup(row)
                group.setExclusive(True)
                line = QHBoxLayout()
                for value, label in options:
                    b = QPushButton(label)
                    b.setObjectName("answer")
                    b.setCheckable(True)
                    b.setAccessibleName(f"q-{q.id}-{str(value).lower()}")
                    b.setProperty("answer", value)
                    b.setChecked(self.values.get(q.id) == value)
                    b.clicked.connect(lambda _=False, qid=q.id, v=value: self._answer(qid, v))
                    group.addButton(b)
                    line.addWidget(b)
                line.addStretch(1)
                rl.addLayout(line)
                self.rows[q.id] = (row, group)
            else:
                edit = QLineEdit(str(int(self.values.get(q.id) or 0)))
                edit.setObjectName(f"q-{q.id}")
                edit.setAccessibleName(f"q-{q.id}")
                edit.setReadOnly(True)  # typed on the keypad
                edit.setAlignment(Qt.AlignmentFlag.AlignRight)
                edit.textChanged.connect(lambda text, qid=q.id: self._amount(qid, text))
                edit.installEventFilter(self)
                line = QHBoxLayout()
                line.addWidget(edit, 1)
                unit = QLabel(q.unit)
                unit.setObjectName("question")
                line.addWidget(unit)
                rl.addLayout(line)
                self.rows[q.id] = (row, edit)
            lay.addWidget(row)
        lay.addStretch(1)
        self.area.setWidget(inner)
        self._refresh()

    def eventFilter(self, obj: Any, event: QEvent) -> bool:
        if isinstance(obj, QLineEdit) and event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.FocusIn):
            self._activate(obj)
        return False

    def _activate(self, edit: QLineEdit) -> None:
        self.numpad.target = edit
        for _row, w in self.rows.values():
            if isinstance(w, QLineEdit):
                w.setProperty("active", w is edit)

    def _answer(self, qid: str, value: Any) -> None:
        self.values[qid] = value
        self._refresh()
        # the details this answer opened are what the traveller types next: point the keypad there
        for q in self.form.visible(self.values):
            row, w = self.rows.get(q.id, (None, None))
            if q.show_if is not None and q.show_if.question == qid and isinstance(w, QLineEdit):
                self._activate(w)
                self.area.ensureWidgetVisible(row)
                break

    def _amount(self, qid: str, text: str) -> None:
        self.values[qid] = int(text) if text.isdigit() else 0

    def _refresh(self) -> None:
        if self.form is None:
            return
        visible = {q.id for q in self.form.visible(self.values)}
        first_amount = None
        for qid, (row, w) in self.rows.items():
            row.setVisible(qid in visible)
            if qid in visible and isinstance(w, QLineEdit) and first_amount is None:
                first_amount = w
        self.numpad.setVisible(first_amount is not None and self.pages.currentIndex() == 0)
        if first_amount is not None and (self.numpad.target is None or not self.numpad.target.isVisibleTo(self)):
            self._activate(first_amount)

    # --- pages ----------------------------------------------------------------------------------

    def edit(self) -> None:
        self.pages.setCurrentIndex(0)
        self.bind(self.title.setText, N("Do you have anything to declare?"))
        self.bind(self.instruction.setText, PROMPTS["form"])
        self.back_button.setVisible(False)
        self.submit_button.setVisible(False)
        self.review_button.setVisible(True)
        self._refresh()

    def review(self) -> None:
        if self.form is None:
            return
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.setSpacing(10)
        answers = self.answers()
        declared = False
        for q in self.form.visible(answers):
            value = answers.get(q.id)
            kind = str(q.type)
            if kind == "yes-no":
                shown = tr("Yes") if value else tr("No")
                declared = declared or bool(value)
            elif kind == "choice":
                shown = next((self._text(c.text_key) for c in q.choices if c.value == value), str(value))
            else:
                shown = f"{value} {q.unit}".strip()
            line = _label("question")
            line.setAlignment(Qt.AlignmentFlag.AlignLeft)
            line.setText(f"{self.form.question_text(q, self.language)}\n→ {shown}")
            line.setObjectName("question")
            lay.addWidget(line)
        lay.addStretch(1)
        self.review_area.setWidget(inner)
        self.pages.setCurrentIndex(1)
        self.numpad.setVisible(False)
        self.bind(self.title.setText, N("Please check your answers"))
        self.bind(self.instruction.setText, N("You declare goods: an officer will see you.") if declared
                  else N("You have nothing to declare."))
        self.back_button.setVisible(True)
        self.submit_button.setVisible(True)
        self.review_button.setVisible(False)

    def retranslate(self) -> None:
        super().retranslate()
        self._stale = self.form is not None
        if self.isVisible():
            self._rebuild_if_stale()

    def _rebuild_if_stale(self) -> None:
        """The questions in the current language; a hidden form waits until it is shown (it is big)."""
        if self._stale and self.form is not None:
            self._stale = False
            self._build()
            if self.pages.currentIndex() == 1:
                self.review()

    def showEvent(self, event: Any) -> None:
        self._rebuild_if_stale()
        super().showEvent(event)

    def answers(self) -> dict[str, Any]:
        if self.form is None:
            return {}
        visible = {q.id for q in self.form.visible(self.values)}
        return {k: v for k, v in self.values.items() if k in visible}

    def _submit(self) -> None:
        self.submitted.emit(self.answers())

    def set_orientation(self, landscape: bool) -> None:
        pass

    def wipe(self) -> None:
        old = self.area.takeWidget()
        if old is not None:
            old.deleteLater()
        old = self.review_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.rows = {}
        self.values = {}
        self.form = None
        self.numpad.target = None
        self.progress.busy()
        self.edit()
