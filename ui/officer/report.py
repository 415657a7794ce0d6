"""The shift report on screen (QtCharts) and its export as CSV and PDF (QPdfWriter + QPainter)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMarginsF, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.reports import ShiftReport
from ui.officer.audit import from_qdatetime, to_qdatetime
from ui.officer.common import label, tr


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(420, 280)
    return chart, view


def _reset(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


def _axes(chart: QChart, series: object, categories: list[str], top: float, horizontal: bool = False) -> None:
    cat = QBarCategoryAxis()
    cat.append(categories)
    val = QValueAxis()
    val.setRange(0, max(1.0, top))
    val.setLabelFormat("%g")
    cat_side, val_side = (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom) if horizontal else \
        (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(cat, cat_side)
    chart.addAxis(val, val_side)
    series.attachAxis(cat)  # type: ignore[attr-defined]
    series.attachAxis(val)  # type: ignore[attr-defined]


class ReportView(QWidget):
    compute = Signal(object, object)  # start, end (datetime, UTC)

    def __init__(self) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        now = datetime.now(UTC)
        self.start = QDateTimeEdit(to_qdatetime(now - timedelta(hours=8)))
        self.end = QDateTimeEdit(to_qdatetime(now + timedelta(minutes=1)))
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.compute_button = QPushButton(tr("Compute"))
        self.compute_button.setObjectName("computeReport")
        self.csv_button = QPushButton(tr("Export CSV"))
        self.pdf_button = QPushButton(tr("Export PDF"))
        for w in (label(tr("Shift from"), wrap=False), self.start, label(tr("to"), wrap=False), self.end,
                  self.compute_button, self.csv_button, self.pdf_button):
            row.addWidget(w)
        row.addStretch(1)
        outer.addLayout(row)
        self.summary = label()
        self.summary.setObjectName("reportSummary")
        outer.addWidget(self.summary)
        self.message = label("", "message")
        outer.addWidget(self.message)
        area = QScrollArea()
        area.setWidgetResizable(True)
        inner = QWidget()
        grid = QGridLayout(inner)
        self.throughput_chart, self.throughput_view = _chart(tr("Throughput per hour"))
        self.reasons_chart, self.reasons_view = _chart(tr("Referral rate by reason (%)"))
        self.scores_chart, self.scores_view = _chart(tr("Face match score distribution"))
        grid.addWidget(self.throughput_view, 0, 0)
        grid.addWidget(self.reasons_view, 0, 1)
        grid.addWidget(self.scores_view, 1, 0, 1, 2)
        area.setWidget(inner)
        outer.addWidget(area, 1)
        self.report: ShiftReport | None = None
        self.compute_button.clicked.connect(self._compute)
        self.csv_button.clicked.connect(lambda: self._export("csv"))
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        self._enable_export()

    def _compute(self) -> None:
        self.compute.emit(from_qdatetime(self.start.dateTime()), from_qdatetime(self.end.dateTime()))

    def set_window(self, start: datetime, end: datetime) -> None:
        self.start.setDateTime(to_qdatetime(start))
        self.end.setDateTime(to_qdatetime(end))

    def _enable_export(self) -> None:
        for b in (self.csv_button, self.pdf_button):
            b.setEnabled(self.report is not None)

    def show_report(self, report: ShiftReport) -> None:
        self.report = report
        self.message.setText("")
        self.summary.setText(self.summary_text(report))
        self._throughput(report)
        self._reasons(report)
        self._scores(report)
        self._enable_export()

    @staticmethod
    def summary_text(r: ShiftReport) -> str:
        def secs(v: float | None) -> str:
            return "-" if v is None else f"{v:.1f} s"

        return tr("{start} – {end} UTC · lanes {lanes} · {n} travellers · {c} cleared · {k} referred ({rate:.1%}) · "
                  "lane time mean {mean}, 95th percentile {p95} · decisions {d}").format(
            start=r.start[:16].replace("T", " "), end=r.end[:16].replace("T", " "), lanes=", ".join(r.lanes) or "-",
            n=r.transactions, c=r.cleared, k=r.referred, rate=r.referral_rate, mean=secs(r.lane_time_mean_s),
            p95=secs(r.lane_time_p95_s),
            d=", ".join(f"{k} {v}" for k, v in sorted(r.decisions.items())) or "-")

    def _throughput(self, r: ShiftReport) -> None:
        chart = self.throughput_chart
        _reset(chart)
        cleared, referred = QBarSet(tr("cleared")), QBarSet(tr("referred"))
        cleared.setColor(QColor("#1e7d46"))
        referred.setColor(QColor("#b3261e"))
        for h in r.throughput:
            cleared.append(h.cleared)
            referred.append(h.referred)
        series = QStackedBarSeries()
        series.append(cleared)
        series.append(referred)
        chart.addSeries(series)
        _axes(chart, series, [h.hour[11:16] for h in r.throughput], max((h.total for h in r.throughput), default=1))

    def _reasons(self, r: ShiftReport) -> None:
        chart = self.reasons_chart
        _reset(chart)
        top = list(r.reasons[:10])[::-1]  # the biggest at the top
        s = QBarSet(tr("referral rate %"))
        s.setColor(QColor("#b36b00"))
        for reason in top:
            s.append(round(reason.rate * 100, 2))
        series = QHorizontalBarSeries()
        series.append(s)
        chart.addSeries(series)
        chart.legend().setVisible(False)
        _axes(chart, series, [x.reason for x in top] or ["-"], max((x.rate * 100 for x in top), default=1),
              horizontal=True)

    def _scores(self, r: ShiftReport) -> None:
        chart = self.scores_chart
        _reset(chart)
        threshold = r.face_threshold
        below, above = QBarSet(tr("below threshold")), QBarSet(tr("at or above threshold"))
        below.setColor(QColor("#b3261e"))
        above.setColor(QColor("#1f4e79"))
        for b in r.scores:
            is_above = threshold is not None and b.low >= threshold - 1e-9
            above.append(b.count if is_above else 0)
            below.append(0 if is_above else b.count)
        series = QStackedBarSeries()
        series.append(below)
        series.append(above)
        chart.addSeries(series)
        title = tr("Face match score distribution")
        chart.setTitle(f"{title} (threshold {threshold:.2f})" if threshold is not None else title)
        _axes(chart, series, [f"{b.low:.2f}" for b in r.scores], max((b.count for b in r.scores), default=1))

    # --- export -----------------------------------------------------------------------------------

    def _export(self, kind: str) -> None:
        if self.report is None:
            return
        default = f"shift-report-{self.report.start[:13].replace(':', '')}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, tr("Export shift report"), default,
                                              "CSV (*.csv)" if kind == "csv" else "PDF (*.pdf)")
        if not path:
            return
        try:
            (self.export_csv if kind == "csv" else self.export_pdf)(Path(path))
        except OSError as exc:
            self.message.setText(tr("Export failed: {e}").format(e=exc))
        else:
            self.message.setText(tr("Exported {p}").format(p=path))

    def export_csv(self, path: Path) -> None:
        assert self.report is not None
        path.write_text(self.report.to_csv(), encoding="utf-8")

    def export_pdf(self, path: Path) -> None:
        """A4 portrait: title, the figures, then the three charts as drawn on screen."""
        assert self.report is not None
        writer = QPdfWriter(str(path))
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
        writer.setResolution(150)
        writer.setTitle(tr("Shift report"))
        writer.setCreator("Clearance Kiosk")
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"cannot write {path}")
        try:
            page = writer.pageLayout().paintRectPixels(writer.resolution())
            w = page.width()
            y = 0
            font = QFont(painter.font())
            font.setPointSize(16)
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(QRect(0, y, w, 60), Qt.AlignmentFlag.AlignLeft, tr("Shift report"))
            y += 70
            font.setPointSize(9)
            font.setBold(False)
            painter.setFont(font)
            text = self.summary_text(self.report)
            box = painter.boundingRect(QRect(0, y, w, 400), Qt.TextFlag.TextWordWrap, text)
            painter.drawText(box, Qt.TextFlag.TextWordWrap, text)
            y += box.height() + 30
            for view in (self.throughput_view, self.reasons_view, self.scores_view):
                pix = view.grab()
                h = int(w * pix.height() / max(1, pix.width()))
                if y + h > page.height():
                    writer.newPage()
                    y = 0
                painter.drawPixmap(QRect(0, y, w, h), pix)
                y += h + 30
        finally:
            painter.end()

    def wipe(self) -> None:
        self.report = None
        self.summary.setText("")
        self.message.setText("")
        for chart in (self.throughput_chart, self.reasons_chart, self.scores_chart):
            _reset(chart)
        self._enable_export()
