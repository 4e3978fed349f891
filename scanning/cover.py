"""Cover sheets that split a scanned stack into the dossier's components.

At intake the desk prints one cover sheet per component. The officer puts each
sheet in front of its component's pages and scans the whole stack at once; the
QR code on each sheet says which dossier and component the following pages are.

The QR payload is a small versioned text: ``DESKCOVER1|<dossier code>|<component code>``.
Neither code may contain ``|`` or line breaks. Other QR codes (the receipt's, say)
are ignored.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
import qrcode
from PIL import Image

from desk_app.domain import Dossier
from scanning.errors import ScanError

PREFIX = "DESKCOVER1"
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class CoverPayload:
    dossier_code: str
    component_code: str

    def encode(self) -> str:
        for value in (self.dossier_code, self.component_code):
            if not value or "|" in value or "\n" in value or "\r" in value:
                raise ScanError(f"Mã không dùng được trên tờ bìa: {value!r}")
        return f"{PREFIX}|{self.dossier_code}|{self.component_code}"

    @classmethod
    def parse(cls, text: str) -> CoverPayload | None:
        parts = text.strip().split("|")
        if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
            return None
        return cls(parts[1], parts[2])


def read_cover(arr: np.ndarray, dpi: int) -> CoverPayload | None:
    """The cover payload on a scanned page, or None for an ordinary page."""
    from pyzbar import pyzbar

    gray = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY) if arr.ndim == 3 else arr
    if gray.dtype != np.uint8:
        gray = gray.astype(np.uint8)
    # The code is 75 mm wide (2.3 mm a module): 75 dpi is plenty and keeps zbar fast.
    if dpi > 90:
        factor = dpi / 75
        gray = cv2.resize(gray, (round(gray.shape[1] / factor), round(gray.shape[0] / factor)),
                          interpolation=cv2.INTER_AREA)
    for candidate in (gray, cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]):
        for symbol in pyzbar.decode(Image.fromarray(candidate),
                                    symbols=[pyzbar.ZBarSymbol.QRCODE]):
            payload = CoverPayload.parse(symbol.data.decode("utf-8", "replace"))
            if payload is not None:
                return payload
    return None


def qr_decoder_available() -> tuple[bool, str]:
    try:
        from pyzbar import pyzbar  # noqa: F401
    except (ImportError, OSError) as exc:
        return False, f"Thiếu thư viện đọc mã QR (libzbar0): {exc}"
    return True, ""


# Fonts with every Vietnamese letter: Debian's fonts-dejavu-core, else Windows' Arial.
_FONT_PAIRS = (
    (_FONT_DIR / "DejaVuSans.ttf", _FONT_DIR / "DejaVuSans-Bold.ttf"),
    (Path("C:/Windows/Fonts/arial.ttf"), Path("C:/Windows/Fonts/arialbd.ttf")),
)


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = "DeskCoverSans", "DeskCoverSans-Bold"
    if regular in pdfmetrics.getRegisteredFontNames():
        return regular, bold
    for plain, heavy in _FONT_PAIRS:
        if plain.exists() and heavy.exists():
            pdfmetrics.registerFont(TTFont(regular, str(plain)))
            pdfmetrics.registerFont(TTFont(bold, str(heavy)))
            return regular, bold
    raise ScanError("Không tìm thấy phông chữ tiếng Việt (DejaVu Sans hoặc Arial) để in tờ bìa.")


def cover_sheets_pdf(
    dossier_code: str,
    components: list[tuple[str, str]],
    *,
    applicant: str = "",
    procedure: str = "",
    printed_at: datetime | None = None,
) -> bytes:
    """One A4 cover sheet per (component code, component name), as PDF bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from desk_app.textfmt import require_aware, short_datetime

    regular, bold = _fonts()
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setTitle(f"Tờ bìa thành phần hồ sơ {dossier_code}")
    width, height = A4
    total = len(components)
    for number, (code, name) in enumerate(components, start=1):
        payload = CoverPayload(dossier_code, code).encode()
        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=10)
        qr.add_data(payload)
        qr.make(fit=True)
        img = qr.make_image(fill_color="black", back_color="white").get_image().convert("L")
        pdf.setFont(bold, 20)
        pdf.drawCentredString(width / 2, height - 30 * mm, "TỜ BÌA THÀNH PHẦN HỒ SƠ")
        pdf.setFont(regular, 11)
        pdf.drawCentredString(width / 2, height - 38 * mm,
                              "Đặt tờ này trước các trang của thành phần, rồi quét cả xấp.")
        side = 75 * mm
        pdf.drawImage(ImageReader(img), (width - side) / 2, height - 50 * mm - side, side, side)
        y = height - 60 * mm - side
        rows = [("Mã hồ sơ", dossier_code), ("Thành phần", f"{number}/{total} — {code}")]
        if procedure:
            rows.insert(1, ("Thủ tục", procedure))
        if applicant:
            rows.insert(1, ("Người nộp", applicant))
        for label, value in rows:
            pdf.setFont(regular, 12)
            pdf.drawString(25 * mm, y, f"{label}:")
            pdf.setFont(bold, 13)
            pdf.drawString(60 * mm, y, value)
            y -= 9 * mm
        y -= 3 * mm
        pdf.setFont(bold, 15)
        for line in _wrap(name, 60):
            pdf.drawString(25 * mm, y, line)
            y -= 8 * mm
        pdf.setFont(regular, 9)
        footer = "Tờ bìa không được đưa vào hồ sơ điện tử."
        if printed_at is not None:
            footer += f" In lúc {short_datetime(require_aware(printed_at))}."
        pdf.drawCentredString(width / 2, 15 * mm, footer)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def cover_sheets_for_dossier(dossier: Dossier, printed_at: datetime | None = None) -> bytes:
    """The cover sheets for every component of a dossier received on paper."""
    components = [(c.code, c.name) for c in dossier.components]
    if not components:
        raise ScanError(f"Hồ sơ {dossier.code} chưa có thành phần nào để in tờ bìa.")
    return cover_sheets_pdf(dossier.code, components, applicant=dossier.applicant.name,
                            procedure=dossier.procedure_code, printed_at=printed_at)


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines
