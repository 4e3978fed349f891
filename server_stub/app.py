"""The portal service's application factory."""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from desk_app.calendar import now_vn
from desk_app.protocol import API_PREFIX, PROTOCOL_VERSION
from server_stub import (
    accounts,
    auth,
    blobs,
    citizen,
    citizen_dossiers,
    commands,
    directory,
    feed,
    leases,
    notify,
    releases,
    reports,
    schemas,
    units,
    wipe,
)
from server_stub.citizen import purge_unverified
from server_stub.db import Database
from server_stub.errors import PortalError
from server_stub.mail import Mailer
from server_stub.migrations import migrate
from server_stub.signatures import load_roots
from server_stub.state import DEFAULT_MAX_BLOB, Portal

log = logging.getLogger("server_stub")


def _error(status: int, code: str, vi: str, en: str,
           headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": {"code": code, "vi": vi, "en": en}}, status_code=status,
                        headers=headers)


def _install_handlers(app: FastAPI) -> None:
    # A refused request is one log line (the path, never the query or body: no secrets),
    # never a traceback.
    @app.exception_handler(PortalError)
    async def portal_error(request: Request, exc: PortalError) -> JSONResponse:
        log.info("%s %s refused: %d %s", request.method, request.url.path, exc.status, exc.code)
        return _error(exc.status, exc.code, exc.vi, exc.en, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        where = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
        log.info("%s %s refused: 422 bad_request (%s)", request.method, request.url.path,
                 where[:200])
        return _error(422, "bad_request", f"Tham số không hợp lệ: {where}",
                      f"Invalid parameters: {where}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        vi = {404: "Không có địa chỉ này", 405: "Phương thức không được hỗ trợ"}.get(
            exc.status_code, "Yêu cầu không hợp lệ")
        # Keep Starlette's headers: a 405 says which methods the path allows (Allow).
        return _error(exc.status_code, "http_error", vi, str(exc.detail),
                      dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error: %s", type(exc).__name__, exc_info=exc)
        return _error(500, "internal", "Lỗi hệ thống của Cổng; vui lòng thử lại sau",
                      "Internal portal error; try again later")


def _document(app: FastAPI) -> None:
    """/openapi.json with the error bodies and status codes the portal really answers."""
    default = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = schemas.document_responses(default(), API_PREFIX)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(
    db_url: str,
    *,
    seed: str | None = None,
    smtp: tuple[str, int] | None = None,
    token_ttl: int = 3600,
    clock: Callable[[], datetime] | None = None,
    max_blob: int = DEFAULT_MAX_BLOB,
    trusted_proxies: Sequence[str] = (),
    trust_dir: str | None = None,
) -> FastAPI:
    """The portal on `db_url` (sqlite:///… or postgresql://…), migrated, seeded if asked.

    `trusted_proxies`: addresses or networks of reverse proxies whose X-Forwarded-For
    names the client (for sign-in throttling); from anyone else the header is ignored.
    `trust_dir` (or $DESK_PORTAL_TRUST_DIR): root certificates for result signatures."""
    proxies = tuple(ipaddress.ip_network(p, strict=False) for p in trusted_proxies)
    db = Database(db_url)
    migrate(db)
    portal = Portal(db=db, clock=clock or now_vn, token_ttl=token_ttl, max_blob=max_blob,
                    mailer=Mailer(smtp),
                    trust_roots=load_roots(trust_dir or os.environ.get("DESK_PORTAL_TRUST_DIR")))
    with db.write() as conn:  # housekeeping at each start
        purge_unverified(conn, portal)
        blobs.drop_abandoned(conn, portal)
        conn.execute(text("DELETE FROM tokens WHERE expires_at <= :t"), {"t": portal.epoch()})
    if seed:
        from server_stub.seed import seed_database

        seed_database(portal, seed)
    notify.retry_due(portal)  # notices whose e-mail failed before the last stop
    app = FastAPI(
        title="Cổng dịch vụ công – Thừa Thiên Huế (máy chủ phát triển)",
        description="The central portal service for development, demos and tests; it speaks "
                    "the desk–portal wire protocol of desk_app.protocol.",
        version=f"protocol {PROTOCOL_VERSION}",
    )
    app.state.portal = portal
    _document(app)
    app.state.trusted_proxies = proxies
    _install_handlers(app)
    for module in (auth, feed, commands, blobs, leases, citizen, citizen_dossiers, reports,
                   releases, directory, units, accounts):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(wipe.router, prefix=API_PREFIX)  # remote wipe of lost desks

    @app.get(API_PREFIX + "/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "protocol": PROTOCOL_VERSION, "time": portal.now().isoformat()}

    return app
