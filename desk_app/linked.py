"""Receiving unit ≠ deciding unit, and linked procedures (liên thông): who may receive a
procedure, the units' parts of a dossier with their own budgets, and hand-overs.

Decree 118/2025/NĐ-CP: the province's and the communes' Public Administration Service
Centres receive and return; the department (or the commune) decides. Procedures accepted
anywhere in the province are received at any commune centre and at the province centre,
and the receiving desk routes them to the deciding unit. A linked procedure is done by
several units in turn, each with its own time budget inside the total (DOMAIN.md, last
section); the control slip shows each part and a late dossier is attributed to the part
that overran. Pure functions: no I/O, no clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from desk_app.calendar import WorkCalendar
from desk_app.domain import (
    Dossier,
    DossierPart,
    Procedure,
    ProcedurePart,
    Timeliness,
    Unit,
    UnitLevel,
)
from desk_app.errors import WorkflowError

RECEIVING_LEVELS = frozenset({UnitLevel.PROVINCE_CENTRE, UnitLevel.COMMUNE})


def may_receive(unit: Unit, procedure: Procedure) -> bool:
    """Whether `unit`'s desk may take in a dossier of `procedure` (decided elsewhere)."""
    if unit.agency_id == procedure.agency_id:
        return True
    if procedure.code in unit.receives:
        return True  # e.g. the province centre receives for its departments
    return procedure.province_wide and unit.unit_level in RECEIVING_LEVELS


def check_receiving(unit: Unit, procedure: Procedure) -> None:
    if not may_receive(unit, procedure):
        raise WorkflowError(
            "not_accepted_here",
            f"{unit.name} không tiếp nhận thủ tục {procedure.code}: thủ tục không thuộc "
            "diện tiếp nhận không phụ thuộc địa giới hành chính",
            f"{unit.agency_id} does not receive procedure {procedure.code}")


def _judge(at: datetime, due: datetime | None) -> Timeliness | None:
    if due is None:
        return None
    if at > due:
        return Timeliness.LATE
    return Timeliness.EARLY if at.date() < due.date() else Timeliness.ON_TIME


def budget_of(procedure: Procedure, agency_id: str, done: int) -> ProcedurePart | None:
    """The next part of a linked procedure that `agency_id` does (after `done` parts)."""
    return next((p for p in procedure.parts[done:] if p.agency_id == agency_id), None)


def open_part(d: Dossier, agency_id: str, at: datetime, procedure: Procedure,
              calendar: WorkCalendar) -> Dossier:
    """`agency_id` starts its part: its due time from its own budget (a linked procedure)
    or, for a plain hand-over, the dossier's deadline."""
    part = budget_of(procedure, agency_id, sum(1 for p in d.parts if p.finished_at))
    due = calendar.add_limit(at, part.budget) if part else d.due_at
    if d.due_at is not None and due is not None and due > d.due_at:
        due = d.due_at  # a part's budget never reaches past the dossier's deadline
    new = DossierPart(agency_id, part.task if part else "", at, due)
    return replace(d, parts=(*d.parts, new))


def close_part(d: Dossier, at: datetime) -> Dossier:
    """The holder's open part ends now, judged against its own due time."""
    if not d.parts or d.parts[-1].finished_at is not None:
        return d
    last = d.parts[-1]
    done = replace(last, finished_at=at, timeliness=_judge(at, last.due_at))
    return replace(d, parts=(*d.parts[:-1], done))


def hand_over(d: Dossier, to: Unit, at: datetime, procedure: Procedure,
              calendar: WorkCalendar) -> Dossier:
    """The dossier goes to `to`: the sender's part closes, the receiver's opens."""
    if to.agency_id == d.holder:
        raise WorkflowError("transfer_to_self", "Hồ sơ đang ở chính đơn vị này",
                            "The dossier is already held by that unit")
    d = close_part(d, at)
    d = replace(d, holder_id=to.agency_id, assigned_to="",
                former_holders=tuple(dict.fromkeys((*d.former_holders, d.holder))))
    return open_part(d, to.agency_id, at, procedure, calendar)


def back_to_receiver(d: Dossier, at: datetime) -> Dossier:
    """App. step 5: the sealed result comes back to the receiving unit's desk for return."""
    d = close_part(d, at)
    if d.holder == d.agency_id:
        return d
    return replace(d, holder_id="", former_holders=tuple(
        dict.fromkeys((*d.former_holders, d.holder))))


def late_part(d: Dossier) -> DossierPart | None:
    """The part a late dossier is attributed to: the first that overran its budget."""
    return next((p for p in d.parts if p.timeliness is Timeliness.LATE), None)
