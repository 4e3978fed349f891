"""Work-list models over the local store: rows kept in deadline order, updated in place.

A sync hands the model a fresh list of summaries; the model removes, updates and
inserts only the rows that changed, so the view keeps its selection and scroll
position (Qt moves persistent indexes along with the rows).
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desk_app.calendar import now_vn
from desk_app.domain import (
    CHANNEL_NAMES_VI,
    STATUS_NAMES_VI,
    STEP_NAMES_VI,
    Status,
)
from desk_app.store import DossierSummary
from desk_app.textfmt import short_datetime

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
DEADLINE_ROLE = Qt.ItemDataRole.UserRole + 2


class Urgency(enum.StrEnum):
    NONE = "none"  # no running clock
    ON_TIME = "on_time"  # trong hạn
    DAY = "day"  # đến hạn trong ngày
    HOUR = "hour"  # đến hạn trong vòng một giờ
    LATE = "late"  # quá hạn


URGENCY_NAMES_VI = {
    Urgency.NONE: "",
    Urgency.ON_TIME: "Trong hạn",
    Urgency.DAY: "Đến hạn trong ngày",
    Urgency.HOUR: "Đến hạn trong 1 giờ",
    Urgency.LATE: "Quá hạn",
}

URGENCY_COLOURS = {
    Urgency.ON_TIME: QColor("#e3f4e1"),
    Urgency.DAY: QColor("#fff3c4"),
    Urgency.HOUR: QColor("#ffd8a8"),
    Urgency.LATE: QColor("#f8c9c9"),
}

_RUNNING = {Status.SUBMITTED, Status.RECEIVED, Status.IN_PROCESS, Status.DONE}


def deadline_of(s: Any) -> datetime | None:
    """The clock that matters now: receipt (Art. 12.1.a) before receipt, else the due date."""
    if s.status is Status.SUBMITTED:
        return s.receipt_due_at or s.due_at
    if s.status in _RUNNING:
        return s.due_at
    return None


def urgency(deadline: datetime | None, now: datetime) -> Urgency:
    if deadline is None:
        return Urgency.NONE
    if now > deadline:
        return Urgency.LATE
    if deadline - now <= timedelta(hours=1):
        return Urgency.HOUR
    if deadline.date() == now.date():
        return Urgency.DAY
    return Urgency.ON_TIME


def remaining_vi(deadline: datetime | None, now: datetime) -> str:
    if deadline is None:
        return ""
    delta = deadline - now
    late = delta.total_seconds() < 0
    minutes = int(abs(delta.total_seconds()) // 60)
    if minutes < 60:
        text = f"{minutes} phút"
    elif minutes < 24 * 60:
        text = f"{minutes // 60} giờ {minutes % 60:02d} phút"
    else:
        text = f"{minutes // (24 * 60)} ngày"
    return f"Quá {text}" if late else f"Còn {text}"


def status_vi(s: Any) -> str:
    if s.step is not None:
        return STEP_NAMES_VI[s.step]
    return STATUS_NAMES_VI[s.status] if s.status else ""


_FAR = datetime.max.replace(tzinfo=now_vn().tzinfo) - timedelta(days=2)


def sort_key(s: DossierSummary) -> tuple[datetime, str]:
    return (deadline_of(s) or _FAR, s.code)


class DossierListModel(QAbstractTableModel):
    HEADERS = ("Mã hồ sơ", "Người nộp", "Thủ tục", "Hạn", "Còn lại", "Trạng thái",
               "Hình thức")
    REMAINING = 4

    def __init__(self, procedure_names: Callable[[], Mapping[str, str]] | None = None,
                 clock: Callable[[], datetime] = now_vn) -> None:
        super().__init__()
        self._rows: list[DossierSummary] = []
        self._keys: list[tuple[datetime, str]] = []
        self._text: list[tuple[str, ...]] = []
        self._names = procedure_names or (lambda: {})
        self.clock = clock
        self._now = clock()

    # --- reading ------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("DossierListModel", self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        s = self._rows[row]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.REMAINING:
                return remaining_vi(deadline_of(s), self._now)
            return self._text[row][col]
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = URGENCY_COLOURS.get(urgency(deadline_of(s), self._now))
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.REMAINING:
                return URGENCY_NAMES_VI[urgency(deadline_of(s), self._now)]
            text = self._text[row]
            return f"{text[col]}\n{text[5]} · {text[6]}" if col < len(text) else None
        if role == CODE_ROLE:
            return s.code
        if role == DEADLINE_ROLE:
            return deadline_of(s)
        return None

    def summary(self, row: int) -> DossierSummary:
        return self._rows[row]

    def codes(self) -> list[str]:
        return [s.code for s in self._rows]

    def row_of(self, code: str) -> int:
        for i, s in enumerate(self._rows):
            if s.code == code:
                return i
        return -1

    def counts(self) -> dict[Urgency, int]:
        result = dict.fromkeys(Urgency, 0)
        for s in self._rows:
            result[urgency(deadline_of(s), self._now)] += 1
        return result

    def _texts(self, s: DossierSummary) -> tuple[str, ...]:
        deadline = deadline_of(s)
        return (s.code, s.applicant_name, self._names().get(s.procedure_code, s.procedure_code),
                short_datetime(deadline) if deadline else "", "", status_vi(s),
                CHANNEL_NAMES_VI[s.channel])

    # --- updating in place ----------------------------------------------------------

    def set_rows(self, summaries: Sequence[DossierSummary]) -> None:
        self._now = self.clock()
        new = {s.code: s for s in summaries}
        if not self._rows:
            ordered = sorted(summaries, key=sort_key)
            if ordered:
                self.beginInsertRows(QModelIndex(), 0, len(ordered) - 1)
                self._rows = ordered
                self._keys = [sort_key(s) for s in ordered]
                self._text = [self._texts(s) for s in ordered]
                self.endInsertRows()
            return
        # 1. remove what left the list or moved in the deadline order (bottom up)
        for i in range(len(self._rows) - 1, -1, -1):
            old = self._rows[i]
            fresh = new.get(old.code)
            if fresh is None or sort_key(fresh) != self._keys[i]:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i], self._keys[i], self._text[i]
                self.endRemoveRows()
        # 2. refresh rows that stayed where they were
        present = set()
        for i, old in enumerate(self._rows):
            fresh = new[old.code]
            present.add(old.code)
            if fresh != old:
                self._rows[i] = fresh
                self._text[i] = self._texts(fresh)
                self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
        # 3. insert the new ones at their place
        for s in sorted((s for s in summaries if s.code not in present), key=sort_key):
            key = sort_key(s)
            at = bisect.bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, s)
            self._keys.insert(at, key)
            self._text.insert(at, self._texts(s))
            self.endInsertRows()

    def tick(self) -> None:
        """The clocks moved on: repaint the time left and the colours."""
        self._now = self.clock()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, self.columnCount() - 1))
