"""Desk officer (một cửa): online dossiers on the receipt clock, paper intake, supplement
requests and refusals, results to return at the counter or by post."""

from __future__ import annotations

from desk_app.domain import Status, Step
from desk_app.workflow import Action
from ui.worklist import ListSpec
from ui.workspaces.base import Workspace

DESK_LISTS = (
    # Art. 12.1.a: online dossiers must be received within 60 working minutes.
    ListSpec("awaiting_receipt", "Chờ tiếp nhận", (Status.SUBMITTED,)),
    ListSpec("received", "Đã tiếp nhận, chờ chuyển", (Status.RECEIVED,)),
    ListSpec("supplement", "Chờ bổ sung", (Status.SUPPLEMENT_REQUESTED,)),
    ListSpec("to_return", "Trả kết quả", (Status.DONE,), multi=True),
)

COMMUNE_LISTS = (
    ListSpec("awaiting_receipt", "Chờ tiếp nhận", (Status.SUBMITTED,)),
    ListSpec("processing", "Đang xử lý", (Status.IN_PROCESS,), Step.PROCESSING, mine=True),
    ListSpec("supplement", "Chờ bổ sung", (Status.SUPPLEMENT_REQUESTED,)),
    ListSpec("to_return", "Trả kết quả", (Status.DONE,), multi=True),
)


class DeskWorkspace(Workspace):
    title = "Một cửa"
    key = "desk"
    specs = DESK_LISTS

    def __init__(self, host) -> None:  # type: ignore[no-untyped-def]
        super().__init__(host, self.specs)
        self.intake_button = self.add_button("Tiếp nhận hồ sơ giấy (F2)", host.open_intake,
                                             "open_intake", "F2", "file-circle-plus")
        self.post_button = self.add_button("Giao bưu chính các hồ sơ đã chọn",
                                           self.hand_selected_to_post, "batch_post",
                                           glyph="truck")

    def hand_selected_to_post(self) -> None:
        codes = self.lists["to_return"].selected_codes()
        if not codes:
            self.host.show_message("Hãy chọn các hồ sơ cần giao bưu chính trong danh sách "
                                   "Trả kết quả")
            return
        self.view.actions.run_batch(Action.HAND_TO_POST, codes)


class CommuneWorkspace(DeskWorkspace):
    """App. step 1, commune level: one officer receives and processes in one step."""

    title = "Tiếp nhận và xử lý"
    key = "commune"
    specs = COMMUNE_LISTS
