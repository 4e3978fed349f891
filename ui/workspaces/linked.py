"""Liên thông (issue 12): a workspace of its own for the desk with the dossiers it holds
for another unit, the sealed results that came back to it for return, and the dossiers it
handed on (read-only here). Its own top-level tab keeps the desk's work-list tabs within
a 1366-pixel screen.

The queries are the store's (desk_app/store/linked_lists.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.store import DossierSummary, Store
from desk_app.workflow import Action
from ui.worklist import ListSpec
from ui.workspaces.base import Workspace

# list key → the store's query of it
_QUERIES = {"sent": "sent_to_other_units", "received_from": "received_from_other_units",
            "came_back": "results_for_return"}


@dataclass(frozen=True)
class LinkedListSpec(ListSpec):
    """A work list filled by the store's liên thông query (`key` names it)."""

    def query(self, store: Store, agency_id: str, username: str) -> list[DossierSummary]:
        return list(getattr(store, _QUERIES[self.key])(agency_id))


LINKED_LISTS = (
    LinkedListSpec("received_from", "Nhận từ đơn vị khác"),
    LinkedListSpec("came_back", "Kết quả chuyển về để trả", multi=True),
    LinkedListSpec("sent", "Đã chuyển đơn vị khác"),
)


class LinkedWorkspace(Workspace):
    title = "Liên thông"
    key = "linked"

    def __init__(self, host) -> None:  # type: ignore[no-untyped-def]
        super().__init__(host, LINKED_LISTS)
        self.post_button = self.add_button("Giao bưu chính các hồ sơ đã chọn",
                                           self.hand_selected_to_post, "linked_batch_post",
                                           glyph="truck")

    def hand_selected_to_post(self) -> None:
        codes = self.lists["came_back"].selected_codes()
        if not codes:
            self.host.show_message("Hãy chọn các hồ sơ cần giao bưu chính trong danh sách "
                                   "Kết quả chuyển về để trả")
            return
        self.view.actions.run_batch(Action.HAND_TO_POST, codes)
