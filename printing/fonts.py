"""Fonts with Vietnamese glyphs, found on the system and embedded in every PDF.

Times New Roman is the font of administrative documents (Decree 30/2020) but is not
installed everywhere; Liberation Serif has the same metrics. DejaVu is the fallback.
Registration parses the TTF once per process.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import FontError

FONT_DIRS = (
    Path("/usr/share/fonts/truetype"),
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts/Supplemental"),
)

# (family name, regular, bold, italic, bold italic), in order of preference.
SERIF_FAMILIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("TimesNewRoman", "times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),
    (
        "LiberationSerif",
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
    (
        "DejaVuSerifCondensed",
        "DejaVuSerifCondensed.ttf",
        "DejaVuSerifCondensed-Bold.ttf",
        "DejaVuSerifCondensed-Italic.ttf",
        "DejaVuSerifCondensed-BoldItalic.ttf",
    ),
    (
        "DejaVuSerif",
        "DejaVuSerif.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif-BoldItalic.ttf",
    ),
)

# Sans fonts for receipts rendered as an image on thermal printers.
SANS_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "arial.ttf")
SANS_BOLD_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "arialbd.ttf")


@dataclass(frozen=True)
class FontFamily:
    name: str  # the reportlab family name
    regular: str
    bold: str
    italic: str
    bold_italic: str
    paths: tuple[Path, ...]


# Every letter of Vietnamese, lower and upper case: a font must draw all of them
# (the Liberation 1.x fonts of some distributions lack ỉ, ừ, ế …).
_BASES = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES
) | {"đ"}
VIETNAMESE_LETTERS = VIETNAMESE_LETTERS | {c.upper() for c in VIETNAMESE_LETTERS}


def covers_vietnamese(codepoints: frozenset[int] | set[int] | dict[int, int]) -> bool:
    return all(ord(c) in codepoints for c in VIETNAMESE_LETTERS)


_lock = threading.Lock()
_registered: FontFamily | None = None
_cmap: frozenset[int] | None = None


def find_fonts(filename: str, dirs: tuple[Path, ...] = FONT_DIRS) -> list[Path]:
    """Every file called `filename` under `dirs` (recursively), DESK_FONT_DIR first."""
    env = os.environ.get("DESK_FONT_DIR")
    search = ((Path(env),) if env else ()) + dirs
    found: list[Path] = []
    for d in search:
        if not d.is_dir():
            continue
        for hit in [d / filename, *sorted(d.rglob(filename))]:
            if hit.is_file() and hit not in found:
                found.append(hit)
    return found


def _codepoints(path: Path) -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        return frozenset(TTFontFile(str(path)).charToGlyph)
    except Exception:  # a broken or unsupported font file is simply not a candidate
        return frozenset()


def find_font(filename: str) -> Path | None:
    """The first installed `filename` that has every Vietnamese letter (distributions
    may ship an old Liberation 1.x without them beside Liberation 2.x with them)."""
    for path in find_fonts(filename):
        if covers_vietnamese(_codepoints(path)):
            return path
    return None


def find_first(filenames: tuple[str, ...]) -> Path:
    """The first of `filenames` that is installed and has every Vietnamese letter."""
    for name in filenames:
        found = find_font(name)
        if found:
            return found
    raise FontError(
        "Không tìm thấy phông chữ tiếng Việt nào (" + ", ".join(filenames) + "). "
        "Hãy cài gói fonts-dejavu-core hoặc fonts-liberation2, hoặc đặt biến DESK_FONT_DIR."
    )


def serif_family() -> FontFamily:
    """Register and return the first complete serif family found on this machine."""
    global _registered, _cmap
    with _lock:
        if _registered is not None:
            return _registered
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        tried: list[str] = []
        for family, *files in SERIF_FAMILIES:
            paths = [find_font(f) for f in files]
            tried.extend(files)
            if not all(paths):
                continue
            names = (family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic")
            fonts = [TTFont(n, str(p)) for n, p in zip(names, paths, strict=True)]
            for font in fonts:
                pdfmetrics.registerFont(font)
            addMapping(family, 0, 0, names[0])
            addMapping(family, 1, 0, names[1])
            addMapping(family, 0, 1, names[2])
            addMapping(family, 1, 1, names[3])
            _cmap = frozenset(fonts[0].face.charToGlyph)
            _registered = FontFamily(family, *names, paths=tuple(p for p in paths if p))
            return _registered
        raise FontError(
            "Không tìm thấy bộ phông chữ có dấu tiếng Việt để in biểu mẫu (đã tìm: "
            + ", ".join(tried)
            + "). Hãy cài gói fonts-liberation2 hoặc fonts-dejavu-core."
        )


def serif_codepoints() -> frozenset[int]:
    """The code points the registered serif font can draw."""
    serif_family()
    assert _cmap is not None
    return _cmap
