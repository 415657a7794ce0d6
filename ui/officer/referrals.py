"""The referral queue (oldest first) and the evidence side by side, with the decision bar."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kiosk.officers import Officer
from kiosk.supervision import ReferralView
from ui.officer.common import N, label, pixmap_from, tr

ACTION_LABELS = {"release": N("Release (open gate)"), "inspection": N("Send to inspection (red channel)"),
                 "refuse": N("Refuse")}
DOCUMENT_FIELDS = (("surname", N("Surname")), ("given_names", N("Given names")), ("document_number", N("Document")),
                   ("document_code", N("Type")), ("issuing_state", N("Issuing state")),
                   ("nationality", N("Nationality")), ("date_of_birth", N("Born (YYMMDD)")),
                   ("date_of_expiry", N("Expires (YYMMDD)")), ("sex", N("Sex")), ("expired", N("Expired")))


def _table(rows: list[tuple[str, Any]]) -> str:
    cells = "".join(f"<tr><td style='color:#51606f;padding-right:12px'>{html.escape(k)}</td>"
                    f"<td><b>{html.escape(str(v))}</b></td></tr>" for k, v in rows)
    return f"<table>{cells}</table>"


class EvidencePanel(QWidget):
    """Everything the officer decides on, for one referral."""

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        self.header = label("", "heading")
        self.reasons = label("", "reasons")
        self.reasons.setStyleSheet("color: #b3261e; font-weight: 700;")
        lay.addWidget(self.header)
        lay.addWidget(self.reasons)
        images = QHBoxLayout()
        self.images: dict[str, Any] = {}
        for kind, caption in (("chip-portrait", tr("Chip portrait (DG2)")), ("live-capture", tr("Live capture"))):
            col = QVBoxLayout()
            pic = label(tr("no image retained"))
            pic.setObjectName(kind)
            pic.setMinimumSize(180, 220)
            pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pic.setStyleSheet("background: #e9edf1; border-radius: 6px;")
            col.addWidget(pic)
            col.addWidget(label(caption))
            images.addLayout(col)
            self.images[kind] = pic
        lay.addLayout(images)
        self.match = label()
        self.match.setObjectName("match")
        self.liveness = label()
        self.liveness.setObjectName("liveness")
        lay.addWidget(self.match)
        lay.addWidget(self.liveness)
        self.sections: dict[str, Any] = {}
        grid = QGridLayout()
        for i, (key, title) in enumerate((("chip", tr("Chip verification")), ("document", tr("MRZ / DG1")),
                                          ("temperature", tr("Temperature")), ("declaration", tr("Declaration")))):
            box = QVBoxLayout()
            box.addWidget(label(title, "heading"))
            body = label(wrap=False)  # word-wrapped rich-text tables get a wrong height in a grid
            body.setObjectName(f"section-{key}")
            body.setTextFormat(Qt.TextFormat.RichText)
            box.addWidget(body)
            box.addStretch(1)
            grid.addLayout(box, i // 2, i % 2)
            self.sections[key] = body
        lay.addLayout(grid)
        lay.addStretch(1)
        self.clear()

    def clear(self) -> None:
        self.header.setText(tr("No referral selected"))
        self.reasons.setText("")
        for pic in self.images.values():
            pic.clear()
            pic.setText(tr("no image retained"))
        self.match.setText("")
        self.liveness.setText("")
        for body in self.sections.values():
            body.setText("")

    def show_referral(self, r: ReferralView) -> None:
        self.header.setText(tr("Lane {lane} · referred {t}").format(lane=r.lane_id, t=r.created_at[11:19]))
        self.reasons.setText(", ".join(r.reasons))
        for kind, pic in self.images.items():
            img = r.image(kind)
            pix = pixmap_from(img.data if img else None)
            if pix is None:
                pic.clear()
                pic.setText(tr("no image retained") if img is None else tr("image unreadable"))
            else:
                pic.setPixmap(pix)
        face = r.face
        if face:
            score, threshold = face.get("score"), face.get("threshold")
            verdict = tr("match") if face.get("matched") else tr("NO MATCH")
            self.match.setText(tr("Face match {s} · threshold {t} · {v} · faces in view {n}").format(
                s=f"{score:.3f}" if isinstance(score, int | float) else "-",
                t=f"{threshold:.2f}" if isinstance(threshold, int | float) else "-", v=verdict,
                n=face.get("faces_in_view", "-")))
            self.match.setObjectName("good" if face.get("matched") else "bad")
            live = face.get("liveness", "-")
            self.liveness.setText(tr("Liveness: {v}").format(v=live))
            self.liveness.setObjectName("good" if live == "valid" else "bad")
            for w in (self.match, self.liveness):
                w.style().unpolish(w)
                w.style().polish(w)
        else:
            self.match.setText(tr("Face: not checked"))
            self.liveness.setText("")
        chip = r.chip
        self.sections["chip"].setText(_table([
            (tr("Access"), chip.get("access", "-")),
            (tr("Passive authentication"), chip.get("passive_auth", "-")
             + (f" ({', '.join(chip['passive_auth_failures'])})" if chip.get("passive_auth_failures") else "")),
            (tr("Active authentication"), chip.get("active_auth", "-")),
            (tr("Chip authentication"), chip.get("chip_auth", "-")),
            (tr("DG1 = MRZ"), chip.get("dg1_matches_mrz", "-")),
        ]) if chip else tr("chip not read"))
        doc = r.document
        self.sections["document"].setText(
            _table([(tr(title), doc.get(key, "-")) for key, title in DOCUMENT_FIELDS]) if doc else tr("no document"))
        t = r.temperature
        self.sections["temperature"].setText(_table([
            (tr("Status"), t.get("status", "-")),
            (tr("Core estimate °C"), t.get("core_c", "-")),
            (tr("Threshold °C"), t.get("threshold_c", "-")),
            (tr("Readings °C"), ", ".join(f"{x:.2f}" for x in t.get("readings_c", [])) or "-"),
            (tr("Detail"), t.get("detail", "") or "-"),
        ]) if t else tr("not measured"))
        d = r.declaration
        answers = d.get("answers", {}) if d else {}
        self.sections["declaration"].setText(_table([
            (tr("Status"), d.get("status", "-")), (tr("Source"), d.get("source", "-")),
            (tr("Items"), ", ".join(d.get("items", [])) or "-"),
            (tr("Reasons"), ", ".join(d.get("reasons", [])) or "-"),
            *[(str(k), v) for k, v in answers.items()],
        ]) if d else tr("no declaration"))


class ReferralQueue(QWidget):
    decide = Signal(str, str, str, str)  # referral id, action, reason code, note

    def __init__(self) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        split = QSplitter()
        self.list = QListWidget()
        self.list.setObjectName("referralList")
        self.list.setMinimumWidth(260)
        split.addWidget(self.list)
        right = QWidget()
        rl = QVBoxLayout(right)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.evidence = EvidencePanel()
        scroll.setWidget(self.evidence)
        rl.addWidget(scroll, 1)
        bar = QHBoxLayout()
        self.actions = QButtonGroup(self)
        self.actions.setExclusive(True)
        self.action_buttons: dict[str, QPushButton] = {}
        for action, text in ACTION_LABELS.items():
            b = QPushButton(tr(text))
            b.setCheckable(True)
            b.setObjectName(f"action-{action}")
            self.actions.addButton(b)
            self.action_buttons[action] = b
            bar.addWidget(b)
            b.toggled.connect(lambda on, a=action: on and self._choose(a))
        rl.addLayout(bar)
        bar2 = QHBoxLayout()
        self.reason = QComboBox()
        self.reason.setObjectName("reasonCode")
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(tr("Note (optional)"))
        self.note.setMaxLength(500)
        self.confirm = QPushButton(tr("Confirm decision"))
        self.confirm.setObjectName("confirmDecision")
        bar2.addWidget(self.reason, 1)
        bar2.addWidget(self.note, 2)
        bar2.addWidget(self.confirm)
        rl.addLayout(bar2)
        self.message = label("", "message")
        rl.addWidget(self.message)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        outer.addWidget(split)
        self.codes: dict[str, list[str]] = {}
        self.referrals: dict[str, ReferralView] = {}
        self.action: str | None = None
        self.may_decide = False
        self.list.currentItemChanged.connect(self._selected)
        self.confirm.clicked.connect(self._confirm)
        self.reason.currentTextChanged.connect(lambda _t: self._update_controls())
        self._update_controls()

    def set_reason_codes(self, codes: dict[str, list[str]]) -> None:
        self.codes = codes
        if self.action:
            self._choose(self.action)

    def set_permissions(self, officer: Officer | None) -> None:
        self.may_decide = bool(officer and officer.can("decide"))
        self._update_controls()

    def show_referrals(self, refs: list[ReferralView]) -> None:
        ids = [r.id for r in refs]
        self.referrals = {r.id: r for r in refs}
        current = self.current_id()
        if ids != [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]:
            self.list.blockSignals(True)
            self.list.clear()
            for r in refs:
                doc = r.document
                who = f"{doc.get('surname', '?')} {doc.get('given_names', '')}".strip() if doc else "?"
                item = QListWidgetItem(f"{r.created_at[11:19]} · {r.lane_id}\n{who}\n{', '.join(r.reasons)}")
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.list.addItem(item)
            self.list.blockSignals(False)
            row = ids.index(current) if current in ids else 0
            if refs:
                self.list.setCurrentRow(row)
            if current not in ids:
                self._selected()
        self._update_controls()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _selected(self, *_: Any) -> None:
        rid = self.current_id()
        ref = self.referrals.get(rid) if rid else None
        if ref is None:
            self.evidence.clear()
        else:
            self.evidence.show_referral(ref)
        self._reset_decision()

    def _reset_decision(self) -> None:
        self.action = None
        self.actions.setExclusive(False)
        for b in self.action_buttons.values():
            b.setChecked(False)
        self.actions.setExclusive(True)
        self.reason.clear()
        self.note.clear()
        self._update_controls()  # the message stays: it tells how the last decision went

    def _choose(self, action: str) -> None:
        self.action = action
        self.reason.clear()
        self.reason.addItems(self.codes.get(action, []))
        self._update_controls()

    def _update_controls(self) -> None:
        has = self.current_id() is not None and self.may_decide
        for b in self.action_buttons.values():
            b.setEnabled(has)
        self.reason.setEnabled(has and self.action is not None)
        self.confirm.setEnabled(has and self.action is not None and bool(self.reason.currentText()))

    def _confirm(self) -> None:
        rid = self.current_id()
        if rid is None or self.action is None or not self.reason.currentText():
            return
        self.confirm.setEnabled(False)  # one decision per click; the refresh re-enables
        self.decide.emit(rid, self.action, self.reason.currentText(), self.note.text())

    def choose(self, action: str, reason: str, note: str = "") -> None:
        """Pick an action, reason code and note as an officer would (for keyboard shortcuts and tests)."""
        self.action_buttons[action].setChecked(True)
        self.reason.setCurrentText(reason)
        self.note.setText(note)
        self._update_controls()

    def wipe(self) -> None:
        self.referrals = {}
        self.list.clear()
        self.evidence.clear()
        self._reset_decision()
        self.message.setText("")
