"""Who opened which dossier, and when: the desk's access log.

A dossier holds a citizen's personal data (Decree 13/2023/NĐ-CP); each time an officer
opens one on this desk, a row is written to the local store (encrypted with it). The
unit's leader — and only the leader — reads the log of the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desk_app.domain import Officer, Role
from desk_app.services import ServiceError
from desk_app.store import Store

# An officer who reopens the same dossier within this time (a list refresh, coming back
# after an action) is one visit, not a flood of rows that hides the others.
SAME_VISIT = timedelta(minutes=1)
PURPOSES_VI = {"view": "Xem hồ sơ", "print": "In", "export": "Xuất tệp"}

LEADER_ONLY_VI = "Chỉ lãnh đạo đơn vị được xem nhật ký truy cập hồ sơ."


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    officer: str
    agency_id: str
    dossier_code: str
    purpose: str

    @property
    def purpose_vi(self) -> str:
        return PURPOSES_VI.get(self.purpose, self.purpose)


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("a naive datetime in the access log")
    return at


def record_open(store: Store, officer: Officer, dossier_code: str, at: datetime,
                purpose: str = "view") -> bool:
    """Write that `officer` opened `dossier_code` at `at`; False when it is the same visit."""
    if not dossier_code:
        return False
    _aware(at)
    with store.transaction() as c:
        last = c.execute(
            "SELECT at FROM access_log WHERE officer = ? AND dossier_code = ? AND purpose = ? "
            "ORDER BY seq DESC LIMIT 1", (officer.username, dossier_code, purpose)).fetchone()
        if last and timedelta(0) <= at - datetime.fromisoformat(last[0]) < SAME_VISIT:
            return False
        c.execute(
            "INSERT INTO access_log (at, officer, agency_id, dossier_code, purpose) "
            "VALUES (?, ?, ?, ?, ?)",
            (at.isoformat(), officer.username, officer.unit_id, dossier_code, purpose))
    return True


def entries(store: Store, reader: Officer, *, dossier_code: str = "", officer: str = "",
            since: datetime | None = None, until: datetime | None = None,
            limit: int = 1000) -> list[AccessEntry]:
    """The unit's log, newest first, for its leader; anyone else is refused."""
    if not reader.has(Role.LEADER):
        raise ServiceError(LEADER_ONLY_VI, "only the unit's leader reads the access log")
    where, params = ["agency_id = ?"], [reader.unit_id]
    if dossier_code:
        where.append("dossier_code = ?")
        params.append(dossier_code)
    if officer:
        where.append("officer = ?")
        params.append(officer)
    # Compared as instants, whatever offset each row was written with.
    if since is not None:
        where.append("julianday(at) >= julianday(?)")
        params.append(_aware(since).isoformat())
    if until is not None:
        where.append("julianday(at) < julianday(?)")
        params.append(_aware(until).isoformat())
    rows = store._query(
        "SELECT at, officer, agency_id, dossier_code, purpose FROM access_log "
        f"WHERE {' AND '.join(where)} ORDER BY julianday(at) DESC, seq DESC LIMIT ?",
        (*params, limit))
    return [AccessEntry(datetime.fromisoformat(r[0]), r[1], r[2], r[3], r[4]) for r in rows]
