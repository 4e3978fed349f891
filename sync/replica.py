"""Applying the portal's records to the local replica, and the sync layer's own tables.

`sync_shadow` keeps the portal's last known record of each dossier, so that an
optimistic local change the portal rejects can be rolled back even when the answer
carries no record. `sync_records` keeps feed kinds the desk does not model (surveys,
kinds a newer portal adds). `sync_blobs` remembers which blobs the portal holds.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from desk_app.calendar import CalendarOverride, OverrideKind
from desk_app.domain import procedure_from_dict, unit_from_dict
from desk_app.store import Store
from sync import bulk

SCHEMA = (
    # A shadow is either the record itself (from a command's answer) or a reference to
    # the feed page that carried it: a first sync keeps its pages as received instead
    # of encoding ten thousand records again.
    "CREATE TABLE IF NOT EXISTS sync_shadow (code TEXT PRIMARY KEY, "
    "version INTEGER NOT NULL, record TEXT, page INTEGER)",
    "CREATE TABLE IF NOT EXISTS sync_pages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sync_records (kind TEXT NOT NULL, key TEXT NOT NULL, "
    "data TEXT NOT NULL, PRIMARY KEY (kind, key))",
    "CREATE TABLE IF NOT EXISTS sync_blobs (sha256 TEXT PRIMARY KEY)",
)

log = logging.getLogger(__name__)

CURSOR_KEY = "sync.cursor"
LAST_SUCCESS_KEY = "sync.last_success_at"


def ensure_schema(store: Store) -> None:
    with store.transaction() as c:
        for statement in SCHEMA:
            c.execute(statement)


def pending_codes(conn: sqlite3.Connection) -> dict[str, int]:
    """Dossier code → the last pending command's seq (its optimistic state is local)."""
    return dict(conn.execute(
        "SELECT dossier_code, MAX(seq) FROM outbox WHERE state = 'pending' "
        "GROUP BY dossier_code").fetchall())


def put_record(store: Store, record: Mapping[str, Any]) -> None:
    """Make the local dossier and its processing log the portal's record."""
    with store.transaction() as conn:
        bulk.put_records(conn, [record])


_SHADOW_UPSERT = (
    "INSERT INTO sync_shadow (code, version, record, page) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (code) DO UPDATE SET version = excluded.version, record = excluded.record, "
    "page = excluded.page WHERE excluded.version >= sync_shadow.version"  # old never wins
)


def remember(conn: sqlite3.Connection, records: Iterable[Mapping[str, Any]],
             page_body: bytes | None = None) -> None:
    """Keep the portal's record of each dossier, as itself or by its feed page."""
    records = list(records)
    if not records:
        return
    if page_body is not None:
        page = conn.execute("INSERT INTO sync_pages (body) VALUES (?)", (page_body,)).lastrowid
        conn.executemany(_SHADOW_UPSERT, [
            (r["dossier"]["code"], int(r["dossier"].get("version", 0)), None, page)
            for r in records])
    else:
        conn.executemany(_SHADOW_UPSERT, [
            (r["dossier"]["code"], int(r["dossier"].get("version", 0)),
             json.dumps(r, ensure_ascii=False), None) for r in records])
        return
    # Pages no dossier refers to any more (every one of them came again later).
    conn.execute("DELETE FROM sync_pages WHERE id NOT IN "
                 "(SELECT page FROM sync_shadow WHERE page IS NOT NULL)")


def shadow(conn: sqlite3.Connection, code: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT record, page FROM sync_shadow WHERE code = ?",
                       (code,)).fetchone()
    if row is None:
        return None
    if row[0] is not None:
        return json.loads(row[0])
    body = conn.execute("SELECT body FROM sync_pages WHERE id = ?", (row[1],)).fetchone()
    if body is None:
        return None
    found = None
    for change in json.loads(body[0])["changes"]:
        if change["kind"] == "dossier" and change["data"]["dossier"]["code"] == code:
            found = change["data"]  # the last one of the page is the newest
    return found


def apply_changes(store: Store, changes: list[Mapping[str, Any]],
                  page_body: bytes | None = None) -> int:
    """Apply one page of the feed (inside the caller's transaction); returns the count.

    `page_body` is the page as received, kept as the shadow of its dossiers.

    A dossier with commands still waiting to be sent keeps its optimistic local state:
    the portal's answer to those commands brings the record.
    """
    with store.transaction() as conn:
        waiting = pending_codes(conn)
        records: list[Mapping[str, Any]] = []
        overrides: list[CalendarOverride] = []
        batch: list[Mapping[str, Any]] = []  # consecutive dossiers, written together
        for change in changes:
            kind, data = change["kind"], change["data"]
            if kind == "dossier":
                records.append(data)
                if data["dossier"]["code"] not in waiting:
                    batch.append(data)
                continue
            # Another kind: write the dossiers before it first, keeping the feed's order
            # (a dossier's search entry names its procedure).
            bulk.put_records(conn, batch)
            batch = []
            if kind == "unit":
                store.put_unit(unit_from_dict(data))
            elif kind == "procedure":
                store.put_procedure(procedure_from_dict(data))
            elif kind == "calendar":
                overrides.append(CalendarOverride(date.fromisoformat(data["day"]),
                                                  OverrideKind(data["kind"]),
                                                  data.get("note", "")))
            elif kind == "survey" and _import_survey(store, str(change.get("key", "")), data):
                pass
            else:
                conn.execute(
                    "INSERT INTO sync_records (kind, key, data) VALUES (?, ?, ?) "
                    "ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data",
                    (kind, str(change.get("key", "")), json.dumps(data, ensure_ascii=False)))
        bulk.put_records(conn, batch)
        if overrides:
            store.set_calendar_overrides(overrides)
        remember(conn, records, page_body)
    return len(changes)


def _import_survey(store: Store, key: str, data: Mapping[str, Any]) -> bool:
    """A survey answer for the unit's reports (desk_app.reports); False: keep it raw."""
    from desk_app.reports.survey import import_feed_survey

    try:
        import_feed_survey(store, key, data)
        return True
    except Exception as exc:  # one odd answer must not stop the feed
        log.warning("survey %s from the feed kept raw: %s", key, type(exc).__name__)
        return False


def roll_back(store: Store, code: str, record: Mapping[str, Any] | None) -> None:
    """Undo the optimistic state of a dossier: the portal's record, or nothing at all."""
    with store.transaction() as conn:
        record = shadow(conn, code) or record  # the newest the desk has seen
        if record is not None:
            put_record(store, record)
        else:
            # Never accepted by the portal (a rejected submit): the dossier does not
            # exist there; its content stays in the outbox command for a person to see.
            conn.execute("DELETE FROM log_rows WHERE dossier_code = ?", (code,))
            store.delete_dossier(code)


def file_refs(value: Any) -> list[str]:
    """Every blob hash a command's payload refers to, in order, without repeats."""
    found: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, Mapping):
            sha = v.get("sha256")
            if isinstance(sha, str) and len(sha) == 64 and sha not in found:
                found.append(sha)
            for item in v.values():
                walk(item)
        elif isinstance(v, (list, tuple)):
            for item in v:
                walk(item)

    walk(value)
    return found
