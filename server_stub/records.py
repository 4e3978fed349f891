"""Reading and writing the portal's records; every write also appends to the change feed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from desk_app import workflow
from desk_app.calendar import CalendarOverride, OverrideKind, WorkCalendar
from desk_app.domain import (
    Dossier,
    LogRow,
    Officer,
    Procedure,
    Role,
    Unit,
    dossier_from_dict,
    log_row_from_dict,
    officer_from_dict,
    procedure_from_dict,
    to_dict,
    unit_from_dict,
)
from desk_app.payloads import Payload, parse
from server_stub.db import add_change, dumps, loads, write_at_commit

if TYPE_CHECKING:
    from server_stub.reference import Reference


def get_unit(conn: Connection, agency_id: str) -> Unit | None:
    row = conn.execute(text("SELECT data FROM units WHERE agency_id = :a"),
                       {"a": agency_id}).first()
    return unit_from_dict(loads(row[0])) if row else None


def units(conn: Connection) -> list[Unit]:
    rows = conn.execute(text("SELECT data FROM units ORDER BY agency_id")).all()
    return [unit_from_dict(loads(r[0])) for r in rows]


def put_unit(conn: Connection, unit: Unit) -> None:
    data = to_dict(unit)
    conn.execute(text("INSERT INTO units (agency_id, data) VALUES (:a, :d) "
                      "ON CONFLICT (agency_id) DO UPDATE SET data = excluded.data"),
                 {"a": unit.agency_id, "d": dumps(data)})
    # Every desk learns every unit (a transfer names one; units are public), and a unit's
    # new hours reach every desk that computes its deadlines.
    add_change(conn, None, "unit", unit.agency_id, data)


def get_procedure(conn: Connection, code: str, agency_id: str) -> Procedure | None:
    row = conn.execute(text("SELECT data FROM procedures WHERE code = :c AND agency_id = :a"),
                       {"c": code, "a": agency_id}).first()
    return procedure_from_dict(loads(row[0])) if row else None


def procedures(conn: Connection, agency_id: str | None = None) -> list[Procedure]:
    sql = "SELECT data FROM procedures"
    params: dict[str, Any] = {}
    if agency_id:
        sql += " WHERE agency_id = :a"
        params["a"] = agency_id
    rows = conn.execute(text(sql + " ORDER BY agency_id, code"), params).all()
    return [procedure_from_dict(loads(r[0])) for r in rows]


def put_procedure(conn: Connection, p: Procedure) -> None:
    data = to_dict(p)
    conn.execute(
        text("INSERT INTO procedures (code, agency_id, name, data) VALUES (:c, :a, :n, :d) "
             "ON CONFLICT (code, agency_id) DO UPDATE SET name = excluded.name, "
             "data = excluded.data"),
        {"c": p.code, "a": p.agency_id, "n": p.name, "d": dumps(data)})
    # The deciding unit, and every unit that may receive it (Decree 118/2025) or has a
    # part in it (liên thông), mirror the procedure.
    for agency_id in procedure_audience(conn, p):
        add_change(conn, agency_id, "procedure", f"{p.code}@{p.agency_id}", data)


def procedure_audience(conn: Connection, p: Procedure) -> list[str]:
    from desk_app.linked import may_receive

    parts = {part.agency_id for part in p.parts}
    return [p.agency_id, *(u.agency_id for u in units(conn) if u.agency_id != p.agency_id
                           and (u.agency_id in parts or may_receive(u, p)))]


def get_officer(conn: Connection, username: str) -> Officer | None:
    row = conn.execute(text("SELECT data FROM officers WHERE username = :u AND active = 1"),
                       {"u": username}).first()
    return officer_from_dict(loads(row[0])) if row else None


def officers(conn: Connection, agency_id: str) -> list[Officer]:
    rows = conn.execute(text("SELECT data FROM officers WHERE unit_id = :a AND active = 1 "
                             "ORDER BY username"), {"a": agency_id}).all()
    return [officer_from_dict(loads(r[0])) for r in rows]


def put_officer(conn: Connection, officer: Officer, password_hash: str) -> None:
    conn.execute(
        text("INSERT INTO officers (username, unit_id, data, password_hash, active) "
             "VALUES (:u, :a, :d, :h, 1) ON CONFLICT (username) DO UPDATE SET "
             "unit_id = excluded.unit_id, data = excluded.data, "
             "password_hash = excluded.password_hash"),
        {"u": officer.username, "a": officer.unit_id, "d": dumps(to_dict(officer)),
         "h": password_hash})


def calendar_of(conn: Connection, unit: Unit | None = None) -> WorkCalendar:
    """The unit's calendar (its own session hours) with the announced days off."""
    rows = conn.execute(text("SELECT day, kind, note FROM calendar_overrides")).all()
    return WorkCalendar.for_unit(unit, (
        CalendarOverride(datetime.fromisoformat(r[0]).date(), OverrideKind(r[1]), r[2])
        for r in rows))


def get_dossier(conn: Connection, code: str) -> tuple[Dossier, str] | None:
    """The dossier and the portal account of the applicant who owns it ('' if none)."""
    row = conn.execute(text("SELECT data, account FROM dossiers WHERE code = :c"),
                       {"c": code}).first()
    return (dossier_from_dict(loads(row[0])), row[1]) if row else None


# One round trip for what a command reads first: the answer already given to its client
# id, the dossier (with its owner's account) and its log, each row tagged by kind.
_COMMAND_READ = text(
    "SELECT 'c' AS kind, 0 AS n, answer AS a, username AS b, dossier_code AS c, action AS d "
    "FROM commands WHERE client_id = :cid "
    "UNION ALL SELECT 'd', 0, data, account, NULL, NULL FROM dossiers WHERE code = :code "
    "UNION ALL SELECT 'l', seq, data, NULL, NULL, NULL FROM dossier_log "
    "WHERE dossier_code = :code ORDER BY kind, n")


@dataclass(frozen=True)
class CommandRead:
    previous: tuple[str, str, str, str] | None  # (username, dossier_code, action, answer)
    dossier: tuple[Dossier, str] | None  # as get_dossier
    log: list[dict[str, Any]]  # the log rows as stored (the wire form), in order


def read_for_command(conn: Connection, client_id: str, code: str) -> CommandRead:
    previous, found, log = None, None, []
    for kind, _n, a, b, c, d in conn.execute(_COMMAND_READ, {"cid": client_id, "code": code}):
        if kind == "c":
            previous = (b, c, d, a)
        elif kind == "d":
            found = (dossier_from_dict(loads(a)), b)
        else:
            log.append(loads(a))
    return CommandRead(previous, found, log)


def log_rows(conn: Connection, code: str) -> list[LogRow]:
    rows = conn.execute(text("SELECT data FROM dossier_log WHERE dossier_code = :c ORDER BY seq"),
                        {"c": code}).all()
    return [log_row_from_dict(loads(r[0])) for r in rows]


def record_of(conn: Connection, code: str) -> dict[str, Any] | None:
    """The portal's whole record of a dossier, as the feed and the commands send it."""
    found = get_dossier(conn, code)
    if found is None:
        return None
    return {"dossier": to_dict(found[0]), "log": [to_dict(r) for r in log_rows(conn, code)]}


_UPSERT_DOSSIER = (
    "INSERT INTO dossiers (code, agency_id, status, version, data) "
    "VALUES (:c, :a, :s, :v, :d) ON CONFLICT (code) DO UPDATE SET "
    "agency_id = excluded.agency_id, status = excluded.status, "
    "version = excluded.version, data = excluded.data")
_UPSERT_DOSSIER_WITH_ACCOUNT = (
    "INSERT INTO dossiers (code, agency_id, status, version, account, data) "
    "VALUES (:c, :a, :s, :v, :acc, :d) ON CONFLICT (code) DO UPDATE SET "
    "agency_id = excluded.agency_id, status = excluded.status, "
    "version = excluded.version, account = excluded.account, data = excluded.data")
_INSERT_LOG_ROW = "INSERT INTO dossier_log (dossier_code, seq, data) VALUES (:c, :s, :d)"


def save_dossier(conn: Connection, dossier: Dossier, row: LogRow | None,
                 account: str | None = None,
                 log_before: list[dict[str, Any]] | None = None,
                 at_commit: bool = False) -> dict[str, Any]:
    """Store the dossier and its new log row, append the change; the record.
    `log_before`: the dossier's log (wire form) as read in this transaction before `row`
    (saves reading the record back). `at_commit`: nothing later in the transaction reads the
    dossier, so its writes may go with the commit (`db.write_at_commit`)."""
    data = to_dict(dossier)
    params = {"c": dossier.code, "a": dossier.agency_id,
              "s": dossier.status.value if dossier.status else None,
              "v": dossier.version, "d": dumps(data)}
    run = write_at_commit if at_commit else (
        lambda c, sql, values: c.execute(text(sql), values))
    if account is None:
        run(conn, _UPSERT_DOSSIER, params)
    else:
        run(conn, _UPSERT_DOSSIER_WITH_ACCOUNT, {**params, "acc": account})
    if row is not None:
        run(conn, _INSERT_LOG_ROW, {"c": dossier.code, "s": row.seq, "d": dumps(to_dict(row))})
    if log_before is None:
        record = record_of(conn, dossier.code)
        assert record is not None
    else:
        record = {"dossier": data,
                  "log": [*log_before, to_dict(row)] if row is not None else log_before}
    # Liên thông: every unit that received, holds or held it sees it in its feed.
    for agency_id in dossier.involved:
        add_change(conn, agency_id, "dossier", dossier.code, record)
    return record


def apply_action(
    conn: Connection,
    calendar: WorkCalendar,
    dossier: Dossier,
    action: workflow.Action,
    actor: Officer | Role,
    at: datetime,
    payload: Payload | Mapping[str, Any] | None = None,
    account: str | None = None,
    trust_roots: list | None = None,
    local_at: datetime | None = None,
    ref: Reference | None = None,
    log: list[dict[str, Any]] | None = None,
    at_commit: bool = False,
) -> tuple[Dossier, dict[str, Any]]:
    """Judge and apply one action with the shared workflow table; store it. Raises
    `workflow.WorkflowError` (nothing is written then). `ref`: the batch's reference
    data; `log`: the dossier's log read under its write lock (both read when not given);
    `at_commit`: as for `save_dossier` (one action in this transaction, nothing after it
    reads the dossier)."""
    from server_stub.reference import Reference

    ref = ref or Reference()
    unit = ref.unit(conn, dossier.holder)  # the unit acting on it now
    procedure = ref.procedure(conn, dossier.procedure_code, dossier.deciding_id)
    if unit is None or procedure is None:
        raise workflow.WorkflowError(
            "unknown_procedure",
            f"Đơn vị {dossier.agency_id} không thực hiện thủ tục {dossier.procedure_code}",
            f"Agency {dossier.agency_id} does not offer procedure {dossier.procedure_code}")
    from server_stub.signatures import make_check

    ctx = workflow.Context(
        procedure, unit, WorkCalendar.for_unit(unit, calendar.overrides.values()),
        officers=ref.officers(conn, unit.agency_id), units=ref.units(conn),
        workload=workload(conn, unit.agency_id) if action is workflow.Action.RECEIVE else {},
        check_result=make_check(lambda sha: load_blob(conn, sha), procedure, trust_roots or []))
    if log is None:
        log = [to_dict(r) for r in log_rows(conn, dossier.code)]  # under its write lock
    seq = int(log[-1]["seq"]) + 1 if log else 1
    if action is workflow.Action.RECEIVE:
        payload = _receipt_line(conn, unit.agency_id, at, parse(action.value, payload))
    new, row = workflow.apply(dossier, action, actor, at, ctx, payload, seq, local_at=local_at)
    return new, save_dossier(conn, new, row, account, log_before=log, at_commit=at_commit)


def _receipt_line(conn: Connection, agency_id: str, at: datetime, p: Payload) -> Payload:
    """Form 01's line in the unit's receipt register: a desk's must come from a block
    leased to the unit for the year; without one (received on the portal, or a desk
    with no block left) the portal numbers it here."""
    from dataclasses import replace

    from server_stub import leases

    line = getattr(p, "receipt_line", 0)
    if not line:
        first, _ = leases.allocate(conn, leases.RECEIPT, agency_id, str(at.year), 1, "portal",
                                   at)
        return replace(p, receipt_line=first)  # type: ignore[type-var]
    held = conn.execute(text(
        "SELECT 1 FROM leases WHERE kind = 'receipt' AND agency_id = :a AND period = :p AND "
        "first_number <= :n AND last_number >= :n"),
        {"a": agency_id, "p": str(at.year), "n": line}).first()
    if held is None:
        raise workflow.WorkflowError(
            "not_leased", f"Số tiếp nhận {line} không thuộc khối số đã cấp cho đơn vị",
            f"Receipt number {line} is not in a block leased to the agency")
    return p


def workload(conn: Connection, agency_id: str) -> dict[str, int]:
    """Open dossiers per assigned officer of a unit (for routing a new one)."""
    counts: dict[str, int] = {}
    rows = conn.execute(text("SELECT data FROM dossiers WHERE agency_id = :a AND status = "
                             "'in_process'"), {"a": agency_id}).all()
    for r in rows:
        who = loads(r[0]).get("assigned_to", "")
        if who:
            counts[who] = counts.get(who, 0) + 1
    return counts


def missing_blobs(conn: Connection, shas: Iterable[str]) -> list[str]:
    wanted = sorted(set(shas))
    if not wanted:
        return []
    have = set()
    for sha in wanted:
        if conn.execute(text("SELECT 1 FROM blobs WHERE sha256 = :s"), {"s": sha}).first():
            have.add(sha)
    return [s for s in wanted if s not in have]


def load_blob(conn: Connection, sha: str) -> bytes | None:
    row = conn.execute(text("SELECT data FROM blobs WHERE sha256 = :s"), {"s": sha}).first()
    return bytes(row[0]) if row else None


def file_shas(value: Any) -> list[str]:
    """Every FileRef hash inside a JSON payload (components, results, supplements)."""
    found: list[str] = []
    if isinstance(value, dict):
        if isinstance(value.get("sha256"), str) and "filename" in value:
            found.append(value["sha256"])
        for v in value.values():
            found += file_shas(v)
    elif isinstance(value, list):
        for v in value:
            found += file_shas(v)
    return found
