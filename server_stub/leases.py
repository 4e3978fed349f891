"""Blocks of numbers handed to desks ahead of time, so they can number offline.

Dossier numbers run per agency and day (`{agency}-{yyMMdd}-{NNNN}`); outgoing
register numbers per agency and year (Decree 30/2020: from 01 on 1 January). The
portal takes its own numbers (online dossiers) from the same counter, so no two
holders ever get the same number.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, text

from desk_app.domain import Officer
from server_stub import schemas
from server_stub.auth import current_officer, portal_of
from server_stub.bodies import json_object
from server_stub.errors import bad_request
from server_stub.state import Portal

router = APIRouter()
MAX_BLOCK = 500
DOSSIER, REGISTER, RECEIPT = "dossier", "register", "receipt"


def allocate(conn: Connection, kind: str, agency_id: str, period: str, count: int,
             holder: str, at: datetime) -> tuple[int, int]:
    """Take `count` consecutive numbers; (first, last). Call inside a write transaction."""
    row = conn.execute(text("SELECT next_number FROM lease_counters WHERE kind = :k AND "
                            "agency_id = :a AND period = :p"),
                       {"k": kind, "a": agency_id, "p": period}).first()
    first = int(row[0]) if row else 1
    last = first + count - 1
    conn.execute(text("INSERT INTO lease_counters (kind, agency_id, period, next_number) "
                      "VALUES (:k, :a, :p, :n) ON CONFLICT (kind, agency_id, period) "
                      "DO UPDATE SET next_number = excluded.next_number"),
                 {"k": kind, "a": agency_id, "p": period, "n": last + 1})
    conn.execute(text("INSERT INTO leases (kind, agency_id, period, first_number, last_number, "
                      "holder, issued_at) VALUES (:k, :a, :p, :f, :l, :h, :t)"),
                 {"k": kind, "a": agency_id, "p": period, "f": first, "l": last, "h": holder,
                  "t": at.isoformat()})
    return first, last


def dossier_code(conn: Connection, agency_id: str, at: datetime, holder: str = "portal") -> str:
    period = at.strftime("%y%m%d")
    first, _ = allocate(conn, DOSSIER, agency_id, period, 1, holder, at)
    return f"{agency_id}-{period}-{first:04d}"


def _check_period(kind: str, period: str, today: date) -> None:
    try:
        # ASCII digits only: "٢٠٢٦".isdigit() is true and would open a second series.
        if not (period.isascii() and period.isdigit()):
            raise ValueError
        if kind == DOSSIER:
            if len(period) != 6:
                raise ValueError
            day = datetime.strptime(period, "%y%m%d").date()
            ok = -1 <= (day - today).days <= 60
        else:
            if len(period) != 4:
                raise ValueError
            ok = abs(int(period) - today.year) <= 1
    except ValueError:
        raise bad_request("bad_period", "Kỳ đánh số không hợp lệ (yyMMdd cho số hồ sơ, yyyy cho "
                          "số văn bản)", "Invalid period (yyMMdd for dossiers, yyyy for "
                          "register numbers)") from None
    if not ok:
        raise bad_request("period_out_of_range", "Chỉ cấp số trước cho kỳ hiện tại hoặc sắp tới",
                          "Numbers are leased only for the current or coming periods")


def _lease(portal: Portal, officer: Officer, kind: str, period: str,
           count: int) -> dict[str, Any]:
    now = portal.now()
    _check_period(kind, period, now.date())
    with portal.db.write() as conn:
        first, last = allocate(conn, kind, officer.unit_id, period, count, officer.username, now)
    return {"kind": kind, "agency_id": officer.unit_id, "period": period, "first": first,
            "last": last}


@router.post("/leases", openapi_extra=schemas.LEASE)
async def lease(request: Request,
                officer: Annotated[Officer, Depends(current_officer)]) -> dict[str, Any]:
    body = await json_object(request)
    kind, period, count = body.get("kind"), body.get("period"), body.get("count", 50)
    if kind not in (DOSSIER, REGISTER, RECEIPT):
        raise bad_request("bad_field", "Loại số phải là “dossier”, “register” hoặc “receipt”",
                          "kind must be 'dossier', 'register' or 'receipt'")
    if not isinstance(period, str) or not isinstance(count, int) or isinstance(count, bool) \
            or not 1 <= count <= MAX_BLOCK:
        raise bad_request("bad_field", f"Cần kỳ (chuỗi) và số lượng từ 1 đến {MAX_BLOCK}",
                          f"period (string) and count (1..{MAX_BLOCK}) are required")
    # The block belongs to the unit, not to a role: any officer's desk may hold one,
    # so a machine can keep numbering while offline whoever signed in last.
    return await run_in_threadpool(_lease, portal_of(request), officer, kind, period, count)
