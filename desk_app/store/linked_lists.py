"""The liên thông work lists of a unit's store (Decree 118/2025, App. step 5).

A dossier is received by one unit (`agency_id`, which returns the result), held by the
unit acting on it now (`holder_id`, "" = the receiving unit) and seen read-only by the
units that held it before (`former_holders`). From these a desk shows: what it holds now
(its work), what it sent to other units that is still open, what it received from other
units, and the results decided elsewhere that came back to its desk for return.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desk_app.store.store import DossierSummary

# The unit holding a dossier, as the V6 index has it: the same expression, so that these
# lists read the index.
HOLDER_SQL = "COALESCE(NULLIF(json_extract(data, '$.holder_id'), ''), agency_id)"
OPEN_SQL = ("status IN ('submitted', 'received', 'in_process', 'supplement_requested', "
            "'fees_due')")


class LinkedLists:
    """Mixed into `Store`; `_summaries_where` is the store's."""

    def _summaries_where(self, where: str, params: Sequence[Any],
                         limit: int) -> list[DossierSummary]:
        raise NotImplementedError

    def held_dossiers(self, agency_id: str, limit: int = 5000) -> list[DossierSummary]:
        """The unit's work: every dossier it holds now, received here or elsewhere."""
        return self._summaries_where(f"{HOLDER_SQL} = ?", (agency_id,), limit)

    def sent_to_other_units(self, agency_id: str, limit: int = 5000) -> list[DossierSummary]:
        """Dossiers the unit handed on that another unit still works on (read-only here)."""
        return self._summaries_where(
            f"{HOLDER_SQL} != ? AND {OPEN_SQL} AND EXISTS (SELECT 1 FROM "
            "json_each(data, '$.former_holders') WHERE value = ?)",
            (agency_id, agency_id), limit)

    def received_from_other_units(self, agency_id: str,
                                  limit: int = 5000) -> list[DossierSummary]:
        """Open dossiers the unit holds now that another unit received."""
        return self._summaries_where(f"{HOLDER_SQL} = ? AND agency_id != ? AND {OPEN_SQL}",
                                     (agency_id, agency_id), limit)

    def results_for_return(self, agency_id: str, limit: int = 5000) -> list[DossierSummary]:
        """Results decided by other units, back at this receiving desk for return (App.
        step 5): received here, done, handed on at some point."""
        return self._summaries_where(
            f"agency_id = ? AND {HOLDER_SQL} = ? AND status = 'done' AND "
            "json_array_length(data, '$.former_holders') > 0", (agency_id, agency_id), limit)
