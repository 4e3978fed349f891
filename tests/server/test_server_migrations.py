"""Numbered schema steps: a database made by the first step upgrades and keeps its data."""

from __future__ import annotations

from sqlalchemy import inspect, text

from server_stub.db import Database, dumps
from server_stub.migrations import LATEST, current_version, migrate


def test_upgrade_from_the_first_step_keeps_the_data(db_url):
    db = Database(db_url)
    try:
        assert current_version(db) == 0
        assert migrate(db, upto=1) == 1
        with db.write() as conn:
            conn.execute(text("INSERT INTO units (agency_id, data) VALUES ('x', :d)"),
                         {"d": dumps({"agency_id": "x", "name": "UBND xã Thử"})})
            conn.execute(text("INSERT INTO blob_uploads (sha256, total, received) "
                              "VALUES ('ab', 10, 5)"))
        assert not inspect(db.engine).has_table("surveys")
        assert migrate(db) == LATEST >= 5
        assert inspect(db.engine).has_table("surveys")
        assert inspect(db.engine).has_table("unit_reports")
        with db.read() as conn:
            assert conn.execute(text("SELECT data FROM units")).scalar() == \
                '{"agency_id":"x","name":"UBND xã Thử"}'
            assert conn.execute(text("SELECT received, updated_at FROM blob_uploads")
                                ).one() == (5, 0)
        assert migrate(db) == LATEST  # idempotent: a second start changes nothing
        assert current_version(db) == LATEST
    finally:
        db.dispose()
