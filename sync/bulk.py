"""Writing many of the portal's dossier records into the local store at once.

The same rows `Store.put_dossier` and `Store.replace_log` write, but straight from the
wire form (already JSON) and with one statement per table per page instead of several
per dossier: the first sync of a unit brings tens of thousands of records. A test
(`tests/sync/test_sync_bulk.py`) holds this to exactly what the Store writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from desk_app.domain import Channel, Status, Step, Timeliness
from desk_app.store.store import DOSSIER_UPSERT
from desk_app.textfmt import fold

_CHUNK = 500  # codes per IN (…) list


_STATUSES = frozenset(s.value for s in Status)
_STEPS = frozenset(s.value for s in Step)
_CHANNELS = frozenset(c.value for c in Channel)
_TIMELINESS = frozenset(t.value for t in Timeliness)


def _when(value: Any, required: bool = False) -> str | None:
    """An ISO 8601 datetime with its offset, checked, as the store keeps it."""
    if not value:
        if required:
            raise ValueError("a datetime is required")
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"naive datetime in a portal record: {value!r}")
    return parsed.isoformat()


def _one_of(value: Any, allowed: frozenset[str], optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if value not in allowed:
        raise ValueError(f"unexpected value in a portal record: {value!r}")
    return value


def _dossier_row(d: dict[str, Any]) -> tuple[Any, ...]:
    """The dossiers row of a wire record, checked field by field.

    Reading the wire form directly (rather than building the domain objects and
    writing them back) is what keeps a first sync near the cost of the download.
    """
    applicant = d["applicant"]
    apologies = d.get("apologies") or ()
    due = apologies[-1]["new_due_at"] if apologies else d.get("due_at")  # effective_due_at
    for a in apologies:
        _when(a.get("issued_at"), True)
    for field in ("paused_at", "finished_at", "returned_at"):
        _when(d.get(field))
    _one_of(d.get("resume_status"), _STATUSES)
    _one_of(d.get("resume_step"), _STEPS)
    return (str(d["code"]), str(d["procedure_code"]), str(d["agency_id"]),
            _one_of(d.get("status"), _STATUSES), _one_of(d.get("step"), _STEPS),
            int(d.get("version", 0)), _one_of(d["channel"], _CHANNELS, optional=False),
            str(applicant["name"]), str(applicant.get("id_number", "")),
            _when(d.get("submitted_at")), _when(d.get("receipt_due_at")),
            _when(d.get("received_at")), _when(due), str(d.get("assigned_to", "")),
            int(bool(d.get("provisional", False))), json.dumps(d, ensure_ascii=False))


def _search_text(code: str, name: str, id_number: str, procedure_folded: str,
                 phone: str) -> str:
    """`dossier_search_text(code, name, id, f"{procedure} {phone}")`, with the procedure
    name folded once per page instead of once per dossier (folding is per word, so the
    pieces join to the same text; test_sync_bulk holds the two equal)."""
    parts = (fold(code), fold(name), fold(id_number), procedure_folded, fold(phone))
    return " ".join(p for p in parts if p)


def _log_row(r: Mapping[str, Any]) -> tuple[Any, ...]:
    return (str(r["dossier_code"]), int(r["seq"]), str(r["action"]), str(r["unit"]),
            str(r["handed_by"]), str(r["received_by"]), _when(r["handed_at"], True),
            _when(r.get("due_at")), _one_of(r.get("timeliness"), _TIMELINESS),
            _one_of(r["status_after"], _STATUSES, optional=False), str(r.get("note", "")))


def put_records(conn: sqlite3.Connection, records: Iterable[Mapping[str, Any]]) -> int:
    """Upsert dossiers with their components, search entries and processing logs.

    Call inside `Store.transaction()`. Each record is checked first (a malformed one
    raises before anything is written); a code seen twice keeps its last record.
    """
    latest: dict[str, Mapping[str, Any]] = {}
    for record in records:
        latest[record["dossier"]["code"]] = record
    if not latest:
        return 0
    dossier_rows, comp_rows, log_rows, search = [], [], [], []
    names: dict[tuple[str, str], str] = {}
    folded: dict[tuple[str, str], str] = {}
    for code, record in latest.items():
        data = dict(record["dossier"])
        comps = data.pop("components", None) or []
        row = _dossier_row(data)
        dossier_rows.append(row)
        for i, c in enumerate(comps):
            comp_rows.append((code, i, c["code"], c["name"], int(c.get("required", True)),
                              c.get("source", "uploaded"), c.get("copies", 1),
                              json.dumps(c.get("files", []), ensure_ascii=False)))
        for raw in record.get("log") or ():
            log_rows.append(_log_row(raw))
        # The procedure is the deciding unit's (liên thông: received elsewhere).
        key = (row[1], str(data.get("procedure_agency") or row[2]))
        if key not in names:
            found = conn.execute("SELECT name FROM procedures WHERE code = ? AND agency_id = ?",
                                 key).fetchone()
            names[key] = found[0] if found else ""
        if key not in folded:
            folded[key] = fold(names[key])
        applicant = data["applicant"]
        search.append((_search_text(code, row[7], row[8], folded[key],
                                    str(applicant.get("phone", ""))), code))
    codes = list(latest)
    for start in range(0, len(codes), _CHUNK):
        marks = ",".join("?" * len(codes[start:start + _CHUNK]))
        # Only dossiers the desk has already have rows to clear (none on a first sync).
        chunk = [r[0] for r in conn.execute(
            f"SELECT code FROM dossiers WHERE code IN ({marks})", codes[start:start + _CHUNK])]
        if not chunk:
            continue
        marks = ",".join("?" * len(chunk))
        conn.execute("DELETE FROM dossier_search WHERE rowid IN "
                     f"(SELECT rowid FROM dossiers WHERE code IN ({marks}))", chunk)
        conn.execute(f"DELETE FROM components WHERE dossier_code IN ({marks})", chunk)
        conn.execute(f"DELETE FROM log_rows WHERE dossier_code IN ({marks})", chunk)
    conn.executemany(DOSSIER_UPSERT, dossier_rows)
    conn.executemany(
        "INSERT INTO components (dossier_code, position, code, name, required, source, "
        "copies, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", comp_rows)
    conn.executemany("INSERT INTO dossier_search (rowid, text) "
                     "SELECT rowid, ? FROM dossiers WHERE code = ?", search)
    conn.executemany(
        "INSERT OR REPLACE INTO log_rows (dossier_code, seq, action, unit, handed_by, "
        "received_by, handed_at, due_at, timeliness, status_after, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", log_rows)
    return len(latest)
