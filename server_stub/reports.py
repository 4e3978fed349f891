"""Reports and counter surveys on the portal (Art. 8, 17, 18.8).

    POST {API}/surveys   {"surveys": [SurveyAnswer…]} (at most 500) or one SurveyAnswer
        An officer's desk sends the answers given at its counter, each with its
        client_id; sending one again changes nothing (idempotent).
        → 200 {"results": [{"client_id", "outcome": "applied" | "duplicate"}]}
        Each new answer also goes out on the change feed as kind "survey", key =
        client_id, so the unit's other desks get it.
    POST {API}/reports   UnitReport (desk_app.reports.model.UnitReport.to_dict)
        A unit sends its report for a period; a later one for the same period replaces
        it. → 200 {"agency_id", "period", "received_at"}. Only the unit's leader or its
        one-stop desk sends it, and once the leader has sent it only a leader replaces it.
        Counts are whole numbers from 0 to 10,000,000.
    GET  {API}/reports/province?period=BC-2026-11
        The province office (role "province") sees every unit's report for the period,
        their sum, and the units that have not sent one yet.
    GET  {API}/reports/province.xlsx?period=BC-2026-11   the same as a workbook

The tables are created here if missing (CREATE TABLE IF NOT EXISTS) until the
portal's migrations take them over.
"""

from __future__ import annotations

import dataclasses
import math
import weakref
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, text

from desk_app.domain import Officer, Role
from desk_app.reports.compute import group
from desk_app.reports.errors import ReportError
from desk_app.reports.model import DERIVED_NAMES_VI, Counts, GroupRow, UnitReport, report_from_dict
from desk_app.reports.survey import answer_from_wire
from desk_app.reports.xlsx import export_xlsx
from server_stub import records, schemas
from server_stub.auth import current_officer, portal_of, require_role, require_unit
from server_stub.bodies import json_object
from server_stub.db import Database, add_change, dumps, loads
from server_stub.errors import PortalError, bad_request, forbidden
from server_stub.state import Portal

router = APIRouter()
OfficerDep = Annotated[Officer, Depends(current_officer)]
MAX_SURVEYS = 500
MAX_COUNT = 10_000_000  # far above any unit's dossiers in a year; 1e29 or -1 is an error
MAX_ROWS = 5000  # rows per list in a report (procedures, fields, weeks, late dossiers)
COUNT_FIELDS = frozenset(f.name for f in dataclasses.fields(Counts))

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS desk_surveys (client_id TEXT PRIMARY KEY, "
    "dossier_code TEXT NOT NULL, agency_id TEXT NOT NULL, officer TEXT NOT NULL, "
    "answered_at TEXT NOT NULL, data TEXT NOT NULL, received_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS unit_reports (agency_id TEXT NOT NULL, period TEXT NOT NULL, "
    "sent_by TEXT NOT NULL, received_at TEXT NOT NULL, payload TEXT NOT NULL, "
    "PRIMARY KEY (agency_id, period))",
)
_ready: weakref.WeakSet[Database] = weakref.WeakSet()


def _schema(portal: Portal) -> None:
    if portal.db in _ready:
        return
    with portal.db.write() as conn:
        for sql in SCHEMA:
            conn.execute(text(sql))
    _ready.add(portal.db)


def _bad(exc: Exception) -> PortalError:
    if isinstance(exc, ReportError):
        return bad_request("bad_survey", exc.vi, exc.en)
    return bad_request("bad_field", f"Dữ liệu không hợp lệ: {type(exc).__name__} {exc}",
                       f"Invalid data: {type(exc).__name__}")


# --- surveys answered at a counter --------------------------------------------------


def _scores_ok(scores: Any) -> bool:
    return isinstance(scores, dict) and all(
        isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 5 for v in scores.values())


def _not_ours(code: str) -> PortalError:
    # The same answer for another unit's dossier as for an unused code: sequential
    # codes must not reveal other units' volumes.
    return bad_request("bad_survey", f"Không có hồ sơ {code} của đơn vị",
                       f"No dossier {code} of this unit")


def _store_surveys(portal: Portal, officer: Officer, items: list[Any]) -> dict[str, Any]:
    answers = []
    for item in items:
        if not isinstance(item, dict):
            raise bad_request("bad_survey", "Mỗi phiếu khảo sát phải là một đối tượng JSON",
                              "Each survey answer must be a JSON object")
        if not _scores_ok(item.get("scores") or {}):
            raise bad_request("bad_survey", "Mức đánh giá phải là số nguyên từ 1 đến 5",
                              "Scores must be whole numbers 1..5")
        try:
            answer = answer_from_wire({**item, "source": "counter"})
        except (ReportError, KeyError, TypeError, ValueError, OverflowError) as exc:
            raise _bad(exc) from None
        require_unit(officer, answer.agency_id)
        answers.append(answer)
    with portal.db.read() as conn:  # Art. 8: the unit's own dossiers and officers only
        for a in answers:
            found = records.get_dossier(conn, a.dossier_code)
            if found is None or found[0].agency_id != officer.unit_id:
                raise _not_ours(a.dossier_code)
            if a.officer:
                who = records.get_officer(conn, a.officer)
                if who is None or who.unit_id != officer.unit_id:
                    raise bad_request("bad_survey", f"Cán bộ {a.officer} không thuộc đơn vị",
                                      f"Officer {a.officer} is not of this unit")
    _schema(portal)
    results = []
    now = portal.now().isoformat()
    with portal.db.write() as conn:
        for a in answers:
            wire = a.to_wire()
            inserted = conn.execute(text(
                "INSERT INTO desk_surveys (client_id, dossier_code, agency_id, officer, "
                "answered_at, data, received_at) VALUES (:c, :d, :a, :o, :t, :data, :now) "
                "ON CONFLICT (client_id) DO NOTHING"),
                {"c": a.client_id, "d": a.dossier_code, "a": a.agency_id, "o": a.officer,
                 "t": wire["answered_at"], "data": dumps(wire), "now": now}).rowcount
            if inserted:
                add_change(conn, a.agency_id, "survey", a.client_id, wire)
            results.append({"client_id": a.client_id,
                            "outcome": "applied" if inserted else "duplicate"})
    return {"results": results}


@router.post("/surveys", openapi_extra=schemas.SURVEYS)
async def post_surveys(request: Request, officer: OfficerDep) -> dict[str, Any]:
    body = await json_object(request)
    items = body.get("surveys", [body]) if "surveys" in body else [body]
    if not isinstance(items, list) or not items or len(items) > MAX_SURVEYS:
        raise bad_request("bad_survey", f"Gửi từ 1 đến {MAX_SURVEYS} phiếu khảo sát mỗi lần",
                          f"Send 1 to {MAX_SURVEYS} survey answers at a time")
    return await run_in_threadpool(_store_surveys, portal_of(request), officer, items)


# --- a unit's report ------------------------------------------------------------------


def _wrong(where: str) -> PortalError:
    return bad_request("bad_report", f"Báo cáo không hợp lệ ở “{where}”",
                       f"The report is invalid at {where!r}")


def _check_counts(value: Any, where: str) -> None:
    if not isinstance(value, dict) or set(value) - COUNT_FIELDS - set(DERIVED_NAMES_VI):
        raise _wrong(where)
    for key in COUNT_FIELDS & set(value):
        v = value[key]
        if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= MAX_COUNT:
            raise bad_request("bad_count", f"Số liệu “{where}.{key}” phải là số nguyên từ 0 "
                              f"đến {MAX_COUNT:,}".replace(",", "."),
                              f"{where}.{key} must be a whole number 0..{MAX_COUNT}")


def _check_list(body: dict[str, Any], name: str) -> list[Any]:
    value = body.get(name, [])
    if not isinstance(value, list) or len(value) > MAX_ROWS \
            or not all(isinstance(x, dict) for x in value):
        raise _wrong(name)
    return value


def _finite(value: Any) -> bool:
    """No NaN/Infinity anywhere inside (the body parser refuses them too)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def check_report(body: dict[str, Any]) -> None:
    """The shape of a UnitReport.to_dict, checked before anything reads it."""
    for name in ("agency_id", "period", "start", "end", "as_of"):
        if not isinstance(body.get(name), str) or len(body[name]) > 60:
            raise _wrong(name)
    for name in ("unit_name", "period_label"):
        if not isinstance(body.get(name, ""), str) or len(body.get(name, "")) > 300:
            raise _wrong(name)
    _check_counts(body.get("totals"), "totals")
    for name in ("by_procedure", "by_field"):
        for i, row in enumerate(_check_list(body, name)):
            if not isinstance(row.get("key"), str) or not isinstance(row.get("name"), str):
                raise _wrong(f"{name}.{i}")
            _check_counts(row.get("counts"), f"{name}.{i}.counts")
    for i, week in enumerate(_check_list(body, "weekly")):
        for key in ("received", "resolved"):
            v = week.get(key)
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= MAX_COUNT:
                raise _wrong(f"weekly.{i}.{key}")
    for i, late in enumerate(_check_list(body, "late")):
        if not all(isinstance(v, str | None | list) for v in late.values()):
            raise _wrong(f"late.{i}")
    survey = body.get("survey")
    if (survey is not None and not isinstance(survey, dict)) or not _finite(survey):
        raise _wrong("survey")


def _store_report(portal: Portal, officer: Officer, body: dict[str, Any]) -> dict[str, Any]:
    # The unit's report goes up under its leader's authority, compiled by its one-stop
    # desk (DOMAIN.md, "Reporting (Art. 17, 18.8)"); a clerk or specialist does not send it.
    require_role(officer, Role.LEADER, Role.DESK)
    check_report(body)
    try:
        report = report_from_dict(body)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise _bad(exc) from None
    require_unit(officer, report.agency_id)
    if report.survey:  # per-officer survey figures stay with the unit's leader (Art. 8)
        report.survey = {**report.survey, "per_officer": None}
    _schema(portal)
    now = portal.now().isoformat()
    with portal.db.write() as conn:
        sent = conn.execute(text("SELECT sent_by FROM unit_reports WHERE agency_id = :a AND "
                                 "period = :p"), {"a": report.agency_id,
                                                  "p": report.period_code}).first()
        if sent is not None and not officer.has(Role.LEADER):
            earlier = records.get_officer(conn, sent[0])
            if earlier is not None and earlier.has(Role.LEADER):
                raise forbidden("report_by_leader", "Lãnh đạo đơn vị đã gửi báo cáo kỳ này; "
                                "chỉ lãnh đạo được gửi thay thế",
                                "The unit's leader sent this period's report; only a leader "
                                "may replace it")
        conn.execute(text(
            "INSERT INTO unit_reports (agency_id, period, sent_by, received_at, payload) "
            "VALUES (:a, :p, :o, :t, :payload) ON CONFLICT (agency_id, period) DO UPDATE SET "
            "sent_by = excluded.sent_by, received_at = excluded.received_at, "
            "payload = excluded.payload"),
            {"a": report.agency_id, "p": report.period_code, "o": officer.username, "t": now,
             "payload": dumps(report.to_dict())})
    return {"agency_id": report.agency_id, "period": report.period_code, "received_at": now}


@router.post("/reports", openapi_extra=schemas.REPORT)
async def post_report(request: Request, officer: OfficerDep) -> dict[str, Any]:
    body = await json_object(request)
    return await run_in_threadpool(_store_report, portal_of(request), officer, body)


# --- the province view (Art. 18.8) ------------------------------------------------------


def province_view(conn: Connection, period: str, exclude: str = "") -> dict[str, Any]:
    """Every unit's report for `period`, their sum per unit and per field, and who is late."""
    rows = conn.execute(text("SELECT agency_id, sent_by, received_at, payload FROM "
                             "unit_reports WHERE period = :p ORDER BY agency_id"),
                        {"p": period}).all()
    totals = Counts()
    units, fields = [], []
    for agency_id, sent_by, received_at, payload in rows:
        report = report_from_dict(loads(payload))
        totals.add(report.totals)
        fields += [(g.key, g.name, g.counts) for g in report.by_field]
        units.append({"agency_id": agency_id, "unit_name": report.unit_name,
                      "sent_by": sent_by, "received_at": received_at,
                      "as_of": report.as_of.isoformat(), "totals": report.totals.to_dict(),
                      "late": len(report.late)})
    sent = {u["agency_id"] for u in units}
    missing = [{"agency_id": u.agency_id, "unit_name": u.name}
               for u in records.units(conn) if u.agency_id not in sent and u.agency_id != exclude]
    return {"period": period, "units": units, "missing": missing, "totals": totals.to_dict(),
            "by_field": [g.to_dict() for g in group(fields)]}


def _province(portal: Portal, officer: Officer, period: str) -> dict[str, Any]:
    require_role(officer, Role.PROVINCE)
    _schema(portal)
    with portal.db.read() as conn:
        view = province_view(conn, period, exclude=officer.unit_id)
    view["generated_at"] = portal.now().isoformat()
    return view


def _period(period: str) -> str:
    if not period.strip() or len(period) > 40:
        raise bad_request("bad_period", "Thiếu hoặc sai kỳ báo cáo", "Missing or bad period")
    return period.strip()


@router.get("/reports/province")
async def province(request: Request, officer: OfficerDep, period: str) -> dict[str, Any]:
    return await run_in_threadpool(_province, portal_of(request), officer, _period(period))


def _province_xlsx(portal: Portal, officer: Officer, period: str) -> bytes:
    view = _province(portal, officer, period)
    now = portal.now()
    compiled = UnitReport(
        agency_id=officer.unit_id, unit_name="Toàn tỉnh (tổng hợp các đơn vị)",
        period_code=period, period_label=f"Kỳ {period}", start=now.date(), end=now.date(),
        as_of=now, totals=Counts.from_dict(view["totals"]),
        by_field=[GroupRow.from_dict(g) for g in view["by_field"]])
    units = [GroupRow(u["agency_id"], u["unit_name"], Counts.from_dict(u["totals"]))
             for u in view["units"]]
    return export_xlsx(compiled, units=units)


@router.get("/reports/province.xlsx")
async def province_xlsx(request: Request, officer: OfficerDep, period: str) -> Response:
    data = await run_in_threadpool(_province_xlsx, portal_of(request), officer, _period(period))
    return Response(data, media_type="application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet", headers={
                        "Content-Disposition": 'attachment; filename="bao-cao-tinh.xlsx"'})
