"""The portal's database: SQLite by default, PostgreSQL by URL; JSON kept as TEXT.

Writes are serialised (a lock in this process, and an advisory lock on PostgreSQL
for several processes) so that change-feed cursors become visible in the order they
were handed out: a desk that read up to cursor N never misses a row below N.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

_ADVISORY_KEY = 7_240_012  # any constant: the portal's one write lock on PostgreSQL


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def loads(value: str | None) -> Any:
    return json.loads(value) if value else None


def _pg_driver(url: str) -> str:
    """postgresql://… with the driver that is installed (SQLAlchemy 2.1 assumes psycopg 3)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        try:
            import psycopg  # noqa: F401
        except ImportError:
            return "postgresql+psycopg2://" + url[len("postgresql://"):]
    return url


def make_engine(url: str, **kw: Any) -> Engine:
    url = _pg_driver(url)
    if url.startswith("sqlite"):
        kw: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kw["poolclass"] = StaticPool
        engine = create_engine(url, **kw)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if url.startswith("postgresql"):
        return create_engine(url, **({"pool_pre_ping": True, "pool_size": 5,
                                      "max_overflow": 5} | kw))
    raise ValueError(f"Địa chỉ cơ sở dữ liệu không hỗ trợ / unsupported database URL: "
                     f"{url.split(':', 1)[0]}")


class Database:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name  # "sqlite" | "postgresql"
        self._lock = threading.RLock()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One serialised transaction: committed on success, rolled back on error."""
        with self._lock, self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_KEY})
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def add_change(conn: Connection, agency_id: str | None, kind: str, key: str,
               data: dict[str, Any]) -> int:
    """Append one row to the change feed, in the caller's transaction; its cursor."""
    row = conn.execute(
        text("INSERT INTO changes (agency_id, kind, key, data) VALUES (:a, :k, :key, :d) "
             "RETURNING seq"),
        {"a": agency_id, "k": kind, "key": key, "d": dumps(data)},
    ).one()
    return int(row[0])


def get_meta(conn: Connection, key: str) -> str | None:
    row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).first()
    return row[0] if row else None


def set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                 {"k": key, "v": value})
