"""Liên thông work lists (issue 12): dossiers this unit handed on, dossiers it holds for
another unit, and, on the receiving desk, sealed results that came back for return.

The queries read the holder and the former holders from the dossier record the feed
stored (desk_app.store keeps the whole record as JSON); they are the thinnest stand-in
until the store offers these lists itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from desk_app.domain import Status
from desk_app.store import DossierSummary, Store
from ui.worklist import ListSpec

_HOLDER = "COALESCE(NULLIF(json_extract(data, '$.holder_id'), ''), agency_id)"
_HANDED_ON = "EXISTS (SELECT 1 FROM json_each(data, '$.former_holders') WHERE value = ?)"
_ORDER = " ORDER BY COALESCE(due_at, receipt_due_at, submitted_at) LIMIT 5000"

# where clause and how many times the unit's code goes into it
_WHERE = {
    # handed on and not (yet) back: the unit keeps a read-only view
    "sent": (f"{_HANDED_ON} AND {_HOLDER} <> ?", 2),
    # held here, received by another unit (a centre, a commune, the part before)
    "received_from": (f"{_HOLDER} = ? AND agency_id <> ?", 2),
    # App. step 5: the sealed result came back to the unit that received the dossier
    "came_back": (f"agency_id = ? AND {_HOLDER} = ? AND status = '{Status.DONE.value}' "
                  "AND json_array_length(data, '$.former_holders') > 0", 2),
}


@dataclass(frozen=True)
class LinkedListSpec(ListSpec):
    """A work list filled by the liên thông queries above (`key` names the query); its
    tab shows only when it has dossiers, so a unit without liên thông work sees none."""

    hide_empty: ClassVar[bool] = True

    def query(self, store: Store, agency_id: str, username: str) -> list[DossierSummary]:
        from desk_app.store.store import _SUMMARY_COLUMNS, _summary

        where, n = _WHERE[self.key]
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM dossiers WHERE {where}{_ORDER}"
        return [_summary(r) for r in store._query(sql, (agency_id,) * n)]


SENT = LinkedListSpec("sent", "Đã chuyển đơn vị khác")
RECEIVED_FROM = LinkedListSpec("received_from", "Nhận từ đơn vị khác")
CAME_BACK = LinkedListSpec("came_back", "Kết quả chuyển về để trả", multi=True)
LINKED_LISTS = (RECEIVED_FROM, CAME_BACK, SENT)
