"""Numbered migrations of the local store, applied in order when a store is opened.

Each step runs in the same transaction as the bump of `PRAGMA user_version`, so a
store is always at exactly one version. Never edit a released step: add a new one.
The tests build every earlier version from these same steps
(`migrate(conn, upto=N)`), fill it, and upgrade it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from desk_app.textfmt import fold

Step = str | Callable[[sqlite3.Connection], None]

V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE units (agency_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE procedures (
    code TEXT NOT NULL, agency_id TEXT NOT NULL, name TEXT NOT NULL, field TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (code, agency_id));
CREATE TABLE dossiers (
    code TEXT PRIMARY KEY, procedure_code TEXT NOT NULL, agency_id TEXT NOT NULL,
    status TEXT, step TEXT, version INTEGER NOT NULL, channel TEXT NOT NULL,
    applicant_name TEXT NOT NULL, applicant_id TEXT NOT NULL,
    submitted_at TEXT, receipt_due_at TEXT, received_at TEXT, due_at TEXT,
    assigned_to TEXT NOT NULL DEFAULT '', provisional INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL);
CREATE INDEX dossiers_status ON dossiers (agency_id, status, step);
CREATE TABLE components (
    dossier_code TEXT NOT NULL REFERENCES dossiers (code) ON DELETE CASCADE,
    position INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
    required INTEGER NOT NULL, source TEXT NOT NULL, copies INTEGER NOT NULL,
    files TEXT NOT NULL, PRIMARY KEY (dossier_code, code));
CREATE TABLE log_rows (
    dossier_code TEXT NOT NULL, seq INTEGER NOT NULL, action TEXT NOT NULL,
    unit TEXT NOT NULL, handed_by TEXT NOT NULL, received_by TEXT NOT NULL,
    handed_at TEXT NOT NULL, due_at TEXT, timeliness TEXT, status_after TEXT NOT NULL,
    note TEXT NOT NULL, PRIMARY KEY (dossier_code, seq));
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL UNIQUE,
    dossier_code TEXT NOT NULL, action TEXT NOT NULL, base_version INTEGER NOT NULL,
    acted_at TEXT NOT NULL, actor TEXT NOT NULL, payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending', answer TEXT);
CREATE INDEX outbox_state ON outbox (state, seq);
CREATE TABLE leases (
    kind TEXT NOT NULL, agency_id TEXT NOT NULL, period TEXT NOT NULL,
    first INTEGER NOT NULL, last INTEGER NOT NULL, next INTEGER NOT NULL,
    PRIMARY KEY (kind, agency_id, period, first));
"""

V2 = """
CREATE VIRTUAL TABLE dossier_search USING fts5 (text, tokenize = 'trigram');
CREATE VIRTUAL TABLE procedure_search USING fts5 (text, tokenize = 'trigram');
CREATE TABLE outgoing_register (
    agency_id TEXT NOT NULL, year INTEGER NOT NULL, number INTEGER NOT NULL,
    symbol TEXT NOT NULL, date TEXT NOT NULL, summary TEXT NOT NULL, signer TEXT NOT NULL,
    recipients TEXT NOT NULL, keeping_unit TEXT NOT NULL, copies INTEGER NOT NULL,
    dossier_code TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY (agency_id, year, number));
CREATE TABLE calendar_overrides (day TEXT PRIMARY KEY, kind TEXT NOT NULL, note TEXT NOT NULL);
CREATE INDEX log_rows_time ON log_rows (handed_at);
"""


# Art. 8 survey answers (given at the counter or synced from the portal) and the
# reports a unit has sent (Art. 17, 18.8), so reminders know what is still due.
V3 = """
CREATE TABLE survey_answers (
    client_id TEXT PRIMARY KEY, dossier_code TEXT NOT NULL, agency_id TEXT NOT NULL,
    officer TEXT NOT NULL, answered_at TEXT NOT NULL, scores TEXT NOT NULL,
    comment TEXT NOT NULL, anonymous INTEGER NOT NULL, applicant_name TEXT NOT NULL,
    source TEXT NOT NULL, sent INTEGER NOT NULL DEFAULT 0);
CREATE INDEX survey_answers_time ON survey_answers (agency_id, answered_at);
CREATE TABLE report_submissions (
    agency_id TEXT NOT NULL, period TEXT NOT NULL, sent_at TEXT, payload TEXT NOT NULL,
    PRIMARY KEY (agency_id, period));
"""

# The indexes the reports read through (desk_app.reports.compute.INDEXES): built at
# upgrade time rather than on the first report, which would hold the write lock.
V4 = """
CREATE INDEX IF NOT EXISTS reports_log_events ON log_rows (dossier_code, action, handed_at)
    WHERE action IN ('receive', 'seal_and_register', 'refuse', 'withdraw', 'stop',
    'return_at_counter', 'hand_to_post', 'request_supplement', 'supplement_received',
    'apologise');
CREATE INDEX IF NOT EXISTS reports_log_days ON log_rows (action, handed_at, dossier_code)
    WHERE action IN ('receive', 'seal_and_register');
CREATE INDEX IF NOT EXISTS reports_digitised ON components (dossier_code)
    WHERE source = 'digitised';
CREATE INDEX IF NOT EXISTS reports_dossier_facts ON dossiers (agency_id, procedure_code, code,
    channel, json_extract(data, '$.due_at'), json_extract(data, '$.fee_payment'),
    json_array_length(data, '$.result_files'));
"""


# Who opened which dossier, when (Decree 13/2023/NĐ-CP: processing of personal data is
# recorded); read by the unit's leader (desk_app.access_log).
V5 = """
CREATE TABLE access_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, officer TEXT NOT NULL,
    agency_id TEXT NOT NULL, dossier_code TEXT NOT NULL, purpose TEXT NOT NULL);
CREATE INDEX access_log_time ON access_log (agency_id, at);
CREATE INDEX access_log_dossier ON access_log (dossier_code, at);
"""


def dossier_search_text(code: str, applicant_name: str, applicant_id: str, extra: str) -> str:
    """What a dossier is found by: code, applicant name and ID, procedure name."""
    return fold(f"{code} {applicant_name} {applicant_id} {extra}")


def procedure_search_text(code: str, name: str, field: str) -> str:
    return fold(f"{code} {name} {field}")


def _backfill_search(conn: sqlite3.Connection) -> None:
    """V2 adds search: index what a V1 store already holds."""
    names = {}
    for code, agency, name, field in conn.execute(
        "SELECT code, agency_id, name, field FROM procedures"
    ):
        names[(code, agency)] = name
        rowid = conn.execute(
            "SELECT rowid FROM procedures WHERE code = ? AND agency_id = ?", (code, agency)
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO procedure_search (rowid, text) VALUES (?, ?)",
            (rowid, procedure_search_text(code, name, field)),
        )
    for rowid, code, pcode, agency, name, id_number, data in conn.execute(
        "SELECT rowid, code, procedure_code, agency_id, applicant_name, applicant_id, data "
        "FROM dossiers"
    ).fetchall():
        phone = json.loads(data).get("applicant", {}).get("phone", "")
        conn.execute(
            "INSERT INTO dossier_search (rowid, text) VALUES (?, ?)",
            (rowid, dossier_search_text(code, name, id_number,
                                        f"{names.get((pcode, agency), '')} {phone}")),
        )


# Liên thông (Decree 118/2025): a unit's work is what it holds, whichever unit received it.
V6 = """
CREATE INDEX IF NOT EXISTS dossiers_holder ON dossiers (
    COALESCE(NULLIF(json_extract(data, '$.holder_id'), ''), agency_id), status);
"""

# The reports' index of the dossiers several units handled (desk_app.reports.parts.INDEX),
# built at upgrade time like V4's.
V7 = """
CREATE INDEX IF NOT EXISTS reports_linked ON dossiers (code)
    WHERE json_array_length(data, '$.parts') > 0;
"""

# Time the log can trust: the desk stamps a command with the portal's corrected time and
# keeps its own clock's reading alongside.
V8 = """
ALTER TABLE outbox ADD COLUMN local_acted_at TEXT;
"""

# Art. 12.1.a in the reports: the late first answers (few) found by an index of their own,
# not by scanning every receipt of the year.
V9 = """
CREATE INDEX IF NOT EXISTS reports_receipt_late ON log_rows (handed_at, dossier_code)
    WHERE timeliness = 'late' AND action IN ('receive', 'refuse', 'request_supplement');
"""


MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    (V1,),
    (V2, _backfill_search),
    (V3,),
    (V4,),
    (V5,),
    (V6,),
    (V7,),
    (V8,),
    (V9,),
)
LATEST = len(MIGRATIONS)


class StoreVersionError(RuntimeError):
    """The store was written by a newer version of the application."""


def migrate(conn: sqlite3.Connection, upto: int = LATEST) -> int:
    """Bring the store to version `upto`; return the version it had."""
    (current,) = conn.execute("PRAGMA user_version").fetchone()
    if current > LATEST:
        raise StoreVersionError(
            f"Dữ liệu được tạo bởi phiên bản mới hơn (phiên bản dữ liệu {current}); "
            "hãy cập nhật phần mềm. / The store is newer than this application."
        )
    for version in range(current + 1, upto + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for step in MIGRATIONS[version - 1]:
                if isinstance(step, str):
                    for statement in filter(str.strip, step.split(";")):
                        conn.execute(statement)
                else:
                    step(conn)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return current
