"""Liên thông work lists (issue 12): dossiers this unit handed on, dossiers it holds for
another unit, and, on the receiving desk, sealed results that came back for return.

The queries are the store's (desk_app/store/linked_lists.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from desk_app.store import DossierSummary, Store
from ui.worklist import ListSpec

# list key → the store's query of it
_QUERIES = {"sent": "sent_to_other_units", "received_from": "received_from_other_units",
            "came_back": "results_for_return"}


@dataclass(frozen=True)
class LinkedListSpec(ListSpec):
    """A work list filled by the store's liên thông query (`key` names the query); its
    tab shows only when it has dossiers, so a unit without liên thông work sees none."""

    hide_empty: ClassVar[bool] = True

    def query(self, store: Store, agency_id: str, username: str) -> list[DossierSummary]:
        return list(getattr(store, _QUERIES[self.key])(agency_id))


SENT = LinkedListSpec("sent", "Đã chuyển đơn vị khác")
RECEIVED_FROM = LinkedListSpec("received_from", "Nhận từ đơn vị khác")
CAME_BACK = LinkedListSpec("came_back", "Kết quả chuyển về để trả", multi=True)
LINKED_LISTS = (RECEIVED_FROM, CAME_BACK, SENT)
