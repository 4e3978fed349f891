"""Remote wipe: the province office orders a lost or stolen desk's local data erased.

A desk holds citizens' personal data (Decree 13/2023/NĐ-CP). The administrator
(Văn phòng UBND tỉnh, role `province`) orders a wipe of one desk of a unit, or of
every desk the unit has; each desk asks on its next authenticated sync
(`GET /desk/wipe`), erases its store, blobs, scan spool and keyring entries, and
acknowledges (`POST /desk/wipe/{id}/ack`), which the administrator then sees.

Orders are kept in the portal's `meta` table under `wipe/<id>` (a handful of rows,
read by prefix), so this feature needs no schema step of its own.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, text

from desk_app.domain import Officer, Role
from server_stub import records
from server_stub.auth import current_officer, portal_of, require_role
from server_stub.bodies import aware_datetime, json_object, text_field
from server_stub.db import dumps, get_meta, loads, set_meta
from server_stub.errors import bad_request, forbidden, not_found
from server_stub.schemas import body
from server_stub.state import Portal

router = APIRouter()
PREFIX = "wipe/"

_S = {"type": "string"}
ORDER = body({"agency_id": _S, "desk_id": _S, "reason": _S}, ["agency_id", "reason"],
             {"agency_id": "000.00.22.H57", "desk_id": "", "reason": "Máy tính xách tay bị mất"})
ACK = body({"desk_id": _S, "wiped_at": {"type": "string", "format": "date-time"},
            "removed": {"type": "object"}}, ["desk_id", "wiped_at"])
_ERRORS = {"responses": {str(s): {"description": d} for s, d in (
    (400, "bad input"), (401, "not signed in"), (403, "wrong role or unit"),
    (404, "no such order"), (422, "bad parameters"))}}


def _orders(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(text("SELECT value FROM meta WHERE key LIKE :p"),
                        {"p": PREFIX + "%"}).fetchall()
    return sorted((loads(r[0]) for r in rows), key=lambda o: o["ordered_at"])


def _desk_id(value: str, name: str = "desk_id") -> str:
    if len(value) > 64 or not all(c.isascii() and (c.isalnum() or c == "-") for c in value):
        raise bad_request("bad_field", f"Trường “{name}” không phải mã máy hợp lệ",
                          f"Field {name!r} is not a desk id")
    return value


def _order(portal: Portal, officer: Officer, agency_id: str, desk_id: str,
           reason: str) -> dict[str, Any]:
    with portal.db.write() as conn:
        if records.get_unit(conn, agency_id) is None:
            raise not_found("Không có đơn vị này", "No such unit", "unknown_unit")
        order = {"id": str(uuid.uuid4()), "agency_id": agency_id, "desk_id": desk_id,
                 "reason": reason, "ordered_by": officer.username,
                 "ordered_at": portal.now().isoformat(), "acks": {}}
        set_meta(conn, PREFIX + order["id"], dumps(order))
    return order


@router.post("/admin/wipes", status_code=201, openapi_extra=ORDER | _ERRORS)
async def order_wipe(request: Request,
                     officer: Annotated[Officer, Depends(current_officer)]) -> dict[str, Any]:
    """Order the desks of a unit (or one of them, by its id) to erase their local data."""
    require_role(officer, Role.PROVINCE)
    data = await json_object(request)
    agency_id = text_field(data, "agency_id", 64)
    desk_id = _desk_id(text_field(data, "desk_id", 64, required=False))
    reason = text_field(data, "reason", 500)
    return await run_in_threadpool(_order, portal_of(request), officer, agency_id, desk_id,
                                   reason)


@router.get("/admin/wipes", openapi_extra=_ERRORS)
def list_wipes(request: Request, officer: Annotated[Officer, Depends(current_officer)],
               agency_id: str = "") -> dict[str, Any]:
    """The orders and which desks have acknowledged them."""
    require_role(officer, Role.PROVINCE)
    with portal_of(request).db.read() as conn:
        orders = _orders(conn)
    return {"orders": [o for o in orders if not agency_id or o["agency_id"] == agency_id]}


def _applies(order: dict[str, Any], officer: Officer, desk_id: str,
             since: datetime | None) -> bool:
    """An order for this desk's unit, naming this desk or all of them, made after the
    desk's data was first written, and not yet acknowledged by it."""
    if order["agency_id"] != officer.unit_id or desk_id in order["acks"]:
        return False
    if order["desk_id"]:
        return bool(order["desk_id"] == desk_id)
    # A desk set up after the order (a replacement machine) is not wiped by it.
    return since is None or datetime.fromisoformat(order["ordered_at"]) >= since


@router.get("/desk/wipe", openapi_extra=_ERRORS)
def pending(request: Request, officer: Annotated[Officer, Depends(current_officer)],
            desk_id: str, since: str = "") -> dict[str, Any]:
    """What the desk asks at each sync: must it erase its data?"""
    _desk_id(desk_id)
    first_use = aware_datetime(since, "since") if since else None
    with portal_of(request).db.read() as conn:
        orders = [o for o in _orders(conn) if _applies(o, officer, desk_id, first_use)]
    return {"orders": [{"id": o["id"], "reason": o["reason"], "ordered_at": o["ordered_at"]}
                       for o in orders]}


def _ack(portal: Portal, officer: Officer, order_id: str, desk_id: str, wiped_at: str,
         removed: dict[str, Any]) -> dict[str, Any]:
    with portal.db.write() as conn:
        raw = get_meta(conn, PREFIX + order_id)
        if raw is None:
            raise not_found("Không có lệnh xóa dữ liệu này", "No such wipe order")
        order = loads(raw)
        if order["agency_id"] != officer.unit_id:
            raise forbidden("wrong_unit", "Lệnh xóa dữ liệu không thuộc đơn vị của cán bộ",
                            "The order is for another unit")
        order["acks"].setdefault(desk_id, {"wiped_at": wiped_at, "by": officer.username,
                                           "removed": removed,
                                           "received_at": portal.now().isoformat()})
        set_meta(conn, PREFIX + order_id, dumps(order))
    return {"id": order_id, "desk_id": desk_id, "acknowledged": True}


@router.post("/desk/wipe/{order_id}/ack", openapi_extra=ACK | _ERRORS)
async def acknowledge(request: Request, order_id: str,
                      officer: Annotated[Officer, Depends(current_officer)]) -> dict[str, Any]:
    """The desk reports that it has erased its data (idempotent)."""
    data = await json_object(request)
    desk_id = _desk_id(text_field(data, "desk_id", 64))
    wiped_at = aware_datetime(data.get("wiped_at"), "wiped_at").isoformat()
    removed = data.get("removed", {})
    if not isinstance(removed, dict) or len(dumps(removed)) > 2000:
        raise bad_request("bad_field", "Trường “removed” phải là một đối tượng JSON nhỏ",
                          "Field 'removed' must be a small JSON object")
    return await run_in_threadpool(_ack, portal_of(request), officer, order_id, desk_id,
                                   wiped_at, removed)
