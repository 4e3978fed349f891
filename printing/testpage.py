"""Test pages an officer prints to check a new printer: every Vietnamese letter."""

from __future__ import annotations

import io
from datetime import datetime

from desk_app.textfmt import VN_TZ, vn_datetime

from .thermal import Line, ThermalPrinter, build_escpos, choose_mode

TITLE = "TRANG IN THỬ - MÁY IN BỘ PHẬN MỘT CỬA"
ALPHABET_LOWER = (
    "a à ả ã á ạ  ă ằ ẳ ẵ ắ ặ  â ầ ẩ ẫ ấ ậ  đ",
    "e è ẻ ẽ é ẹ  ê ề ể ễ ế ệ  i ì ỉ ĩ í ị",
    "o ò ỏ õ ó ọ  ô ồ ổ ỗ ố ộ  ơ ờ ở ỡ ớ ợ",
    "u ù ủ ũ ú ụ  ư ừ ử ữ ứ ự  y ỳ ỷ ỹ ý ỵ",
)
ALPHABET = ALPHABET_LOWER + tuple(line.upper() for line in ALPHABET_LOWER)
SAMPLE = "Cộng hòa xã hội chủ nghĩa Việt Nam - Độc lập - Tự do - Hạnh phúc"


def test_page_lines(printer_uri: str, now: datetime | None = None) -> list[str]:
    now = now or datetime.now(VN_TZ)
    return [TITLE, f"Máy in: {printer_uri}", f"Lúc: {vn_datetime(now)}", *ALPHABET, SAMPLE]


def thermal_test_page(printer_uri: str, printer: ThermalPrinter,
                      now: datetime | None = None) -> bytes:
    lines = test_page_lines(printer_uri, now)
    mode = choose_mode(printer)
    out = [Line(lines[0], "center", True), *(Line(t) for t in lines[1:])]
    out.append(Line(f"Cách in tiếng Việt: {mode}, giấy {printer.paper_mm} mm", "left"))
    return build_escpos(out, "desk-app: trang in thử", printer)


def pdf_test_page(printer_uri: str, now: datetime | None = None) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from .fonts import serif_family

    family = serif_family()
    style = ParagraphStyle("t", fontName=family.name, fontSize=13, leading=18)
    lines = test_page_lines(printer_uri, now)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=TITLE)
    story = [Paragraph(f"<b>{escape(lines[0])}</b>", style)]
    story += [Paragraph(escape(t), style) for t in lines[1:]]
    story.append(Paragraph(f"<i>Phông chữ: {family.name}</i>", style))
    doc.build(story)
    return buf.getvalue()
