"""The access log on screen: the unit's leader sees who opened which dossier, and when.

`note_opened` is what the dossier view calls each time it shows a dossier; the
dialog reads through `desk_app.access_log`, which refuses anyone but the leader.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app import access_log
from desk_app.domain import Role
from desk_app.services import ServiceError
from desk_app.textfmt import short_datetime
from ui.widgets import plain_label

log = logging.getLogger(__name__)

HEADERS = ["Thời gian", "Cán bộ", "Hồ sơ", "Thao tác"]


def note_opened(session: Any, code: str) -> None:
    """Record that the logged-in officer opened dossier `code` (never stops the view)."""
    officer = session.officer
    if officer is None or not code:
        return
    try:
        access_log.record_open(session.store, officer, code, session.clock())
    except Exception as exc:  # the officer's work goes on; the log file says why
        log.warning("access log not written: %s", type(exc).__name__)


class AccessLogDialog(QDialog):
    def __init__(self, session: Any, names: dict[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("access_log")
        self.setWindowTitle(self.tr("Nhật ký truy cập hồ sơ"))
        self.session = session
        self.names = names or {}
        self.filter = QLineEdit()
        self.filter.setObjectName("access_filter")
        self.filter.setPlaceholderText(self.tr("Lọc theo mã hồ sơ hoặc tên đăng nhập cán bộ"))
        self.filter.returnPressed.connect(self.reload)
        self.note = plain_label()
        self.note.setObjectName("access_note")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("access_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 480)
        self.reload()

    def reload(self) -> None:
        officer = self.session.officer
        text = self.filter.text().strip()
        try:
            if officer is None:
                raise ServiceError(access_log.LEADER_ONLY_VI)
            rows = access_log.entries(self.session.store, officer)
        except ServiceError as exc:
            self.table.setRowCount(0)
            self.note.setText(exc.vi)
            return
        if text:
            rows = [r for r in rows if text in r.dossier_code or text == r.officer]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            who = self.names.get(r.officer, "")
            values = (short_datetime(r.at), f"{who} ({r.officer})" if who else r.officer,
                      r.dossier_code, r.purpose_vi)
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))  # plain text, never HTML
        self.table.resizeColumnsToContents()
        self.note.setText(self.tr("%n lượt mở hồ sơ", "", len(rows)) if rows
                          else self.tr("Chưa có lượt mở hồ sơ nào."))


def install(window: Any, bar: Any) -> QAction:
    """The leader's entry in the main window's tool bar (shown by `show_for`)."""
    action = QAction(window.tr("Nhật ký truy cập"), window)
    action.setObjectName("act_access_log")
    action.setShortcut(QKeySequence("Ctrl+Shift+A"))
    action.setToolTip(window.tr("Ai đã mở hồ sơ nào, lúc nào (Ctrl+Shift+A)"))

    def open_dialog() -> None:
        if window.session.officer is None or not window.session.officer.has(Role.LEADER):
            window.show_message(access_log.LEADER_ONLY_VI, error=True)
            return
        names = window.directory_names() if hasattr(window, "directory_names") else {}
        window.access_log_dialog = AccessLogDialog(window.session, names, window)
        window.access_log_dialog.open()

    action.triggered.connect(open_dialog)
    bar.addAction(action)
    return action


def show_for(action: QAction, officer: Any) -> None:
    action.setVisible(officer is not None and officer.has(Role.LEADER))
