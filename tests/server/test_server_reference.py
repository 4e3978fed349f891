"""The portal keeps units, procedures, officers and days off between requests
(server_stub/reference.py): a change made by any path, even plain SQL, is used by the
very next batch of commands; and a database connection the server dropped while idle is
replaced, not handed to a request."""

from __future__ import annotations

import pytest
from server_support import command, find
from sqlalchemy import text

from server_stub.reference import GENERATION_KEY

DESK, SPEC = "motcua.phuvang", "chuyenvien.phuvang"


def _generation(db) -> int:
    with db.read() as conn:
        return int(conn.execute(text("SELECT value FROM meta WHERE key = :k"),
                                {"k": GENERATION_KEY}).scalar_one())


def test_officers_changed_by_plain_sql_are_used_by_the_next_batch(api, portal, clock):
    db = portal.app.state.portal.db

    def active(flag: int) -> None:  # an administrator, not through the API
        with db.write() as conn:
            conn.execute(text("UPDATE officers SET active = :f WHERE username = :u"),
                         {"f": flag, "u": SPEC})

    d = find(api.dossiers(DESK), status="received")
    active(0)
    try:
        [r] = api.commands(DESK, command(d["code"], "assign", d["version"], {"to": SPEC},
                                         clock.now))
        assert r["outcome"] == "rejected" and r["code"] == "bad_assignee"
    finally:
        active(1)
    # The portal kept the unit's officers without SPEC; the next batch must not use that.
    [r] = api.commands(DESK, command(d["code"], "assign", d["version"], {"to": SPEC},
                                     clock.now))
    assert r["outcome"] == "applied", r


_SAME = {"units": "data = data", "procedures": "data = data", "officers": "data = data",
         "calendar_overrides": "note = note"}


@pytest.mark.parametrize("table", ["units", "procedures", "officers", "calendar_overrides"])
def test_every_write_to_reference_data_moves_the_generation(portal, table):
    db = portal.app.state.portal.db
    before = _generation(db)
    with db.write() as conn:  # every row rewritten as it was: still a write
        assert conn.execute(text(f"UPDATE {table} SET {_SAME[table]}")).rowcount > 0
    assert _generation(db) > before
    before = _generation(db)
    with db.write() as conn:
        conn.execute(text("UPDATE dossier_log SET data = data"))  # not reference data
    assert _generation(db) == before


def test_a_batch_started_before_a_change_never_stores_its_copy_over_the_newer_one():
    from server_stub.reference import ReferenceCache

    cache = ReferenceCache()
    assert cache.get(5, ("unit", "X"), lambda: "new") == "new"
    # A slower batch that read generation 4 gets its own (older) copy, kept to itself.
    assert cache.get(4, ("unit", "X"), lambda: "old") == "old"
    assert cache.get(5, ("unit", "X"), lambda: "unused") == "new"
    assert cache.get(6, ("unit", "X"), lambda: "newer") == "newer"


def test_a_connection_the_server_dropped_while_idle_is_replaced(api, portal, backend, clock,
                                                                monkeypatch):
    if backend != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server to drop connections")
    from server_stub import db as db_module

    db = portal.app.state.portal.db
    d = find(api.dossiers(DESK), status="in_process")
    with db.engine.connect() as one, db.engine.connect() as two:  # two in the pool at least
        pids = {c.exec_driver_sql("SELECT pg_backend_pid()").scalar_one() for c in (one, two)}
    with db.engine.connect() as admin:
        me = admin.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        dropped = admin.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = :n AND pid <> :me"),
            {"n": db.engine.url.database, "me": me}).scalar_one()
        admin.rollback()
    assert dropped >= len(pids - {me}) >= 1  # idle in the pool, dead on the server's side
    monkeypatch.setattr(db_module, "IDLE_BEFORE_PING", 0.0)  # as after a quiet minute
    for _ in range(3):  # every pooled connection in turn: each answer is a real one
        [r] = api.commands(DESK, command(d["code"], "assign", d["version"] - 1, {"to": SPEC},
                                         clock.now))
        assert r["outcome"] == "conflict" and r["version"] == d["version"]
        assert api.record(DESK, d["code"])["dossier"]["version"] == d["version"]
