"""A work list: a table of dossiers with counts and deadline colours."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from desk_app.calendar import WorkCalendar, now_vn
from desk_app.domain import Status, Step
from desk_app.store import DossierSummary, Store
from ui.models import CODE_ROLE, DossierListModel, Urgency


@dataclass(frozen=True)
class ListSpec:
    """One work list of a workspace: its title and the query that fills it."""

    key: str
    title: str
    statuses: tuple[Status, ...] = ()
    step: Step | None = None
    mine: bool = False  # only dossiers assigned to the officer
    multi: bool = False  # allow selecting many (batch signing, batch hand-over)
    extra: dict[str, str] = field(default_factory=dict)

    def query(self, store: Store, agency_id: str, username: str) -> list[DossierSummary]:
        # by the unit holding the dossier now (liên thông: a department works on what a
        # centre received; the centre no longer lists what it handed on)
        return store.dossier_summaries(None, self.statuses, self.step,
                                       username if self.mine else None,
                                       holder_id=agency_id or None)


class WorkList(QWidget):
    opened = Signal(str)  # a dossier code, when the officer selects a row

    def __init__(self, spec: ListSpec, names: Callable[[], dict[str, str]],
                 parent: QWidget | None = None, calendar: WorkCalendar | None = None,
                 clock: Callable[[], datetime] = now_vn) -> None:
        super().__init__(parent)
        self.spec = spec
        self._updating = False
        self.model = DossierListModel(names, clock=clock, calendar=calendar)
        self.view = QTableView()
        self.view.setObjectName(f"list_{spec.key}")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection if spec.multi
            else QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # Widths from the font actually used, so codes and dates are never cut off.
        fm = self.view.fontMetrics()
        pad = 18
        samples = {0: "000.00.22.H57-261129-0000", 1: "Nguyễn Thị Hoài Thương",
                   3: "29/11/2026 16:10", 4: "Còn 23 ngày làm việc"}
        for col, sample in samples.items():
            icon = 16 + 14 if col == 0 else 0  # the urgency mark and its margin
            self.view.setColumnWidth(col, fm.horizontalAdvance(sample) + pad + icon)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        # The tab says the status; the channel is in the dossier view and the tooltip; the
        # deadline itself is in the time-left column's tooltip and the dossier view, so
        # the procedure's name gets the room.
        self.view.setColumnHidden(3, True)
        self.view.setColumnHidden(5, True)
        self.view.setColumnHidden(6, True)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.activated.connect(lambda idx: self.opened.emit(idx.data(CODE_ROLE)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def _current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        # a row leaving the list moves Qt's current row to a neighbour: that is not the
        # officer choosing another dossier, so the open one stays
        if current.isValid() and not self._updating:
            self.opened.emit(current.data(CODE_ROLE))

    def set_rows(self, rows: Sequence[DossierSummary]) -> None:
        self._updating = True
        try:
            self.model.set_rows(rows)
        finally:
            self._updating = False

    def count(self) -> int:
        return self.model.rowCount()

    def title(self) -> str:
        return f"{QCoreApplication.translate('WorkList', self.spec.title)} ({self.count()})"

    def urgency_text(self) -> str:
        counts = self.model.counts()
        parts = []
        for level, text in ((Urgency.LATE, "quá hạn"), (Urgency.SOON, "còn dưới 15 phút"),
                            (Urgency.HOUR, "còn dưới 60 phút")):
            if counts[level]:
                parts.append(f"{counts[level]} {text}")
        if self.model.incomplete:
            parts.append(f"{len(self.model.incomplete)} thiếu giấy tờ")
        return " · ".join(parts)

    def selected_codes(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.summary(r).code for r in rows]

    def select_code(self, code: str) -> bool:
        row = self.model.row_of(code)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def select_codes(self, codes: Sequence[str]) -> int:
        """Select many (batch signing, batch hand-over); returns how many were found."""
        sm = self.view.selectionModel()
        sm.clearSelection()
        found = 0
        for code in codes:
            row = self.model.row_of(code)
            if row >= 0:
                found += 1
                sm.select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                          | QItemSelectionModel.SelectionFlag.Rows)
        return found

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            idx = self.view.currentIndex()
            if idx.isValid():
                self.opened.emit(idx.data(CODE_ROLE))
                return
        super().keyPressEvent(event)
