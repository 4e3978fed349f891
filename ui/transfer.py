"""Liên thông from the desk (issue 12, App. step 5): hand a dossier to another unit.

The picker is keyboard-first: type part of the unit's name without tone marks ("so tu
phap") or its agency code, move with the arrows, Enter chooses. The chosen unit's level
and, for a linked procedure, its own time budget are shown before anything is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QListWidget, QListWidgetItem, QWidget

from desk_app.domain import UNIT_LEVEL_NAMES_VI, Dossier, Procedure, Unit
from desk_app.linked import budget_of
from desk_app.textfmt import fold
from ui.forms import ActionDialog
from ui.widgets import plain_label


def all_units(store: Any) -> list[Unit]:
    """Every unit the desk knows (from the portal's feed), by name."""
    return sorted(store.units(), key=lambda u: fold(u.name))


def matches(unit: Unit, text: str) -> bool:
    """Every word typed is in the name (tone marks ignored) or the agency code."""
    words = fold(text).split()
    hay = f"{fold(unit.name)} {unit.agency_id.lower()}"
    return all(w in hay for w in words)


def part_budget_vi(procedure: Procedure | None, d: Dossier, agency_id: str) -> str:
    """The chosen unit's own budget in a linked procedure, in words ("" if none)."""
    if procedure is None or not procedure.parts:
        return ""
    done = sum(1 for p in d.parts if p.finished_at)
    part = budget_of(procedure, agency_id, done)
    if part is None:
        return "Đơn vị này không có phần việc trong quy trình liên thông của thủ tục"
    task = f"{part.task}: " if part.task else ""
    return f"{task}{part.budget.describe_vi()}"


def next_part_unit(procedure: Procedure | None, d: Dossier) -> str:
    """The unit of the linked procedure's next part not yet started ("" if none)."""
    if procedure is None:
        return ""
    started = {p.agency_id for p in d.parts} | {d.holder}
    return next((p.agency_id for p in procedure.parts if p.agency_id not in started), "")


class TransferDialog(ActionDialog):
    """Choose the unit (search without tone marks or by code) and write a note."""

    def __init__(self, d: Dossier, units: Sequence[Unit], procedure: Procedure | None,
                 own_agency: str, parent: QWidget | None = None) -> None:
        super().__init__("Chuyển đơn vị khác (liên thông)",
                         f"Chuyển hồ sơ {d.code} — {d.applicant.name} cho đơn vị:", parent,
                         reason_label="Ghi chú")
        self.setObjectName("transfer_dialog")
        self.setMinimumWidth(560)
        self.dossier = d
        self.procedure = procedure
        # the unit holding it now cannot be chosen (the portal refuses it too)
        self.units = [u for u in units if u.agency_id not in (d.holder, own_agency)]
        self.search = QLineEdit()
        self.search.setObjectName("unit_search")
        self.search.setPlaceholderText("Gõ tên đơn vị (không cần dấu) hoặc mã đơn vị")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("unit_list")
        self.list.setMinimumHeight(180)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setWordWrap(True)
        self.level = plain_label()
        self.level.setObjectName("unit_level")
        self.budget = plain_label()
        self.budget.setObjectName("unit_budget")
        self.form.insertRow(0, "Tìm đơn vị", self.search)
        self.form.insertRow(1, "", self.list)
        self.form.insertRow(2, "Cấp", self.level)
        self.form.insertRow(3, "Thời hạn phần việc", self.budget)
        self.search.textChanged.connect(self._filter)
        self.list.currentRowChanged.connect(lambda _r: self._show_chosen())
        self.list.itemActivated.connect(lambda _i: self.reason.setFocus() if self.reason
                                        else None)
        self.search.installEventFilter(self)
        self.hint = plain_label("Gõ tên, ↑↓ để chọn, Enter để ghi chú; Ctrl+Enter để chuyển",
                                selectable=False)
        self.hint.setStyleSheet("color: #5f6368")
        self.layout_.insertWidget(self.layout_.count() - 2, self.hint)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Chuyển hồ sơ")
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.ok)
        self._filter("")
        self.suggested = next_part_unit(procedure, d)
        if self.suggested:  # a linked procedure: its route names the next unit
            self.select(self.suggested)
        self.search.setFocus()

    # --- the picker -----------------------------------------------------------------

    def _filter(self, text: str) -> None:
        self.list.clear()
        for u in self.units:
            if matches(u, text):
                item = QListWidgetItem(f"{u.name} ({u.agency_id})")
                item.setData(Qt.ItemDataRole.UserRole, u.agency_id)
                item.setToolTip(UNIT_LEVEL_NAMES_VI[u.unit_level])
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._show_chosen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrows in the search box move in the list; Enter chooses and goes to the note."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.chosen() is not None and self.reason is not None:
                    self.reason.setFocus()
                return True  # never closes the dialog before a unit is confirmed
        return super().eventFilter(watched, event)

    def select(self, agency_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == agency_id:
                self.list.setCurrentRow(row)
                return

    def chosen(self) -> Unit | None:
        item = self.list.currentItem()
        if item is None:
            return None
        code = item.data(Qt.ItemDataRole.UserRole)
        return next((u for u in self.units if u.agency_id == code), None)

    def _show_chosen(self) -> None:
        u = self.chosen()
        if u is None:
            self.level.setText("")
            self.budget.setText("")
            return
        self.level.setText(UNIT_LEVEL_NAMES_VI[u.unit_level])
        self.budget.setText(part_budget_vi(self.procedure, self.dossier, u.agency_id)
                            or "Theo thời hạn chung của hồ sơ")

    def to_agency(self) -> str:
        u = self.chosen()
        return u.agency_id if u else ""

    def problem(self) -> str:
        if self.chosen() is None:
            return ("Chưa chọn đơn vị nhận: gõ tên hoặc mã đơn vị rồi chọn trong danh sách"
                    if self.list.count() or not self.search.text().strip()
                    else "Không tìm thấy đơn vị phù hợp")
        return ""


def read_only_banner(d: Dossier, own_agency: str, unit_name: Any) -> str:
    """'Hồ sơ đang do … xử lý — chỉ xem' when this unit no longer holds the dossier."""
    if not own_agency or d.holder == own_agency:
        return ""
    return f"Hồ sơ đang do {unit_name(d.holder)} xử lý — chỉ xem"
