"""Units and what the province office sets on them and on procedures.

- `GET /units` (public, in feed.py): every unit with its agency code, name, level,
  parent, session hours and the procedures it receives and decides.
- `PUT /units/{agency_id}/hours` (province office): a unit's working sessions. They reach
  the unit's desks through the change feed, and desk and portal both build the unit's
  calendar from them with `WorkCalendar.for_unit`.
- `PUT /procedures/{agency_id}/{code}/routing` (province office): the processing group a
  received dossier of that procedure routes itself to (App. step 1, cấp Sở).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from desk_app.calendar import Session, WorkCalendar, parse_session
from desk_app.domain import Officer, Role, to_dict
from server_stub import records
from server_stub.auth import current_officer, portal_of, require_role
from server_stub.bodies import json_object, text_field
from server_stub.errors import bad_request, not_found

router = APIRouter()

Who = Annotated[Officer, Depends(current_officer)]


def _sessions(body: dict[str, Any]) -> tuple[str, ...]:
    raw = body.get("sessions")
    if not isinstance(raw, list) or not 1 <= len(raw) <= 4 or \
            not all(isinstance(t, str) and len(t) <= 20 for t in raw):
        raise bad_request("bad_field", "“sessions” phải là danh sách buổi làm việc, ví dụ "
                          "[\"07:30-11:30\", \"13:30-17:00\"]",
                          "'sessions' must be a list like [\"07:30-11:30\", \"13:30-17:00\"]")
    try:
        sessions = tuple(f"{a:%H:%M}-{b:%H:%M}" for a, b in map(parse_session, raw))
        WorkCalendar.weekdays(Session(*parse_session(t)) for t in sessions)  # in order
    except ValueError:
        raise bad_request("bad_field", "Giờ làm việc không hợp lệ: mỗi buổi ghi dạng 07:30-11:30, "
                          "theo thứ tự, không chồng nhau",
                          "Invalid sessions: HH:MM-HH:MM, in order, not overlapping") from None
    return sessions


@router.put("/units/{agency_id}/hours")
async def set_hours(request: Request, agency_id: str, officer: Who) -> dict[str, Any]:
    require_role(officer, Role.PROVINCE)
    sessions = _sessions(await json_object(request))
    with portal_of(request).db.write() as conn:
        unit = records.get_unit(conn, agency_id)
        if unit is None:
            raise not_found(f"Không có đơn vị {agency_id}", f"No unit {agency_id}")
        unit = replace(unit, sessions=sessions)
        records.put_unit(conn, unit)  # also a "unit" change in the unit's feed
    return to_dict(unit)


@router.put("/procedures/{agency_id}/{code}/routing")
async def set_routing(request: Request, agency_id: str, code: str, officer: Who
                      ) -> dict[str, Any]:
    require_role(officer, Role.PROVINCE)
    group = text_field(await json_object(request), "processing_group", 200, required=False)
    with portal_of(request).db.write() as conn:
        procedure = records.get_procedure(conn, code, agency_id)
        if procedure is None:
            raise not_found(f"Không có thủ tục {code} của đơn vị {agency_id}",
                            f"No procedure {code} at {agency_id}")
        procedure = replace(procedure, processing_group=group)
        records.put_procedure(conn, procedure)
    return to_dict(procedure)
