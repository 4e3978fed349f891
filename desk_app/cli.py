"""The `desk-app` command: one entry point, each sub-command owned by its package.

Sub-commands are found by name and imported only when used, so `desk-app verify`
does not load Qt and `desk-app` (the application) does not load the portal service.
Each target is a function `main(argv: list[str]) -> int`. Help is in Vietnamese, the
language of the offices, with the English term in parentheses where one is needed;
argparse's own words (usage, options, errors) are put into Vietnamese here, once.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

# name → (module, function, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "app": ("ui.app", "main", "mở phần mềm Bộ phận một cửa (mặc định)"),
    "demo": ("ui.app", "demo_main", "mở phần mềm với Cổng chạy thử trên máy (demo)"),
    "portal": ("server_stub.cli", "main", "chạy dịch vụ Cổng dịch vụ công (portal)"),
    "sync": ("sync.cli", "main", "đồng bộ dữ liệu trên máy với Cổng một lần (sync)"),
    "sign": ("signing.cli", "sign_main", "ký số tệp PDF bằng token USB (PKCS#11)"),
    "verify": ("signing.cli", "verify_main", "kiểm tra chữ ký số trong tệp PDF (verify)"),
    "scan": ("scanning.cli", "scan_main", "quét một xấp giấy ra một tệp PDF (scan)"),
    "digitise": ("scanning.cli", "digitise_main", "gộp tệp ảnh/PDF thành một PDF (digitise)"),
    "print": ("printing.cli", "main", "in hoặc xuất biểu mẫu, phiếu (print)"),
    "report": ("desk_app.reports.cli", "main", "lập báo cáo của đơn vị (report)"),
    "doctor": ("desk_app.doctor", "main", "kiểm tra máy trạm (workstation check)"),
    "store": ("desk_app.store.cli", "main", "mã hóa dữ liệu, khôi phục khóa (store)"),
}

# argparse's own texts (Python 3.11+), in Vietnamese.
ARGPARSE_VI: dict[str, str] = {
    "usage: ": "cách dùng (usage): ",
    "positional arguments": "tham số",
    "options": "tuỳ chọn (options)",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "giá trị không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "not allowed with argument %s": "không dùng được cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "tuỳ chọn không rõ: %(option)s có thể là %(matches)s",
}


def vietnamese_argparse() -> None:
    """Make every parser built after this call speak Vietnamese (argparse uses gettext)."""
    english = getattr(argparse, "_desk_english", None) or argparse._  # type: ignore[attr-defined]
    argparse._desk_english = english  # type: ignore[attr-defined]
    argparse._ = lambda text: ARGPARSE_VI.get(text) or english(text)  # type: ignore[attr-defined]


def version() -> str:
    """The installed version (package metadata); in a bare checkout, pyproject.toml's."""
    from importlib import metadata

    try:
        return metadata.version("desk-app")
    except metadata.PackageNotFoundError:
        pass
    import tomllib

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    try:
        with pyproject.open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0+unknown"


def usage() -> str:
    lines = [
        "Phần mềm Bộ phận một cửa — các lệnh (commands)",
        "",
        "Cách dùng (usage): desk-app [LỆNH] [THAM SỐ…]",
        "  Không có LỆNH: mở phần mềm (như `desk-app app`).",
        "  desk-app LỆNH --help   hướng dẫn của từng lệnh",
        "  desk-app --version     số phiên bản",
        "",
        "Các lệnh:",
    ]
    lines += [f"  {name:<10} {help_}" for name, (_, _, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    if args and args[0] in ("-V", "--version", "version"):
        print(f"desk-app {version()}")
        return 0
    name = args.pop(0) if args and not args[0].startswith("-") else "app"
    if name not in COMMANDS:
        print(f"Không có lệnh {name!r} (unknown command)\n\n{usage()}", file=sys.stderr)
        return 2
    module_name, func_name, _ = COMMANDS[name]
    vietnamese_argparse()
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        print(f"Không tải được lệnh {name!r}: {exc}", file=sys.stderr)
        return 2
    return int(getattr(module, func_name)(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
