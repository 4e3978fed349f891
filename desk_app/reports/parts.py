"""Each unit's own part of dossiers handled by several units (liên thông, issue 12).

Decree 118/2025/NĐ-CP: a dossier may be received by one unit and handled in turn by
others, each part with its own time budget (DOMAIN.md, last section; form 06 of the 2025
set). A unit's report counts lateness only where its own part overran: a department is not
blamed for a commune's late forwarding, and a commune is not blamed for the department's
late decision.

A part is the unit's fault when it ended (or, still open, stands) after its own due time
although it started before it; a part that started after its due time inherited the
lateness from the part before it (`desk_app.linked.late_part` attributes a late dossier to
the first part that overran).

Only dossiers with parts are read here (a partial index holds their codes), so a store of
single-unit dossiers costs nothing more; the main pass (compute.py) is untouched and
corrected afterwards for the few dossiers whose lateness belongs to another unit.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from desk_app.reports.model import Counts
from desk_app.reports.periods import Period

INDEX = ("CREATE INDEX IF NOT EXISTS reports_linked ON dossiers (code) "
         "WHERE json_array_length(data, '$.parts') > 0")
_LINKED = ("SELECT code, agency_id, procedure_code, json_extract(data, '$.parts') "
           "FROM dossiers INDEXED BY reports_linked WHERE json_array_length(data, '$.parts') > 0")


@dataclass
class PartCounts:
    """The unit's own parts: finished in the period (early / on time / late) and still
    open at its end (on time / overdue), with the codes of the late ones."""

    finished_early: int = 0
    finished_on_time: int = 0
    finished_late: int = 0
    open_on_time: int = 0
    open_overdue: int = 0
    late_codes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PartCounts:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


def _at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _fault(part: dict[str, Any], end: datetime) -> bool:
    """Whether the part overran its own budget by `end` (its finish, or the cut-off)."""
    started, due = _at(part.get("started_at")), _at(part.get("due_at"))
    if due is None or (started is not None and started > due):
        return False  # no budget, or it came in already late: the lateness is not its own
    return end > due


@dataclass
class LinkedFacts:
    """What the unit's report needs from the dossiers with parts."""

    parts: PartCounts
    not_ours: set[str]  # received here, late, but the lateness is another unit's


def linked_facts(conn: Any, agency_id: str, period: Period, cut: datetime) -> LinkedFacts:
    counts, not_ours = PartCounts(), set()
    start, stop = period.start_text, period.end_text
    for code, receiver, _proc, raw in conn.execute(_LINKED):
        parts = json.loads(raw or "[]")
        own = [p for p in parts if p.get("agency_id") == agency_id]
        if receiver == agency_id and not any(
                _fault(p, min(_at(p.get("finished_at")) or cut, cut)) for p in own):
            not_ours.add(code)
        for p in own:
            began, ended = p.get("started_at") or "", p.get("finished_at") or ""
            if ended and (_at(ended) or cut) >= cut:
                ended = ""  # after the cut-off (a report as of an earlier moment)
            if began and (_at(began) or cut) >= cut:
                continue
            if ended and start <= ended < stop:
                if _fault(p, _at(ended) or cut):
                    counts.finished_late += 1
                    counts.late_codes.append(code)
                elif ended[:10] < (p.get("due_at") or ended)[:10]:
                    counts.finished_early += 1
                else:
                    counts.finished_on_time += 1
            elif not ended and began and began < stop:
                if _fault(p, cut):
                    counts.open_overdue += 1
                    counts.late_codes.append(code)
                else:
                    counts.open_on_time += 1
    return LinkedFacts(counts, not_ours)


def correct(counts: dict[tuple[str, str], Counts],
            late: list[tuple[str, str, str, str, str]], not_ours: set[str],
            agency_id: str, period: Period) -> list[tuple[str, str, str, str, str]]:
    """Move the dossiers whose lateness is another unit's from late to on time (resolved or
    in progress); returns the late list without them."""
    kept = []
    for item in late:
        code, proc, _recv, sealed, _due = item
        if code not in not_ours:
            kept.append(item)
            continue
        c = counts.get((agency_id, proc))
        if c is None:
            kept.append(item)
            continue
        if sealed and sealed >= period.start_text:
            c.resolved_late -= 1
            c.resolved_on_time += 1
        else:
            c.in_progress_overdue -= 1
            c.in_progress_on_time += 1
    return kept
