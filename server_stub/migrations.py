"""Numbered schema steps for SQLite and PostgreSQL, applied at startup.

The database records the last step applied in `schema_version`. Never edit a step
that has shipped: add a new one. Each step runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, text

from server_stub.db import Database

_TYPES = {
    "sqlite": {"SERIAL": "INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB": "BLOB"},
    "postgresql": {"SERIAL": "BIGSERIAL PRIMARY KEY", "BLOB": "BYTEA"},
}

STEP_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE units (agency_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE procedures (
    code TEXT NOT NULL, agency_id TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (code, agency_id));
CREATE TABLE officers (
    username TEXT PRIMARY KEY, unit_id TEXT NOT NULL, data TEXT NOT NULL,
    password_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL,
    expires_at BIGINT NOT NULL);
CREATE TABLE login_failures (
    subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at BIGINT NOT NULL);
CREATE TABLE dossiers (
    code TEXT PRIMARY KEY, agency_id TEXT NOT NULL, status TEXT, version INTEGER NOT NULL,
    account TEXT NOT NULL DEFAULT '', data TEXT NOT NULL);
CREATE INDEX dossiers_agency ON dossiers (agency_id);
CREATE TABLE dossier_log (
    dossier_code TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (dossier_code, seq));
CREATE TABLE changes (
    seq {SERIAL}, agency_id TEXT, kind TEXT NOT NULL, key TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE TABLE commands (
    client_id TEXT PRIMARY KEY, username TEXT NOT NULL, dossier_code TEXT NOT NULL,
    action TEXT NOT NULL, answer TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, data {BLOB} NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE blob_uploads (
    sha256 TEXT PRIMARY KEY, total BIGINT, received BIGINT NOT NULL);
CREATE TABLE blob_parts (
    sha256 TEXT NOT NULL, pos BIGINT NOT NULL, data {BLOB} NOT NULL,
    PRIMARY KEY (sha256, pos));
CREATE TABLE lease_counters (
    kind TEXT NOT NULL, agency_id TEXT NOT NULL, period TEXT NOT NULL,
    next_number INTEGER NOT NULL, PRIMARY KEY (kind, agency_id, period));
CREATE TABLE leases (
    id {SERIAL}, kind TEXT NOT NULL, agency_id TEXT NOT NULL, period TEXT NOT NULL,
    first_number INTEGER NOT NULL, last_number INTEGER NOT NULL, holder TEXT NOT NULL,
    issued_at TEXT NOT NULL);
CREATE TABLE calendar_overrides (day TEXT PRIMARY KEY, kind TEXT NOT NULL, note TEXT NOT NULL);
CREATE TABLE citizens (
    account TEXT PRIMARY KEY, password_hash TEXT NOT NULL, data TEXT NOT NULL,
    verified INTEGER NOT NULL, verify_hash TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL);
"""

# Step 2: the Art. 8 survey, the mail journal, and the indexes the feed reads by.
STEP_2 = """
CREATE TABLE surveys (
    dossier_code TEXT PRIMARY KEY, account TEXT NOT NULL, answers TEXT NOT NULL,
    submitted_at TEXT NOT NULL);
CREATE TABLE mails (
    id {SERIAL}, recipient TEXT NOT NULL, subject TEXT NOT NULL, kind TEXT NOT NULL,
    dossier_code TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX changes_agency ON changes (agency_id, seq);
CREATE INDEX leases_lookup ON leases (kind, agency_id, period);
CREATE INDEX dossiers_account ON dossiers (account);
"""

# Step 3: when a partial upload last grew, so abandoned ones can be dropped.
STEP_3 = """
ALTER TABLE blob_uploads ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
"""

# Step 4: surveys answered at desks' counters and units' periodic reports (Art. 8, 17,
# 18.8), the tables server_stub.reports made for itself until now (hence IF NOT EXISTS).
STEP_4 = """
CREATE TABLE IF NOT EXISTS desk_surveys (
    client_id TEXT PRIMARY KEY, dossier_code TEXT NOT NULL, agency_id TEXT NOT NULL,
    officer TEXT NOT NULL, answered_at TEXT NOT NULL, data TEXT NOT NULL,
    received_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unit_reports (
    agency_id TEXT NOT NULL, period TEXT NOT NULL, sent_by TEXT NOT NULL,
    received_at TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (agency_id, period));
"""

# Step 5 (security): partial uploads belong to their uploader (the step-1 tables, keyed by
# hash alone, are no longer used); who uploaded which blob and who may read it; each
# sign-in's token family, so logout and refresh-token reuse revoke all of it.
STEP_5 = """
CREATE TABLE blob_partials (
    owner TEXT NOT NULL, sha256 TEXT NOT NULL, total BIGINT, received BIGINT NOT NULL,
    updated_at BIGINT NOT NULL, PRIMARY KEY (owner, sha256));
CREATE TABLE blob_chunks (
    owner TEXT NOT NULL, sha256 TEXT NOT NULL, pos BIGINT NOT NULL, data {BLOB} NOT NULL,
    PRIMARY KEY (owner, sha256, pos));
CREATE TABLE blob_owners (
    sha256 TEXT NOT NULL, principal TEXT NOT NULL, PRIMARY KEY (sha256, principal));
CREATE TABLE blob_grants (
    sha256 TEXT NOT NULL, principal TEXT NOT NULL, PRIMARY KEY (sha256, principal));
ALTER TABLE tokens ADD COLUMN family TEXT NOT NULL DEFAULT '';
CREATE INDEX tokens_family ON tokens (family);
"""

# Step 6: notices to the applicant (Art. 12.2, 12.3, 13.2), written with the action and
# e-mailed after it, retried when the mail server fails.
STEP_6 = """
CREATE TABLE notices (
    id {SERIAL}, dossier_code TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
    body TEXT NOT NULL, attachments TEXT NOT NULL, recipient TEXT NOT NULL,
    email_status TEXT NOT NULL, attempts INTEGER NOT NULL, attached INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, next_attempt_at TEXT NOT NULL);
CREATE INDEX notices_dossier ON notices (dossier_code, id);
CREATE INDEX notices_retry ON notices (email_status, next_attempt_at)
"""

# Step 7: what happened to applicants' accounts (Art. 10.2-10.3), with who and why.
STEP_7 = """
CREATE TABLE account_events (
    id {SERIAL}, account TEXT NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL,
    reason TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX account_events_account ON account_events (account, id)
"""


# Step 8: every write to the reference data adds one to `meta.reference_generation`, so
# each portal process knows when its copies are stale (reference.py).
_REFERENCE_TABLES = ("units", "procedures", "officers", "calendar_overrides")


def _step_8(conn: Connection, dialect: str) -> None:
    conn.execute(text("INSERT INTO meta (key, value) VALUES ('reference_generation', '1') "
                      "ON CONFLICT (key) DO NOTHING"))
    bump = ("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) "
            "WHERE key = 'reference_generation'")
    if dialect == "postgresql":
        conn.exec_driver_sql(
            "CREATE FUNCTION desk_reference_changed() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {bump}; RETURN NULL; END $$")
        for table in _REFERENCE_TABLES:
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_reference_changed AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION desk_reference_changed()")
        return
    for table in _REFERENCE_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            conn.exec_driver_sql(f"CREATE TRIGGER {table}_{event.lower()}_reference_changed "
                                 f"AFTER {event} ON {table} BEGIN {bump}; END")


def _sql_step(sql: str) -> Callable[[Connection, str], None]:
    def run(conn: Connection, dialect: str) -> None:
        for statement in sql.format(**_TYPES[dialect]).split(";"):
            if statement.strip():
                conn.execute(text(statement))
    return run


STEPS: tuple[Callable[[Connection, str], None], ...] = (
    _sql_step(STEP_1), _sql_step(STEP_2), _sql_step(STEP_3), _sql_step(STEP_4),
    _sql_step(STEP_5), _sql_step(STEP_6), _sql_step(STEP_7), _step_8)
LATEST = len(STEPS)


def current_version(db: Database) -> int:
    if not inspect(db.engine).has_table("schema_version"):
        return 0
    with db.read() as conn:
        row = conn.execute(text("SELECT MAX(version) FROM schema_version")).first()
    return int(row[0] or 0) if row else 0


def migrate(db: Database, upto: int = LATEST) -> int:
    """Apply every step above the database's version up to `upto`; the new version."""
    with db.write() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))
    version = current_version(db)
    if version > LATEST:
        raise RuntimeError(
            f"Cơ sở dữ liệu ở phiên bản {version}, mới hơn phần mềm ({LATEST}); hãy cập nhật "
            f"phần mềm / the database is newer than this software")
    for number in range(version + 1, upto + 1):
        with db.write() as conn:
            STEPS[number - 1](conn, db.dialect)
            conn.execute(text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": number})
    return max(version, upto)
