"""`desk-app store`: the unit administrator's tools for the desk's encrypted data.

    desk-app store status   [--data DIR]   is the data encrypted, is its key here?
    desk-app store encrypt  [--data DIR]   encrypt a plain store and its blobs (prints
                                           the recovery code once, when the key is made)
    desk-app store recover  [--data DIR]   put the key back from the recovery code
    desk-app store new-code [--data DIR]   replace the recovery code (prints it once)

Works offline; the recovery code is read from the terminal without echo, never from
an argument (shell histories keep arguments).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

import platformdirs

from desk_app.store import crypto
from desk_app.store.blobs import BlobStore
from desk_app.store.crypto import StoreLockedError
from desk_app.store.migrations import StoreVersionError
from desk_app.store.store import Store

STORE_FILE = "desk.sqlite3"
BLOBS_SEALED = "blobs_encrypted"  # meta key: plain blobs of earlier versions are done


def default_data_dir() -> Path:
    return Path(os.environ.get("DESK_APP_DATA_DIR") or platformdirs.user_data_dir("desk-app"))


def open_desk_data(data: Path) -> tuple[Store, BlobStore]:
    """The desk's store and blob folder, encrypted (Decree 13/2023/NĐ-CP): the key is made
    on first use (then `store.recovery_code` is set, to be shown once) and a plain store
    or plain blobs left by an earlier version are encrypted, once."""
    store = Store.open_encrypted(data / STORE_FILE)
    blobs = BlobStore(data / "blobs", store.blob_key())
    if store.get_meta(BLOBS_SEALED) != "1":
        blobs.encrypt_existing()
        store.set_meta(BLOBS_SEALED, "1")
    return store, blobs


def show_code(code: str) -> None:
    print("MÃ KHÔI PHỤC DỮ LIỆU (chỉ hiện một lần; in ra, ký nhận và cất giữ an toàn):")
    print(f"    {code}")
    print("Ai có mã này và tệp dữ liệu thì đọc được dữ liệu: không lưu mã trên máy này.")


def _status(db: Path) -> int:
    if not db.exists():
        print(f"Chưa có dữ liệu tại {db}.")
        return 0
    if crypto.is_plain_sqlite(db):
        print(f"Dữ liệu tại {db} CHƯA được mã hóa. Chạy: desk-app store encrypt")
        return 1
    try:
        crypto.load_key(db)
    except StoreLockedError as exc:
        print(f"Dữ liệu đã được mã hóa, nhưng: {exc.vi}")
        return 1
    print(f"Dữ liệu tại {db} đã được mã hóa; khóa có trong kho khóa của hệ điều hành.")
    return 0


def _encrypt(db: Path) -> int:
    store = Store.open_encrypted(db)
    try:
        done = BlobStore(db.parent / "blobs", store.blob_key()).encrypt_existing()
        store.set_meta(BLOBS_SEALED, "1")
    finally:
        store.close()
    print(f"Đã mã hóa dữ liệu tại {db} và {done} tệp đính kèm chưa mã hóa.")
    if store.recovery_code:
        show_code(store.recovery_code)
    return 0


def _recover(db: Path) -> int:
    code = getpass.getpass("Nhập mã khôi phục (không hiện trên màn hình): ")
    crypto.recover(db, code)
    Store.open_encrypted(db).close()  # proves the key opens the data
    print("Đã khôi phục khóa vào kho khóa của hệ điều hành; phần mềm mở được dữ liệu.")
    return 0


def _new_code(db: Path) -> int:
    key = crypto.load_key(db).key
    Store(db, key).close()  # the key in the keyring must open this data first
    show_code(crypto.new_code_for(db, key))
    print("Mã khôi phục cũ không còn dùng được.")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="desk-app store",
        description="Mã hóa dữ liệu trên máy và khôi phục khóa / the desk's encrypted data")
    parser.add_argument("action", choices=("status", "encrypt", "recover", "new-code"),
                        help="việc cần làm / what to do")
    parser.add_argument("--data", type=Path, default=None,
                        help="thư mục dữ liệu của phần mềm (mặc định: thư mục của người dùng)")
    args = parser.parse_args(argv)
    db = (args.data or default_data_dir()) / STORE_FILE
    run = {"status": _status, "encrypt": _encrypt, "recover": _recover,
           "new-code": _new_code}[args.action]
    try:
        return run(db)
    except (StoreLockedError, StoreVersionError) as exc:
        print(str(exc).split(" / ")[0], file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("Đã hủy.", file=sys.stderr)
        return 1
