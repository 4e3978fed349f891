"""`desk-app scan` and `desk-app digitise`: scanning from a terminal.

Exit codes: 0 all went well; 1 a PDF was written but something was left out
(a jam, a cancel, a bad file: the message says what); 2 nothing was written.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from scanning.backends.base import ColorMode, ScanProgress, ScanSettings, Source
from scanning.cleanup import CleanupOptions
from scanning.errors import ScanError
from scanning.pdfbuild import DocumentMetadata
from scanning.session import MIN_DPI, ScanResult, ScanSession


def _spool_root(given: str | None) -> Path:
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_cache_dir("desk-app")) / "scan-spool"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, help="tệp PDF kết quả / output PDF")
    parser.add_argument("--title", default="", help="tiêu đề tài liệu (mặc định: tên tệp)")
    parser.add_argument("--author", default="", help="người số hoá")
    parser.add_argument("--dossier", default="", help="mã hồ sơ, ghi vào siêu dữ liệu")
    parser.add_argument("--component", default="", help="mã thành phần hồ sơ")
    parser.add_argument("--ocr", action="store_true", help="nhận dạng chữ (Tesseract, tiếng Việt)")
    parser.add_argument("--keep-blank", action="store_true", help="giữ cả trang trắng")
    parser.add_argument("--no-deskew", action="store_true", help="không chỉnh nghiêng")
    parser.add_argument("--no-orient", action="store_true", help="không tự xoay theo chữ")
    parser.add_argument("--no-crop", action="store_true", help="không tự cắt nền máy quét")
    parser.add_argument("--min-dpi", type=int, default=MIN_DPI,
                        help=f"độ phân giải tối thiểu (mặc định {MIN_DPI}, NĐ 30/2020)")
    parser.add_argument("--spool", default=None, help="thư mục lưu tạm các trang đã quét")


def _options(args: argparse.Namespace) -> CleanupOptions:
    return CleanupOptions(deskew=not args.no_deskew, crop_bed=not args.no_crop,
                          orient=not args.no_orient)


def _finish(session: ScanSession, result: ScanResult, args: argparse.Namespace) -> int:
    err = sys.stderr
    for path, message in result.problems:
        print(f"Bỏ qua {path}: {message}", file=err)
    if result.error is not None:
        print(f"Lỗi: {result.error.message}", file=err)
    if result.cancelled:
        print("Đã huỷ; các trang đã quét vẫn được giữ.", file=err)
    if not session.pages:
        print("Không có trang nào: không tạo tệp PDF.", file=err)
        session.close()
        return 2
    out = Path(args.out)
    meta = DocumentMetadata(title=args.title or out.stem, author=args.author,
                            dossier_code=args.dossier, component_code=args.component)
    try:
        built = session.build_pdf(None, meta, out, ocr=args.ocr,
                                  skip_blank=not args.keep_blank, min_dpi=args.min_dpi)
    except ScanError as exc:
        print(f"Lỗi: {exc.message}", file=err)
        print(f"Các trang vẫn được giữ trong {session.spool.folder}.", file=err)
        session.close()
        return 2
    for warning in built.warnings:
        print(f"Lưu ý: {warning}", file=err)
    print(f"Đã ghi {built.path} ({built.pages} trang, {built.size:,} byte)\nsha256 {built.sha256}")
    complete = result.ok and not result.cancelled
    if complete:
        session.finish()
    else:
        print(f"Tệp PDF chưa đủ trang; đợt quét vẫn giữ trong {session.spool.folder}.", file=err)
        session.close()
    return 0 if complete else 1


def _on_progress(p: ScanProgress) -> None:
    if sys.stderr.isatty():
        print(f"\rĐang quét trang {p.page}: {p.fraction:4.0%}", end="", file=sys.stderr,
              flush=True)


def scan_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="desk-app scan", description="Quét một xấp giấy ra PDF.")
    parser.add_argument("--device", default="", help="máy quét, ví dụ test:0 (SANE)")
    parser.add_argument("--backend", default="twain" if sys.platform == "win32" else "sane",
                        choices=["sane", "twain", "wia"],
                        help="trình điều khiển máy quét (driver): sane trên Linux, "
                             "twain hoặc wia trên Windows")
    parser.add_argument("--dpi", type=int, default=300,
                        help="độ phân giải, điểm/inch (mặc định 300)")
    parser.add_argument("--mode", default="color", choices=[m.value for m in ColorMode],
                        help="chế độ màu (mặc định color: màu)")
    parser.add_argument("--source", default="flatbed", choices=[s.value for s in Source],
                        help="nguồn giấy: mặt kính (flatbed, mặc định) hoặc khay nạp (ADF)")
    parser.add_argument("--pages", type=int, default=0, help="số trang tối đa (0: hết khay)")
    parser.add_argument("--list-devices", action="store_true", help="liệt kê máy quét rồi thoát")
    _common(parser)
    if "--list-devices" in argv:
        argv = [*argv, "--out", "-"]
    args = parser.parse_args(argv)
    from scanning.backends import backend_by_name

    backend = backend_by_name(args.backend)
    usable, why = backend.is_usable()
    if not usable:
        print(f"Lỗi: {why}", file=sys.stderr)
        return 2
    if args.list_devices:
        try:
            for device in backend.list_devices():
                print(f"{device.id}\t{device.label}")
        except ScanError as exc:
            print(f"Lỗi: {exc.message}", file=sys.stderr)
            return 2
        return 0
    if not args.device:
        parser.error("cần --device (xem --list-devices)")
    settings = ScanSettings(args.dpi, ColorMode(args.mode), Source(args.source), args.pages)
    root = _spool_root(args.spool)
    try:
        session = ScanSession(root, backend, options=_options(args), label=args.title)
    except ScanError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 2
    cancel = threading.Event()
    # Ctrl-C must not raise inside SANE's C read loop: it only asks to cancel.
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    try:
        result = session.scan(args.device, settings, cancel, _on_progress)
    finally:
        signal.signal(signal.SIGINT, previous)
    print(f"\nĐã quét {len(result.pages)} trang.", file=sys.stderr)
    return _finish(session, result, args)


def digitise_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="desk-app digitise", description="Ghép các tệp ảnh/PDF thành một tệp PDF/A."
    )
    parser.add_argument("files", nargs="+", help="JPEG, PNG, TIFF (nhiều trang) hoặc PDF")
    _common(parser)
    args = parser.parse_args(argv)
    try:
        session = ScanSession(_spool_root(args.spool), options=_options(args))
    except ScanError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 2
    result = session.import_files(args.files)
    return _finish(session, result, args)
