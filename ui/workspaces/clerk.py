"""Clerk (văn thư): approved results awaiting the agency signature and register number;
the outgoing register (Decree 30/2020, Appendix IV)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from desk_app.domain import OutgoingRegisterRow, Status, Step
from desk_app.textfmt import short_datetime
from desk_app.workflow import Action
from ui.threads import run_task
from ui.worklist import ListSpec
from ui.workspaces.base import Workspace

CLERK_LISTS = (
    ListSpec("sealing", "Chờ đóng dấu, vào sổ", (Status.IN_PROCESS,), Step.SEALING, multi=True),
)

REGISTER_HEADERS = ("Số, ký hiệu", "Ngày", "Trích yếu", "Người ký", "Nơi nhận", "Mã hồ sơ")


class ClerkWorkspace(Workspace):
    title = "Văn thư"
    key = "clerk"

    def __init__(self, host) -> None:  # type: ignore[no-untyped-def]
        super().__init__(host, CLERK_LISTS)
        self.register = QTableWidget(0, len(REGISTER_HEADERS))
        self.register.setObjectName("outgoing_register")
        self.register.setHorizontalHeaderLabels(REGISTER_HEADERS)
        self.register.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.register.verticalHeader().hide()
        self.register.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.register, "Sổ văn bản đi")
        self.add_button("Đóng dấu, vào sổ các hồ sơ đã chọn", self.seal_selected,
                        "batch_seal", "Ctrl+Shift+D", "stamp")

    def seal_selected(self) -> None:
        codes = self.lists["sealing"].selected_codes()
        if not codes:
            self.host.show_message("Hãy chọn ít nhất một hồ sơ chờ đóng dấu")
            return
        self.view.actions.run_batch(Action.SEAL_AND_REGISTER, codes)

    def after_refresh(self) -> None:
        super().after_refresh()
        store, agency, year = self.session.store, self.session.agency_id, self.session.clock().year
        run_task(lambda: store.outgoing_register(agency, year), self._fill_register,
                 self.host.show_error)

    def _fill_register(self, rows: list[OutgoingRegisterRow]) -> None:
        self.register.setRowCount(len(rows))
        for r, row in enumerate(reversed(rows)):
            values = (row.number_and_symbol, short_datetime(row.date), row.summary, row.signer,
                      row.recipients, row.dossier_code)
            for c, value in enumerate(values):
                # QTableWidgetItem shows plain text: citizens' names stay text.
                self.register.setItem(r, c, QTableWidgetItem(value))
        self.tabs.setTabText(self.tabs.indexOf(self.register), f"Sổ văn bản đi ({len(rows)})")
