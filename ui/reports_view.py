"""The reports panel: the unit's report for a period, its charts, reminders, export, sending.

The report is built off the GUI thread (`ui.threads.run_task`); the charts are QtCharts
bar charts with their values on the bars. Survey figures per officer are shown to the
unit's leader only. Comments from citizens are shown as plain text. The period is picked
(month, quarter, year, or the statutory report periods with their 15th-to-14th cut-off),
never typed; a typed code still works for a custom range.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.calendar import now_vn
from desk_app.domain import Officer, Role
from desk_app.reports import build_report, periods
from desk_app.reports.errors import ReportError
from desk_app.reports.model import GroupRow, UnitReport, WeekPoint
from desk_app.reports.reminders import Sender, reminders, send_report
from desk_app.reports.xlsx import GROUP_COLUMNS, NAMES_VI, SHARES, SUMMARY_ROWS, export_xlsx
from desk_app.store import Store
from ui.threads import run_task

BLUE, GREEN = QColor("#1f5fa8"), QColor("#2e8b57")


def _fmt(key: str, value: Any) -> str:
    if key in SHARES:
        return "–" if value is None else f"{value * 100:.1f} %"
    return str(value)


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _value_labels(series: QAbstractBarSeries, fmt: str) -> None:
    """The value on each bar, set once the series is in its chart (QtCharts forgets
    label settings made before)."""
    series.setLabelsFormat(fmt)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsVisible(True)
    for bar_set in series.barSets():
        bar_set.setLabelColor(QColor("#1d1d1f"))


class WeeklyChart(QChartView):
    """Received and resolved per week, as grouped bars with their values (QtCharts)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        view_chart = QChart()
        super().__init__(view_chart, parent)
        self.chart_ = view_chart
        view_chart.setTitle("Hồ sơ tiếp nhận và đã giải quyết theo tuần")
        view_chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        view_chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.weeks: list[WeekPoint] = []
        self.setMinimumHeight(260)

    def set_weeks(self, weeks: Sequence[WeekPoint]) -> None:
        self.weeks = list(weeks)
        chart = self.chart_
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        received, resolved = QBarSet("Tiếp nhận"), QBarSet("Đã giải quyết")
        received.setColor(BLUE)
        resolved.setColor(GREEN)
        for w in self.weeks:
            received.append(w.received)
            resolved.append(w.resolved)
        series = QBarSeries()
        series.append(received)
        series.append(resolved)
        chart.addSeries(series)
        _value_labels(series, "@value")
        x = QBarCategoryAxis()
        x.append([f"{w.week_start:%d/%m}" for w in self.weeks] or ["–"])
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        y = QValueAxis()
        top = max((max(w.received, w.resolved) for w in self.weeks), default=0)
        y.setRange(0, max(1, int(top * 1.2) + 1))  # room above for the labels
        y.applyNiceNumbers()  # whole-number ticks (a count of dossiers)
        y.setLabelFormat("%d")
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)


class OnTimeChart(QChartView):
    """The share resolved early or on time, per procedure, as labelled horizontal bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        view_chart = QChart()
        super().__init__(view_chart, parent)
        self.chart_ = view_chart
        view_chart.setTitle("Tỷ lệ giải quyết trước hạn, đúng hạn theo thủ tục")
        view_chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        view_chart.legend().hide()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.rows: list[tuple[str, float]] = []
        self.setMinimumHeight(200)

    def set_rows(self, groups: Sequence[GroupRow]) -> None:
        self.rows = [(g.name or g.key, g.counts.on_time_share or 0.0)
                     for g in groups if g.counts.resolved]
        self.setMinimumHeight(120 + 34 * max(1, len(self.rows)))
        chart = self.chart_
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        shares = QBarSet("Trước hạn, đúng hạn (%)")
        shares.setColor(GREEN)
        for _name, share in self.rows:
            shares.append(round(share * 100, 1))
        series = QHorizontalBarSeries()
        series.append(shares)
        chart.addSeries(series)
        _value_labels(series, "@value %")
        y = QBarCategoryAxis()
        y.append([(n if len(n) <= 48 else n[:47] + "…") for n, _ in self.rows] or ["–"])
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
        x = QValueAxis()
        x.setRange(0, 120)  # 100 % and its label
        x.setTickCount(7)
        x.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)


def _table(headers: Sequence[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: Sequence[Sequence[Any]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if isinstance(value, (int, float)) or (isinstance(value, str) and value[:1].isdigit()
                                                   and c > 0):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


QUICK = (("Tháng", "month"), ("Quý", "quarter"), ("Năm", "year"),
         ("Báo cáo tháng (kỳ 15 – 14)", "report_month"),
         ("Báo cáo năm (kỳ 15/12 – 14/12)", "report_year"))


class ReportsView(QWidget):
    """Build, look at, export and send the unit's report. `built` fires when it is ready."""

    built = Signal(object)
    sent = Signal(bool)

    def __init__(self, store: Store, officer: Officer, send: Sender | None = None,
                 clock: Callable[[], datetime] = now_vn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.officer, self.send, self.clock = store, officer, send, clock
        self.report: UnitReport | None = None
        layout = QVBoxLayout(self)
        self.reminder = _plain()
        self.reminder.setObjectName("reminder")
        self.reminder.setStyleSheet("color: #8a4b00; font-weight: bold;")
        layout.addWidget(self.reminder)

        bar = QHBoxLayout()
        self.quick = QComboBox()
        self.quick.setObjectName("period_kind")
        for text, kind in QUICK:
            self.quick.addItem(text, kind)
        self.which = QComboBox()  # the month or the quarter
        self.which.setObjectName("period_which")
        self.year = QSpinBox()
        self.year.setObjectName("period_year")
        self.year.setRange(2015, 2100)
        self.year.setValue(self.clock().year)
        self.quick.activated.connect(self._quick)
        self.which.activated.connect(lambda _i: self._picked())
        self.year.valueChanged.connect(lambda _v: self._picked())
        self.period = QLineEdit()
        self.period.setObjectName("period")
        self.period.setMaximumWidth(200)
        self.period.setToolTip("Khoảng tùy chọn, ví dụ 2026-11-01..2026-11-15")
        self.period.textChanged.connect(lambda _t: self._describe())
        self.span = _plain()
        self.span.setObjectName("period_span")
        self.build_button = QPushButton("Lập báo cáo")
        self.build_button.setObjectName("build")
        self.build_button.setProperty("primary", True)
        self.build_button.clicked.connect(self.build)
        self.xlsx_button = QPushButton("Xuất XLSX…")
        self.xlsx_button.clicked.connect(lambda: self._ask_path("xlsx"))
        self.pdf_button = QPushButton("Xuất PDF…")
        self.pdf_button.clicked.connect(lambda: self._ask_path("pdf"))
        self.send_button = QPushButton("Gửi lên Cổng")
        self.send_button.setObjectName("send")
        self.send_button.clicked.connect(self.send_to_portal)
        bar.addWidget(QLabel("Kỳ:"))
        for w in (self.quick, self.which, self.year, self.period, self.build_button,
                  self.xlsx_button, self.pdf_button, self.send_button):
            bar.addWidget(w)
        layout.addLayout(bar)
        layout.addWidget(self.span)
        self.status = _plain()
        self.status.setObjectName("status")
        layout.addWidget(self.status)

        self.tabs = QTabWidget()
        self.summary = _table(("Chỉ tiêu", "Số liệu"))
        self.procedures = _table(("Mã thủ tục", "Tên", *(NAMES_VI[c] for c in GROUP_COLUMNS)))
        self.late = _table(("Mã hồ sơ", "Thủ tục", "Hạn giải quyết", "Có kết quả",
                            "Thư xin lỗi"))
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        self.weekly_chart = WeeklyChart()
        self.on_time_chart = OnTimeChart()
        charts_layout.addWidget(self.weekly_chart)
        charts_layout.addWidget(self.on_time_chart)
        survey = QWidget()
        survey_layout = QVBoxLayout(survey)
        self.survey_table = _table(("Tiêu chí", "Số lượt", "Trung bình", "1", "2", "3", "4",
                                    "5"))
        self.officer_table = _table(("Cán bộ", "Tiêu chí", "Số lượt", "Trung bình"))
        self.officer_table.setObjectName("per_officer")
        self.comments = QListWidget()  # items are plain text by nature
        survey_layout.addWidget(self.survey_table)
        survey_layout.addWidget(self.officer_table)
        survey_layout.addWidget(_plain("Ý kiến của người dân:"))
        survey_layout.addWidget(self.comments)
        self.tabs.addTab(self.summary, "Tổng hợp")
        self.tabs.addTab(self.procedures, "Theo thủ tục")
        self.tabs.addTab(charts, "Biểu đồ")
        self.tabs.addTab(self.late, "Hồ sơ trễ hạn")
        self.tabs.addTab(survey, "Khảo sát hài lòng")
        layout.addWidget(self.tabs, 1)
        self._quick(0)
        self.refresh_reminders()
        self._enable()

    @property
    def is_leader(self) -> bool:
        return self.officer.has(Role.LEADER)

    def _enable(self) -> None:
        ready = self.report is not None
        self.xlsx_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)
        self.send_button.setEnabled(ready and self.send is not None)

    def _quick(self, index: int) -> None:
        """A kind of period chosen: the one that holds today, as a start."""
        today = self.clock().date()
        self.quick.setCurrentIndex(index)
        kind = self.quick.itemData(index)
        self.which.blockSignals(True)
        self.year.blockSignals(True)
        self.which.clear()
        if kind in ("month", "report_month"):
            for m in range(1, 13):
                self.which.addItem(f"Tháng {m:02d}", m)
            self.which.setCurrentIndex(today.month - 1)
        elif kind == "quarter":
            for q in range(1, 5):
                self.which.addItem(f"Quý {q}", q)
            self.which.setCurrentIndex((today.month - 1) // 3)
        self.which.setVisible(self.which.count() > 0)
        self.year.setValue(today.year)
        self.which.blockSignals(False)
        self.year.blockSignals(False)
        self._picked()

    def _picked(self) -> None:
        kind = self.quick.currentData()
        n, y = self.which.currentData(), self.year.value()
        code = {
            "month": f"{y}-{n or 1:02d}",
            "quarter": f"{y}-Q{n or 1}",
            "year": str(y),
            "report_month": f"BC-{y}-{n or 1:02d}",
            "report_year": f"BC-{y}",
        }[kind]
        self.period.setText(code)

    def _describe(self) -> None:
        """The days the period covers, and the statutory due date when it has one."""
        try:
            period = periods.parse(self.period.text())
        except ReportError as exc:
            self.span.setText(exc.vi)
            return
        text = f"{period.label}: từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"
        due = period.due_date()
        self.span.setText(text + (f"; hạn gửi báo cáo trước ngày {due:%d/%m/%Y}" if due
                                  else ""))

    def refresh_reminders(self) -> None:
        found = reminders(self.store, self.officer.unit_id, self.clock())
        self.reminder.setText("\n".join(r.message for r in found))
        self.reminder.setVisible(bool(found))

    # --- building ------------------------------------------------------------------

    def build(self) -> None:
        try:
            period = periods.parse(self.period.text())
        except ReportError as exc:
            self.status.setText(exc.vi)
            return
        self.status.setText("Đang lập báo cáo…")
        self.build_button.setEnabled(False)
        store, agency, as_of, leader = (self.store, self.officer.unit_id, self.clock(),
                                        self.is_leader)
        run_task(lambda: build_report(store, agency, period, as_of, leader),
                 self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.build_button.setEnabled(True)
        self.status.setText(getattr(exc, "vi", None) or f"Không lập được báo cáo: {exc}")

    def _show(self, report: UnitReport) -> None:
        self.report = report
        self.build_button.setEnabled(True)
        self.status.setText(f"{report.unit_name} – {report.period_label}")
        t = report.totals
        _fill(self.summary, [(NAMES_VI[k], _fmt(k, t.value(k))) for k in SUMMARY_ROWS])
        _fill(self.procedures, [(g.key, g.name, *(_fmt(c, g.counts.value(c))
                                                  for c in GROUP_COLUMNS))
                                for g in report.by_procedure])
        _fill(self.late, [(x.code, x.procedure_name or x.procedure_code, x.due_at or "",
                           x.finished_at or "Đang giải quyết",
                           "; ".join(f"{a.number}: {a.reason}" for a in x.apologies))
                          for x in report.late])
        self.weekly_chart.set_weeks(report.weekly)
        self.on_time_chart.set_rows(report.by_procedure)
        survey = report.survey or {"criteria": [], "comments": [], "per_officer": None}
        _fill(self.survey_table, [
            (c["name"], c["count"], "–" if c["average"] is None else f"{c['average']:.2f}",
             *(c["distribution"].get(str(s), 0) for s in range(1, 6)))
            for c in survey["criteria"]])
        per = survey.get("per_officer")
        self.officer_table.setVisible(bool(per) and self.is_leader)
        _fill(self.officer_table, [(o, c["name"], c["count"], c["average"])
                                   for o, cs in (per or {}).items() for c in cs if c["count"]]
              if self.is_leader else [])
        self.comments.clear()
        self.comments.addItems(survey["comments"])
        self._enable()
        self.built.emit(report)

    # --- export and sending ------------------------------------------------------------

    def _ask_path(self, kind: str) -> None:
        if self.report is None:
            return
        name = f"bao-cao-{self.report.period_code}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, "Lưu báo cáo", name,
                                              f"{kind.upper()} (*.{kind})")
        if path:
            (self.export_xlsx if kind == "xlsx" else self.export_pdf)(Path(path))

    def export_xlsx(self, path: Path) -> None:
        assert self.report is not None
        export_xlsx(self.report, path)
        self.status.setText(f"Đã lưu báo cáo: {path.name}")

    def export_pdf(self, path: Path) -> None:
        from printing.report_pdf import render_report_pdf

        assert self.report is not None
        unit = self.store.get_unit(self.report.agency_id)
        path.write_bytes(render_report_pdf(self.report,
                                           parent_name=unit.parent_name if unit else ""))
        self.status.setText(f"Đã lưu báo cáo: {path.name}")

    def send_to_portal(self) -> None:
        if self.report is None or self.send is None:
            return
        report, store, send, clock = self.report, self.store, self.send, self.clock
        self.send_button.setEnabled(False)
        self.status.setText("Đang gửi báo cáo lên Cổng dịch vụ công…")
        run_task(lambda: send_report(store, report, send, clock), self._sent, self._failed_send)

    def _sent(self, ok: bool) -> None:
        self._enable()
        self.status.setText("Đã gửi báo cáo lên Cổng dịch vụ công." if ok else
                            "Chưa gửi được (mất kết nối); báo cáo đã được lưu và sẽ gửi lại "
                            "khi đồng bộ.")
        self.refresh_reminders()
        self.sent.emit(ok)

    def _failed_send(self, exc: BaseException) -> None:
        self._enable()
        self.status.setText(getattr(exc, "vi", None) or f"Không gửi được báo cáo: {exc}")
        self.sent.emit(False)
