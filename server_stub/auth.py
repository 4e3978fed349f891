"""Officers' sign-in, bearer tokens that expire, and the checks every request passes.

Tokens are random, stored only as hashes, carried in the Authorization header (never
in a URL: access logs keep URLs). Each sign-in's tokens form a family that logout, or
the reuse of a rotated refresh token, revokes whole. Failed sign-ins slow down the
guesser with growing waits (answered 429 with Retry-After): see "throttling" below.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
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
    data = loads(row[0])
    if data.get("status", "active") != "active":  # Art. 10.3: suspended or cancelled
        raise unauthorized()
    return CitizenPrincipal(account, data)


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
# Failed sign-ins are counted under three keys, each with its own free tries and then a
# wait that doubles with every further failure (answered 429 with Retry-After):
#   pair:    one client address and one account — a guesser slows only himself;
#   account: one account from anywhere — a spread-out guesser is slowed too, but the
#            wait stays short (MAX_WAIT) so a stranger cannot keep the officer out;
#   client:  one client address over all accounts — password spraying.
# The check and the record are one write transaction (serialised), so parallel wrong
# guesses cannot slip through between a check and its record.

FREE = {"pair": 4, "account": 10, "client": 10}
MAX_WAIT = {"pair": 15 * 60, "account": 60, "client": 15 * 60}
FORGET = {"pair": 24 * 3600, "account": 15 * 60, "client": 24 * 3600}  # idle: start anew


def client_address(request: Request) -> str:
    """The caller's address; X-Forwarded-For counts only when the peer is a trusted proxy
    (`create_app(trusted_proxies=…)`, `desk-app portal --trusted-proxy`)."""
    peer = request.client.host if request.client else ""
    trusted: tuple[Any, ...] = getattr(request.app.state, "trusted_proxies", ())

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in trusted)

    if not trusted or not is_trusted(peer):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if not is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a forged or broken header: the proxy itself answers for it
    return peer


def _keys(client: str, subject: str) -> dict[str, str]:
    return {"pair": f"pair:{client}|{subject}", "account": f"account:{subject}",
            "client": f"client:{client}"}


def attempt(conn: Connection, portal: Portal, client: str, subject: str) -> None:
    """Refuse (429) while any key waits; otherwise count this try as a failure already
    (undone by `succeeded`). Call inside one write transaction."""
    now = portal.epoch()
    keys = _keys(client, subject)
    rows = {r[0]: (int(r[1]), int(r[2])) for r in conn.execute(
        text("SELECT subject, failures, last_at FROM login_failures WHERE subject IN "
             "(:p, :a, :c)"), {"p": keys["pair"], "a": keys["account"], "c": keys["client"]})}
    left = 0
    for kind, key in keys.items():
        failures, last_at = rows.get(key, (0, now))
        if now - last_at > FORGET[kind]:
            failures = 0
            conn.execute(text("DELETE FROM login_failures WHERE subject = :s"), {"s": key})
        if failures >= FREE[kind]:
            wait = min(2 ** min(failures - FREE[kind], 20), MAX_WAIT[kind])
            left = max(left, last_at + wait - now)
    if left > 0:
        raise PortalError(
            429, "too_many_attempts",
            f"Đăng nhập sai nhiều lần; vui lòng thử lại sau {left} giây",
            f"Too many failed sign-ins; try again in {left} seconds",
            {"Retry-After": str(left)})
    for key in keys.values():
        conn.execute(
            text("INSERT INTO login_failures (subject, failures, last_at) VALUES (:s, 1, :t) "
                 "ON CONFLICT (subject) DO UPDATE SET failures = login_failures.failures + 1, "
                 "last_at = excluded.last_at"), {"s": key, "t": now})


def succeeded(conn: Connection, client: str, subject: str) -> None:
    """The right secret: forget the account's failures, take back this try's count."""
    keys = _keys(client, subject)
    conn.execute(text("DELETE FROM login_failures WHERE subject IN (:p, :a)"),
                 {"p": keys["pair"], "a": keys["account"]})
    conn.execute(text("UPDATE login_failures SET failures = failures - 1 WHERE subject = :c "
                      "AND failures > 0"), {"c": keys["client"]})


def issue(conn: Connection, portal: Portal, kind: str, subject: str, ttl: int,
          family: str = "") -> str:
    token = new_token()
    now = portal.epoch()
    conn.execute(text("DELETE FROM tokens WHERE expires_at <= :t"), {"t": now})
    conn.execute(text("INSERT INTO tokens (token_hash, kind, subject, expires_at, family) "
                      "VALUES (:h, :k, :s, :e, :f)"),
                 {"h": token_hash(token), "k": kind, "s": subject, "e": now + ttl, "f": family})
    return token


def _grant(conn: Connection, portal: Portal, officer: Officer, family: str) -> dict[str, Any]:
    """An access and a refresh token of one sign-in's family."""
    unit = records.get_unit(conn, officer.unit_id)
    return {
        "access_token": issue(conn, portal, "access", officer.username, portal.token_ttl,
                              family),
        "token_type": "bearer",
        "expires_in": portal.token_ttl,
        "refresh_token": issue(conn, portal, "refresh", officer.username, portal.refresh_ttl,
                               family),
        "officer": to_dict(officer),
        "unit": to_dict(unit) if unit else None,
    }


def revoke_family(conn: Connection, token: str) -> str | None:
    """End the sign-in that `token` belongs to: every token of its family. Its subject."""
    row = conn.execute(text("SELECT family, subject FROM tokens WHERE token_hash = :h"),
                       {"h": token_hash(token)}).first()
    if row is None:
        return None
    if row[0]:
        conn.execute(text("DELETE FROM tokens WHERE family = :f"), {"f": row[0]})
    else:  # a token from before families: only itself
        conn.execute(text("DELETE FROM tokens WHERE token_hash = :h"), {"h": token_hash(token)})
    return str(row[1])


def _bad_login() -> PortalError:
    return PortalError(401, "bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng",
                       "Wrong username or password")


def _login(portal: Portal, client: str, username: str, password: str) -> dict[str, Any]:
    subject = f"officer:{username}"
    with portal.db.write() as conn:
        attempt(conn, portal, client, subject)
        row = conn.execute(text("SELECT password_hash FROM officers WHERE username = :u "
                                "AND active = 1"), {"u": username}).first()
    if row is not None:
        ok = verify_password(password, row[0])
    else:
        burn_time(password)
        ok = False
    if ok:
        with portal.db.write() as conn:
            succeeded(conn, client, subject)
            officer = records.get_officer(conn, username)
            assert officer is not None
            grant = _grant(conn, portal, officer, secrets.token_hex(16))
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
    return await run_in_threadpool(_login, portal_of(request), client_address(request),
                                   username, password)


def _expired() -> PortalError:
    return unauthorized("Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại",
                        "The session has expired; sign in again")


def _refresh(portal: Portal, old: str) -> dict[str, Any]:
    reused = None
    with portal.db.write() as conn:
        row = conn.execute(text("SELECT kind, subject, expires_at, family FROM tokens "
                                "WHERE token_hash = :h"), {"h": token_hash(old)}).first()
        if row is not None and row[0] == "rotated":
            # A refresh token used a second time was stolen (or leaked): end the sign-in.
            reused = revoke_family(conn, old)
        else:
            valid = row is not None and row[0] == "refresh" and int(row[2]) > portal.epoch()
            officer = records.get_officer(conn, str(row[1])) if valid and row else None
            if officer is not None and row is not None:
                # Rotation: a refresh token is good for one use; kept as "rotated" until
                # it expires, so that its reuse is recognised.
                conn.execute(text("UPDATE tokens SET kind = 'rotated' WHERE token_hash = :h"),
                             {"h": token_hash(old)})
                return _grant(conn, portal, officer, str(row[3]) or secrets.token_hex(16))
    if reused is not None:
        log.warning("reused refresh token of %r: the whole sign-in is revoked", reused)
    raise _expired()


@router.post("/auth/refresh", openapi_extra=schemas.REFRESH)
async def refresh(request: Request) -> dict[str, Any]:
    body = await json_object(request)
    old = text_field(body, "refresh_token", 200, strip=False)
    return await run_in_threadpool(_refresh, portal_of(request), old)


@router.post("/auth/logout")
def logout(request: Request) -> dict[str, Any]:
    """End this sign-in: its access tokens and every refresh token of its family."""
    portal = portal_of(request)
    tok = _bearer(request)
    with portal.db.write() as conn:
        who = revoke_family(conn, tok)
    if who is not None:
        log.info("officer %r signed out", who)
    return {"ok": True}
