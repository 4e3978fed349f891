"""Reference data for judging commands (units, procedures, officers, days off), kept in
each portal process between requests and dropped when the database says it changed.

Every write to those four tables, by any path (the API, a seed, an administrator's SQL),
adds one to `meta.reference_generation` through a trigger in the writer's own
transaction (migration step 8). A batch of commands reads the generation once, in the
transaction of the first command that needs reference data, then uses the process's
copies made under that generation, or reads them and keeps them for the batches after.
So a batch never judges with data older than the generation it read, and a change is
used by every batch that starts after it committed. Within a batch every command sees
the same reference data: none of it changes through a command (the actions change
dossiers only). Everything kept is an immutable record, shared between threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

from desk_app.calendar import WorkCalendar
from desk_app.domain import Officer, Procedure, Unit
from server_stub import records
from server_stub.db import get_meta

GENERATION_KEY = "reference_generation"


class ReferenceCache:
    """One process's copies, all of one generation."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = -1
        self._data: dict[tuple[str, ...], Any] = {}

    def get(self, generation: int, key: tuple[str, ...], load: Callable[[], Any]) -> Any:
        with self._lock:
            if generation == self._generation and key in self._data:
                return self._data[key]
        value = load()
        with self._lock:
            if generation > self._generation:  # the first batch to see a change
                self._generation, self._data = generation, {}
            if generation == self._generation:  # an older batch keeps its copy to itself
                self._data[key] = value
        return value


def generation(conn: Connection) -> int | None:
    value = get_meta(conn, GENERATION_KEY)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class Reference:
    """The reference data one batch of commands is judged with (read at most once)."""

    def __init__(self, cache: ReferenceCache | None = None) -> None:
        self._cache = cache
        self._generation: int | None = None
        self._asked = False
        self._local: dict[tuple[str, ...], Any] = {}

    def _get(self, conn: Connection, key: tuple[str, ...], load: Callable[[], Any]) -> Any:
        if key in self._local:
            return self._local[key]
        if self._cache is not None and not self._asked:
            self._generation, self._asked = generation(conn), True
        if self._cache is None or self._generation is None:  # nothing to check it by
            value = load()
        else:
            value = self._cache.get(self._generation, key, load)
        self._local[key] = value
        return value

    def unit(self, conn: Connection, agency_id: str) -> Unit | None:
        return self._get(conn, ("unit", agency_id), lambda: records.get_unit(conn, agency_id))

    def units(self, conn: Connection) -> dict[str, Unit]:
        return self._get(conn, ("units",),
                         lambda: {u.agency_id: u for u in records.units(conn)})

    def procedure(self, conn: Connection, code: str, agency_id: str) -> Procedure | None:
        return self._get(conn, ("procedure", code, agency_id),
                         lambda: records.get_procedure(conn, code, agency_id))

    def officers(self, conn: Connection, agency_id: str) -> dict[str, Officer]:
        return self._get(conn, ("officers", agency_id),
                         lambda: {o.username: o for o in records.officers(conn, agency_id)})

    def calendar(self, conn: Connection) -> WorkCalendar:
        return self._get(conn, ("calendar",), lambda: records.calendar_of(conn))
