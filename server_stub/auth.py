"""Officers' sign-in, bearer tokens that expire, and the checks every request passes.

Tokens are random, stored only as hashes, carried in the Authorization header (never
in a URL: access logs keep URLs). Repeated failed sign-ins lock the account for a
growing while (answered 429 with Retry-After).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, text

from desk_app.domain import Officer, Role, to_dict
from server_stub import records, schemas
from server_stub.bodies import json_object, text_field
from server_stub.db import loads
from server_stub.errors import PortalError, forbidden, unauthorized
from server_stub.passwords import burn_time, new_token, token_hash, verify_password
from server_stub.state import Portal

log = logging.getLogger("server_stub.auth")
router = APIRouter()

FREE_FAILURES = 4  # after this many failures in a row, each try waits longer
MAX_LOCK = 15 * 60


def portal_of(request: Request) -> Portal:
    return request.app.state.portal


@dataclass(frozen=True)
class CitizenPrincipal:
    account: str
    data: dict[str, Any]


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized()
    return token.strip()


def _subject(conn: Connection, portal: Portal, token: str, kind: str) -> str | None:
    row = conn.execute(text("SELECT subject, expires_at FROM tokens WHERE token_hash = :h "
                            "AND kind = :k"), {"h": token_hash(token), "k": kind}).first()
    if row is None or int(row[1]) <= portal.epoch():
        return None
    return str(row[0])


def current_officer(request: Request) -> Officer:
    portal = portal_of(request)
    token = _bearer(request)
    with portal.db.read() as conn:
        username = _subject(conn, portal, token, "access")
        officer = records.get_officer(conn, username) if username else None
    if officer is None:
        raise unauthorized()
    return officer


def current_citizen(request: Request) -> CitizenPrincipal:
    portal = portal_of(request)
    token = _bearer(request)
    with portal.db.read() as conn:
        account = _subject(conn, portal, token, "citizen")
        row = conn.execute(text("SELECT data FROM citizens WHERE account = :a AND verified = 1"),
                           {"a": account}).first() if account else None
    if row is None or account is None:
        raise unauthorized()
    return CitizenPrincipal(account, loads(row[0]))


def optional_officer(request: Request) -> Officer | None:
    return current_officer(request) if request.headers.get("authorization") else None


def require_role(officer: Officer, *roles: Role) -> None:
    if not any(officer.has(r) for r in roles):
        raise forbidden("wrong_role", "Vai trò của cán bộ không được thực hiện thao tác này",
                        "The officer's role does not allow this")


def require_unit(officer: Officer, agency_id: str) -> None:
    if officer.unit_id != agency_id:
        raise forbidden("wrong_unit", "Cán bộ không thuộc đơn vị xử lý hồ sơ này",
                        "The officer does not belong to the unit handling this dossier")


# --- throttling ---------------------------------------------------------------------


def check_throttle(conn: Connection, portal: Portal, subject: str) -> None:
    row = conn.execute(text("SELECT failures, last_at FROM login_failures WHERE subject = :s"),
                       {"s": subject}).first()
    if row is None or int(row[0]) < FREE_FAILURES:
        return
    wait = min(2 ** (int(row[0]) - FREE_FAILURES) * 5, MAX_LOCK)
    left = int(row[1]) + wait - portal.epoch()
    if left > 0:
        raise PortalError(
            429, "too_many_attempts",
            f"Đăng nhập sai nhiều lần; vui lòng thử lại sau {left} giây",
            f"Too many failed sign-ins; try again in {left} seconds",
            {"Retry-After": str(left)})


def record_failure(conn: Connection, portal: Portal, subject: str) -> None:
    conn.execute(
        text("INSERT INTO login_failures (subject, failures, last_at) VALUES (:s, 1, :t) "
             "ON CONFLICT (subject) DO UPDATE SET failures = login_failures.failures + 1, "
             "last_at = excluded.last_at"), {"s": subject, "t": portal.epoch()})


def clear_failures(conn: Connection, subject: str) -> None:
    conn.execute(text("DELETE FROM login_failures WHERE subject = :s"), {"s": subject})


def issue(conn: Connection, portal: Portal, kind: str, subject: str, ttl: int) -> str:
    token = new_token()
    now = portal.epoch()
    conn.execute(text("DELETE FROM tokens WHERE expires_at <= :t"), {"t": now})
    conn.execute(text("INSERT INTO tokens (token_hash, kind, subject, expires_at) "
                      "VALUES (:h, :k, :s, :e)"),
                 {"h": token_hash(token), "k": kind, "s": subject, "e": now + ttl})
    return token


def _grant(conn: Connection, portal: Portal, officer: Officer) -> dict[str, Any]:
    unit = records.get_unit(conn, officer.unit_id)
    return {
        "access_token": issue(conn, portal, "access", officer.username, portal.token_ttl),
        "token_type": "bearer",
        "expires_in": portal.token_ttl,
        "refresh_token": issue(conn, portal, "refresh", officer.username, portal.refresh_ttl),
        "officer": to_dict(officer),
        "unit": to_dict(unit) if unit else None,
    }


def _bad_login() -> PortalError:
    return PortalError(401, "bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng",
                       "Wrong username or password")


def _login(portal: Portal, username: str, password: str) -> dict[str, Any]:
    subject = f"officer:{username}"
    with portal.db.read() as conn:
        check_throttle(conn, portal, subject)
        row = conn.execute(text("SELECT password_hash FROM officers WHERE username = :u "
                                "AND active = 1"), {"u": username}).first()
    if row is not None:
        ok = verify_password(password, row[0])
    else:
        burn_time(password)
        ok = False
    with portal.db.write() as conn:
        if not ok:
            record_failure(conn, portal, subject)
        else:
            clear_failures(conn, subject)
            officer = records.get_officer(conn, username)
            assert officer is not None
            grant = _grant(conn, portal, officer)
    if not ok:
        log.info("failed sign-in for officer %r", username)
        raise _bad_login()
    log.info("officer %r signed in", username)
    return grant


@router.post("/auth/token", openapi_extra=schemas.TOKEN)
async def token(request: Request) -> dict[str, Any]:
    body = await json_object(request)
    username = text_field(body, "username", 100)
    password = text_field(body, "password", 200, strip=False)
    return await run_in_threadpool(_login, portal_of(request), username, password)


def _refresh(portal: Portal, old: str) -> dict[str, Any]:
    with portal.db.write() as conn:
        username = _subject(conn, portal, old, "refresh")
        officer = records.get_officer(conn, username) if username else None
        if officer is None:
            raise unauthorized("Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại",
                               "The session has expired; sign in again")
        # Rotation: a refresh token is good for one use.
        conn.execute(text("DELETE FROM tokens WHERE token_hash = :h"), {"h": token_hash(old)})
        return _grant(conn, portal, officer)


@router.post("/auth/refresh", openapi_extra=schemas.REFRESH)
async def refresh(request: Request) -> dict[str, Any]:
    body = await json_object(request)
    old = text_field(body, "refresh_token", 200, strip=False)
    return await run_in_threadpool(_refresh, portal_of(request), old)


@router.post("/auth/logout")
def logout(request: Request) -> dict[str, Any]:
    portal = portal_of(request)
    tok = _bearer(request)
    with portal.db.write() as conn:
        conn.execute(text("DELETE FROM tokens WHERE token_hash = :h"), {"h": token_hash(tok)})
    return {"ok": True}
