"""The `desk-app` command: one entry point, each sub-command owned by its package.

Sub-commands are found by name and imported only when used, so `desk-app verify`
does not load Qt and `desk-app` (the application) does not load the portal service.
Each target is a function `main(argv: list[str]) -> int`.
"""

from __future__ import annotations

import importlib
import sys

# name → (module, function, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "app": ("ui.app", "main", "start the desk application (the default)"),
    "demo": ("ui.app", "demo_main", "start the application on an embedded demo portal"),
    "portal": ("server_stub.cli", "main", "run the central portal service"),
    "sync": ("sync.cli", "main", "sync the local store with the portal once"),
    "sign": ("signing.cli", "sign_main", "sign PDFs with a USB token (PKCS#11)"),
    "verify": ("signing.cli", "verify_main", "validate signed PDFs"),
    "scan": ("scanning.cli", "scan_main", "scan a batch of pages to a PDF"),
    "digitise": ("scanning.cli", "digitise_main", "turn image/PDF files into one PDF"),
    "print": ("printing.cli", "main", "print or render a form"),
    "report": ("desk_app.reports.cli", "main", "build the unit's report"),
}


def usage() -> str:
    lines = ["Cách dùng / usage: desk-app [COMMAND] [ARGS…]", ""]
    lines += [f"  {name:<10} {help_}" for name, (_, _, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    name = args.pop(0) if args and not args[0].startswith("-") else "app"
    if name not in COMMANDS:
        print(f"Lệnh không có: {name!r} / unknown command\n\n{usage()}", file=sys.stderr)
        return 2
    module_name, func_name, _ = COMMANDS[name]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        print(f"Không tải được lệnh {name!r}: {exc}", file=sys.stderr)
        return 2
    return int(getattr(module, func_name)(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
