"""The portal for servers that run several worker processes, configured by environment.

    DESK_PORTAL_DB=postgresql://USER:PASS@HOST/DB \\
        uvicorn --factory server_stub.asgi:create --workers 4

Environment: DESK_PORTAL_DB (required), DESK_PORTAL_SMTP (HOST:PORT),
DESK_PORTAL_TOKEN_TTL (seconds), DESK_PORTAL_TRUSTED_PROXIES (addresses, comma
separated). Each worker builds its own application and connection pool; workers start
one at a time (a PostgreSQL session lock), so the first one migrates the schema and the
others find it done. `desk-app portal --workers N` (see `serve`) migrates and seeds in
the parent, then starts the workers. Several processes need PostgreSQL: SQLite stays
one process (see server_stub.db for how writes are locked).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from fastapi import FastAPI
from sqlalchemy import text

ENV_DB = "DESK_PORTAL_DB"
ENV_SMTP = "DESK_PORTAL_SMTP"
ENV_TOKEN_TTL = "DESK_PORTAL_TOKEN_TTL"
ENV_PROXIES = "DESK_PORTAL_TRUSTED_PROXIES"
_STARTUP_KEY = 7_240_014  # advisory lock: one worker at a time migrates and tidies up


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql", "postgres:"))


def _options() -> dict[str, Any]:
    """create_app's keyword arguments from the environment (only those that are set)."""
    kw: dict[str, Any] = {}
    smtp = os.environ.get(ENV_SMTP, "")
    if smtp:
        host, _, port = smtp.rpartition(":")
        kw["smtp"] = (host, int(port))
    if os.environ.get(ENV_TOKEN_TTL):
        kw["token_ttl"] = int(os.environ[ENV_TOKEN_TTL])
    proxies = [p.strip() for p in os.environ.get(ENV_PROXIES, "").split(",") if p.strip()]
    if proxies:
        kw["trusted_proxies"] = proxies
    return kw


def create() -> FastAPI:
    """The application of one worker process (an import-string factory)."""
    from server_stub.app import create_app
    from server_stub.db import make_engine

    url = os.environ.get(ENV_DB)
    if not url:
        raise RuntimeError(f"{ENV_DB} chưa được đặt / {ENV_DB} is not set")
    if not is_postgres(url):
        return create_app(url, **_options())
    gate = make_engine(url, pool_size=1, max_overflow=0)
    try:
        with gate.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _STARTUP_KEY})
            try:
                return create_app(url, **_options())
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _STARTUP_KEY})
                conn.commit()
    finally:
        gate.dispose()


def serve(url: str, workers: int, host: str, port: int, log_config: dict[str, Any], *,
          seed: str | None = None, smtp: tuple[str, int] | None = None,
          token_ttl: int = 3600, trusted_proxies: list[str] | None = None) -> int:
    """`desk-app portal --workers N`: prepare the database once, then run N workers."""
    if not is_postgres(url):
        print("Chạy nhiều tiến trình (--workers > 1) cần PostgreSQL; SQLite chỉ chạy một "
              "tiến trình / --workers > 1 needs PostgreSQL (postgresql://…); SQLite runs "
              "one process", file=sys.stderr)
        return 2
    import uvicorn

    from server_stub.app import create_app

    extra: dict[str, Any] = {"trusted_proxies": trusted_proxies} if trusted_proxies else {}
    try:  # migrate and seed here, once, before any worker starts
        app = create_app(url, seed=seed, smtp=smtp, token_ttl=token_ttl, **extra)
    except Exception as exc:  # a bad URL or an unreachable database: say so, no traceback
        print(f"Không khởi động được Cổng / cannot start the portal: {exc}", file=sys.stderr)
        return 1
    app.state.portal.close()
    os.environ[ENV_DB] = url  # the workers are new processes: they read their settings here
    os.environ[ENV_TOKEN_TTL] = str(token_ttl)
    if smtp:
        os.environ[ENV_SMTP] = f"{smtp[0]}:{smtp[1]}"
    if trusted_proxies:
        os.environ[ENV_PROXIES] = ",".join(trusted_proxies)
    # proxy_headers off: uvicorn would believe X-Forwarded-For from 127.0.0.1; the portal
    # itself decides which proxies to trust (--trusted-proxy), as with one process.
    uvicorn.run("server_stub.asgi:create", factory=True, workers=workers, host=host,
                port=port, log_config=log_config, proxy_headers=False)
    return 0
