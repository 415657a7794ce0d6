"""Audit search (time, lane, traveller document, officer, action) and the retained-evidence view."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.supervision import AuditEntry, AuditQuery, RetainedEvidence
from ui.officer.common import label, tr


def to_qdatetime(dt: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(dt.timestamp()))


def from_qdatetime(q: QDateTime) -> datetime:
    return datetime.fromtimestamp(q.toSecsSinceEpoch(), UTC)


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)  # the whole record data, however long
            table.setItem(i, j, item)


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return t


class AuditView(QWidget):
    search = Signal(object)  # AuditQuery

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        form = QGridLayout()
        now = datetime.now(UTC)
        self.use_since = QCheckBox(tr("From"))
        self.since = QDateTimeEdit(to_qdatetime(now - timedelta(hours=8)))
        self.use_until = QCheckBox(tr("Until"))
        self.until = QDateTimeEdit(to_qdatetime(now + timedelta(minutes=1)))
        for w in (self.since, self.until):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.lane = QComboBox()
        self.lane.setObjectName("auditLane")
        self.lane.addItem(tr("all lanes"), "")
        self.document = QLineEdit()
        self.document.setObjectName("auditDocument")
        self.document.setPlaceholderText(tr("Document: STATE:NUMBER or stored reference"))
        self.officer = QLineEdit()
        self.officer.setObjectName("auditOfficer")
        self.officer.setPlaceholderText(tr("Officer ID"))
        self.action = QLineEdit()
        self.action.setPlaceholderText(tr("Action (prefix, e.g. referral.)"))
        self.search_button = QPushButton(tr("Search"))
        self.search_button.setObjectName("auditSearch")
        form.addWidget(self.use_since, 0, 0)
        form.addWidget(self.since, 0, 1)
        form.addWidget(self.use_until, 0, 2)
        form.addWidget(self.until, 0, 3)
        form.addWidget(self.lane, 0, 4)
        form.addWidget(self.document, 1, 0, 1, 2)
        form.addWidget(self.officer, 1, 2)
        form.addWidget(self.action, 1, 3)
        form.addWidget(self.search_button, 1, 4)
        for col, stretch in enumerate((0, 1, 0, 1, 0)):
            form.setColumnStretch(col, stretch)
        lay.addLayout(form)
        self.status = label()
        lay.addWidget(self.status)
        self.table = _table([tr("#"), tr("Time (UTC)"), tr("Lane"), tr("Actor"), tr("Action"), tr("Data")])
        self.table.setObjectName("auditTable")
        lay.addWidget(self.table, 1)
        self.search_button.clicked.connect(lambda: self.search.emit(self.query()))
        self.document.returnPressed.connect(self.search_button.click)
        self.officer.returnPressed.connect(self.search_button.click)

    def set_lanes(self, lane_ids: list[str]) -> None:
        have = {self.lane.itemData(i) for i in range(self.lane.count())}
        for lane_id in lane_ids:
            if lane_id not in have:
                self.lane.addItem(lane_id, lane_id)

    def query(self) -> AuditQuery:
        return AuditQuery(
            since=from_qdatetime(self.since.dateTime()) if self.use_since.isChecked() else None,
            until=from_qdatetime(self.until.dateTime()) if self.use_until.isChecked() else None,
            lane_id=self.lane.currentData() or None,
            document=self.document.text().strip() or None,
            officer=self.officer.text().strip() or None,
            action=self.action.text().strip() or None,
        )

    def show_entries(self, entries: list[AuditEntry]) -> None:
        self.status.setText(tr("{n} records (newest first)").format(n=len(entries)))
        _fill(self.table, [[str(e.seq), e.ts[:19].replace("T", " "), e.lane_id, e.actor, e.action,
                            json.dumps(e.data, ensure_ascii=False, sort_keys=True)] for e in entries])

    def wipe(self) -> None:
        self.table.setRowCount(0)
        self.status.setText("")
        for w in (self.document, self.officer, self.action):
            w.clear()


class RetainedView(QWidget):
    refresh = Signal()
    purge = Signal()

    def __init__(self, retention_hours: float, keep: bool) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        policy = (tr("Evidence images are kept only for open referrals, at most {h} h; deciding a referral "
                     "deletes its images.").format(h=f"{retention_hours:g}") if keep and retention_hours > 0
                  else tr("No evidence images are kept (storage.keep_referral_evidence / retention 0)."))
        lay.addWidget(label(policy))
        row = QHBoxLayout()
        self.summary = label()
        self.summary.setObjectName("retainedSummary")
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.setObjectName("secondary")
        self.purge_button = QPushButton(tr("Purge expired now"))
        row.addWidget(self.summary, 1)
        row.addWidget(self.refresh_button)
        row.addWidget(self.purge_button)
        lay.addLayout(row)
        self.table = _table([tr("Referral"), tr("Lane"), tr("Status"), tr("Kind"), tr("Bytes"), tr("Expires (UTC)")])
        self.table.setObjectName("retainedTable")
        lay.addWidget(self.table, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.purge_button.clicked.connect(self.purge)

    def show_retained(self, rows: list[RetainedEvidence]) -> None:
        total = sum(r.bytes for r in rows)
        self.summary.setText(tr("{n} images retained for {k} referrals, {b} kB").format(
            n=len(rows), k=len({r.referral_id for r in rows}), b=round(total / 1024, 1)))
        _fill(self.table, [[r.referral_id[:12], r.lane_id, r.referral_status, r.kind, str(r.bytes),
                            r.expires_at[:19].replace("T", " ")] for r in rows])

    def wipe(self) -> None:
        self.table.setRowCount(0)
        self.summary.setText("")
