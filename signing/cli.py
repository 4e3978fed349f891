"""`desk-app sign` and `desk-app verify`: batch signing and validation from a terminal.

    desk-app sign --module LIB --token-label LABEL --role leader|clerk [--pin-stdin]
                  --out DIR FILE.pdf…
    desk-app verify FILE.pdf… [--trust CA.pem]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import SigningError
from .modules import find_modules
from .pin import FixedPin, PinPrompt, TerminalPin, read_pin_from_stream
from .register import InMemoryRegisterBook
from .service import Outcome, SignerProfile, SigningService, SignJob, SignRole, now_vn
from .tokens import list_tokens
from .validate import TrustStore, validate_pdf


def _quiet_libraries() -> None:
    # pyHanko logs each failed path or revocation check with a traceback; the
    # verdict line already says it in Vietnamese, so keep the terminal clean.
    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _sign_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="desk-app sign",
                                description="Ký số hàng loạt tệp PDF bằng token USB (PKCS#11).")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE.pdf", help="các tệp PDF cần ký")
    p.add_argument("--module", help="đường dẫn thư viện PKCS#11 (mặc định: tự tìm)")
    p.add_argument("--token-label", help="nhãn token cần dùng")
    p.add_argument("--role", choices=[r.value for r in SignRole], default="leader",
                   help="ký với vai trò: leader (lãnh đạo ký duyệt, mặc định) hoặc clerk "
                        "(văn thư đóng dấu, cấp số)")
    p.add_argument("--out", type=Path, help="thư mục ghi các tệp đã ký")
    p.add_argument("--pin-stdin", action="store_true", help="đọc mã PIN từ dòng đầu của stdin")
    p.add_argument("--list", action="store_true", help="liệt kê token và chứng thư số rồi thoát")
    p.add_argument("--title", default="", help="chức vụ người ký (lãnh đạo)")
    p.add_argument("--name", default="", help="họ tên người ký (mặc định: theo chứng thư)")
    p.add_argument("--signature-image", type=Path, help="ảnh chữ ký (PNG nền trong suốt)")
    p.add_argument("--seal-image", type=Path, help="ảnh con dấu (PNG nền trong suốt)")
    p.add_argument("--unit", "--agency-id", dest="agency_id", default="", metavar="MÃ",
                   help="mã đơn vị (cơ quan), để cấp số văn bản đi")
    p.add_argument("--symbol", default="", help="ký hiệu văn bản, ví dụ GP-UBND")
    p.add_argument("--place", default="", help="địa danh trước ngày tháng, ví dụ Phú Vang")
    p.add_argument("--first-number", type=int, default=1,
                   help="số văn bản đi đầu tiên của lần chạy này (theo sổ)")
    p.add_argument("--with-attachments", action="store_true",
                   help="tệp đầu là văn bản chính, các tệp sau là phụ lục dùng chung số")
    p.add_argument("--tsa", help="địa chỉ máy chủ dấu thời gian (PAdES-B-T)")
    p.add_argument("--trust", action="append", default=[], type=Path,
                   help="CA/CRL tin cậy; có thì thử ký PAdES-B-LT")
    return p


def _module(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    found = find_modules()
    if not found:
        raise SigningError("Không tìm thấy thư viện PKCS#11 nào; hãy chỉ rõ --module.")
    return found[0].path


def _print_tokens(module: Path) -> int:
    tokens = list_tokens(module)
    if not tokens:
        print("Không có token nào được cắm.")
        return 1
    for t in tokens:
        state = " (ĐÃ KHÓA)" if t.locked else ""
        print(f"Token “{t.label}” — {t.manufacturer} {t.model}{state}")
        for c in t.certificates:
            print(f"  {c.holder} — cấp bởi {c.issuer}; hiệu lực {c.not_before:%d/%m/%Y}"
                  f"–{c.not_after:%d/%m/%Y}; dùng để: {c.usage_vi()}")
            for problem in c.problems(now_vn()):
                print(f"    Cảnh báo: {problem}")
    return 0


def _jobs(args: argparse.Namespace) -> list[SignJob]:
    out: Path = args.out
    files: list[Path] = args.files
    for f in files:
        if (out / f.name).resolve() == f.resolve():
            raise SigningError(f"Thư mục ra trùng thư mục của “{f.name}”; hãy chọn --out khác.")
    if args.with_attachments and args.role == SignRole.CLERK:
        main, *rest = files
        return [SignJob(main, out / main.name,
                        attachments=tuple((a, out / a.name) for a in rest))]
    return [SignJob(f, out / f.name) for f in files]


def sign_main(argv: list[str]) -> int:
    args = _sign_parser().parse_args(argv)
    _quiet_libraries()
    try:
        module = _module(args.module)
        if args.list:
            return _print_tokens(module)
        if not args.files or args.out is None:
            print("Cần ít nhất một tệp PDF và --out THƯ_MỤC.", file=sys.stderr)
            return 2
        prompt: PinPrompt = (FixedPin(read_pin_from_stream(sys.stdin)) if args.pin_stdin
                             else TerminalPin())
        book = InMemoryRegisterBook()
        if args.first_number > 1:
            book = InMemoryRegisterBook({(args.agency_id, now_vn().year): args.first_number - 1})
        trust = TrustStore.from_paths(args.trust) if args.trust else None
        service = SigningService(module, pin_prompt=prompt, token_label=args.token_label,
                                 register_book=book, timestamp_url=args.tsa, trust=trust)
        profile = SignerProfile(
            role=SignRole(args.role), signer_name=args.name,
            title=args.title.replace("\\n", "\n"), signature_image=args.signature_image,
            seal_image=args.seal_image, agency_id=args.agency_id,
            register_symbol=args.symbol, place_name=args.place,
        )
        result = service.sign_batch(_jobs(args), profile)
    except SigningError as exc:
        print(f"Lỗi: {exc.message_vi}", file=sys.stderr)
        return 2
    for w in result.warnings:
        print(f"Cảnh báo: {w}", file=sys.stderr)
    for o in result.outcomes:
        print(o.line_vi())
    print(result.summary_vi())
    return 0 if all(o.outcome is Outcome.SIGNED for o in result.outcomes) else 1


def _verify_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="desk-app verify",
                                description="Kiểm tra chữ ký số trong tệp PDF.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf",
                   help="các tệp PDF cần kiểm tra")
    p.add_argument("--trust", action="append", default=[], type=Path,
                   help="chứng thư CA gốc tin cậy (PEM/DER), CRL, hoặc thư mục chứa chúng")
    p.add_argument("--online", action="store_true", help="tra cứu OCSP/CRL qua mạng")
    return p


def verify_main(argv: list[str]) -> int:
    args = _verify_parser().parse_args(argv)
    _quiet_libraries()
    try:
        trust = (TrustStore.from_paths(args.trust, allow_fetching=args.online) if args.trust
                 else TrustStore.default())
    except SigningError as exc:
        print(f"Lỗi: {exc.message_vi}", file=sys.stderr)
        return 2
    all_ok = True
    for f in args.files:
        try:
            report = validate_pdf(f, trust)
        except SigningError as exc:
            print(f"{f}: {exc.message_vi}")
            all_ok = False
            continue
        print(f"{f}: {report.status_vi()}")
        for line in report.lines_vi():
            print(f"  - {line}")
        all_ok = all_ok and report.ok
    return 0 if all_ok else 1
