"""Opening the store's database file: plain SQLite, or SQLCipher with the desk's key.

A plain store met with a key is encrypted in place first (`sqlcipher_export` into a
new file, then an atomic rename), so upgrading a desk loses nothing: until the rename
the plain file is untouched, after it the encrypted one is complete.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from desk_app.atomic import fsync_dir
from desk_app.store.crypto import (
    NO_KEY_VI,
    WRONG_KEY_VI,
    StoreLockedError,
    is_plain_sqlite,
    sqlcipher_key_pragma,
)
from desk_app.store.migrations import LATEST, StoreVersionError

try:
    from sqlcipher3 import dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - a platform without a SQLCipher wheel
    sqlcipher = None

_DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError,) + (
    (sqlcipher.DatabaseError,) if sqlcipher is not None else ())

NO_SQLCIPHER_VI = (
    "Phần mềm thiếu thành phần mã hóa dữ liệu (SQLCipher); hãy cài đặt lại phần mềm."
)


def sqlcipher_available() -> bool:
    return sqlcipher is not None


def _module(key: bytes | None) -> Any:
    if key is None:
        return sqlite3
    if sqlcipher is None:
        raise StoreLockedError(NO_SQLCIPHER_VI, "sqlcipher3 is not installed")
    return sqlcipher


def _check_readable(conn: Any, key: bytes | None) -> None:
    """SQLite reads the first page lazily: touch it now to tell a wrong key plainly."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except _DB_ERRORS:
        conn.close()
        if key is None:
            raise StoreLockedError(NO_KEY_VI, "the store is encrypted; no key given") from None
        raise StoreLockedError(WRONG_KEY_VI, "wrong key for this store") from None


def connect(path: str | Path, key: bytes | None, *, timeout: float = 30) -> Any:
    """The store's connection, autocommit (the Store issues BEGIN/COMMIT itself)."""
    module = _module(key)
    memory = str(path) == ":memory:"
    if key is not None and not memory and is_plain_sqlite(path):
        encrypt_plain_file(Path(path), key)
    conn = module.connect(str(path), isolation_level=None, check_same_thread=False,
                          timeout=timeout)
    if key is not None:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is told in Vietnamese
        conn.execute(sqlcipher_key_pragma(key))
    _check_readable(conn, key)
    if key is not None:
        # Each page read from disk is decrypted and checked: keep more of them decrypted
        # in memory (32 MiB, the size of a busy unit's store) so work lists re-read cheaply.
        conn.execute("PRAGMA cache_size = -32768")
        conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temp tables never hit the disk
    return conn


def connect_reader(path: str | Path, key: bytes | None, *, timeout: float = 30) -> Any:
    """A private read-only connection (reports read beside the desk's own writes)."""
    module = _module(key)
    conn = module.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                          check_same_thread=False, timeout=timeout)
    if key is not None:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is told in Vietnamese
        conn.execute(sqlcipher_key_pragma(key))
    _check_readable(conn, key)
    return conn


def encrypt_plain_file(path: Path, key: bytes) -> None:
    """Turn a plain store into an encrypted one with the same content and version."""
    module = _module(key)
    tmp = path.with_name(path.name + ".encrypting")
    for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal")):
        leftover.unlink(missing_ok=True)  # an earlier attempt cut short
    plain = module.connect(str(path), isolation_level=None)  # no key: reads plain SQLite
    try:
        (version,) = plain.execute("PRAGMA user_version").fetchone()
        if version > LATEST:
            raise StoreVersionError(
                f"Dữ liệu được tạo bởi phiên bản mới hơn (phiên bản dữ liệu {version}); "
                "hãy cập nhật phần mềm. / The store is newer than this application.")
        plain.execute(f"ATTACH DATABASE ? AS enc KEY \"x'{key.hex()}'\"", (str(tmp),))
        plain.execute("SELECT sqlcipher_export('enc')")
        plain.execute(f"PRAGMA enc.user_version = {int(version)}")
        plain.execute("DETACH DATABASE enc")
    except BaseException:
        plain.close()
        tmp.unlink(missing_ok=True)
        raise
    plain.close()  # checkpoints and removes the plain WAL
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    os.replace(tmp, path)
    fsync_dir(path.parent)
