"""The desk's data at rest: a stolen laptop's disk shows no citizen's name or ID number,
the store opens only with its key, and the unit's administrator can bring the key back
with the printed recovery code (Decree 13/2023/NĐ-CP on personal data)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from core_samples import APPLICANT, COMMUNE, DISTRICT, new_dossier, procedure_for, vn

from desk_app.store import BlobStore, BlobUnreadable, Store, StoreLockedError, crypto
from desk_app.store.migrations import LATEST, migrate
from desk_app.textfmt import fold

SCAN = b"%PDF-1.7 scan of the birth certificate of " + APPLICANT.name.encode() + \
    b" CCCD " + APPLICANT.id_number.encode()


def _secrets() -> list[bytes]:
    """What must never be readable on disk: the applicant's name (as stored, and as the
    search index folds it), ID number, phone, address."""
    return [APPLICANT.name.encode(), fold(APPLICANT.name).encode(),
            APPLICANT.id_number.encode(), APPLICANT.phone.encode(),
            APPLICANT.address.encode()]


def _leaks(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            found += [f"{path.name}: {s!r}" for s in _secrets() if s in raw]
    return found


def _fill(store: Store, blobs: BlobStore) -> str:
    store.put_unit(DISTRICT)
    store.put_procedure(procedure_for(DISTRICT))
    d = new_dossier(DISTRICT)
    store.put_dossier(d)
    store.enqueue(d.code, "receive", 1, vn(2026, 11, 25, 9), "motcua", {
        "applicant": {"name": APPLICANT.name, "id": APPLICANT.id_number}})
    return blobs.put(SCAN)


def test_no_citizen_data_readable_on_disk(tmp_path, memory_keyring):
    data = tmp_path / "data"
    store = Store.open_encrypted(data / "desk.sqlite3")
    blobs = BlobStore(data / "blobs", store.blob_key())
    sha = _fill(store, blobs)
    # While the desk runs, the WAL holds the newest pages: it is encrypted too.
    assert (data / "desk.sqlite3-wal").stat().st_size > 0
    assert _leaks(data) == []
    assert store.search_dossiers("hoai thuong")[0].applicant_name == APPLICANT.name
    assert blobs.get(sha) == SCAN
    assert hashlib.sha256(blobs.get(sha)).hexdigest() == sha  # still named by the plaintext
    store.close()
    assert _leaks(data) == []
    # The control: the same work in a plain store does leave it readable.
    plain_dir = tmp_path / "plain"
    plain = Store(plain_dir / "desk.sqlite3")
    _fill(plain, BlobStore(plain_dir / "blobs"))
    plain.close()
    assert _leaks(plain_dir)


def test_opens_with_its_key_and_refuses_without(tmp_path, memory_keyring):
    path = tmp_path / "desk.sqlite3"
    store = Store.open_encrypted(path)
    assert store.recovery_code  # made with the key, shown once
    store.put_dossier(new_dossier(DISTRICT))
    store.close()

    again = Store.open_encrypted(path)
    assert again.recovery_code is None  # never shown a second time
    assert again.get_dossier(new_dossier(DISTRICT).code).applicant == APPLICANT
    again.close()

    with pytest.raises(StoreLockedError, match="Khóa giải mã không đúng") as wrong:
        Store(path, os.urandom(32))
    assert "vẫn được giữ nguyên" in wrong.value.vi
    # Any tool opening the desk's store (reports, printing, sync) finds the key itself.
    tool = Store(path)
    assert tool.encrypted and tool.count_dossiers() == 1
    tool.close()
    memory_keyring.items.clear()  # a new Windows profile, a reinstalled machine
    for opening in (Store.open_encrypted, Store):
        with pytest.raises(StoreLockedError, match="desk-app store recover"):
            opening(path)
    crypto.sidecar_path(path).rename(tmp_path / "elsewhere.json")
    with pytest.raises(StoreLockedError, match="Không tìm thấy khóa giải mã"):
        Store(path)  # taken for a plain store: SQLite cannot read it


def test_the_recovery_code_brings_the_key_back(tmp_path, memory_keyring):
    path = tmp_path / "desk.sqlite3"
    store = Store.open_encrypted(path)
    code = store.recovery_code
    store.put_dossier(new_dossier(COMMUNE))
    store.close()
    memory_keyring.items.clear()

    wrong = crypto.new_recovery_code()
    with pytest.raises(StoreLockedError, match="Mã khôi phục không đúng"):
        crypto.recover(path, wrong)
    assert memory_keyring.items == {}

    # Typed back from paper: lower case, spaces instead of dashes, a 0 for an O.
    typed = code.lower().replace("-", " ").replace("o", "0")
    crypto.recover(path, typed)
    back = Store.open_encrypted(path)
    assert back.get_dossier(new_dossier(COMMUNE).code).applicant.id_number == \
        APPLICANT.id_number
    back.close()


def test_a_new_recovery_code_replaces_the_old(tmp_path, memory_keyring):
    path = tmp_path / "desk.sqlite3"
    store = Store.open_encrypted(path)
    old = store.recovery_code
    new = crypto.new_code_for(path, crypto.load_key(path).key)
    store.close()
    memory_keyring.items.clear()
    with pytest.raises(StoreLockedError):
        crypto.recover(path, old)
    crypto.recover(path, new)
    Store.open_encrypted(path).close()


def test_an_encrypted_store_without_its_key_file_is_not_given_a_new_key(tmp_path,
                                                                         memory_keyring):
    path = tmp_path / "desk.sqlite3"
    Store.open_encrypted(path).close()
    crypto.sidecar_path(path).unlink()
    with pytest.raises(StoreLockedError, match="Thiếu tệp khóa"):
        Store.open_encrypted(path)


@pytest.mark.parametrize("start", [0, 1, LATEST])
def test_a_plain_store_is_encrypted_without_losing_anything(tmp_path, memory_keyring, start):
    path = tmp_path / "desk.sqlite3"
    if start < LATEST:
        conn = sqlite3.connect(path, isolation_level=None)
        migrate(conn, upto=start)
        conn.close()
    plain = Store(path)
    for unit in (DISTRICT, COMMUNE):
        plain.put_unit(unit)
        plain.put_procedure(procedure_for(unit))
        plain.put_dossier(new_dossier(unit))
    plain.put_dossier(replace(new_dossier(DISTRICT), code="X-1", applicant=replace(
        APPLICANT, name="Trần Văn Bảo", id_number="046190009999")))
    plain.enqueue("X-1", "receive", 1, vn(2026, 11, 25), "a", {})
    before = (plain.count_dossiers(), plain.count_outbox(),
              [s.code for s in plain.search_dossiers("bao")])
    plain.close()

    store = Store.open_encrypted(path)
    assert crypto.is_plain_sqlite(path) is False
    assert (store.count_dossiers(), store.count_outbox(),
            [s.code for s in store.search_dossiers("bao")]) == before
    assert store._query("PRAGMA user_version")[0][0] == LATEST
    assert not list(tmp_path.glob("*.encrypting*"))
    store.close()
    assert b"046190009999" not in path.read_bytes()


def test_a_report_reader_sees_the_encrypted_store(tmp_path, memory_keyring):
    store = Store.open_encrypted(tmp_path / "desk.sqlite3")
    store.put_dossier(new_dossier(DISTRICT))
    reader = store.reader()
    try:
        assert reader.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 1
    finally:
        reader.close()
    store.close()


def test_blobs_are_sealed_to_their_name_and_key(tmp_path):
    key = os.urandom(32)
    blobs = BlobStore(tmp_path / "blobs", key)
    sha = blobs.put(SCAN)
    raw = blobs.path(sha).read_bytes()
    assert APPLICANT.id_number.encode() not in raw and raw != SCAN
    assert blobs.get(sha) == SCAN
    assert not list(blobs.path(sha).parent.glob(".part-*"))  # the atomic write left nothing

    with pytest.raises(BlobUnreadable, match="không thuộc máy này"):
        BlobStore(tmp_path / "blobs", os.urandom(32)).get(sha)
    with pytest.raises(BlobUnreadable, match="không có khóa"):
        BlobStore(tmp_path / "blobs").get(sha)
    # A file copied under another name does not pass for that content.
    other = hashlib.sha256(b"other").hexdigest()
    blobs.path(other).parent.mkdir(parents=True, exist_ok=True)
    blobs.path(other).write_bytes(raw)
    with pytest.raises(BlobUnreadable):
        blobs.get(other)


def test_blobs_written_in_clear_are_encrypted_in_place(tmp_path):
    plain = BlobStore(tmp_path / "blobs")
    sha = plain.put(SCAN)
    sealed = BlobStore(tmp_path / "blobs", os.urandom(32))
    assert sealed.get(sha) == SCAN  # readable before conversion: nothing is lost
    assert sealed.encrypt_existing() == 1
    assert sealed.encrypt_existing() == 0
    assert APPLICANT.id_number.encode() not in sealed.path(sha).read_bytes()
    assert sealed.get(sha) == SCAN


def test_the_administrators_commands(tmp_path, memory_keyring, monkeypatch, capsys):
    from desk_app import cli

    data = tmp_path / "data"
    plain = Store(data / "desk.sqlite3")
    plain.put_dossier(new_dossier(DISTRICT))
    plain.close()
    BlobStore(data / "blobs").put(SCAN)
    assert cli.main(["store", "status", "--data", str(data)]) == 1
    assert "CHƯA được mã hóa" in capsys.readouterr().out

    assert cli.main(["store", "encrypt", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "1 tệp đính kèm" in out and "MÃ KHÔI PHỤC" in out
    code = out.split("MÃ KHÔI PHỤC")[1].splitlines()[1].strip()
    assert crypto.normalise_code(code) and _leaks(data) == []
    assert cli.main(["store", "status", "--data", str(data)]) == 0

    memory_keyring.items.clear()
    assert cli.main(["store", "status", "--data", str(data)]) == 1
    assert "Không tìm thấy khóa" in capsys.readouterr().out
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "AAAAA-" * 5 + "AAAAA")
    assert cli.main(["store", "recover", "--data", str(data)]) == 1
    assert "Mã khôi phục không đúng" in capsys.readouterr().err
    monkeypatch.setattr("getpass.getpass", lambda prompt="": code)
    assert cli.main(["store", "recover", "--data", str(data)]) == 0
    assert "Đã khôi phục khóa" in capsys.readouterr().out
    store = Store.open_encrypted(data / "desk.sqlite3")
    assert store.count_dossiers() == 1
    assert BlobStore(data / "blobs", store.blob_key()).get(hashlib.sha256(SCAN).hexdigest()) \
        == SCAN
    store.close()

    assert cli.main(["store", "new-code", "--data", str(data)]) == 0
    assert "MÃ KHÔI PHỤC" in capsys.readouterr().out
