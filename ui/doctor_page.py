"""The Settings page "Kiểm tra máy": the doctor's checks (desk_app.doctor), run on a pool
thread when the page is first shown and again on "Kiểm tra lại"."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app import doctor

COLOURS = {doctor.OK: "#1b5e20", doctor.WARN: "#8a5a00", doctor.FAIL: "#b00020",
           doctor.SKIP: "#555555"}
VERDICT_VI = {0: "Máy sẵn sàng làm việc.", 1: "Máy làm việc được, nhưng có điều cần xem.",
              2: "Có lỗi cản trở công việc; hãy khắc phục các mục “LỖI”."}


class DoctorPage(QWidget):
    """Results as a tree: one row per check (status, what, result), details beneath."""

    finished = Signal(int)  # the exit code the command line would give

    def __init__(self, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.results: list[doctor.Result] = []
        self.running = False
        self._ran = False
        self.verdict = QLabel(self.tr("Chưa kiểm tra."))
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        self.again = QPushButton(self.tr("Kiểm tra lại"))
        self.again.clicked.connect(self.run)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Trạng thái"), self.tr("Mục"), self.tr("Kết quả")])
        self.tree.setRootIsDecorated(True)
        self.tree.setWordWrap(True)
        self.tree.setColumnWidth(0, 90)
        self.tree.setColumnWidth(1, 190)
        top = QHBoxLayout()
        top.addWidget(self.verdict, 1)
        top.addWidget(self.again)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._ran:
            self.run()

    def context(self) -> doctor.Context:
        # `settings` may be a callable: the dialog's fields as edited, not yet saved.
        current = self.settings() if callable(self.settings) else self.settings
        values = asdict(current) if current is not None else {}
        return doctor.Context(settings=values, portal_url=str(values.get("portal_url") or ""),
                              data_dir=doctor.data_dir())

    def run(self) -> None:
        if self.running:
            return
        from ui.threads import run_task

        self._ran = self.running = True
        self.again.setEnabled(False)
        self.verdict.setText(self.tr("Đang kiểm tra máy…"))
        ctx = self.context()
        run_task(lambda: doctor.run_checks(ctx), self._show, self._failed)

    def _show(self, results: list[doctor.Result]) -> None:
        self.running = False
        self.again.setEnabled(True)
        self.results = list(results)
        self.tree.clear()
        for r in results:
            item = QTreeWidgetItem([doctor.LABEL_VI[r.status], r.title, r.summary])
            item.setForeground(0, QBrush(QColor(COLOURS[r.status])))
            item.setData(0, Qt.ItemDataRole.UserRole, r.id)
            item.setToolTip(2, r.summary)
            for d in r.details:
                item.addChild(QTreeWidgetItem(["", "", d]))
            self.tree.addTopLevelItem(item)
        code = doctor.exit_code(results)
        self.verdict.setText(VERDICT_VI[code])
        self.verdict.setStyleSheet(f"color: {COLOURS[[doctor.OK, doctor.WARN, doctor.FAIL][code]]}")
        self.finished.emit(code)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.again.setEnabled(True)
        self.verdict.setText(self.tr("Không kiểm tra được: ") + str(exc)[:200])
        self.finished.emit(2)

    def result(self, check_id: str) -> doctor.Result | None:
        return next((r for r in self.results if r.id == check_id), None)


def settings_tabs(dialog: Any, form: QFormLayout) -> QTabWidget:
    """The settings dialog's body: its form on the first tab, this page on the second
    (the dialog keeps the page as `dialog.doctor_page`)."""
    tabs = QTabWidget(dialog)
    holder = QWidget()
    holder.setLayout(form)
    tabs.addTab(holder, dialog.tr("Cài đặt"))
    dialog.doctor_page = DoctorPage(dialog.candidate, tabs)
    tabs.addTab(dialog.doctor_page, dialog.tr("Kiểm tra máy"))
    dialog.tabs = tabs
    return tabs
