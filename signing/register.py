"""The outgoing-document register as the clerk's step needs it (Decree 30/2020).

Numbers run from 01 on 1 January to 31 December, unique per agency and year. When
the desk is offline they come from a block the portal leased to this desk ahead of
time; that is the store's business, behind `RegisterBook.next_number`.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any, Protocol

from desk_app.domain import OutgoingRegisterRow
from desk_app.textfmt import vn_date

from .errors import RegisterError


class RegisterBook(Protocol):
    def next_number(self, agency_id: str, year: int) -> int:
        """Take the next outgoing number of `agency_id` for `year` (never reused)."""
        ...

    def record(self, row: OutgoingRegisterRow) -> None:
        """Write the row into the outgoing-document register."""
        ...


class InMemoryRegisterBook:
    """A register kept in memory (CLI runs and tests)."""

    def __init__(self, start: dict[tuple[str, int], int] | None = None) -> None:
        self._last: dict[tuple[str, int], int] = dict(start or {})
        self.rows: list[OutgoingRegisterRow] = []
        self._lock = threading.Lock()

    def next_number(self, agency_id: str, year: int) -> int:
        with self._lock:
            n = self._last.get((agency_id, year), 0) + 1
            self._last[(agency_id, year)] = n
            return n

    def record(self, row: OutgoingRegisterRow) -> None:
        with self._lock:
            if any(
                (r.agency_id, r.year, r.number) == (row.agency_id, row.year, row.number)
                for r in self.rows
            ):
                raise RegisterError(f"Số {row.number_and_symbol} đã có trong sổ văn bản đi.")
            self.rows.append(row)


class StoreRegisterBook:
    """Adapts the desk's local store (`desk_app.store.Store`) to `RegisterBook`."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def next_number(self, agency_id: str, year: int) -> int:
        try:
            return int(self._store.next_register_number(agency_id, year))
        except Exception as exc:  # e.g. no leased block left while offline
            raise RegisterError(
                f"Không lấy được số văn bản đi: {exc}. Khi mất mạng, số lấy từ dải số "
                "đã được cấp trước; hãy kết nối lại để nhận thêm dải số."
            ) from exc

    def record(self, row: OutgoingRegisterRow) -> None:
        self._store.record_outgoing(row)


def decree30_date(value: date | datetime, place: str = "") -> str:
    """'Phú Vang, ngày 05 tháng 02 năm 2026' / 'ngày 29 tháng 11 năm 2026'.

    Decree 30/2020, Appendix I: days below 10 and the months 1 and 2 take a
    leading zero; the other months do not.
    """
    text = vn_date(value.date() if isinstance(value, datetime) else value)
    return f"{place}, {text}" if place else text
