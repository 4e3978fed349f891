"""The officer directory of the caller's unit: people by full name and title, so desks
show "Trần Thị Mai, chuyên viên" instead of a login name (and assign by name)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from desk_app.domain import Officer, Role
from server_stub import records
from server_stub.auth import current_officer, portal_of, require_role, require_unit

router = APIRouter()
# The roles that work a unit's dossiers; applicants, the province office and the
# portal itself have no business with a unit's staff list.
_STAFF = (Role.DESK, Role.SPECIALIST, Role.LEADER, Role.CLERK)


@router.get("/officers")
async def officers(request: Request, officer: Annotated[Officer, Depends(current_officer)],
                   unit: str = "") -> dict[str, Any]:
    require_role(officer, *_STAFF)
    agency = unit or officer.unit_id
    require_unit(officer, agency)  # only one's own unit
    portal = portal_of(request)

    def read() -> list[Officer]:
        with portal.db.read() as conn:
            return records.officers(conn, agency)

    people = await run_in_threadpool(read)
    return {"unit": agency, "officers": [
        {"username": o.username, "full_name": o.full_name, "title": o.title,
         "roles": sorted(r.value for r in o.roles)} for o in people]}
