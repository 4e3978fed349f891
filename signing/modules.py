"""Finding PKCS#11 libraries: a configured path, then the known CA drivers.

Vietnamese CAs ship their own PKCS#11 module with the token's driver. The file
names below are the ones their installers are known to use; DOMAIN.md asks to
verify them on real tokens, so the list is data, easy to extend, and an officer
can always give the path directly (setting or `DESK_PKCS11_MODULE`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "DESK_PKCS11_MODULE"


@dataclass(frozen=True)
class KnownModule:
    vendor: str
    windows: tuple[str, ...] = ()
    linux: tuple[str, ...] = ()


KNOWN_MODULES: tuple[KnownModule, ...] = (
    KnownModule("VNPT-CA", ("vnptca_p11_v8.dll", "vnptca_p11_v6.dll"), ("libvnptca_p11.so",)),
    KnownModule("Viettel-CA", ("viettel-ca_v6.dll", "viettel-ca_v5.dll"), ("libviettelca.so",)),
    KnownModule("BKAV-CA", ("BkavCAv2S.dll", "BkavCA.dll"), ("libbkavca.so",)),
    KnownModule("FPT-CA", ("fpt-ca.dll", "fpt-ca-stx.dll"), ("libfptca.so",)),
    KnownModule("CA2 (Nacencomm)", ("CA2_csp11.dll", "CA2_v34.dll"), ("libca2_pkcs11.so",)),
    KnownModule("SafeCert", ("safecert_csp11.dll", "SafeCA.dll"), ()),
    KnownModule("Vina-CA", ("vinaca_csp11.dll",), ()),
    KnownModule("EFY-CA", ("efyca_csp11.dll",), ()),
    KnownModule("NewCA", ("newca_csp11.dll",), ()),
    KnownModule("VGCA (Ban Cơ yếu Chính phủ)", ("vgca_csp11.dll", "BkavCA.dll"), ()),
    KnownModule("SafeNet eToken", ("eTPKCS11.dll",), ("libeTPkcs11.so",)),
    KnownModule("ePass2003 (Feitian)", ("eps2003csp11.dll",),
                ("libcastle.so.1", "libepsng_p11.so")),
    KnownModule("OpenSC", ("opensc-pkcs11.dll",), ("opensc-pkcs11.so",)),
    KnownModule("SoftHSM2 (thử nghiệm)", ("softhsm2-x64.dll",), ("libsofthsm2.so",)),
)

LINUX_DIRS: tuple[str, ...] = (
    "/usr/lib",
    "/usr/lib64",
    "/usr/local/lib",
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu/pkcs11",
    "/usr/lib/pkcs11",
    "/usr/lib/softhsm",
    "/usr/lib/x86_64-linux-gnu/softhsm",
    "/opt/SoftHSMv2/lib/softhsm",
)


def _windows_dirs() -> list[str]:
    root = os.environ.get("SYSTEMROOT", r"C:\Windows")
    return [os.path.join(root, "System32"), os.path.join(root, "SysWOW64")]


@dataclass(frozen=True)
class FoundModule:
    vendor: str
    path: Path


def candidate_paths(
    platform: str | None = None, search_dirs: Sequence[str] | None = None
) -> Iterable[FoundModule]:
    """Every (vendor, path) this platform's known names could be at."""
    platform = platform or sys.platform
    windows = platform.startswith("win")
    dirs = list(search_dirs) if search_dirs is not None else (
        _windows_dirs() if windows else list(LINUX_DIRS)
    )
    for known in KNOWN_MODULES:
        for name in known.windows if windows else known.linux:
            for folder in dirs:
                yield FoundModule(known.vendor, Path(folder) / name)


def find_modules(
    configured: str | os.PathLike[str] | None = None,
    *,
    platform: str | None = None,
    search_dirs: Sequence[str] | None = None,
) -> list[FoundModule]:
    """Usable PKCS#11 libraries: the configured one first, then known CA drivers."""
    found: list[FoundModule] = []
    seen: set[Path] = set()
    for explicit in (configured, os.environ.get(ENV_VAR)):
        if explicit:
            path = Path(explicit)
            if path.is_file() and path.resolve() not in seen:
                seen.add(path.resolve())
                found.append(FoundModule(_vendor_of(path.name), path))
    for cand in candidate_paths(platform, search_dirs):
        if cand.path.is_file() and cand.path.resolve() not in seen:
            seen.add(cand.path.resolve())
            found.append(cand)
    return found


def _vendor_of(filename: str) -> str:
    lower = filename.lower()
    for known in KNOWN_MODULES:
        if any(lower == n.lower() for n in (*known.windows, *known.linux)):
            return known.vendor
    return "Thư viện do người dùng chỉ định"
