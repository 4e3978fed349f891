"""The dossier's parts (liên thông, issue 12): each unit that held it, its task, when it
took it, its own budget's due time, when it handed it on and whether it kept that budget.
A late dossier is attributed to the part that overran (form 06 of 2025): that row is
marked so nobody blames the wrong unit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import TIMELINESS_NAMES_VI, Dossier, Timeliness
from desk_app.linked import late_part
from desk_app.textfmt import short_datetime
from ui.widgets import plain_label

# Four columns fit the dossier pane (about 470 px at 1366×768): the unit with its task
# below it, when it took and handed on the dossier, its own due time, the verdict.
PART_HEADERS = ("Đơn vị, phần việc", "Nhận – chuyển đi", "Hạn phần việc", "Tiến độ")
LATE_BG = QColor("#fde7e9")
LATE_FG = QColor("#8c1d18")


def _dt(value: datetime | None) -> str:
    return short_datetime(value) if value else ""


def part_rows(d: Dossier, unit_name: Callable[[str], str],
              now: datetime | None = None) -> list[tuple[str, ...]]:
    """One row per part, as shown; an open part past its due time already reads late."""
    rows = []
    for p in d.parts:
        if p.timeliness is not None:
            judged = TIMELINESS_NAMES_VI[p.timeliness]
        elif p.finished_at is None:
            overdue = now is not None and p.due_at is not None and now > p.due_at
            judged = "Đang xử lý, quá hạn" if overdue else "Đang xử lý"
        else:
            judged = ""
        unit = unit_name(p.agency_id) + (f"\n{p.task}" if p.task else "")
        span = _dt(p.started_at) + (f"\n{_dt(p.finished_at)}" if p.finished_at else "\n…")
        rows.append((unit, span, _dt(p.due_at), judged))
    return rows


class PartsView(QWidget):
    """A read-only table of the dossier's parts with the late one marked."""

    def __init__(self, unit_name: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit_name = unit_name
        self.note = plain_label()
        self.note.setObjectName("parts_note")
        self.table = QTableWidget(0, len(PART_HEADERS))
        self.table.setObjectName("parts")
        self.table.setHorizontalHeaderLabels(PART_HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def show_dossier(self, d: Dossier | None, now: datetime | None = None) -> None:
        rows = part_rows(d, self.unit_name, now) if d is not None else []
        self.table.setRowCount(len(rows))
        late = late_part(d) if d is not None else None
        late_row = d.parts.index(late) if d is not None and late is not None else -1
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                # QTableWidgetItem shows plain text: unit names and tasks stay text
                item = QTableWidgetItem(value)
                if r == late_row:
                    item.setBackground(QBrush(LATE_BG))
                    item.setForeground(QBrush(LATE_FG))
                    item.setToolTip("Phần việc làm hồ sơ bị quá hạn")
                if c == 3 and value.endswith("quá hạn"):
                    item.setForeground(QBrush(LATE_FG))
                self.table.setItem(r, c, item)
        self._fit()
        self.table.setCurrentCell(-1, -1)
        if d is None or not d.parts:
            self.note.setText("Hồ sơ chưa chuyển qua đơn vị khác")
        elif late is not None:
            self.note.setText(f"⚠ Hồ sơ quá hạn ở phần việc của {self.unit_name(late.agency_id)}"
                              + (f" ({late.task})" if late.task else ""))
        else:
            self.note.setText("Các đơn vị đã và đang xử lý hồ sơ, mỗi đơn vị theo thời hạn "
                              "phần việc của mình")
        self.note.setStyleSheet(
            "background: #fde7e9; color: #8c1d18; padding: 6px; border-radius: 4px"
            if late is not None else "color: #444")

    def _fit(self) -> None:
        """Dates at their width, the verdict in two lines at most, the unit the rest."""
        fm = self.table.fontMetrics()
        pad = 16
        date = fm.horizontalAdvance("00/00/0000 00:00") + pad
        self.table.setColumnWidth(1, max(date, fm.horizontalAdvance(PART_HEADERS[1]) + 2 * pad))
        self.table.setColumnWidth(2, date)
        self.table.setColumnWidth(3, fm.horizontalAdvance("Đang xử lý,") + pad)
        self.table.resizeRowsToContents()

    def timeliness_texts(self) -> list[str]:
        col = PART_HEADERS.index("Tiến độ")
        return [self.table.item(r, col).text() for r in range(self.table.rowCount())]


__all__ = ["PART_HEADERS", "PartsView", "Timeliness", "part_rows"]
