"""Thermal receipts (58 mm and 80 mm ESC/POS): a short form of Mẫu 01 with the QR code.

Vietnamese goes through the printer's own code page when its python-escpos profile
has one (TCVN-3 lower/upper pages, else CP1258), otherwise every line is rendered
into a raster image, so that any printer prints correct diacritics. python-escpos is
imported only when a receipt is built: its printer database loads at import time.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from typing import Any

from desk_app.domain import Dossier, Procedure

from . import vncodec
from .errors import PrintError
from .fields import Values, check_printable, form_values
from .models import FormContext
from .templates import TemplateSet, set_for
from .transport import prepare_escpos

ESC = b"\x1b"
GS = b"\x1d"
MODES = ("auto", "tcvn3", "cp1258", "image")
# Punctuation officers paste from word processors, as the printer's code pages have it.
SUBSTITUTES = str.maketrans({
    "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u201c": '"', "\u201d": '"',
    "\u2018": "'", "\u2019": "'", "\u00a0": " ", "\u2022": "-",
})


@dataclass(frozen=True)
class ThermalPrinter:
    """A receipt printer model: its python-escpos profile and paper width."""

    profile: str = "default"
    paper_mm: int = 80  # 58 or 80
    vietnamese: str = "auto"  # auto, tcvn3, cp1258 or image
    columns: int = 0  # characters per line in font A; 0: from the paper width
    native_qr: bool | None = None  # None: as the profile says

    @property
    def dots(self) -> int:
        """Printable width in dots at 203 dpi (48 mm and 72 mm)."""
        return 384 if self.paper_mm <= 58 else 576

    @property
    def line_chars(self) -> int:
        return self.columns or (32 if self.paper_mm <= 58 else 42)


@dataclass(frozen=True)
class Line:
    text: str
    align: str = "left"
    bold: bool = False


def _profile(name: str) -> Any:
    prepare_escpos()
    from escpos.capabilities import get_profile  # loads the printer database: keep lazy

    try:
        return get_profile(name)
    except KeyError:
        raise PrintError(
            f"Không có cấu hình máy in {name!r} trong cơ sở dữ liệu python-escpos."
        ) from None


def code_pages(profile_name: str) -> dict[str, int]:
    """Code page name → ESC t number for the profile."""
    pages = _profile(profile_name).get_code_pages()
    return {name: int(num) for name, num in pages.items()}


def printable_dots(printer: ThermalPrinter) -> int:
    """Image width in dots: the paper's, narrowed to what the profile says it prints."""
    try:
        pixels = int(_profile(printer.profile).media["width"]["pixels"])
    except (KeyError, TypeError, ValueError):
        return printer.dots
    return min(printer.dots, pixels - pixels % 8)


def choose_mode(printer: ThermalPrinter) -> str:
    """How this printer gets Vietnamese: 'tcvn3', 'cp1258' or 'image'."""
    if printer.vietnamese not in MODES:
        raise PrintError(
            f"Cách in tiếng Việt {printer.vietnamese!r} không hợp lệ ({', '.join(MODES)})."
        )
    pages = code_pages(printer.profile)
    has_tcvn3 = vncodec.TCVN3_LOWER_PAGE in pages and vncodec.TCVN3_UPPER_PAGE in pages
    has_cp1258 = vncodec.CP1258_PAGE in pages
    wanted = printer.vietnamese
    if wanted == "auto":
        # TCVN-3 has every letter precomposed; CP1258 relies on the printer stacking
        # combining tone marks, which not every firmware does.
        return "tcvn3" if has_tcvn3 else ("cp1258" if has_cp1258 else "image")
    if (wanted == "tcvn3" and not has_tcvn3) or (wanted == "cp1258" and not has_cp1258):
        raise PrintError(
            f"Máy in {printer.profile!r} không có bảng mã {wanted.upper()}; "
            "hãy chọn 'auto' hoặc 'image'."
        )
    return wanted


def receipt_lines(tset: TemplateSet, values: Values) -> list[Line]:
    spec = tset.thermal
    lines = []
    for item in spec.get("lines", ()):
        when = item.get("when")
        if when and not values.get(when):
            continue
        try:
            text = str(item.get("text", "")).format_map(values)
        except KeyError as exc:
            from .errors import TemplateError

            raise TemplateError(f"Mẫu in nhiệt dùng trường không có: {exc}") from exc
        lines.append(Line(text, str(item.get("align", "left")), bool(item.get("bold", False))))
    return lines


def render_receipt_escpos(
    ctx: FormContext,
    dossier: Dossier,
    procedure: Procedure | None,
    *,
    printer: ThermalPrinter | None = None,
    tset: TemplateSet | None = None,
) -> bytes:
    """The ESC/POS byte stream of the short Mẫu 01 for one dossier."""
    printer = printer or ThermalPrinter()
    # The set in force on the dossier's receipt date (Circular 03/2025 from 15/9/2025).
    tset = tset or set_for(dossier, ctx.now)
    form = tset.form(str(tset.thermal.get("form", "receipt")))
    values = form_values(tset, form, ctx, dossier=dossier, procedure=procedure)
    values = {k: (v.translate(SUBSTITUTES) if isinstance(v, str) else v)
              for k, v in values.items()}
    lines = receipt_lines(tset, values)
    # The whole record is checked, not only what the short form shows: the same
    # dossier must not print here and fail on the A4 form (or the other way round).
    check_printable(values, _can_print(choose_mode(printer)))
    qr_value = str(tset.thermal.get("qr", "{dossier_code}")).format_map(values)
    return build_escpos(lines, qr_value, printer)


def _can_print(mode: str) -> Any:
    if mode == "image":
        return _image_can_draw()
    return vncodec.tcvn3_can_encode if mode == "tcvn3" else vncodec.cp1258_can_encode


def build_escpos(lines: list[Line], qr_value: str, printer: ThermalPrinter) -> bytes:
    prepare_escpos()
    from escpos.printer import Dummy  # lazy: python-escpos loads its database on import

    mode = choose_mode(printer)
    profile = _profile(printer.profile)
    p = Dummy(profile=printer.profile)
    p.hw("INIT")
    _check(lines, _can_print(mode))
    if mode == "image":
        _image_lines(p, lines, printer)
    else:
        _text_lines(p, lines, printer, mode, code_pages(printer.profile))
    if qr_value:
        p.set(align="center")
        native = printer.native_qr
        if native is None:
            native = bool(profile.supports("qrCode"))
        if native:
            from escpos.constants import QR_ECLEVEL_M

            p.qr(qr_value, ec=QR_ECLEVEL_M, size=6 if printer.paper_mm > 58 else 5, native=True)
        else:
            _raster(p, _qr_image(qr_value, printer))
        p._raw(b"\n")  # not p.ln(): its encoder would switch to code page 0
        p.set(align="left")
    p.cut()
    return bytes(p.output)


def _check(lines: list[Line], can: Any) -> None:
    check_printable({"receipt": [{"text": ln.text} for ln in lines]}, can)


def _wrap(text: str, width: int) -> list[str]:
    # Not on hyphens: a dossier code or "01/2018/TT-VPCP" stays on one line.
    return textwrap.wrap(text, width=width, break_on_hyphens=False) or [""]


def _text_lines(
    p: Any, lines: list[Line], printer: ThermalPrinter, mode: str, pages: dict[str, int]
) -> None:
    current: int | None = None

    def select(page_name: str) -> None:
        nonlocal current
        n = pages[page_name]
        if n != current:
            p._raw(ESC + b"t" + bytes((n,)))
            current = n

    if mode == "cp1258":
        select(vncodec.CP1258_PAGE)
    for line in lines:
        p.set(align=line.align, bold=line.bold)
        for chunk in _wrap(unicodedata.normalize("NFC", line.text), printer.line_chars):
            if mode == "cp1258":
                p._raw(vncodec.encode_cp1258(chunk))
            else:
                for page, data in vncodec.encode_tcvn3(chunk):
                    if page is not None:
                        select(page)
                    p._raw(data)
            p._raw(b"\n")
    p.set(bold=False)


_sans: dict[tuple[bool, int], Any] = {}


def _font(bold: bool, size: int) -> Any:
    from PIL import ImageFont

    from .fonts import SANS_BOLD_FILES, SANS_FILES, find_first

    key = (bold, size)
    if key not in _sans:
        path = find_first(SANS_BOLD_FILES if bold else SANS_FILES)
        _sans[key] = ImageFont.truetype(str(path), size)
    return _sans[key]


_sans_cmap: list[frozenset[int]] = []


def _image_can_draw() -> Any:
    from reportlab.pdfbase.ttfonts import TTFontFile

    from .fonts import SANS_FILES, find_first

    if not _sans_cmap:
        _sans_cmap.append(frozenset(TTFontFile(str(find_first(SANS_FILES))).charToGlyph))
    cmap = _sans_cmap[0]
    return lambda ch: ord(ch) in cmap


def render_lines_image(lines: list[Line], printer: ThermalPrinter) -> Any:
    """The receipt's text as a 1-bit image as wide as the printable area."""
    from PIL import Image, ImageDraw

    size = 22 if printer.paper_mm <= 58 else 26
    margin = 4
    width = printable_dots(printer)
    rows: list[tuple[str, Line, Any]] = []
    for line in lines:
        font = _font(line.bold, size)
        for chunk in _wrap_px(line.text, font, width - 2 * margin):
            rows.append((chunk, line, font))
    step = int(size * 1.35)
    img = Image.new("1", (width, step * len(rows) + margin * 2), 0)
    draw = ImageDraw.Draw(img)
    for i, (chunk, line, font) in enumerate(rows):
        w = _width(font, chunk) if line.align != "left" else 0
        x = {"center": (width - w) / 2, "right": width - margin - w}.get(line.align, margin)
        draw.text((x, margin + i * step), chunk, font=font, fill=1)
    return img


_widths: dict[tuple[int, str], float] = {}


def _width(font: Any, text: str) -> float:
    key = (id(font), text)
    if key not in _widths:
        if len(_widths) > 20000:
            _widths.clear()
        _widths[key] = font.getlength(text)
    return _widths[key]


def _wrap_px(text: str, font: Any, width: int) -> list[str]:
    """Greedy wrap by measured word widths (cached: officers print the same words)."""
    space = _width(font, " ")
    out: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    for word in text.split():
        w = _width(font, word)
        if cur and cur_w + space + w <= width:
            cur.append(word)
            cur_w += space + w
            continue
        if cur:
            out.append(" ".join(cur))
        while w > width:  # a word wider than the paper is cut
            cut = len(word)
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            out.append(word[:cut])
            word = word[cut:]
            w = _width(font, word)
        cur, cur_w = [word], w
    out.append(" ".join(cur))
    return out


def _image_lines(p: Any, lines: list[Line], printer: ThermalPrinter) -> None:
    p.set(align="left")
    _raster(p, render_lines_image(lines, printer))


def _raster(p: Any, img: Any, band: int = 255) -> None:
    """GS v 0 raster bit image; 1 bits print black. Sent in bands for small buffers."""
    img = img.convert("1") if img.mode != "1" else img
    width_bytes = (img.width + 7) // 8
    for top in range(0, img.height, band):
        part = img.crop((0, top, width_bytes * 8, min(img.height, top + band)))
        data = part.tobytes()
        header = GS + b"v0\x00" + width_bytes.to_bytes(2, "little") + part.height.to_bytes(
            2, "little"
        )
        p._raw(header + data)


def _qr_image(value: str, printer: ThermalPrinter) -> Any:
    import qrcode
    from PIL import ImageOps

    qr = qrcode.QRCode(box_size=6 if printer.paper_mm > 58 else 5, border=2,
                       error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(value)
    qr.make(fit=True)
    img = qr.make_image().get_image().convert("L")
    return ImageOps.invert(img).convert("1")


def preload(profile: str = "default") -> None:
    """Load python-escpos' printer database and the image font now (about half a
    second), from a worker thread at start-up, so the first receipt is quick."""
    _profile(profile)
    _image_can_draw()
    _font(False, 22)
