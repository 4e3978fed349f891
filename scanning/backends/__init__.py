"""Scanner back ends behind one interface (`base.ScannerBackend`)."""

from __future__ import annotations

from scanning.backends.base import (
    ColorMode,
    DeviceInfo,
    DeviceOptions,
    ScannedPage,
    ScannerBackend,
    ScanProgress,
    ScanSettings,
    Source,
)

__all__ = [
    "ColorMode",
    "DeviceInfo",
    "DeviceOptions",
    "ScanProgress",
    "ScanSettings",
    "ScannedPage",
    "ScannerBackend",
    "Source",
    "available_backends",
    "backend_by_name",
]


def backend_by_name(name: str) -> ScannerBackend:
    """'sane', 'twain', 'wia' or 'files'; the back end is returned even if unusable."""
    if name == "sane":
        from scanning.backends.sane_backend import SaneBackend

        return SaneBackend()
    if name in ("twain", "wia"):
        from scanning.backends.windows import TwainBackend, WiaBackend

        return TwainBackend() if name == "twain" else WiaBackend()
    if name == "files":
        from scanning.backends.files import FileBackend

        return FileBackend()
    raise ValueError(f"unknown scanner back end: {name!r}")


def available_backends() -> list[tuple[ScannerBackend, bool, str]]:
    """Every back end of this platform with (usable, reason) so the UI can say why not."""
    out = []
    for name in ("sane", "twain", "wia"):
        backend = backend_by_name(name)
        ok, why = backend.is_usable()
        out.append((backend, ok, why))
    return out
