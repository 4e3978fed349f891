"""The local store: migrations, search as officers type, leased numbers, durability."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest
from core_samples import APPLICANT, DISTRICT, new_dossier, procedure_for, vn

from desk_app.domain import Applicant, ApplicantKind, Status, to_dict
from desk_app.store import LATEST, NoNumberLeft, Store, StoreVersionError
from desk_app.store.migrations import migrate


def test_dossier_round_trips_with_components(store):
    d = replace(new_dossier(DISTRICT), status=Status.SUBMITTED, version=3,
                submitted_at=vn(2026, 11, 25, 9))
    store.put_dossier(d)
    assert store.get_dossier(d.code) == d
    assert [c.code for c in store.get_dossier(d.code).components] == ["tk", "gcs", "uq"]


def test_search_ignores_tone_marks_and_case(store):
    store.put_dossier(new_dossier(DISTRICT))
    for query in ("dang ky khai sinh", "ĐĂNG KÝ", "nguyen thi hoai", "HOAI THUONG",
                  "046190001234", "0001234", "261125-0001", "H57-2611", "ky khai"):
        assert [s.code for s in store.search_dossiers(query)] == [new_dossier(DISTRICT).code], query
    assert store.search_dossiers("khai tử") == []
    assert store.search_dossiers("   ") == []
    assert [p.code for p in store.search_procedures("dang ky khai sinh")] == ["1.001193"] * 3
    assert [p.code for p in store.search_procedures("1.0011")] == ["1.001193"] * 3
    assert store.search_procedures('khai"sinh') == []  # quotes cannot break the query


def test_search_short_words_filter(store):
    a = new_dossier(DISTRICT)
    b = replace(a, code=a.code[:-4] + "0002",
                applicant=Applicant(ApplicantKind.CITIZEN, "Lê Văn An", "046200000001"))
    store.put_dossier(a)
    store.put_dossier(b)
    assert [s.code for s in store.search_dossiers("le van an")] == [b.code]
    assert [s.code for s in store.search_dossiers("an")] == [b.code]


def test_dossier_codes_come_from_leased_blocks(store):
    day = vn(2026, 11, 29).date()
    codes = [store.next_dossier_code(DISTRICT.agency_id, day) for _ in range(3)]
    assert codes == [f"000.00.22.H57-261129-000{i}" for i in (1, 2, 3)]
    with pytest.raises(NoNumberLeft, match="đồng bộ"):
        store.next_dossier_code(DISTRICT.agency_id, vn(2026, 12, 25).date())


def test_two_desks_with_separate_blocks_never_collide(tmp_path):
    desks = [Store(tmp_path / f"desk{i}.sqlite3") for i in (1, 2)]
    desks[0].add_lease("dossier", "X", "261129", 1, 20)
    desks[1].add_lease("dossier", "X", "261129", 21, 40)
    day = vn(2026, 11, 29).date()
    codes = [s.next_dossier_code("X", day) for _ in range(20) for s in desks]
    assert len(set(codes)) == 40


def test_register_numbers_start_at_01_each_year(store):
    assert store.next_register_number(DISTRICT.agency_id, 2026) == 1
    assert store.next_register_number(DISTRICT.agency_id, 2026) == 2
    store.add_lease("register", DISTRICT.agency_id, "2027", 1, 10)
    assert store.next_register_number(DISTRICT.agency_id, 2027) == 1


def _fill_v1(conn):
    d = new_dossier(DISTRICT)
    data = to_dict(d)
    data.pop("components")
    p = procedure_for(DISTRICT)
    conn.execute("INSERT INTO procedures VALUES (?, ?, ?, ?, ?)",
                 (p.code, p.agency_id, p.name, p.field, json.dumps(to_dict(p))))
    conn.execute(
        "INSERT INTO dossiers (code, procedure_code, agency_id, status, step, version, channel, "
        "applicant_name, applicant_id, data) VALUES (?, ?, ?, 'submitted', NULL, 1, 'online', "
        "?, ?, ?)", (d.code, d.procedure_code, d.agency_id, APPLICANT.name, APPLICANT.id_number,
                     json.dumps(data)))


@pytest.mark.parametrize("start", range(0, LATEST))
def test_migrates_from_every_earlier_version(tmp_path, start):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, upto=start)
    if start >= 1:
        _fill_v1(conn)
    conn.close()
    store = Store(path)
    assert store.opened_from_version == start
    (version,) = store._query("PRAGMA user_version")[0]
    assert version == LATEST
    if start == 1:  # the old rows are found by the search that version 2 added
        assert [s.code for s in store.search_dossiers("hoai thuong")] == [
            new_dossier(DISTRICT).code]
    if start >= 1:
        assert store.get_dossier(new_dossier(DISTRICT).code).applicant.name == APPLICANT.name
    store.close()


def test_a_newer_store_is_refused_plainly(tmp_path):
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(StoreVersionError, match="phiên bản mới hơn"):
        Store(path)


def test_a_failed_transaction_leaves_nothing(store):
    d = new_dossier(DISTRICT)
    with pytest.raises(RuntimeError), store.transaction():
        store.put_dossier(d)
        store.enqueue(d.code, "submit", 0, vn(2026, 11, 25), "x", {})
        raise RuntimeError("power cut")
    assert store.get_dossier(d.code) is None
    assert store.count_outbox() == 0


def test_committed_writes_survive_a_killed_process(tmp_path):
    """A child process writes in transactions and is SIGKILLed mid-stream; every
    committed transaction is there, whole, and nothing is half-written."""
    path = tmp_path / "kill.sqlite3"
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(tmp_path.parent)!r})
        from desk_app.store import Store
        from desk_app.textfmt import VN_TZ
        from datetime import datetime
        s = Store({str(path)!r})
        i = 0
        while True:
            with s.transaction():
                s.set_meta(f"k{{i}}", "v")
                s.enqueue(f"D{{i}}", "receive", i, datetime.now(VN_TZ), "x", {{"i": i}})
            print(i, flush=True)
            i += 1
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    acknowledged = -1
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 200:
            break
    proc.kill()
    proc.wait()
    store = Store(path)
    commands = store.outbox()
    assert len(commands) >= acknowledged + 1
    assert [c.payload["i"] for c in commands] == list(range(len(commands)))
    for c in commands:  # both writes of each transaction, or neither
        assert store.get_meta(f"k{c.payload['i']}") == "v"
    store.close()


def test_report_indexes_match_the_migration(store):
    """The reports create their indexes only if missing: the migration made them all."""
    from desk_app.reports.compute import INDEXES

    names = {r[0] for r in store._query("SELECT name FROM sqlite_master WHERE type = 'index'")}
    for statement in INDEXES:
        assert statement.split("EXISTS ")[1].split()[0] in names
