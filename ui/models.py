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
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from desk_app.calendar import WorkCalendar, now_vn
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
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 3


class Urgency(enum.StrEnum):
    """Tiers of the clock that matters now, in working time (Art. 12.1.a: 60 minutes)."""

    NONE = "none"  # no running clock
    LATER = "later"  # còn từ 60 phút làm việc trở lên
    HOUR = "hour"  # còn dưới 60 phút làm việc
    SOON = "soon"  # còn dưới 15 phút làm việc
    LATE = "late"  # quá hạn


URGENCY_NAMES_VI = {
    Urgency.NONE: "",
    Urgency.LATER: "Trong hạn",
    Urgency.HOUR: "Còn dưới 60 phút",
    Urgency.SOON: "Còn dưới 15 phút",
    Urgency.LATE: "Quá hạn",
}

URGENCY_COLOURS = {
    Urgency.LATER: QColor("#e3f4e1"),
    Urgency.HOUR: QColor("#fff3c4"),
    Urgency.SOON: QColor("#ffc58a"),
    Urgency.LATE: QColor("#f8c9c9"),
}
# The mark's own colour, strong enough to read on the selection highlight too.
URGENCY_MARKS = {
    Urgency.LATER: ("#2e7d32", ""),
    Urgency.HOUR: ("#b26a00", "!"),
    Urgency.SOON: ("#d84315", "!!"),
    Urgency.LATE: ("#b3261e", "✕"),
}

_RUNNING = {Status.SUBMITTED, Status.RECEIVED, Status.IN_PROCESS, Status.DONE}
_WORK_SCAN = timedelta(days=45)  # beyond this, wall-clock days are precise enough


def deadline_of(s: Any) -> datetime | None:
    """The clock that matters now: receipt (Art. 12.1.a) before receipt, else the
    appointment in force (a list row carries it already; a dossier after an apology
    letter: its new date), so the list and the open dossier say the same."""
    due = getattr(s, "effective_due_at", s.due_at)
    if s.status is Status.SUBMITTED:
        return s.receipt_due_at or due
    if s.status in _RUNNING:
        return due
    return None


# What a deadline passed outside working hours is late by, until the next session starts:
# no working minute has gone by since, but it is late all the same.
LATE_AFTER_HOURS = timedelta(seconds=-1)


def working_left(deadline: datetime, now: datetime,
                 calendar: WorkCalendar | None) -> timedelta:
    """Working time from `now` to `deadline`, negative whenever the deadline has passed.
    Only time inside the unit's sessions counts: 10 minutes before the lunch break and 10
    after are 20; a deadline at 17:30 of a unit that closes at 17:00 is late at 17:40."""
    if calendar is None or abs(deadline - now) > _WORK_SCAN:
        return deadline - now
    left = calendar.working_time_between(now, deadline)
    if now > deadline and left >= timedelta(0):
        return LATE_AFTER_HOURS
    return left


def tier(left: timedelta | None) -> Urgency:
    if left is None:
        return Urgency.NONE
    if left < timedelta(0):
        return Urgency.LATE
    if left < timedelta(minutes=15):
        return Urgency.SOON
    if left < timedelta(minutes=60):
        return Urgency.HOUR
    return Urgency.LATER


def urgency(deadline: datetime | None, now: datetime,
            calendar: WorkCalendar | None = None) -> Urgency:
    if deadline is None:
        return Urgency.NONE
    if now > deadline:
        return Urgency.LATE
    return tier(working_left(deadline, now, calendar))


def left_vi(left: timedelta | None, working: bool = True,
            working_day: timedelta | None = None) -> str:
    """'Còn 8 phút', 'Còn 2 giờ 05 phút', 'Còn 3 ngày làm việc', 'Quá 12 phút'.

    A working day is the unit's daily session total (`WorkCalendar.working_day`), as the
    deadlines count it; 8 hours when the calendar is not known."""
    if left is None:
        return ""
    late = left.total_seconds() < 0
    minutes = int(abs(left.total_seconds()) // 60)
    if late and minutes == 0:
        return "Đã quá hạn"  # passed after hours, or under a minute ago
    work_day = int((working_day or timedelta(hours=8)).total_seconds() // 60)
    day = work_day if working else 24 * 60
    if minutes < 60:
        text = f"{minutes} phút"
    elif minutes < day:
        text = f"{minutes // 60} giờ {minutes % 60:02d} phút"
    else:
        text = f"{minutes // day} ngày" + (" làm việc" if working else "")
    return f"Quá {text}" if late else f"Còn {text}"


def remaining_vi(deadline: datetime | None, now: datetime,
                 calendar: WorkCalendar | None = None) -> str:
    if deadline is None:
        return ""
    if calendar is None or abs(deadline - now) > _WORK_SCAN:
        return left_vi(deadline - now, working=False)
    return left_vi(working_left(deadline, now, calendar), working_day=calendar.working_day)


def mark_icon(level: Urgency, size: int = 16) -> QIcon:
    """A round mark with a sign, drawn once per tier: colour is not the only cue."""
    cached = _ICONS.get((level, size))
    if cached is not None:
        return cached
    colour, sign = URGENCY_MARKS.get(level, ("", ""))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    if colour:
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor("white"))
        painter.setBrush(QColor(colour))
        painter.drawEllipse(1, 1, size - 2, size - 2)
        if sign:
            font = painter.font()
            font.setBold(True)
            font.setPixelSize(int(size * 0.62))
            painter.setFont(font)
            painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, sign)
        painter.end()
    icon = QIcon(pixmap)
    # the same colours on the selected row (Qt would tint the mark with the highlight)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    icon.addPixmap(pixmap, QIcon.Mode.Active)
    _ICONS[(level, size)] = icon
    return icon


_ICONS: dict[tuple[Urgency, int], QIcon] = {}


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
                 clock: Callable[[], datetime] = now_vn,
                 calendar: WorkCalendar | None = None) -> None:
        super().__init__()
        self.calendar = calendar
        self._left: dict[str, timedelta | None] = {}  # working time left, per tick
        self._tiers: tuple[datetime, datetime] | None = None
        self.incomplete: set[str] = set()  # codes missing a required component
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
                left = self.left(s)
                return left_vi(left, working=self.calendar is not None and left is not None
                               and abs(left) <= _WORK_SCAN,
                               working_day=self.calendar.working_day if self.calendar else None)
            if col == 2 and s.code in self.incomplete:
                return f"⚠ Thiếu giấy tờ · {self._text[row][2]}"
            return self._text[row][col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            # a mark, not only a colour: it stays visible on the selected row
            return mark_icon(self.level(s)) if self.level(s) is not Urgency.NONE else None
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = URGENCY_COLOURS.get(self.level(s))
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and s.code in self.incomplete:
            return QBrush(QColor("#8c1d18"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (0, self.REMAINING):
                extra = "\nHồ sơ chưa đủ thành phần bắt buộc" if s.code in self.incomplete \
                    else ""
                due = self._text[row][3]
                return (f"{URGENCY_NAMES_VI[self.level(s)]} (tính theo giờ làm việc)"
                        + (f"\nHạn: {due}" if due else "") + extra)
            text = self._text[row]
            return f"{text[col]}\n{text[5]} · {text[6]}" if col < len(text) else None
        if role == URGENCY_ROLE:
            return self.level(s)
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

    def left(self, s: DossierSummary) -> timedelta | None:
        """Working time left on the clock that matters now (cached until the next tick)."""
        if s.code not in self._left:
            deadline = deadline_of(s)
            self._left[s.code] = None if deadline is None else working_left(
                deadline, self._now, self.calendar)
        return self._left[s.code]

    def level(self, s: DossierSummary) -> Urgency:
        deadline = deadline_of(s)
        if deadline is None:
            return Urgency.NONE
        if deadline < self._now:
            return Urgency.LATE
        soon, hour = self._bounds()
        if deadline < soon:
            return Urgency.SOON
        return Urgency.HOUR if deadline < hour else Urgency.LATER

    def _bounds(self) -> tuple[datetime, datetime]:
        """The moments 15 and 60 working minutes from now: a deadline before them is in
        that tier (one calendar walk per tick, not one per row)."""
        if self._tiers is None:
            cal, now = self.calendar, self._now
            self._tiers = ((cal.add_working_time(now, timedelta(minutes=15)),
                            cal.add_working_time(now, timedelta(minutes=60))) if cal else
                           (now + timedelta(minutes=15), now + timedelta(minutes=60)))
        return self._tiers

    def counts(self) -> dict[Urgency, int]:
        result = dict.fromkeys(Urgency, 0)
        for s in self._rows:
            result[self.level(s)] += 1
        return result

    def set_incomplete(self, codes: set[str]) -> None:
        if codes != self.incomplete:
            self.incomplete = codes
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def _texts(self, s: DossierSummary) -> tuple[str, ...]:
        deadline = deadline_of(s)
        return (s.code, s.applicant_name, self._names().get(s.procedure_code, s.procedure_code),
                short_datetime(deadline) if deadline else "", "", status_vi(s),
                CHANNEL_NAMES_VI[s.channel])

    # --- updating in place ----------------------------------------------------------

    def set_rows(self, summaries: Sequence[DossierSummary]) -> None:
        self._now = self.clock()
        self._left, self._tiers = {}, None
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
        self._left, self._tiers = {}, None
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, self.columnCount() - 1))
