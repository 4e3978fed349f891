"""The portal's database: SQLite by default, PostgreSQL by URL; JSON kept as TEXT.

Locking. On SQLite (one process) every write transaction holds one lock in this
process. On PostgreSQL (several worker processes) a write takes transaction-scoped
advisory locks:

- `write()` with no keys: the whole portal, exclusively (sign-in, leases, blobs,
  reports, seeding: the rare writes whose checks span many rows);
- `write(*keys)`: the portal shared, then each key exclusively (an officer's command
  locks its client id and its dossier), so commands on different dossiers run at once
  while two commands on one dossier, or two copies of one command, take turns;
- the feed tail: rows for the change feed are kept aside during the transaction and
  inserted as its last statement, under one more exclusive lock that the commit
  releases. Only this short tail (one INSERT and the commit) is serialised; with
  psycopg2 the lock, the INSERT and the COMMIT go to the server as one message, so the
  lock is never held while a busy worker waits to run Python. Writes that nothing
  later in the transaction reads (`write_at_commit`: a command's dossier, log row and
  answer) ride in the same message, before the feed lock.

The feed's guarantee: a desk that has read up to cursor N never misses a row below N.
Why it holds: cursors come from the `changes.seq` sequence, and a transaction takes
its cursors only while holding the feed lock, which it keeps until its commit has
finished. PostgreSQL makes a committed transaction visible to new snapshots before it
releases that transaction's locks, so by the time the next transaction can take a
cursor, every smaller cursor is either visible or belongs to a transaction that has
rolled back (a gap that no one can fill: a sequence never hands a value out twice).
So any snapshot sees a prefix of the cursors with permanent gaps only; a reader that
returns `seq > since ORDER BY seq` from one snapshot cannot skip a row that appears
later. The locks are taken in one order (portal, keys by hash, feed), so writers do
not deadlock each other.

Acknowledged means durable: the portal's PostgreSQL sessions run with
synchronous_commit on (set at connect, whatever the server's default), and a command's
answer is sent only after its transaction has committed.
"""

from __future__ import annotations

import json
import re
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import StaticPool

# Advisory lock keys on PostgreSQL (any constants; the two-number form of per-key locks
# lives in a space of its own, so it never meets the one-number ones).
_ADVISORY_KEY = 7_240_012  # the whole portal: exclusive, or shared by keyed writes
_FEED_KEY = 7_240_013  # the feed tail: handing out cursors up to the commit
_KEY_SPACE = 7_240  # per-key locks: (this, a 32-bit hash of the key)
_PENDING = "desk_feed_pending"  # Connection.info: feed rows waiting for the tail
_AT_COMMIT = "desk_at_commit"  # Connection.info: writes waiting for the commit
# Write transactions at once in one process on PostgreSQL. Judging a command is Python
# work under the interpreter lock: more at once only queue for that lock and make feed
# pulls wait behind them (bench/bench_portal_load.py, one worker on two cores: p95 of
# pulls 1-3 s without a limit, 40-100 ms with four, at as many commands per second),
# while four still overlap each other's round trips to the server.
WRITERS_PER_PROCESS = 4


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
            # FULL: an acknowledged command survives a power cut (NORMAL in WAL mode
            # may lose the last commits).
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        return engine
    if url.startswith("postgresql"):
        # Acknowledged means durable: commit waits for the WAL flush in every session.
        args = {"options": "-c synchronous_commit=on"}
        # No overflow: a connection opened for a burst and closed after it (a new server
        # process, a SCRAM sign-in) cost more CPU under load than waiting for a pooled one.
        engine = create_engine(url, **({"pool_size": 10, "max_overflow": 0,
                                        "connect_args": args} | kw))
        _ping_when_idle(engine)
        return engine
    raise ValueError(f"Địa chỉ cơ sở dữ liệu không hỗ trợ / unsupported database URL: "
                     f"{url.split(':', 1)[0]}")


# A pooled connection idle this long is tested before use (one round trip), so one that
# the server dropped meanwhile (a restart, an idle timeout) is replaced, not handed out.
# A busy pool skips the test: under load it was one round trip in ten of every command.
# A server that dies while connections are busy fails the statements then running; the
# first such failure discards the whole pool (SQLAlchemy's default), so it is one request.
IDLE_BEFORE_PING = 5.0


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("checked_in", 0.0) < IDLE_BEFORE_PING:
            return
        try:
            cur = dbapi_conn.cursor()
            cur.execute("SELECT 1")
            cur.close()
            dbapi_conn.rollback()  # the driver opened a transaction for it
        except Exception as exc:  # the pool replaces it and tries again
            raise DisconnectionError(str(exc)) from exc


class Database:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name  # "sqlite" | "postgresql"
        self._lock = threading.RLock()
        self._writers = threading.BoundedSemaphore(WRITERS_PER_PROCESS)

    @contextmanager
    def write(self, *keys: str) -> Iterator[Connection]:
        """One transaction, committed on success, rolled back on error. With no keys it
        excludes every other write; with keys (on PostgreSQL) only the writes that share
        one of them (see the module's docstring)."""
        if self.dialect != "postgresql":
            with self._lock, self.engine.begin() as conn, _feed(conn):
                yield conn
            return
        # One statement, its calls made left to right; only numbers we made go into it.
        locks = [f"pg_advisory_xact_lock_shared({_ADVISORY_KEY})" if keys else
                 f"pg_advisory_xact_lock({_ADVISORY_KEY})"]
        locks += [f"pg_advisory_xact_lock({_KEY_SPACE}, {h})"  # one order: no deadlock
                  for h in sorted({_hash32(k) for k in keys})]
        with self._writers, self.engine.begin() as conn:
            conn.exec_driver_sql("SELECT " + ", ".join(locks))
            with _feed(conn, lock=True, one_message=self.engine.dialect.driver == "psycopg2"):
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def _hash32(key: str) -> int:
    """A signed 32-bit number for a lock key (collisions only make two keys take turns)."""
    return zlib.crc32(key.encode("utf-8")) - 2**31


_INSERT_CHANGE = text("INSERT INTO changes (agency_id, kind, key, data) "
                      "VALUES (:a, :k, :key, :d)")
# The feed lock and one row in one round trip: the lock is taken before the row (and its
# cursor from the sequence) is made.
_LOCK_AND_INSERT_CHANGE = text(
    f"INSERT INTO changes (agency_id, kind, key, data) SELECT :a, :k, :key, :d "
    f"FROM (SELECT pg_advisory_xact_lock({_FEED_KEY})) AS feed_lock")


def write_at_commit(conn: Connection, sql: str, params: dict[str, Any]) -> None:
    """A write that nothing later in the transaction reads (a dossier's new version and
    log row, a command's answer): inside `write()` it goes with the commit, in the one
    message of the feed's tail on psycopg2 (a round trip saved per write); elsewhere it
    runs at once. `sql` names its parameters `:name`, and has no other colon or percent."""
    pending = conn.info.get(_AT_COMMIT)
    if pending is None:
        conn.execute(text(sql), params)
    else:
        pending.append((sql, params))


_NAMED = re.compile(r":(\w+)")


def _commit_in_one_message(conn: Connection, writes: list[tuple[str, dict[str, Any]]],
                           feed: list[dict[str, Any]]) -> None:
    """The writes kept for the commit, then the feed lock, the feed rows and COMMIT, in
    one message that the server runs start to end: the lock is never held while this
    process waits for its turn to run Python. The trailing BEGIN leaves an empty
    transaction for SQLAlchemy's own COMMIT to close. (psycopg2 sends its parameters
    inside the text, so several statements may go.)"""
    sql: list[str] = []
    params: dict[str, Any] = {}
    for i, (statement, values) in enumerate(writes):
        sql.append(_NAMED.sub(lambda m, i=i: f"%({m[1]}_{i})s", statement))
        params.update({f"{k}_{i}": v for k, v in values.items()})
    if feed:
        sql.append(f"SELECT pg_advisory_xact_lock({_FEED_KEY})")
    for i in range(0, len(feed), 500):
        rows = feed[i:i + 500]
        sql.append("INSERT INTO changes (agency_id, kind, key, data) VALUES " + ", ".join(
            f"(%(fa{j})s, %(fk{j})s, %(fkey{j})s, %(fd{j})s)" for j in range(i, i + len(rows))))
        for j, r in enumerate(rows, start=i):
            params.update({f"fa{j}": r["a"], f"fk{j}": r["k"], f"fkey{j}": r["key"],
                           f"fd{j}": r["d"]})
    conn.exec_driver_sql("; ".join([*sql, "COMMIT", "BEGIN"]), params)


@contextmanager
def _feed(conn: Connection, lock: bool = False, one_message: bool = False
          ) -> Iterator[None]:
    """Collect the transaction's feed rows (and its writes kept for the commit); insert
    them last, the feed rows under the feed lock."""
    pending: list[dict[str, Any]] = []
    writes: list[tuple[str, dict[str, Any]]] = []
    conn.info[_PENDING] = pending  # info outlives the checkout: set afresh, always removed
    conn.info[_AT_COMMIT] = writes
    try:
        yield
        if (pending or writes) and lock and one_message:
            _commit_in_one_message(conn, writes, pending)
            return
        for statement, values in writes:
            conn.execute(text(statement), values)
        if len(pending) == 1 and lock:
            conn.execute(_LOCK_AND_INSERT_CHANGE, pending[0])
        elif pending:
            if lock:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_FEED_KEY})")
            conn.execute(_INSERT_CHANGE, pending[0] if len(pending) == 1 else pending)
    finally:
        conn.info.pop(_PENDING, None)
        conn.info.pop(_AT_COMMIT, None)


def add_change(conn: Connection, agency_id: str | None, kind: str, key: str,
               data: dict[str, Any]) -> None:
    """Append one row to the change feed, in the caller's transaction. Inside `write()`
    the row is inserted at the end of the transaction, when its cursor is handed out."""
    row = {"a": agency_id, "k": kind, "key": key, "d": dumps(data)}
    pending = conn.info.get(_PENDING)
    if pending is not None:
        pending.append(row)
    else:
        conn.execute(_INSERT_CHANGE, row)


def get_meta(conn: Connection, key: str) -> str | None:
    row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).first()
    return row[0] if row else None


def set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                 {"k": key, "v": value})
