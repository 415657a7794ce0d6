"""The lane overview: one card per lane with its state, the traveller's stage, open referrals, the
health of every device, and the lane commands (open the gate, reset it, in/out of service)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.officers import Officer
from kiosk.supervision import LaneState, LaneView
from ui.officer.common import N, label, set_badge, tr

# the traveller's stage (kiosk.session.State values) as the officer reads it
STAGE_LABELS = {
    "document": N("passport"),
    "chip": N("chip"),
    "face": N("face check"),
    "temperature": N("temperature"),
    "declaration": N("declaration"),
    "decision": N("decision"),
    "gate": N("gate"),
}


class LaneCard(QFrame):
    command = Signal(str, str)  # lane id, "open-gate" | "reset-gate" | "out-of-service" | "in-service"

    def __init__(self, lane_id: str) -> None:
        super().__init__()
        self.lane_id = lane_id
        self.setObjectName("laneCard")
        self.view: LaneView | None = None
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.name = label("", "heading", wrap=False)
        self.badge = label("", "badge", wrap=False)
        top.addWidget(self.name, 1)
        top.addWidget(self.badge)
        lay.addLayout(top)
        self.detail = label()
        lay.addWidget(self.detail)
        self.devices = label()
        self.devices.setObjectName("devices")
        self.devices.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.devices)
        row = QHBoxLayout()
        self.open_button = QPushButton(tr("Open gate"))
        self.reset_button = QPushButton(tr("Reset gate"))
        self.reset_button.setObjectName("secondary")
        self.service_button = QPushButton(tr("Take out of service"))
        self.service_button.setObjectName("danger")
        for b in (self.open_button, self.reset_button, self.service_button):
            row.addWidget(b)
        lay.addLayout(row)
        self.open_button.clicked.connect(lambda: self.command.emit(self.lane_id, "open-gate"))
        self.reset_button.clicked.connect(lambda: self.command.emit(self.lane_id, "reset-gate"))
        self.service_button.clicked.connect(self._toggle_service)

    def _toggle_service(self) -> None:
        if self.view is not None:
            self.command.emit(self.lane_id, "in-service" if not self.view.in_service else "out-of-service")

    def show_view(self, view: LaneView) -> None:
        self.view = view
        self.name.setText(f"{view.name} ({view.lane_id})")
        set_badge(self.badge, view.state.value)
        parts = [tr("status: {s}").format(s=view.status)]
        if view.stage:
            stage = tr(STAGE_LABELS[view.stage]) if view.stage in STAGE_LABELS else view.stage
            parts.append(tr("traveller at: {s}").format(s=stage))
        if view.open_referrals:
            parts.append(tr("{n} waiting for an officer").format(n=view.open_referrals))
        self.detail.setText(" · ".join(parts))
        lines = [f"<span style='color:{'#1e7d46' if d.ok else '#b3261e'}'>{'●' if d.ok else '✖'}</span> "
                 f"{html.escape(d.device)} ({html.escape(d.driver)})"
                 + ("" if d.ok else f": <b>{html.escape(d.detail)}</b>") for d in view.devices]
        self.devices.setText("<br>".join(lines))
        self.service_button.setText(tr("Put in service") if not view.in_service else tr("Take out of service"))
        self.service_button.setObjectName("secondary" if not view.in_service else "danger")
        self.service_button.style().unpolish(self.service_button)
        self.service_button.style().polish(self.service_button)
        self.reset_button.setEnabled(self._may_gate and view.state in (LaneState.DEVICE_FAULT, LaneState.EMERGENCY))

    _may_gate = False

    def set_permissions(self, officer: Officer | None) -> None:
        self._may_gate = bool(officer and officer.can("gate"))
        self.open_button.setEnabled(self._may_gate)
        self.service_button.setEnabled(bool(officer and officer.can("service")))
        if self.view is not None:
            self.show_view(self.view)


class LaneOverview(QWidget):
    command = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        self.summary = label()
        outer.addWidget(self.summary)
        area = QScrollArea()
        area.setWidgetResizable(True)
        inner = QWidget()
        col = QVBoxLayout(inner)
        self.grid = QGridLayout()
        col.addLayout(self.grid)
        col.addStretch(1)  # cards keep their height; the space goes below them
        area.setWidget(inner)
        outer.addWidget(area, 1)
        self.cards: dict[str, LaneCard] = {}
        self.officer: Officer | None = None

    def show_lanes(self, views: list[LaneView]) -> None:
        for view in views:
            card = self.cards.get(view.lane_id)
            if card is None:
                card = LaneCard(view.lane_id)
                card.setObjectName("laneCard")
                card.setAccessibleName(f"lane-{view.lane_id}")
                card.command.connect(self.command)
                card.set_permissions(self.officer)
                n = len(self.cards)
                self.grid.addWidget(card, n // 2, n % 2)
                self.cards[view.lane_id] = card
            card.show_view(view)
        need = sum(1 for v in views if v.state is not LaneState.IN_SERVICE and v.state is not LaneState.BUSY)
        self.summary.setText(tr("{n} lanes · {k} need attention").format(n=len(views), k=need))

    def set_permissions(self, officer: Officer | None) -> None:
        self.officer = officer
        for card in self.cards.values():
            card.set_permissions(officer)
