"""The desk's local replica: SQLite in WAL mode, one connection guarded by a lock.

Everything an officer does is written here first (state, log row and outbox command
in one transaction, see `desk_app.services`), so a desk keeps working offline and a
killed process loses nothing that was committed: WAL with synchronous=FULL.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desk_app.calendar import CalendarOverride, OverrideKind
from desk_app.domain import (
    Channel,
    Dossier,
    LogRow,
    OutgoingRegisterRow,
    Procedure,
    Status,
    Step,
    Timeliness,
    Unit,
    dossier_from_dict,
    procedure_from_dict,
    to_dict,
    unit_from_dict,
)
from desk_app.store import linked_lists
from desk_app.store.connect import connect, connect_reader
from desk_app.store.crypto import blob_key, ensure_key, load_key, sidecar_path
from desk_app.store.migrations import (
    dossier_search_text,
    migrate,
    procedure_search_text,
)
from desk_app.textfmt import fold

DOSSIER_LEASE = "dossier"
REGISTER_LEASE = "register"
# Form 01 "Số …/TNHS": the unit's receipt register, numbered per year like the outgoing one.
RECEIPT_LEASE = "receipt"


class NoNumberLeft(RuntimeError):
    """No leased number is left for this agency and period; the desk must sync."""


@dataclass(frozen=True)
class DossierSummary:
    """What a work list shows of a dossier, read without loading the whole record."""

    code: str
    procedure_code: str
    agency_id: str
    status: Status | None
    step: Step | None
    version: int
    channel: Channel
    applicant_name: str
    submitted_at: datetime | None
    receipt_due_at: datetime | None
    due_at: datetime | None
    assigned_to: str
    provisional: bool
    holder_id: str = ""  # liên thông: the unit acting on it now; "" = agency_id


@dataclass(frozen=True)
class OutboxCommand:
    """An officer's action waiting to reach the portal (or its answer, once it did)."""

    seq: int
    client_id: str
    dossier_code: str
    action: str
    base_version: int
    acted_at: datetime
    actor: str
    payload: dict[str, Any]
    state: str  # pending / applied / duplicate / conflict / rejected
    answer: dict[str, Any] | None
    local_acted_at: datetime | None = None  # the desk's own clock when acted_at was stamped


# One statement for a dossier row, whether written by an officer's action or by a
# page of the portal's feed (sync/bulk.py uses it too).
DOSSIER_UPSERT = (
    "INSERT INTO dossiers (code, procedure_code, agency_id, status, step, version, "
    "channel, applicant_name, applicant_id, submitted_at, receipt_due_at, "
    "received_at, due_at, assigned_to, provisional, data) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (code) DO UPDATE SET procedure_code = excluded.procedure_code, "
    "agency_id = excluded.agency_id, status = excluded.status, "
    "step = excluded.step, version = excluded.version, "
    "channel = excluded.channel, applicant_name = excluded.applicant_name, "
    "applicant_id = excluded.applicant_id, submitted_at = excluded.submitted_at, "
    "receipt_due_at = excluded.receipt_due_at, "
    "received_at = excluded.received_at, due_at = excluded.due_at, "
    "assigned_to = excluded.assigned_to, provisional = excluded.provisional, "
    "data = excluded.data"
)


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


_SUMMARY_COLUMNS = (
    "code, procedure_code, agency_id, status, step, version, channel, applicant_name, "
    "submitted_at, receipt_due_at, due_at, assigned_to, provisional, "
    "COALESCE(json_extract(data, '$.holder_id'), '')"
)



def _summary(row: Sequence[Any]) -> DossierSummary:
    return DossierSummary(
        code=row[0],
        procedure_code=row[1],
        agency_id=row[2],
        status=Status(row[3]) if row[3] else None,
        step=Step(row[4]) if row[4] else None,
        version=row[5],
        channel=Channel(row[6]),
        applicant_name=row[7],
        submitted_at=_dt(row[8]),
        receipt_due_at=_dt(row[9]),
        due_at=_dt(row[10]),
        assigned_to=row[11],
        provisional=bool(row[12]),
        holder_id=row[13] if len(row) > 13 else "",
    )


def _fts_query(terms: list[str]) -> str:
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


class Store(linked_lists.LinkedLists):
    """The local store. Thread-safe: one connection, one re-entrant lock."""

    def __init__(self, path: str | Path, key: bytes | None = None) -> None:
        """`key`: the desk's 256-bit key (desk_app.store.crypto); the file is then
        SQLCipher-encrypted, a plain one being converted first. None: the key from the
        keyring when the store is encrypted (it has a key file), else plain SQLite."""
        if key is None and str(path) != ":memory:" and sidecar_path(path).exists():
            key = load_key(path).key  # any tool opening the desk's store needs no key option
        self.path = Path(path)
        self.encrypted = key is not None
        self._key = key
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = connect(path, key)
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")  # survive a power cut
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._lock = threading.RLock()
        self._depth = 0
        self.recovery_code: str | None = None
        self.opened_from_version = migrate(self._conn)

    @classmethod
    def open(cls, path: str | Path, key: bytes | None = None) -> Store:
        return cls(path, key)

    @classmethod
    def open_encrypted(cls, path: str | Path) -> Store:
        """The desk's store with its key from the OS keyring (made on first use; then
        `recovery_code` holds the code to show the administrator once)."""
        store_key = ensure_key(path)
        store = cls(path, store_key.key)
        store.recovery_code = store_key.recovery_code
        return store

    def reader(self) -> Any:
        """A new read-only connection to the same file (with the key, if any)."""
        return connect_reader(self.path, self._key)

    def blob_key(self) -> bytes | None:
        """The key for the blob folder beside this store (None for a plain store)."""
        return blob_key(self._key) if self._key is not None else None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work; nested uses join the outer transaction."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._depth = 0

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # --- meta (sync cursor and other small settings) -------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # --- units and procedures ------------------------------------------------------

    def put_unit(self, unit: Unit) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT INTO units (agency_id, data) VALUES (?, ?) "
                "ON CONFLICT (agency_id) DO UPDATE SET data = excluded.data",
                (unit.agency_id, json.dumps(to_dict(unit), ensure_ascii=False)),
            )

    def units(self) -> list[Unit]:
        """Every unit the desk knows (a transfer names one of them)."""
        return [unit_from_dict(json.loads(r[0]))
                for r in self._query("SELECT data FROM units ORDER BY agency_id")]

    def get_unit(self, agency_id: str) -> Unit | None:
        rows = self._query("SELECT data FROM units WHERE agency_id = ?", (agency_id,))
        return unit_from_dict(json.loads(rows[0][0])) if rows else None

    def put_procedure(self, p: Procedure) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT INTO procedures (code, agency_id, name, field, data) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (code, agency_id) DO UPDATE SET "
                "name = excluded.name, field = excluded.field, data = excluded.data",
                (p.code, p.agency_id, p.name, p.field,
                 json.dumps(to_dict(p), ensure_ascii=False)),
            )
            (rowid,) = c.execute(
                "SELECT rowid FROM procedures WHERE code = ? AND agency_id = ?",
                (p.code, p.agency_id),
            ).fetchone()
            c.execute("DELETE FROM procedure_search WHERE rowid = ?", (rowid,))
            c.execute(
                "INSERT INTO procedure_search (rowid, text) VALUES (?, ?)",
                (rowid, procedure_search_text(p.code, p.name, p.field)),
            )

    def get_procedure(self, code: str, agency_id: str) -> Procedure | None:
        rows = self._query(
            "SELECT data FROM procedures WHERE code = ? AND agency_id = ?", (code, agency_id)
        )
        return procedure_from_dict(json.loads(rows[0][0])) if rows else None

    def procedures(self, agency_id: str | None = None) -> list[Procedure]:
        sql, params = "SELECT data FROM procedures", ()
        if agency_id:
            sql, params = sql + " WHERE agency_id = ?", (agency_id,)
        return [procedure_from_dict(json.loads(r[0])) for r in self._query(sql + " ORDER BY code",
                                                                           params)]

    def search_procedures(self, text: str, limit: int = 50) -> list[Procedure]:
        """Find procedures as officers type: no tone marks needed, any case, by code."""
        rowids = self._search("procedure_search", text, limit)
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        rows = self._query(f"SELECT rowid, data FROM procedures WHERE rowid IN ({marks})",
                           rowids)
        by_id = {r[0]: procedure_from_dict(json.loads(r[1])) for r in rows}
        return [by_id[i] for i in rowids if i in by_id]

    def _search(self, table: str, text: str, limit: int) -> list[int]:
        terms = fold(text).split()
        if not terms:
            return []
        long_terms = [t for t in terms if len(t) >= 3]
        # The trigram index answers terms of three letters or more; shorter ones
        # ("ky", "an") must start a word among the rows it found.
        where, params = [], []
        if long_terms:
            where.append(f"{table} MATCH ?")
            params.append(_fts_query(long_terms))
        for t in terms:
            if len(t) < 3:
                where.append("instr(' ' || text, ?) > 0")
                params.append(" " + t)
        sql = (f"SELECT rowid FROM {table} WHERE {' AND '.join(where)} "
               "ORDER BY rowid DESC LIMIT ?")
        return [r[0] for r in self._query(sql, (*params, limit))]

    # --- dossiers ------------------------------------------------------------------

    def put_dossier(self, d: Dossier) -> None:
        """Insert or replace a dossier with its components and search entry."""
        data = to_dict(d)
        components = data.pop("components")
        with self.transaction() as c:
            c.execute(
                DOSSIER_UPSERT,
                (d.code, d.procedure_code, d.agency_id, data["status"], data["step"],
                 d.version, d.channel.value, d.applicant.name, d.applicant.id_number,
                 _iso(d.submitted_at), _iso(d.receipt_due_at), _iso(d.received_at),
                 _iso(d.effective_due_at), d.assigned_to, int(d.provisional),
                 json.dumps(data, ensure_ascii=False)),
            )
            c.execute("DELETE FROM components WHERE dossier_code = ?", (d.code,))
            c.executemany(
                "INSERT INTO components (dossier_code, position, code, name, required, "
                "source, copies, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(d.code, i, comp["code"], comp["name"], int(comp["required"]), comp["source"],
                  comp["copies"], json.dumps(comp["files"], ensure_ascii=False))
                 for i, comp in enumerate(components)],
            )
            (rowid,) = c.execute("SELECT rowid FROM dossiers WHERE code = ?",
                                 (d.code,)).fetchone()
            pname = c.execute(
                "SELECT name FROM procedures WHERE code = ? AND agency_id = ?",
                (d.procedure_code, d.deciding_id),  # the deciding unit's procedure
            ).fetchone()
            c.execute("DELETE FROM dossier_search WHERE rowid = ?", (rowid,))
            c.execute(
                "INSERT INTO dossier_search (rowid, text) VALUES (?, ?)",
                (rowid, dossier_search_text(d.code, d.applicant.name, d.applicant.id_number,
                                            f"{pname[0] if pname else ''} {d.applicant.phone}")),
            )

    def get_dossier(self, code: str) -> Dossier | None:
        with self._lock:
            row = self._conn.execute("SELECT data FROM dossiers WHERE code = ?",
                                     (code,)).fetchone()
            if row is None:
                return None
            comps = self._conn.execute(
                "SELECT code, name, required, source, copies, files FROM components "
                "WHERE dossier_code = ? ORDER BY position", (code,)
            ).fetchall()
        data = json.loads(row[0])
        data["components"] = [
            {"code": c[0], "name": c[1], "required": bool(c[2]), "source": c[3],
             "copies": c[4], "files": json.loads(c[5])}
            for c in comps
        ]
        return dossier_from_dict(data)

    def delete_dossier(self, code: str) -> None:
        with self.transaction() as c:
            row = c.execute("SELECT rowid FROM dossiers WHERE code = ?", (code,)).fetchone()
            if row:
                c.execute("DELETE FROM dossier_search WHERE rowid = ?", (row[0],))
                c.execute("DELETE FROM dossiers WHERE code = ?", (code,))

    def dossier_summaries(
        self,
        agency_id: str | None = None,
        statuses: Sequence[Status] = (),
        step: Step | None = None,
        assigned_to: str | None = None,
        limit: int = 5000,
        holder_id: str | None = None,
    ) -> list[DossierSummary]:
        """`agency_id`: the receiving unit; `holder_id`: the unit holding it now."""
        where, params = [], []
        if agency_id:
            where.append("agency_id = ?")
            params.append(agency_id)
        if holder_id:
            where.append(f"{linked_lists.HOLDER_SQL} = ?")
            params.append(holder_id)
        if statuses:
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            params += [s.value for s in statuses]
        if step:
            where.append("step = ?")
            params.append(step.value)
        if assigned_to is not None:
            where.append("assigned_to = ?")
            params.append(assigned_to)
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM dossiers"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY COALESCE(due_at, receipt_due_at, submitted_at) LIMIT ?"
        return [_summary(r) for r in self._query(sql, (*params, limit))]

    def _summaries_where(self, where: str, params: Sequence[Any],
                         limit: int) -> list[DossierSummary]:
        sql = (f"SELECT {_SUMMARY_COLUMNS} FROM dossiers WHERE {where} "
               "ORDER BY COALESCE(due_at, receipt_due_at, submitted_at) LIMIT ?")
        return [_summary(r) for r in self._query(sql, (*params, limit))]

    def search_dossiers(self, text: str, limit: int = 50) -> list[DossierSummary]:
        """Find dossiers by code fragment, applicant name or ID, procedure name.

        Tone marks, diacritics and case do not matter: 'dang ky khai sinh' finds
        'Đăng ký khai sinh'. Newest first.
        """
        rowids = self._search("dossier_search", text, limit)
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        rows = self._query(
            f"SELECT rowid, {_SUMMARY_COLUMNS} FROM dossiers WHERE rowid IN ({marks})", rowids
        )
        by_id = {r[0]: _summary(r[1:]) for r in rows}
        return [by_id[i] for i in rowids if i in by_id]

    def count_dossiers(self) -> int:
        return self._query("SELECT count(*) FROM dossiers")[0][0]

    # --- processing log (form 05) --------------------------------------------------

    def next_log_seq(self, code: str) -> int:
        rows = self._query("SELECT COALESCE(MAX(seq), 0) + 1 FROM log_rows WHERE dossier_code = ?",
                           (code,))
        return rows[0][0]

    def append_log(self, row: LogRow) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO log_rows (dossier_code, seq, action, unit, handed_by, "
                "received_by, handed_at, due_at, timeliness, status_after, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.dossier_code, row.seq, row.action, row.unit, row.handed_by,
                 row.received_by, row.handed_at.isoformat(), _iso(row.due_at),
                 row.timeliness.value if row.timeliness else None, row.status_after.value,
                 row.note),
            )

    def replace_log(self, code: str, rows: Sequence[LogRow]) -> None:
        """The portal's log is the authority once it has the dossier."""
        with self.transaction() as c:
            c.execute("DELETE FROM log_rows WHERE dossier_code = ?", (code,))
            for row in rows:
                self.append_log(row)

    def log_rows(self, code: str) -> list[LogRow]:
        rows = self._query(
            "SELECT dossier_code, seq, action, unit, handed_by, received_by, handed_at, "
            "due_at, timeliness, status_after, note FROM log_rows WHERE dossier_code = ? "
            "ORDER BY seq", (code,))
        return [
            LogRow(r[0], r[1], r[2], r[3], r[4], r[5], datetime.fromisoformat(r[6]), _dt(r[7]),
                   Timeliness(r[8]) if r[8] else None, Status(r[9]), r[10])
            for r in rows
        ]

    # --- outbox --------------------------------------------------------------------

    def enqueue(self, dossier_code: str, action: str, base_version: int, acted_at: datetime,
                actor: str, payload: dict[str, Any],
                local_acted_at: datetime | None = None) -> str:
        """Queue a command for the portal; returns its client id (idempotency key)."""
        client_id = str(uuid.uuid4())
        with self.transaction() as c:
            c.execute(
                "INSERT INTO outbox (client_id, dossier_code, action, base_version, acted_at, "
                "actor, payload, local_acted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (client_id, dossier_code, action, base_version, acted_at.isoformat(), actor,
                 json.dumps(to_dict(payload), ensure_ascii=False), _iso(local_acted_at)),
            )
        return client_id

    def outbox(
        self, states: Sequence[str] = ("pending",), limit: int = 1000
    ) -> list[OutboxCommand]:
        marks = ",".join("?" * len(states))
        rows = self._query(
            "SELECT seq, client_id, dossier_code, action, base_version, acted_at, actor, "
            f"payload, state, answer, local_acted_at FROM outbox WHERE state IN ({marks}) "
            "ORDER BY seq LIMIT ?", (*states, limit))
        return [OutboxCommand(r[0], r[1], r[2], r[3], r[4], datetime.fromisoformat(r[5]), r[6],
                              json.loads(r[7]), r[8], json.loads(r[9]) if r[9] else None,
                              datetime.fromisoformat(r[10]) if r[10] else None)
                for r in rows]

    def count_outbox(self, state: str = "pending") -> int:
        return self._query("SELECT count(*) FROM outbox WHERE state = ?", (state,))[0][0]

    def mark_command(self, client_id: str, state: str, answer: dict[str, Any] | None) -> None:
        with self.transaction() as c:
            c.execute("UPDATE outbox SET state = ?, answer = ? WHERE client_id = ?",
                      (state, json.dumps(answer, ensure_ascii=False) if answer else None,
                       client_id))

    # --- leased numbers --------------------------------------------------------------

    def add_lease(self, kind: str, agency_id: str, period: str, first: int, last: int) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT OR IGNORE INTO leases (kind, agency_id, period, first, last, next) "
                "VALUES (?, ?, ?, ?, ?, ?)", (kind, agency_id, period, first, last, first))

    def numbers_left(self, kind: str, agency_id: str, period: str) -> int:
        rows = self._query(
            "SELECT COALESCE(SUM(last - next + 1), 0) FROM leases "
            "WHERE kind = ? AND agency_id = ? AND period = ? AND next <= last",
            (kind, agency_id, period))
        return rows[0][0]

    def take_number(self, kind: str, agency_id: str, period: str) -> int:
        """The next unused number of a leased block (offline-safe: blocks never overlap)."""
        with self.transaction() as c:
            row = c.execute(
                "SELECT first, next FROM leases WHERE kind = ? AND agency_id = ? AND period = ? "
                "AND next <= last ORDER BY first LIMIT 1", (kind, agency_id, period)).fetchone()
            if row is None:
                raise NoNumberLeft(
                    f"Hết số {'hồ sơ' if kind == DOSSIER_LEASE else 'văn bản'} được cấp trước "
                    f"cho {agency_id} ({period}); hãy kết nối và đồng bộ với Cổng dịch vụ công. "
                    f"/ No leased {kind} number left for {agency_id} {period}; sync first."
                )
            first, number = row
            c.execute("UPDATE leases SET next = next + 1 WHERE kind = ? AND agency_id = ? "
                      "AND period = ? AND first = ?", (kind, agency_id, period, first))
            return number

    def next_dossier_code(self, agency_id: str, day: date) -> str:
        """`{agency}-{yyMMdd}-{NNNN}`: a counter per agency that restarts each day."""
        period = day.strftime("%y%m%d")
        number = self.take_number(DOSSIER_LEASE, agency_id, period)
        return f"{agency_id}-{period}-{number:04d}"

    def next_register_number(self, agency_id: str, year: int) -> int:
        """Decree 30/2020: outgoing numbers from 01 on 1 January, unique per agency and year."""
        return self.take_number(REGISTER_LEASE, agency_id, str(year))

    # --- outgoing register -------------------------------------------------------------

    def record_outgoing(self, row: OutgoingRegisterRow) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT INTO outgoing_register (agency_id, year, number, symbol, date, summary, "
                "signer, recipients, keeping_unit, copies, dossier_code, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.agency_id, row.year, row.number, row.symbol, row.date.isoformat(),
                 row.summary, row.signer, row.recipients, row.keeping_unit, row.copies,
                 row.dossier_code, row.note))

    def outgoing_register(self, agency_id: str, year: int) -> list[OutgoingRegisterRow]:
        rows = self._query(
            "SELECT agency_id, year, number, symbol, date, summary, signer, recipients, "
            "keeping_unit, copies, dossier_code, note FROM outgoing_register "
            "WHERE agency_id = ? AND year = ? ORDER BY number", (agency_id, year))
        return [OutgoingRegisterRow(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), *r[5:])
                for r in rows]

    # --- calendar overrides ------------------------------------------------------------

    def set_calendar_overrides(self, overrides: Sequence[CalendarOverride]) -> None:
        with self.transaction() as c:
            c.executemany(
                "INSERT INTO calendar_overrides (day, kind, note) VALUES (?, ?, ?) "
                "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, note = excluded.note",
                [(o.day.isoformat(), o.kind.value, o.note) for o in overrides])

    def calendar_overrides(self) -> list[CalendarOverride]:
        return [CalendarOverride(date.fromisoformat(r[0]), OverrideKind(r[1]), r[2])
                for r in self._query("SELECT day, kind, note FROM calendar_overrides ORDER BY day")]

