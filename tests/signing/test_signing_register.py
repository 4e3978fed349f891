"""Register numbers and dates as Decree 30/2020 writes them; the store adapter."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest

from desk_app.domain import OutgoingRegisterRow
from desk_app.textfmt import VN_TZ
from signing.errors import RegisterError
from signing.register import InMemoryRegisterBook, StoreRegisterBook, decree30_date
from signing.worker import TokenWorker


def test_decree30_date_leading_zeros():
    assert decree30_date(date(2026, 2, 5), "Phú Vang") == "Phú Vang, ngày 05 tháng 02 năm 2026"
    assert decree30_date(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert decree30_date(datetime(2026, 11, 29, 9, 0, tzinfo=VN_TZ)) == \
        "ngày 29 tháng 11 năm 2026"


def _row(number: int, year: int = 2026) -> OutgoingRegisterRow:
    return OutgoingRegisterRow(agency_id="A", year=year, number=number, symbol="GP-UBND",
                               date=datetime(year, 1, 1, 8, tzinfo=VN_TZ), summary="Giấy phép",
                               signer="Văn thư", recipients="Ông B")


def test_in_memory_book_numbers_per_agency_and_year():
    book = InMemoryRegisterBook()
    assert [book.next_number("A", 2026) for _ in range(3)] == [1, 2, 3]
    assert book.next_number("B", 2026) == 1
    assert book.next_number("A", 2027) == 1, "numbers start again from 01 on 1 January"
    book.record(_row(1))
    with pytest.raises(RegisterError, match="01/GP-UBND"):
        book.record(_row(1))


def test_store_adapter_passes_through_and_explains_failures():
    class Store:
        def __init__(self):
            self.rows = []

        def next_register_number(self, agency_id, year):
            if agency_id == "offline":
                raise LookupError("hết dải số")
            return 7

        def record_outgoing(self, row):
            self.rows.append(row)

    store = Store()
    book = StoreRegisterBook(store)
    assert book.next_number("A", 2026) == 7
    book.record(_row(7))
    assert store.rows[0].number_and_symbol == "07/GP-UBND"
    with pytest.raises(RegisterError, match="dải số"):
        book.next_number("offline", 2026)


def test_worker_runs_everything_on_one_thread():
    worker = TokenWorker()
    try:
        names = {worker.run(lambda: threading.current_thread().name) for _ in range(5)}
        assert len(names) == 1 and names.pop().startswith("token-io")
        # A nested call from the worker itself runs inline instead of deadlocking.
        assert worker.run(lambda: worker.run(lambda: 42)) == 42
    finally:
        worker.shutdown()
