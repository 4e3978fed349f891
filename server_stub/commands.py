"""POST /commands: officers' actions from desks, each judged with the shared workflow.

Every command runs in its own transaction, so one refusal never undoes the others.
An applied command's answer is kept under its client id: a resent command gets the
same answer back as a duplicate, and is never applied twice.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, text

from desk_app import payloads
from desk_app.domain import Dossier, Officer, to_dict
from desk_app.protocol import MAX_COMMANDS_PER_BATCH
from desk_app.workflow import Action, WorkflowError
from server_stub import blobs, notify, records, schemas
from server_stub.auth import current_officer, portal_of
from server_stub.bodies import json_object
from server_stub.db import dumps, loads, write_at_commit
from server_stub.errors import bad_request
from server_stub.reference import Reference
from server_stub.state import Portal

log = logging.getLogger("server_stub.commands")
router = APIRouter()

CLOCK_SKEW = timedelta(minutes=10)  # a desk's clock may run a little ahead
CODE_RE = re.compile(r"^(?P<agency>[0-9A-Za-z.]+)-(?P<day>\d{6})-(?P<n>\d{4,6})$")


class Refusal(Exception):
    """Ends one command's transaction (rolled back) with the answer to send."""

    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__(answer.get("code"))
        self.answer = answer


def _answer(client_id: str, outcome: str, version: int | None = None,
            record: dict[str, Any] | None = None, code: str | None = None,
            vi: str | None = None, en: str | None = None) -> dict[str, Any]:
    return {"client_id": client_id, "outcome": outcome, "version": version, "dossier": record,
            "code": code, "vi": vi, "en": en}


def _reject(client_id: str, code: str, vi: str, en: str) -> Refusal:
    return Refusal(_answer(client_id, "rejected", code=code, vi=vi, en=en))


def _check_lease(conn: Connection, cid: str, officer: Officer, d: Dossier) -> None:
    """A desk's new dossier must carry a number from a block leased to its agency."""
    m = CODE_RE.match(d.code)
    if not m or m["agency"] != d.agency_id:
        raise _reject(cid, "bad_code", f"Mã hồ sơ {d.code} không đúng dạng "
                      "{mã đơn vị}-{yyMMdd}-{số}", f"Dossier code {d.code} is malformed")
    if d.agency_id != officer.unit_id:
        raise _reject(cid, "wrong_unit", "Cán bộ không thuộc đơn vị xử lý hồ sơ này",
                      "The officer does not belong to the unit handling this dossier")
    held = conn.execute(
        text("SELECT 1 FROM leases WHERE kind = 'dossier' AND agency_id = :a AND period = :p "
             "AND first_number <= :n AND last_number >= :n"),
        {"a": d.agency_id, "p": m["day"], "n": int(m["n"])}).first()
    if held is None:
        raise _reject(cid, "not_leased",
                      f"Số hồ sơ {d.code} không thuộc khối số đã cấp cho đơn vị",
                      f"Dossier number {d.code} is not in a block leased to the agency")


def _previous(officer: Officer, cmd: dict[str, Any],
              done: tuple[str, str, str, str] | None) -> dict[str, Any] | None:
    """The answer already given to this client id, if any (read under the write lock,
    so two copies of one command sent at once are applied once)."""
    if done is None:
        return None
    if (done[0], done[1], done[2]) != (officer.username, cmd.get("dossier_code"),
                                       cmd.get("action")):
        return _answer(cmd["client_id"], "rejected", code="client_id_reused",
                       vi="Mã lệnh đã được dùng cho một thao tác khác",
                       en="This client_id was used for another command")
    return {**loads(done[3]), "outcome": "duplicate"}


def _one(portal: Portal, officer: Officer, cmd: dict[str, Any],
         ref: Reference) -> tuple[dict[str, Any], Any]:
    """Judge and apply one command; (answer, the id of the notice to send or None)."""
    try:
        return _apply(portal, officer, cmd, ref)
    except Refusal as refusal:
        return refusal.answer, None


def _apply(portal: Portal, officer: Officer, cmd: dict[str, Any],
           ref: Reference) -> tuple[dict[str, Any], Any]:
    cid = cmd["client_id"]
    code = cmd.get("dossier_code")
    base = cmd.get("base_version")
    payload = cmd.get("payload", {})
    try:
        action = Action(cmd.get("action"))
    except ValueError:
        raise _reject(cid, "unknown_action", f"Thao tác không có: {cmd.get('action')!r}",
                      f"Unknown action {cmd.get('action')!r}") from None
    if not isinstance(code, str) or not code or not isinstance(payload, dict) or \
            not isinstance(base, int) or isinstance(base, bool) or base < 0:
        raise _reject(cid, "bad_command", "Lệnh thiếu mã hồ sơ, phiên bản hoặc dữ liệu hợp lệ",
                      "dossier_code, base_version (int) and payload (object) are required")
    try:
        at = payloads.read_datetime(cmd.get("acted_at"), "acted_at")
        # The desk's own clock beside the corrected time it stamped (kept in the log row).
        local_at = (payloads.read_datetime(cmd["local_acted_at"], "local_acted_at")
                    if cmd.get("local_acted_at") is not None else None)
        # Parsed once, here at the boundary: a field this action may not carry, a wrong
        # JSON type or a malformed file reference is refused before anything is read.
        typed = payloads.parse(action.value, payload)
    except WorkflowError as exc:
        raise _reject(cid, exc.code, exc.vi, exc.en) from None
    if at > portal.now() + CLOCK_SKEW:
        raise _reject(cid, "acted_in_future", "Thời điểm thao tác ở tương lai: kiểm tra đồng hồ "
                      "của máy", "acted_at is in the future: check the desk's clock")
    with portal.db.write(f"command:{cid}", f"dossier:{code}") as conn:
        read = records.read_for_command(conn, cid, code)
        previous = _previous(officer, cmd, read.previous)
        if previous is not None:
            raise Refusal(previous)
        found = read.dossier
        if action is Action.SUBMIT:
            draft = _submitted_draft(cid, code, typed)
            if found is None:
                _check_lease(conn, cid, officer, draft)
            current = draft if found is None else found[0]
        elif found is None:
            raise _reject(cid, "not_found", f"Không tìm thấy hồ sơ {code}",
                          f"Dossier {code} not found")
        else:
            current = found[0]
        # A new dossier belongs to the receiving unit; an existing one to the units that
        # received, hold or held it (the workflow refuses those that only held it).
        if (current.agency_id if action is Action.SUBMIT else None) not in (
                officer.unit_id, None) or officer.unit_id not in current.involved:
            raise _reject(cid, "wrong_unit", "Cán bộ không thuộc đơn vị xử lý hồ sơ này",
                          "The officer does not belong to the unit handling this dossier")
        if found is not None and found[0].version != base:
            raise Refusal(_answer(cid, "conflict", found[0].version,
                                  {"dossier": to_dict(found[0]), "log": read.log},
                                  "conflict", "Hồ sơ đã được cập nhật ở nơi khác",
                                  "The dossier was changed elsewhere"))
        shas = records.file_shas(typed.to_wire())
        # Citing a file grants reading it: only files the officer may read already (or
        # just uploaded) may be cited; others are answered like files never uploaded.
        missing = sorted(set(records.missing_blobs(conn, shas)) | set(blobs.not_citable(
            conn, blobs.Principal(officer.username, unit=officer.unit_id), shas)))
        if missing:
            raise _reject(cid, "blob_missing", "Chưa tải lên tệp đính kèm: " + ", ".join(missing),
                          "Files not uploaded yet: " + ", ".join(missing))
        wire = payloads.Submit() if action is Action.SUBMIT else typed
        # Art. 12.1.b: a paper dossier of an applicant with a portal account (perhaps made
        # at this counter) can be tracked online from that account.
        account = _account(conn, current) if action is Action.SUBMIT else None
        try:
            new, record = records.apply_action(conn, ref.calendar(conn), current, action,
                                               officer, at, wire, account,
                                               trust_roots=portal.trust_roots,
                                               local_at=local_at, ref=ref, log=read.log,
                                               at_commit=True)
        except WorkflowError as exc:
            raise _reject(cid, exc.code, exc.vi, exc.en) from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise _reject(cid, "bad_payload", "Dữ liệu kèm theo thao tác không hợp lệ",
                          f"The payload is invalid ({type(exc).__name__})") from None
        # Art. 12.2-12.3: the applicant's notice is recorded with the action itself.
        notice = notify.record(conn, portal, new, action, typed, ref=ref)
        answer = _answer(cid, "applied", new.version, record)
        write_at_commit(conn, "INSERT INTO commands (client_id, username, dossier_code, "
                        "action, answer, created_at) VALUES (:c, :u, :d, :a, :ans, :t)",
                        {"c": cid, "u": officer.username, "d": code, "a": action.value,
                         "ans": dumps(answer), "t": portal.now().isoformat()})
    return answer, notice


def _account(conn: Connection, d: Dossier) -> str | None:
    wanted = d.applicant.portal_account.strip().lower()
    if wanted and conn.execute(text("SELECT 1 FROM citizens WHERE account = :a AND "
                                    "verified = 1"), {"a": wanted}).first():
        return wanted
    return None


def _submitted_draft(cid: str, code: str, typed: payloads.Payload) -> Dossier:
    """The applicant's part of a dossier taken in at a desk. What the portal owns (status,
    times, log, apologies, results, register and receipt numbers) is never read from
    the desk: `payloads.Submit` reads the applicant's fields only."""
    draft = getattr(typed, "dossier", None)
    if draft is None:
        raise _reject(cid, "bad_payload", "Thiếu dữ liệu hồ sơ khi đăng ký",
                      "payload.dossier is missing")
    if draft.code != code:
        raise _reject(cid, "bad_payload", "Mã hồ sơ trong lệnh và trong dữ liệu khác nhau",
                      "dossier_code and payload.dossier.code differ")
    return draft


def _run(portal: Portal, officer: Officer, commands: list[dict[str, Any]]) -> dict[str, Any]:
    results = []
    ref = Reference(portal.reference)  # units, procedures, officers, days off
    for cmd in commands:
        answer, notice = _one(portal, officer, cmd, ref)
        results.append(answer)
        notify.dispatch(portal, notice)
    notify.retry_due(portal)  # notices whose e-mail failed earlier
    applied = sum(r["outcome"] == "applied" for r in results)
    log.info("officer %r sent %d commands, %d applied", officer.username, len(results), applied)
    return {"results": results}


@router.post("/commands", openapi_extra=schemas.COMMANDS)
async def commands(request: Request,
                   officer: Annotated[Officer, Depends(current_officer)]) -> dict[str, Any]:
    body = await json_object(request)
    batch = body.get("commands")
    if not isinstance(batch, list):
        raise bad_request("bad_field", "Trường “commands” phải là một danh sách",
                          "Field 'commands' must be a list")
    if len(batch) > MAX_COMMANDS_PER_BATCH:
        raise bad_request("too_many_commands",
                          f"Mỗi lần gửi tối đa {MAX_COMMANDS_PER_BATCH} lệnh",
                          f"At most {MAX_COMMANDS_PER_BATCH} commands per batch")
    for i, cmd in enumerate(batch):
        if not isinstance(cmd, dict) or not isinstance(cmd.get("client_id"), str) \
                or not 0 < len(cmd["client_id"]) <= 100:
            raise bad_request("bad_command", f"Lệnh thứ {i + 1} không có mã lệnh (client_id)",
                              f"Command {i + 1} has no client_id")
    return await run_in_threadpool(_run, portal_of(request), officer, batch)
