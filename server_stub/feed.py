"""What a desk mirrors: the ordered change feed, procedures, units, calendar, dossiers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text

from desk_app.calendar import OverrideKind
from desk_app.domain import Officer, Role, to_dict
from server_stub import records, schemas
from server_stub.auth import current_officer, portal_of, require_role
from server_stub.bodies import json_object, text_field
from server_stub.db import add_change, dumps
from server_stub.errors import bad_request, not_found

router = APIRouter()
OfficerDep = Annotated[Officer, Depends(current_officer)]
MAX_PAGE = 1000
MAX_CURSOR = 2**62  # cursors are BIGINT; a larger `since` is nonsense, refused as 422


@router.get("/changes")
def changes(
    request: Request,
    officer: OfficerDep,
    since: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 200,
) -> Response:
    """One ordered feed of the officer's unit; calendar rows (no unit) go to everyone.

    One statement, so one snapshot: it sees a prefix of the cursors (server_stub.db says
    why), and `next` is the last cursor sent, so nothing below it can appear later.
    Each side of the union reads the (agency_id, seq) index in cursor order."""
    portal = portal_of(request)
    with portal.db.read() as conn:
        rows = conn.execute(
            text("SELECT seq, kind, key, data FROM ("
                 "SELECT seq, kind, key, data FROM changes WHERE agency_id = :a AND "
                 "seq > :since ORDER BY seq LIMIT :n) AS unit_rows UNION ALL "
                 "SELECT seq, kind, key, data FROM ("
                 "SELECT seq, kind, key, data FROM changes WHERE agency_id IS NULL AND "
                 "seq > :since ORDER BY seq LIMIT :n) AS common_rows ORDER BY seq LIMIT :n"),
            {"since": since, "a": officer.unit_id, "n": limit + 1}).all()
    more = len(rows) > limit
    rows = rows[:limit]
    # The stored data is JSON already (db.dumps): sent as it is, not parsed and re-encoded.
    page = ",".join(f'{{"cursor":{int(r[0])},"kind":{dumps(r[1])},"key":{dumps(r[2])},'
                    f'"data":{r[3] or "null"}}}' for r in rows)
    last = int(rows[-1][0]) if rows else since
    body = f'{{"changes":[{page}],"next":{last},"more":{"true" if more else "false"}}}'
    return Response(body.encode("utf-8"), media_type="application/json")


@router.get("/units")
def units(request: Request) -> list[dict[str, Any]]:
    """Public: the units that take dossiers (for the applicant's choice)."""
    with portal_of(request).db.read() as conn:
        return [to_dict(u) for u in records.units(conn)]


@router.get("/procedures")
def procedures(request: Request, agency_id: str | None = None) -> list[dict[str, Any]]:
    """Public (Art. 7): every procedure with its published fields, by agency if asked."""
    with portal_of(request).db.read() as conn:
        return [to_dict(p) for p in records.procedures(conn, agency_id)]


@router.get("/calendar")
def calendar(request: Request) -> list[dict[str, Any]]:
    """The announced days off and make-up working days (public)."""
    with portal_of(request).db.read() as conn:
        rows = conn.execute(text("SELECT day, kind, note FROM calendar_overrides ORDER BY day"))
        return [{"day": r[0], "kind": r[1], "note": r[2]} for r in rows]


def _set_override(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    day = text_field(body, "day", 10)
    kind = text_field(body, "kind", 20)
    note = text_field(body, "note", 300, required=False)
    try:
        parsed = date.fromisoformat(day)
        OverrideKind(kind)
    except ValueError:
        raise bad_request("bad_field", "Ngày (YYYY-MM-DD) hoặc loại ngày không hợp lệ",
                          "Invalid day (YYYY-MM-DD) or kind") from None
    data = {"day": parsed.isoformat(), "kind": kind, "note": note}
    with portal_of(request).db.write() as conn:
        conn.execute(text("INSERT INTO calendar_overrides (day, kind, note) VALUES (:d, :k, :n) "
                          "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, "
                          "note = excluded.note"), {"d": data["day"], "k": kind, "n": note})
        add_change(conn, None, "calendar", data["day"], data)
    return data


@router.post("/calendar", openapi_extra=schemas.CALENDAR)
async def set_calendar(request: Request, officer: OfficerDep) -> dict[str, Any]:
    """The province office announces a day off or a make-up working day."""
    require_role(officer, Role.PROVINCE)
    body = await json_object(request)
    return await run_in_threadpool(_set_override, request, body)


@router.get("/dossiers/{code}")
def dossier(request: Request, code: str, officer: OfficerDep) -> dict[str, Any]:
    """The portal's record of one dossier of the officer's own unit."""
    with portal_of(request).db.read() as conn:
        found = records.get_dossier(conn, code)
        # Another unit's dossier is answered like an unused code: sequential codes must
        # not reveal other units' volumes.
        if found is None or officer.unit_id not in found[0].involved:
            raise not_found(f"Không tìm thấy hồ sơ {code}", f"Dossier {code} not found")
        record = records.record_of(conn, code)
    assert record is not None
    return record


# GET /officers (the unit's officer directory) is server_stub/directory.py.
