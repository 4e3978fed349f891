"""Leader (lãnh đạo): drafts awaiting approval; approve and sign one or many, send back."""

from __future__ import annotations

from desk_app.domain import Status, Step
from desk_app.workflow import Action
from ui.worklist import ListSpec
from ui.workspaces.base import Workspace

LEADER_LISTS = (
    ListSpec("approval", "Chờ phê duyệt", (Status.IN_PROCESS,), Step.APPROVAL, multi=True),
    ListSpec("leader_sealing", "Đã ký, chờ văn thư", (Status.IN_PROCESS,), Step.SEALING),
)


class LeaderWorkspace(Workspace):
    title = "Lãnh đạo"
    key = "leader"

    def __init__(self, host) -> None:  # type: ignore[no-untyped-def]
        super().__init__(host, LEADER_LISTS)
        self.batch_button = self.add_button("Phê duyệt và ký các hồ sơ đã chọn",
                                            self.sign_selected, "batch_approve", "Ctrl+Shift+K",
                                            "signature")

    def after_refresh(self) -> None:
        super().after_refresh()
        approval = self.lists["approval"]
        if not self.view.code and approval.count():
            # the leader's day starts on the first draft, open on its PDF
            approval.select_code(approval.model.summary(0).code)

    def sign_selected(self) -> None:
        codes = self.lists["approval"].selected_codes()
        if not codes:
            self.host.show_message("Hãy chọn ít nhất một hồ sơ trong danh sách chờ phê duyệt")
            return
        self.view.actions.run_batch(Action.APPROVE, codes)
