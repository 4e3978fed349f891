"""The core runs without Qt (ARCHITECTURE.md): importing all of it loads no PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import desk_app


def test_desk_app_imports_no_qt():
    modules = [m.name for m in pkgutil.walk_packages(desk_app.__path__, "desk_app.")]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken')))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]", f"desk_app pulled in Qt: {out}"
    assert "desk_app.workflow" in modules and "desk_app.store.store" in modules
