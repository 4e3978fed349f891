"""Applicants' portal accounts (Art. 10): register and verify by e-mail, sign in;
unverified registrations are deleted after 7 days; a desk officer can open a verified
account for a walk-in applicant (Art. 12.1.b)."""

from __future__ import annotations

import logging
import re
import secrets
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, text

from desk_app.domain import ApplicantKind, Role
from server_stub import notify, schemas
from server_stub.auth import (
    attempt,
    client_address,
    issue,
    optional_officer,
    portal_of,
    require_role,
    succeeded,
)
from server_stub.bodies import json_object, text_field
from server_stub.db import dumps, get_meta, loads, set_meta
from server_stub.errors import PortalError, bad_request
from server_stub.mail import verification_mail
from server_stub.passwords import burn_time, hash_password, keyed_hash, token_hash, verify_password
from server_stub.state import Portal

log = logging.getLogger("server_stub.citizen")
router = APIRouter(prefix="/citizen")
UNVERIFIED_KEPT = timedelta(days=7)  # Art. 10: unverified registrations deleted after 7 days
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def purge_unverified(conn: Connection, portal: Portal) -> int:
    cutoff = portal.epoch() - int(UNVERIFIED_KEPT.total_seconds())
    result = conn.execute(text("DELETE FROM citizens WHERE verified = 0 AND created_at < :c"),
                          {"c": cutoff})
    return int(result.rowcount or 0)


def _code_key(conn: Connection) -> bytes:
    """The portal's own secret for verification codes, made once and kept in the database:
    a six-digit code under plain SHA-256 falls to a million guesses from a stolen copy."""
    key = get_meta(conn, "verify_code_key")
    if key is None:
        key = secrets.token_hex(32)
        set_meta(conn, "verify_code_key", key)
    return bytes.fromhex(key)


def code_hash(conn: Connection, account: str, code: str) -> str:
    return "hmac$" + keyed_hash(_code_key(conn), f"{account}\n{code}")


def _wrong(vi: str, en: str) -> PortalError:
    return PortalError(409, "conflict", vi, en)


# --- accounts -----------------------------------------------------------------------


def _register(portal: Portal, body: dict[str, Any], by_officer: bool) -> dict[str, Any]:
    email = text_field(body, "email", 200).lower()
    if not EMAIL_RE.match(email):
        raise bad_request("bad_email", "Địa chỉ thư điện tử không hợp lệ", "Invalid e-mail")
    name = text_field(body, "full_name", 200)
    password = text_field(body, "password", 200, required=not by_officer, strip=False)
    if password and len(password) < 8:
        raise bad_request("weak_password", "Mật khẩu phải có ít nhất 8 ký tự",
                          "The password needs at least 8 characters")
    issued_password = ""
    if not password:  # Art. 12.1.b: the desk hands a first password to the walk-in applicant
        issued_password = password = secrets.token_urlsafe(9)
    data = {"account": email, "full_name": name, "email": email,
            "phone": text_field(body, "phone", 30, required=False),
            "id_number": text_field(body, "id_number", 30, required=False),
            "address": text_field(body, "address", 300, required=False),
            "kind": body.get("kind") if body.get("kind") in {k.value for k in ApplicantKind}
            else ApplicantKind.CITIZEN.value}
    code = f"{secrets.randbelow(10**6):06d}"
    hashed = hash_password(password)
    with portal.db.write() as conn:
        verify_hash = "" if by_officer else code_hash(conn, email, code)
        purge_unverified(conn, portal)
        if conn.execute(text("SELECT 1 FROM citizens WHERE account = :a"), {"a": email}).first():
            raise _wrong("Địa chỉ thư điện tử này đã được đăng ký",
                         "This e-mail address is already registered")
        conn.execute(text("INSERT INTO citizens (account, password_hash, data, verified, "
                          "verify_hash, created_at) VALUES (:a, :h, :d, :v, :vh, :t)"),
                     {"a": email, "h": hashed, "d": dumps(data), "v": int(by_officer),
                      "vh": verify_hash, "t": portal.epoch()})
    if not by_officer:
        notify.send(portal, verification_mail(email, name, code))
    answer: dict[str, Any] = {"account": email, "verified": by_officer}
    if issued_password:
        answer["initial_password"] = issued_password
    return answer


@router.post("/accounts", status_code=201, openapi_extra=schemas.ACCOUNT)
async def register(request: Request) -> dict[str, Any]:
    """Register online (verify by the code mailed), or — with a desk officer's token — an
    account made at the counter for a walk-in applicant, verified at once (Art. 12.1.b)."""
    officer = await run_in_threadpool(optional_officer, request)
    if officer is not None:
        require_role(officer, Role.DESK)
    body = await json_object(request)
    answer = await run_in_threadpool(_register, portal_of(request), body, officer is not None)
    if officer is not None:
        log.info("officer %r created a verified account", officer.username)
    return answer


def _verify(portal: Portal, client: str, account: str, code: str) -> dict[str, Any]:
    subject = f"verify:{account}"
    with portal.db.write() as conn:
        purge_unverified(conn, portal)
        attempt(conn, portal, client, subject)
        row = conn.execute(text("SELECT verify_hash, verified FROM citizens WHERE account = :a"),
                           {"a": account}).first()
        if row is not None and row[1]:
            succeeded(conn, client, subject)
            return {"account": account, "verified": True}
        # Codes mailed before keyed hashes (plain SHA-256) stay good for their 7 days.
        expected = (code_hash(conn, account, code) if str(row[0]).startswith("hmac$")
                    else token_hash(code)) if row is not None else ""
        if row is None or not row[0] or not secrets.compare_digest(row[0], expected):
            failed = True
        else:
            succeeded(conn, client, subject)
            conn.execute(text("UPDATE citizens SET verified = 1, verify_hash = '' "
                              "WHERE account = :a"), {"a": account})
            failed = False
    if failed:
        raise bad_request("bad_code", "Mã xác thực không đúng hoặc tài khoản không còn",
                          "Wrong verification code, or no such account")
    return {"account": account, "verified": True}


@router.post("/accounts/verify", openapi_extra=schemas.VERIFY)
async def verify(request: Request) -> dict[str, Any]:
    body = await json_object(request)
    account = text_field(body, "account", 200).lower()
    code = text_field(body, "code", 20)
    return await run_in_threadpool(_verify, portal_of(request), client_address(request),
                                   account, code)


def _login(portal: Portal, client: str, account: str, password: str) -> dict[str, Any]:
    subject = f"citizen:{account}"
    with portal.db.write() as conn:
        purge_unverified(conn, portal)
        attempt(conn, portal, client, subject)
        row = conn.execute(text("SELECT password_hash, verified, data FROM citizens "
                                "WHERE account = :a"), {"a": account}).first()
    ok = verify_password(password, row[0]) if row is not None else burn_time(password) or False
    if ok:
        with portal.db.write() as conn:
            succeeded(conn, client, subject)
            if row[1]:
                token = issue(conn, portal, "citizen", account, portal.token_ttl,
                              secrets.token_hex(16))
    if not ok:
        raise PortalError(401, "bad_credentials", "Tài khoản hoặc mật khẩu không đúng",
                          "Wrong account or password")
    if not row[1]:
        raise PortalError(403, "not_verified", "Tài khoản chưa được xác thực",
                          "The account is not verified yet")
    from server_stub.accounts import refuse_inactive

    refuse_inactive(loads(row[2]))  # Art. 10.3: a suspended account cannot sign in
    return {"access_token": token, "token_type": "bearer", "expires_in": portal.token_ttl,
            "account": loads(row[2])}


@router.post("/auth/token", openapi_extra=schemas.CITIZEN_TOKEN)
async def citizen_token(request: Request) -> dict[str, Any]:
    body = await json_object(request)
    account = text_field(body, "account", 200).lower()
    password = text_field(body, "password", 200, strip=False)
    return await run_in_threadpool(_login, portal_of(request), client_address(request),
                                   account, password)
