"""The reports panel: the unit's report for a period, its charts, reminders, export, sending.

The report is built off the GUI thread (`ui.threads.run_task`); the charts are drawn
with QPainter. Survey figures per officer are shown to the unit's leader only.
Comments from citizens are shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
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


class WeeklyChart(QWidget):
    """Received (blue) and resolved (green) per week, as grouped bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: list[WeekPoint] = []
        self.setMinimumHeight(220)

    def set_weeks(self, weeks: Sequence[WeekPoint]) -> None:
        self.weeks = list(weeks)
        self.update()

    def paintEvent(self, _event: Any) -> None:  # Qt names it
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(40, 24, -10, -30)
        p.drawText(8, 16, "Tiếp nhận (xanh lam) và đã giải quyết (xanh lá) theo tuần")
        p.setPen(QPen(QColor("#777")))
        p.drawLine(rect.bottomLeft(), rect.bottomRight())
        if not self.weeks:
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Không có số liệu")
            return
        top = max(max(w.received, w.resolved) for w in self.weeks) or 1
        slot = rect.width() / len(self.weeks)
        bar = max(1.0, slot * 0.38)
        p.drawText(4, int(rect.top()) + 10, str(top))
        for i, w in enumerate(self.weeks):
            x = rect.left() + i * slot + slot * 0.1
            for j, (value, colour) in enumerate(((w.received, BLUE), (w.resolved, GREEN))):
                h = rect.height() * value / top
                p.fillRect(QRectF(x + j * bar, rect.bottom() - h, bar, h), colour)
            if len(self.weeks) <= 16 or i % 4 == 0:
                p.drawText(QRectF(x - 6, rect.bottom() + 2, slot + 12, 20),
                           Qt.AlignmentFlag.AlignHCenter, f"{w.week_start:%d/%m}")


class OnTimeChart(QWidget):
    """The share resolved early or on time, per procedure, as horizontal bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, float]] = []
        self.setMinimumHeight(160)

    def set_rows(self, groups: Sequence[GroupRow]) -> None:
        self.rows = [(g.name or g.key, g.counts.on_time_share or 0.0)
                     for g in groups if g.counts.resolved]
        self.setMinimumHeight(40 + 26 * max(1, len(self.rows)))
        self.update()

    def paintEvent(self, _event: Any) -> None:  # Qt names it
        p = QPainter(self)
        p.drawText(8, 16, "Tỷ lệ giải quyết trước hạn, đúng hạn theo thủ tục")
        if not self.rows:
            p.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "Không có số liệu")
            return
        label_w = min(260, self.width() // 3)
        full = self.width() - label_w - 70
        for i, (name, share) in enumerate(self.rows):
            y = 30 + i * 26
            p.drawText(QRectF(6, y, label_w - 10, 22),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                       p.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight,
                                                  label_w - 10))
            p.fillRect(QRectF(label_w, y + 3, full * share, 16), GREEN)
            p.drawText(int(label_w + full * share + 6), y + 16, f"{share * 100:.0f} %")


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


QUICK = (("Tháng này", "month"), ("Quý này", "quarter"), ("Năm nay", "year"),
         ("Báo cáo tháng (hạn 22)", "report_month"), ("Báo cáo năm (hạn 01/12)", "report_year"))


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
        for text, kind in QUICK:
            self.quick.addItem(text, kind)
        self.quick.activated.connect(self._quick)
        self.period = QLineEdit()
        self.period.setObjectName("period")
        self.period.setPlaceholderText("2026-11, 2026-Q4, 2026, BC-2026-11, 2026-11-01..2026-11-15")
        self.build_button = QPushButton("Lập báo cáo")
        self.build_button.setObjectName("build")
        self.build_button.clicked.connect(self.build)
        self.xlsx_button = QPushButton("Xuất XLSX…")
        self.xlsx_button.clicked.connect(lambda: self._ask_path("xlsx"))
        self.pdf_button = QPushButton("Xuất PDF…")
        self.pdf_button.clicked.connect(lambda: self._ask_path("pdf"))
        self.send_button = QPushButton("Gửi lên Cổng")
        self.send_button.setObjectName("send")
        self.send_button.clicked.connect(self.send_to_portal)
        for w in (self.quick, self.period, self.build_button, self.xlsx_button,
                  self.pdf_button, self.send_button):
            bar.addWidget(w)
        layout.addLayout(bar)
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
        today = self.clock().date()
        kind = self.quick.itemData(index)
        code = {
            "month": f"{today:%Y-%m}",
            "quarter": f"{today.year}-Q{(today.month - 1) // 3 + 1}",
            "year": str(today.year),
            "report_month": f"BC-{today:%Y-%m}",
            "report_year": f"BC-{today.year}",
        }[kind]
        self.period.setText(code)

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
        self.status.setText(f"Đã lưu {path}")

    def export_pdf(self, path: Path) -> None:
        from printing.report_pdf import render_report_pdf

        assert self.report is not None
        unit = self.store.get_unit(self.report.agency_id)
        path.write_bytes(render_report_pdf(self.report,
                                           parent_name=unit.parent_name if unit else ""))
        self.status.setText(f"Đã lưu {path}")

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
