"""A4/A5 forms as PDF with reportlab: generic blocks laid out from a template set.

The national motto and agency header, titles, key-value fields, tables, signature
blocks, QR code and barcode of the dossier code. Text is embedded in a TTF that has
every Vietnamese letter, so pdftotext reads back exactly what was printed.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from .errors import FormDataError, TemplateError
from .fields import Values, check_printable, form_values
from .fonts import serif_codepoints, serif_family
from .models import FormContext
from .templates import FormTemplate, TemplateSet, set_for

MM = 72 / 25.4
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
# Decree 30/2020, Appendix I: margins top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS = {
    ("A4", "portrait"): (20, 20, 30, 15),
    ("A4", "landscape"): (20, 15, 20, 15),
    ("A5", "portrait"): (12, 12, 18, 10),
    ("A5", "landscape"): (12, 10, 15, 10),
}


class _Values(dict[str, Any]):
    """Lookup for str.format_map: values are XML-escaped, unknown names are errors."""

    def __init__(self, values: Mapping[str, Any], form_id: str) -> None:
        super().__init__(values)
        self.form_id = form_id

    def __missing__(self, key: str) -> str:
        raise TemplateError(
            f"Mẫu {self.form_id!r} dùng trường {{{key}}} nhưng không có dữ liệu nào tên như vậy."
        )

    def __getitem__(self, key: str) -> str:
        value = super().__getitem__(key)
        return escape(str(value)).replace("\n", "<br/>")


def fill(text: str, values: _Values) -> str:
    """Template text (trusted markup such as <b>) with escaped values filled in."""
    return str(text).format_map(values)


def render_form(
    form_id: str,
    ctx: FormContext,
    *,
    tset: TemplateSet | None = None,
    page: str | None = None,
    **data: Any,
) -> bytes:
    """Render one form of the set to PDF bytes.

    `data` is what the form needs: dossier=, procedure=, log_rows=, supplement=,
    apology=, entries=, outgoing=, batch=, parts=, stop= (see
    printing.fields.form_values). Without `tset`, the set in force on the dossier's
    receipt date (or, for forms without a dossier, on `ctx.now`) prints it.
    Raises FormDataError for bad data (nothing rendered) and TemplateError for a
    broken template set.
    """
    tset = tset or set_for(data.get("dossier"), ctx.now)
    form = tset.form(form_id)
    values = form_values(tset, form, ctx, **data)
    return render_values(tset, form, values, page=page)


def render_values(
    tset: TemplateSet, form: FormTemplate, values: Values, *, page: str | None = None
) -> bytes:
    from reportlab.lib.pagesizes import A4, A5, landscape
    from reportlab.platypus import PageBreak, SimpleDocTemplate
    from reportlab.platypus.doctemplate import LayoutError

    family = serif_family()
    check_printable(values, serif_codepoints())
    page_name = (page or form.page).upper()
    size = {"A4": A4, "A5": A5}.get(page_name)
    if size is None:
        raise TemplateError(f"Khổ giấy {page_name!r} không hỗ trợ (A4, A5).")
    if form.orientation == "landscape":
        size = landscape(size)
    top, bottom, left, right = MARGINS[(page_name, form.orientation)]
    # A5 is A4 at 71 %: scale type, codes and the signature space alike.
    scale = 0.78 if page_name == "A5" else 1.0
    base = tset.font_size * scale
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=size,
        topMargin=top * MM,
        bottomMargin=bottom * MM,
        leftMargin=left * MM,
        rightMargin=right * MM,
        title=f"{form.number} - {form.title}",
        author=values.get("unit_name", ""),
        subject=values.get("dossier_code", ""),
        creator=f"desk-app, {tset.name} {tset.version}",
    )
    layout = _Layout(family.name, base, doc.width, form, scale)
    story: list[Any] = []
    for i, copy_label in enumerate(form.copies):
        if i:
            story.append(PageBreak())
        vals = _Values({**values, "copy_label": copy_label}, form.form_id)
        for block in form.blocks:
            if not _wanted(block, vals):
                continue
            story.extend(layout.block(block, vals))

    corner = f"{form.number}" if form.number else ""

    def decorate(canvas: Any, doc_: Any) -> None:
        canvas.saveState()
        canvas.setFont(family.italic, 8)
        w, h = doc_.pagesize
        if corner:
            canvas.drawRightString(w - right * MM, h - (top * MM) / 2, corner)
        canvas.drawString(left * MM, bottom * MM / 2, form.basis or tset.short_basis)
        canvas.drawRightString(w - right * MM, bottom * MM / 2, f"Trang {doc_.page}")
        canvas.restoreState()

    try:
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    except LayoutError as exc:
        raise FormDataError(
            f"Nội dung {form.number} quá dài, không dàn trang được ({exc}). Hãy rút gọn dữ liệu."
        ) from exc
    return buf.getvalue()


def _wanted(block: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    when = block.get("when")
    if when and not dict.get(values, when):  # type: ignore[arg-type]
        return False
    unless = block.get("unless")
    return not (unless and dict.get(values, unless))  # type: ignore[arg-type]


@functools.lru_cache(maxsize=64)
def _qr_matrix(value: str) -> tuple[tuple[bool, ...], ...]:
    import qrcode

    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(value)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def _qr_flowable(value: str, size: float) -> Any:
    """A QR code drawn as one filled path (reportlab's widget is ten times slower)."""
    from reportlab.platypus.flowables import Flowable

    matrix = _qr_matrix(value)

    class QrCode(Flowable):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.width = self.height = size

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return size, size

        def draw(self) -> None:
            n = len(matrix)
            module = size / n
            path = self.canv.beginPath()
            for r, row in enumerate(matrix):
                y = size - (r + 1) * module
                c = 0
                while c < n:  # one rectangle per run of dark modules
                    if not row[c]:
                        c += 1
                        continue
                    start = c
                    while c < n and row[c]:
                        c += 1
                    path.rect(start * module, y, (c - start) * module, module)
            self.canv.drawPath(path, stroke=0, fill=1)

    return QrCode()


def _raw(text: str, v: _Values) -> str:
    """Template text filled with unescaped values: for QR codes and barcodes."""
    return str(text).format_map({k: dict.get(v, k) for k in v})


def _upper(v: _Values, key: str) -> str:
    return escape(str(dict.get(v, key, "")).upper())


class _Layout:
    """Turns blocks into reportlab flowables."""

    def __init__(self, font: str, size: float, width: float, form: FormTemplate,
                 scale: float = 1.0) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        self.font, self.size, self.width, self.form = font, size, width, form
        self.scale = scale
        self.align = {
            "left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY
        }
        lead = size * 1.3
        self.body = ParagraphStyle(
            "body", fontName=font, fontSize=size, leading=lead, spaceAfter=size * 0.15,
            alignment=TA_JUSTIFY,
        )
        self.center = ParagraphStyle("center", parent=self.body, alignment=TA_CENTER,
                                     spaceAfter=0)
        self.header = ParagraphStyle("header", parent=self.center, fontSize=size * 0.85,
                                     leading=size * 1.15)
        self.title = ParagraphStyle("title", parent=self.center, fontSize=size + 2,
                                    leading=(size + 2) * 1.3, spaceBefore=size * 0.8)

    def para(self, text: str, style: Any = None, **over: Any) -> Any:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        style = style or self.body
        if over:
            style = ParagraphStyle(f"{style.name}+", parent=style, **over)
        return Paragraph(text, style)

    def block(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        kind = block["type"]
        return getattr(self, f"_{kind}")(block, v)

    def _header(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        from reportlab.platypus import Table, TableStyle
        from reportlab.platypus.flowables import HRFlowable

        unit_lines = []
        if dict.get(v, "unit_parent"):
            unit_lines.append(self.para(_upper(v, "unit_parent"), self.header))
        unit_lines.append(self.para(f"<b>{_upper(v, 'unit_name')}</b>", self.header))
        if block.get("desk", True):
            unit_lines.append(self.para(f"<b>{_upper(v, 'desk_name')}</b>", self.header))
        unit_lines.append(HRFlowable(width=25 * MM, thickness=0.6, spaceBefore=2, spaceAfter=2))
        motto = [
            self.para(f"<b>{MOTTO_1}</b>", self.header),
            self.para(f"<b>{MOTTO_2}</b>", self.header, fontSize=self.size),
            HRFlowable(width=50 * MM, thickness=0.6, spaceBefore=2, spaceAfter=2),
        ]
        number = fill(str(block.get("doc_number", "")), v)
        date_line = fill(str(block.get("date", "{date_line}")), v)
        left_w = self.width * 0.45
        left: list[Any] = [self.para(number, self.header)]
        if block.get("barcode"):
            bar = self.barcode(_raw(block["barcode"], v), left_w - 4)
            if bar is not None:
                left.append(bar)
        table = Table(
            [
                [unit_lines, motto],
                [left, self.para(f"<i>{date_line}</i>", self.header)],
            ],
            colWidths=[left_w, self.width - left_w],
        )
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # the rules under agency and motto
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 1), (-1, 1), 4),
        ]))
        return [table]

    def _title(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        from reportlab.platypus import Spacer, Table, TableStyle

        out = [self.para(f"<b>{fill(block.get('text', self.form.title), v)}</b>", self.title)]
        out += [self.para(fill(s, v), self.center) for s in block.get("subtitle", ())]
        qr = self.qr(_raw(block["qr"], v)) if block.get("qr") else None
        if qr is not None:
            side = qr.width + 4
            table = Table([["", out, qr]], colWidths=[side, self.width - 2 * side, side])
            table.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
            ]))
            out = [table]
        out.append(Spacer(1, self.size * 0.4))
        return out

    def qr(self, value: str, size_mm: float = 20) -> Any:
        if not value:
            return None
        return _qr_flowable(value, size_mm * MM * self.scale)

    def barcode(self, value: str, max_width: float, height_mm: float = 9) -> Any:
        """Code 128 of `value`, its bars narrowed so that it fits `max_width`."""
        from reportlab.graphics.barcode import code128

        if not value:
            return None
        probe = code128.Code128(value, barWidth=1, humanReadable=False, quiet=False)
        bar_width = min(0.8, max_width / max(probe.width, 1))
        height = height_mm * MM * self.scale
        return code128.Code128(value, barWidth=bar_width, barHeight=height, humanReadable=False,
                               quiet=False)

    def _notice(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        from reportlab.lib import colors

        return [self.para(
            f"<b>{fill(block['text'], v)}</b>", self.center, textColor=colors.red,
            borderColor=colors.red, borderWidth=1, borderPadding=4, spaceBefore=6,
            spaceAfter=8,
        )]

    def _paragraph(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        text = fill(block["text"], v)
        style = block.get("style", "normal")
        if style == "bold":
            text = f"<b>{text}</b>"
        elif style == "italic":
            text = f"<i>{text}</i>"
        over: dict[str, Any] = {}
        if "align" in block:
            over["alignment"] = self.align[str(block["align"])]
        if "indent" in block:
            over["leftIndent"] = float(block["indent"]) * MM
        return [self.para(text, **over)]

    def _fields(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        out = []
        for item in block.get("items", ()):
            label = fill(item.get("label", ""), v)
            value = fill(item.get("value", ""), v)
            out.append(self.para(f"{label}: {value}" if label else value))
        return out

    def _list(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        rows = dict.get(v, block["key"]) or []
        return [self.para(f"{i}. {escape(str(r))}", leftIndent=6 * MM)
                for i, r in enumerate(rows, 1)]

    def _spacer(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        from reportlab.platypus import Spacer

        return [Spacer(1, float(block.get("height", 5)) * MM)]

    def _table(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        columns = block.get("columns", ())
        if not columns:
            raise TemplateError(f"Mẫu {self.form.form_id!r}: bảng không có cột nào.")
        rows = dict.get(v, block["key"])
        if rows is None:
            raise TemplateError(
                f"Mẫu {self.form.form_id!r}: không có dữ liệu bảng {block['key']!r}."
            )
        size = float(block.get("font_size", self.size - 1))
        head = self.para("", self.body, fontSize=size, leading=size * 1.2,
                         alignment=self.align["center"], spaceAfter=0)
        cell_style = head.style
        total = sum(float(c.get("width", 1)) for c in columns)
        widths = [self.width * float(c.get("width", 1)) / total for c in columns]
        head_size = size * 0.9
        data: list[list[Any]] = [[
            self.para(f"<b>{escape(c['label'])}</b>", cell_style, fontSize=head_size,
                      leading=head_size * 1.2)
            for c in columns
        ]]
        for row in rows:
            data.append([
                self.para(
                    escape(str(row.get(c["key"], ""))).replace("\n", "<br/>"), cell_style,
                    alignment=self.align[str(c.get("align", "left"))],
                )
                for c in columns
            ])
        if not rows and block.get("empty_text"):
            data.append([self.para(f"<i>{escape(block['empty_text'])}</i>", cell_style)]
                        + [""] * (len(columns) - 1))
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        if not rows and block.get("empty_text"):
            style.append(("SPAN", (0, 1), (-1, 1)))
        if block.get("total_row") and rows:
            data.append([
                self.para(f"<b>{fill(t, v)}</b>", cell_style,
                          alignment=self.align[str(c.get("align", "left"))])
                for t, c in zip(block["total_row"], columns, strict=False)
            ])
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        from reportlab.platypus import Spacer

        return [table, Spacer(1, self.size * 0.4)]

    def _signatures(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        from reportlab.platypus import Spacer, Table, TableStyle

        items = block.get("items", ())
        cells = []
        for item in items:
            cells.append([
                self.para(f"<b>{fill(item.get('title', ''), v)}</b>", self.center),
                self.para(f"<i>{fill(item.get('note', ''), v)}</i>", self.center),
                Spacer(1, 16 * MM * self.scale),
                self.para(f"<b>{fill(item.get('name', ''), v)}</b>", self.center),
            ])
        if not cells:
            return []
        col = self.width / len(cells)
        table = Table([cells], colWidths=[col] * len(cells))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        # A one-row table never splits across pages; KeepTogether mis-measured it.
        return [Spacer(1, self.size), table]

    def _codes(self, block: Mapping[str, Any], v: _Values) -> list[Any]:
        from reportlab.platypus import Table, TableStyle

        value = _raw(block.get("value", "{dossier_code}"), v)
        if not value:
            return []
        qr = self.qr(value, float(block.get("qr_mm", 20))) if block.get("qr", True) else None
        bar = self.barcode(value, self.width * 0.55) if block.get("barcode", True) else None
        cells = [c for c in (bar, qr) if c is not None]
        table = Table([cells], hAlign="RIGHT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [table]
