"""`desk-app sync`: sync a desk's local store with the portal once, from a terminal."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path

from desk_app.store import BlobStore, Store
from sync import logsafe
from sync.client import InsecurePortalURL, PortalClient, check_portal_url
from sync.engine import SyncEngine
from sync.errors import SyncError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="desk-app sync",
                                description="Đồng bộ dữ liệu của máy với Cổng dịch vụ công.")
    p.add_argument("--portal", required=True, help="địa chỉ Cổng, ví dụ https://dvc.example.vn")
    p.add_argument("--store", required=True, type=Path, help="tệp SQLite của máy")
    p.add_argument("--blobs", type=Path, help="thư mục tệp đính kèm (mặc định cạnh --store)")
    p.add_argument("--user", required=True, help="tên đăng nhập của cán bộ")
    p.add_argument("--ca", help="tệp chứng chỉ gốc (CA) để kiểm tra TLS của Cổng")
    p.add_argument("--log", type=Path, help="tệp nhật ký (mật khẩu và mã truy cập bị che)")
    p.add_argument("--password-stdin", action="store_true",
                   help="đọc mật khẩu từ dòng đầu của stdin thay vì hỏi")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.log:
        logsafe.setup_desk_log(args.log)
    else:
        handler = logsafe.install(logging.StreamHandler(sys.stderr))
        logging.basicConfig(level=logging.WARNING, handlers=[handler])
    try:
        check_portal_url(args.portal)
    except InsecurePortalURL as exc:
        print(exc.vi, file=sys.stderr)
        return 2
    client = PortalClient(args.portal, verify=args.ca or True)
    store = Store(args.store)
    blobs = BlobStore(args.blobs or args.store.parent / "blobs", store.blob_key())
    try:
        officer = client.resume(args.user)
        if officer is None:
            if client.keyring_message_vi:
                print(client.keyring_message_vi, file=sys.stderr)
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\n")
            else:
                password = getpass.getpass("Mật khẩu: ")
            officer = client.login(args.user, password)
        engine = SyncEngine(store, client, blobs)

        def show(phase: str, done: int, total: int) -> None:
            print(f"\r{phase}: {done}" + (f"/{total}" if total else ""), end="", file=sys.stderr)

        report = engine.sync_once(progress=show)
        print(file=sys.stderr)
        state = engine.state()
        print(state.message_vi)
        print(f"Nhận {report.pulled} thay đổi; gửi {report.pushed} thao tác "
              f"({report.applied} được áp dụng, {report.conflicts} xung đột, "
              f"{report.rejected} bị từ chối).")
        return 0 if report.ok else 1
    except SyncError as exc:
        print(exc.vi, file=sys.stderr)
        return 1
    finally:
        store.close()
