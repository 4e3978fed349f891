"""The bulk writer of the first sync writes exactly what Store.put_dossier writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from desk_app.calendar import VN_TZ
from desk_app.domain import (
    ApologyLetter,
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSource,
    Dossier,
    DossierComponent,
    FileRef,
    LogRow,
    Procedure,
    Status,
    Step,
    Timeliness,
    to_dict,
)
from desk_app.store import Store
from sync import bulk

AT = datetime(2026, 11, 26, 8, 30, tzinfo=VN_TZ)


def _record(version: int, components: int, apologise: bool) -> dict:
    comps = tuple(
        DossierComponent(f"tp{i}", f"Thành phần {i}", required=i == 0,
                         files=(FileRef(f"{i:064d}", f"tp{i}.pdf", size=10 * i, pages=i),),
                         source=ComponentSource.DIGITISED, copies=i + 1)
        for i in range(components))
    d = Dossier(
        code="000.00.22.H57-261126-0007", procedure_code="1.001193", agency_id="000.00.22.H57",
        applicant=Applicant(ApplicantKind.CITIZEN, "Lê Thị Hoà", "046190000001",
                            phone="0905111222"),
        channel=Channel.IN_PERSON, components=comps, status=Status.IN_PROCESS,
        step=Step.PROCESSING, version=version, submitted_at=AT, received_at=AT,
        receipt_due_at=AT + timedelta(hours=1), due_at=AT + timedelta(days=3),
        assigned_to="chuyenvien.phuvang",
        apologies=(ApologyLetter("01/PXL", AT, "Chậm", AT + timedelta(days=5)),)
        if apologise else ())
    log = [LogRow(d.code, seq, "receive", "UBND huyện Phú Vang", "motcua", "chuyenvien",
                  AT + timedelta(minutes=seq), AT + timedelta(days=3), Timeliness.EARLY,
                  Status.IN_PROCESS, note=f"bước {seq}") for seq in range(1, version + 1)]
    return {"dossier": to_dict(d), "log": [to_dict(r) for r in log]}


def _tables(store: Store) -> dict:
    with store.transaction() as c:
        return {
            "dossiers": c.execute("SELECT * FROM dossiers").fetchall(),
            "components": c.execute("SELECT * FROM components ORDER BY dossier_code, position"
                                    ).fetchall(),
            "log": c.execute("SELECT * FROM log_rows ORDER BY dossier_code, seq").fetchall(),
            "search": c.execute("SELECT text FROM dossier_search").fetchall(),
        }


def test_bulk_writes_what_the_store_writes(tmp_path):
    by_store, by_bulk = Store(tmp_path / "a.sqlite3"), Store(tmp_path / "b.sqlite3")
    proc = Procedure("1.001193", "000.00.22.H57", "Đăng ký khai sinh")
    for s in (by_store, by_bulk):
        s.put_procedure(proc)
    for record in (_record(2, 3, False), _record(3, 1, True)):  # insert, then update
        from desk_app.domain import dossier_from_dict, log_row_from_dict

        d = dossier_from_dict(record["dossier"])
        by_store.put_dossier(d)
        by_store.replace_log(d.code, [log_row_from_dict(r) for r in record["log"]])
        with by_bulk.transaction() as conn:
            assert bulk.put_records(conn, [_record(1, 2, False), record]) == 1  # last wins
        assert _tables(by_store) == _tables(by_bulk)
        code = d.code
        assert by_bulk.get_dossier(code) == by_store.get_dossier(code) == d
        assert by_bulk.log_rows(code) == by_store.log_rows(code)
        assert by_bulk.dossier_summaries() == by_store.dossier_summaries()
        for text in ("le thi hoa", "khai sinh", "0905111222", "261126-0007"):
            assert [s.code for s in by_bulk.search_dossiers(text)] == [code], text
    assert by_bulk.get_dossier(code) == replace(d)
    by_store.close()
    by_bulk.close()


def test_search_text_matches_the_store():
    from desk_app.store.migrations import dossier_search_text

    cases = [("000.00.22.H57-261126-0007", "Lê Thị Hoà", "046190000001",
              "Đăng ký khai sinh  cho  người ĐỒNG BÀO", "0905 111 222"),
             ("X-1", "", "", "", ""), ("X-2", " Trần  Văn\tĐức ", "", "Cấp phép", "")]
    for code, name, id_number, procedure, phone in cases:
        assert bulk._search_text(code, name, id_number, bulk.fold(procedure), phone) == \
            dossier_search_text(code, name, id_number, f"{procedure} {phone}")

