"""Applicants' accounts after registration (Art. 10.2-10.3): changed by their owner,
suspended, cancelled and re-activated by the province office with a reason, all logged.

- `PATCH /citizen/account` (the applicant): name, phone, address, ID number; a new e-mail
  address is verified again (a code is mailed to it) before it replaces the old one.
- `POST /citizen/account/verify-email` (the applicant): the code from that mail.
- `POST /accounts/{account}/suspend|cancel|reactivate` (province office, with a reason).
  A suspended or cancelled account can neither sign in nor submit: its sessions end at
  once, and `auth.current_citizen` refuses it.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, text

from desk_app.domain import Officer, Role
from server_stub import notify
from server_stub.auth import (
    CitizenPrincipal,
    current_citizen,
    current_officer,
    portal_of,
    require_role,
)
from server_stub.bodies import json_object, text_field
from server_stub.citizen import EMAIL_RE, code_hash
from server_stub.db import dumps, loads
from server_stub.errors import PortalError, bad_request, not_found
from server_stub.mail import verification_mail
from server_stub.state import Portal

router = APIRouter()
Citizen = Annotated[CitizenPrincipal, Depends(current_citizen)]
ACTIVE, SUSPENDED, CANCELLED = "active", "suspended", "cancelled"
STATUS_VI = {ACTIVE: "đang hoạt động", SUSPENDED: "tạm khóa", CANCELLED: "đã hủy"}
# Which status each province action leads to, and from which it may start.
MOVES = {"suspend": ({ACTIVE}, SUSPENDED), "cancel": ({ACTIVE, SUSPENDED}, CANCELLED),
         "reactivate": ({SUSPENDED, CANCELLED}, ACTIVE)}
EDITABLE = {"full_name": 200, "phone": 30, "address": 300, "id_number": 30}


def status_of(data: dict[str, Any]) -> str:
    return str(data.get("status", ACTIVE))


def refuse_inactive(data: dict[str, Any]) -> None:
    """Art. 10.3: a suspended or cancelled account may not sign in or act."""
    status = status_of(data)
    if status != ACTIVE:
        raise PortalError(403, f"account_{status}",
                          f"Tài khoản {STATUS_VI.get(status, status)}: liên hệ Văn phòng "
                          "UBND tỉnh để được hướng dẫn",
                          f"The account is {status}")


def _log(conn: Connection, portal: Portal, account: str, action: str, by: str,
         reason: str) -> None:
    conn.execute(text("INSERT INTO account_events (account, action, actor, reason, at) "
                      "VALUES (:a, :x, :b, :r, :t)"),
                 {"a": account, "x": action, "b": by, "r": reason,
                  "t": portal.now().isoformat()})


def _load(conn: Connection, account: str) -> dict[str, Any]:
    row = conn.execute(text("SELECT data FROM citizens WHERE account = :a AND verified = 1"),
                       {"a": account}).first()
    if row is None:
        raise not_found("Không có tài khoản này", "No such account")
    return loads(row[0])


def _save(conn: Connection, account: str, data: dict[str, Any], verify_hash: str | None = None
          ) -> None:
    sql = "UPDATE citizens SET data = :d" + (", verify_hash = :h" if verify_hash is not None
                                             else "") + " WHERE account = :a"
    conn.execute(text(sql), {"d": dumps(data), "h": verify_hash, "a": account})


def _change(portal: Portal, account: str, body: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(body) - set(EDITABLE) - {"email"})
    if unknown:
        raise bad_request("field_not_allowed", "Không được đổi trường: " + ", ".join(unknown),
                          "These fields cannot be changed: " + ", ".join(unknown))
    changes = {k: text_field(body, k, n, required=k == "full_name") for k, n in EDITABLE.items()
               if k in body}
    new_email = text_field(body, "email", 200).lower() if "email" in body else ""
    if new_email and not EMAIL_RE.match(new_email):
        raise bad_request("bad_email", "Địa chỉ thư điện tử không hợp lệ", "Invalid e-mail")
    code = f"{secrets.randbelow(10**6):06d}"
    with portal.db.write() as conn:
        data = _load(conn, account)
        refuse_inactive(data)
        data.update(changes)
        verify = None
        if new_email and new_email != data.get("email"):
            # Art. 10.2: a new address is verified again before it is used.
            data["pending_email"] = new_email
            verify = code_hash(conn, f"email:{account}:{new_email}", code)
        _save(conn, account, data, verify)
        _log(conn, portal, account, "change", account,
             ", ".join(sorted([*changes, *(["email"] if verify else [])])))
    if verify:
        notify.send(portal, verification_mail(new_email, data["full_name"], code))
    return {k: v for k, v in data.items() if k != "status"} | {"status": status_of(data)}


def _verify_email(portal: Portal, account: str, code: str) -> dict[str, Any]:
    with portal.db.write() as conn:
        data = _load(conn, account)
        pending = data.get("pending_email", "")
        row = conn.execute(text("SELECT verify_hash FROM citizens WHERE account = :a"),
                           {"a": account}).first()
        expected = code_hash(conn, f"email:{account}:{pending}", code) if pending else ""
        if not pending or row is None or not secrets.compare_digest(row[0] or "", expected):
            raise bad_request("bad_code", "Mã xác thực không đúng", "Wrong verification code")
        data["email"] = data.pop("pending_email")
        _save(conn, account, data, "")
        _log(conn, portal, account, "email_verified", account, data["email"])
    return data


@router.patch("/citizen/account")
async def change(request: Request, who: Citizen) -> dict[str, Any]:
    body = await json_object(request)
    return await run_in_threadpool(_change, portal_of(request), who.account, body)


@router.post("/citizen/account/verify-email")
async def verify_email(request: Request, who: Citizen) -> dict[str, Any]:
    code = text_field(await json_object(request), "code", 20)
    return await run_in_threadpool(_verify_email, portal_of(request), who.account, code)


def _move(portal: Portal, officer: Officer, account: str, action: str, reason: str
          ) -> dict[str, Any]:
    sources, target = MOVES[action]
    with portal.db.write() as conn:
        data = _load(conn, account)
        if status_of(data) not in sources:
            raise PortalError(409, "wrong_status",
                              f"Tài khoản đang {STATUS_VI[status_of(data)]}: không thể "
                              "thực hiện thao tác này", f"The account is {status_of(data)}")
        data["status"] = target
        _save(conn, account, data)
        if target != ACTIVE:  # its sessions end now
            conn.execute(text("DELETE FROM tokens WHERE kind = 'citizen' AND subject = :a"),
                         {"a": account})
        _log(conn, portal, account, action, officer.username, reason)
    return {"account": account, "status": target}


def _events(conn: Connection, account: str) -> list[dict[str, Any]]:
    rows = conn.execute(text("SELECT action, actor, reason, at FROM account_events WHERE "
                             "account = :a ORDER BY id"), {"a": account}).all()
    return [{"action": r[0], "by": r[1], "reason": r[2], "at": r[3]} for r in rows]


Province = Annotated[Officer, Depends(current_officer)]


@router.post("/accounts/{account}/{action}")
async def move(request: Request, account: str, action: str, officer: Province
               ) -> dict[str, Any]:
    require_role(officer, Role.PROVINCE)
    if action not in MOVES:
        raise not_found("Không có thao tác này", "No such action")
    reason = text_field(await json_object(request), "reason", 500)
    return await run_in_threadpool(_move, portal_of(request), officer, account.lower(),
                                   action, reason)


@router.get("/accounts/{account}/events")
def events(request: Request, account: str, officer: Province) -> list[dict[str, Any]]:
    require_role(officer, Role.PROVINCE)
    with portal_of(request).db.read() as conn:
        return _events(conn, account.lower())
