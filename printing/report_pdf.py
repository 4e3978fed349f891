"""The unit's report and its registers as PDF (reportlab), with charts.

    render_report_pdf(report)                      A4 portrait: figures, charts, late list,
                                                   survey, signature block
    render_dossier_register_pdf(rows, ...)         Mẫu 06, A4 landscape
    render_outgoing_register_pdf(rows, ...)        the outgoing-document register

Text is set in the serif family `printing.fonts` registers (Times New Roman, else
Liberation Serif or DejaVu Serif), embedded, so pdftotext reads back every
Vietnamese letter. Text from the data is escaped before it reaches a Paragraph.

    python -m printing.report_pdf --store desk.sqlite3 --agency 000.00.22.H57 \
        --period 2026-11 --out bao-cao.pdf [--registers] [--as-of ISO]
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from desk_app.domain import OutgoingRegisterRow
from desk_app.reports.model import GroupRow, UnitReport
from desk_app.reports.registers import (
    DOSSIER_REGISTER_HEADERS,
    OUTGOING_REGISTER_HEADERS,
    DossierRegisterRow,
)
from desk_app.reports.xlsx import NAMES_VI, SHARES, SUMMARY_ROWS
from desk_app.textfmt import VN_TZ, vn_date

from .fonts import serif_family

MM = 72 / 25.4
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
BLUE, GREEN, GREY = "#1f5fa8", "#2e8b57", "#9aa5b1"


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    fam = serif_family()
    base = ParagraphStyle("base", fontName=fam.regular, fontSize=11, leading=14)
    return {
        "fam": fam,
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", parent=base, fontName=fam.bold, fontSize=8.5,
                               leading=10.5, alignment=TA_CENTER),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "bold_center": ParagraphStyle("bc", parent=base, fontName=fam.bold,
                                      alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontName=fam.bold, fontSize=14,
                                leading=18, alignment=TA_CENTER, spaceBefore=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=fam.bold, fontSize=12, leading=15,
                             spaceBefore=10, spaceAfter=4, keepWithNext=1),
    }


def _header(st: dict[str, Any], parent: str, unit_name: str, width: float) -> Any:
    """Agency on the left, the national motto on the right (Decree 30/2020, App. I)."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    left = [Paragraph(_e(parent.upper()), st["center"]) if parent else Paragraph("", st["base"]),
            Paragraph(_e(unit_name.upper()), st["bold_center"])]
    right = [Paragraph(MOTTO_1, st["bold_center"]),
             Paragraph(f"<u>{MOTTO_2}</u>", st["bold_center"])]
    t = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def _grid(st: dict[str, Any], header: Sequence[str], rows: Sequence[Sequence[Any]],
          widths: Sequence[float], numeric_from: int = 99) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(_e(h), st["head"]) for h in header]]
    for row in rows:
        data.append([Paragraph(_e(v), st["cell"]) if i < numeric_from else _e(v)
                     for i, v in enumerate(row)])
    t = Table(data, colWidths=list(widths), repeatRows=1)
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4ebf3")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 1), (-1, -1), st["fam"].regular),
        ("FONTSIZE", (0, 1), (-1, -1), 8.5),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
    ]))
    return t


def _fmt(key: str, value: Any) -> str:
    if key in SHARES:
        return "–" if value is None else f"{value * 100:.1f} %".replace(".", ",")
    return str(value)


def _short(value: str | datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


# --- charts --------------------------------------------------------------------------


def weekly_chart(report: UnitReport, width: float, height: float = 180) -> Any:
    """Received vs resolved per week, as grouped bars."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    fam = serif_family()
    d = Drawing(width, height)
    d.add(String(0, height - 12, "Hồ sơ tiếp nhận và đã giải quyết theo tuần",
                 fontName=fam.bold, fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 30, width - 150, height - 55
    weeks = report.weekly or []
    chart.data = [[w.received for w in weeks] or [0], [w.resolved for w in weeks] or [0]]
    chart.categoryAxis.categoryNames = [f"{w.week_start:%d/%m}" for w in weeks] or [""]
    chart.categoryAxis.labels.fontName = fam.regular
    chart.categoryAxis.labels.fontSize = 6 if len(weeks) > 12 else 8
    chart.categoryAxis.labels.angle = 90 if len(weeks) > 12 else 0
    chart.categoryAxis.labels.boxAnchor = "e" if len(weeks) > 12 else "n"
    top = max([*chart.data[0], *chart.data[1], 1])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, -(-top // 5))  # whole dossiers on the axis
    chart.valueAxis.labels.fontName = fam.regular
    chart.valueAxis.labels.fontSize = 8
    chart.bars[0].fillColor = colors.HexColor(BLUE)
    chart.bars[1].fillColor = colors.HexColor(GREEN)
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 110, height - 40
    legend.fontName, legend.fontSize = fam.regular, 8
    legend.colorNamePairs = [(colors.HexColor(BLUE), "Tiếp nhận"),
                             (colors.HexColor(GREEN), "Đã giải quyết")]
    d.add(legend)
    return d


def on_time_chart(rows: Sequence[GroupRow], width: float) -> Any:
    """The share resolved early or on time, per procedure (horizontal bars, %)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    fam = serif_family()
    shown = [r for r in rows if r.counts.resolved][:20]
    height = 50 + 16 * max(1, len(shown))
    d = Drawing(width, height)
    d.add(String(0, height - 12, "Tỷ lệ giải quyết trước hạn, đúng hạn theo thủ tục (%)",
                 fontName=fam.bold, fontSize=10))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 20, width - 170, height - 40
    chart.data = [[round((r.counts.on_time_share or 0) * 100, 1) for r in shown] or [0]]
    names = [(r.name or r.key) for r in shown] or [""]
    chart.categoryAxis.categoryNames = [n if len(n) <= 32 else n[:31] + "…" for n in names]
    chart.categoryAxis.labels.fontName = fam.regular
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = fam.regular
    chart.valueAxis.labels.fontSize = 8
    chart.bars[0].fillColor = colors.HexColor(GREEN)
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontName = fam.regular
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 8
    d.add(chart)
    return d


# --- documents -----------------------------------------------------------------------


def _doc(buf: io.BytesIO, landscape_: bool, title: str) -> Any:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    size = landscape(A4) if landscape_ else A4
    # Decree 30/2020, App. I: margins top/bottom 20 mm, left 30 mm, right 15 mm.
    left = 20 if landscape_ else 30
    return SimpleDocTemplate(buf, pagesize=size, leftMargin=left * MM, rightMargin=15 * MM,
                             topMargin=20 * MM, bottomMargin=20 * MM, title=title,
                             author="desk-app")


def _page_number(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(serif_family().regular, 8)
    canvas.drawRightString(doc.pagesize[0] - 15 * MM, 10 * MM, f"Trang {doc.page}")
    canvas.restoreState()


def render_report_pdf(report: UnitReport, *, parent_name: str = "", place: str = "",
                      signer_title: str = "THỦ TRƯỞNG ĐƠN VỊ", signer_name: str = "") -> bytes:
    """The report as a PDF: header, figures, charts, late dossiers, survey, signature."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    st = _styles()
    buf = io.BytesIO()
    doc = _doc(buf, False, f"Báo cáo {report.period_label}")
    w = doc.width
    story: list[Any] = [_header(st, parent_name, report.unit_name, w), Spacer(1, 4 * MM)]
    dated = f"{_e(place)}, {vn_date(report.as_of)}" if place else vn_date(report.as_of)
    story.append(Paragraph(f"<i>{dated[0].upper() + dated[1:]}</i>", st["center"]))
    story.append(Paragraph("BÁO CÁO TÌNH HÌNH TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ<br/>"
                           "THỦ TỤC HÀNH CHÍNH VÀ DỊCH VỤ CÔNG TRỰC TUYẾN", st["title"]))
    story.append(Paragraph(f"{_e(report.period_label)} (số liệu tính đến "
                           f"{_short(report.as_of)})", st["center"]))
    story.append(Paragraph("I. SỐ LIỆU TỔNG HỢP", st["h2"]))
    rows = [(i + 1, NAMES_VI[k], _fmt(k, report.totals.value(k)))
            for i, k in enumerate(SUMMARY_ROWS)]
    story.append(_grid(st, ("STT", "Chỉ tiêu", "Số liệu"), rows,
                       (12 * MM, w - 42 * MM, 30 * MM), numeric_from=2))
    story.append(Paragraph("II. BIỂU ĐỒ", st["h2"]))
    story.append(weekly_chart(report, w))
    story.append(Spacer(1, 4 * MM))
    story.append(on_time_chart(report.by_procedure, w))
    story.append(Paragraph("III. THEO THỦ TỤC HÀNH CHÍNH", st["h2"]))
    cols = ("carried_over", "received", "resolved_early", "resolved_on_time", "resolved_late",
            "in_progress_on_time", "in_progress_overdue", "on_time_share")
    head = ("Thủ tục", "Chuyển qua", "Tiếp nhận", "Trước hạn", "Đúng hạn", "Quá hạn",
            "Đang, trong hạn", "Đang, quá hạn", "Đúng hạn (%)")
    first = w - 8 * 16 * MM
    for title, groups in (("III. THEO THỦ TỤC HÀNH CHÍNH", report.by_procedure),
                          ("IV. THEO LĨNH VỰC", report.by_field)):
        if title.startswith("IV"):
            story.append(Paragraph(title, st["h2"]))
        story.append(_grid(st, head, [(f"{g.key} – {g.name}" if g.key != g.name else g.name,
                                       *(_fmt(c, g.counts.value(c)) for c in cols))
                                      for g in groups],
                           (first, *(16 * MM,) * 8), numeric_from=1))
    story.append(Paragraph(f"V. HỒ SƠ TRỄ HẠN ({len(report.late)})", st["h2"]))
    late_rows = []
    for i, x in enumerate(report.late, start=1):
        letters = "; ".join(f"{a.number or 'không số'} ngày {_short(a.issued_at)[:10]}, hẹn "
                            f"{_short(a.new_due_at)}: {a.reason}" for a in x.apologies)
        late_rows.append((i, x.code, x.procedure_name or x.procedure_code, _short(x.due_at),
                          _short(x.finished_at) or "Đang giải quyết",
                          letters or "Chưa có thư xin lỗi"))
    story.append(_grid(st, ("STT", "Mã hồ sơ", "Thủ tục", "Hạn giải quyết", "Có kết quả",
                             "Thư xin lỗi và hẹn lại"), late_rows,
                       (10 * MM, 40 * MM, 34 * MM, 22 * MM, 22 * MM, w - 128 * MM)))
    if report.survey:
        story += _survey_part(st, report.survey, w)
    story.append(Spacer(1, 8 * MM))
    sign = [Paragraph(_e(signer_title.upper()), st["bold_center"]),
            Paragraph("<i>(Ký, ghi rõ họ tên, đóng dấu)</i>", st["center"]),
            Spacer(1, 18 * MM), Paragraph(_e(signer_name), st["bold_center"])]
    from reportlab.platypus import Table

    story.append(KeepTogether(Table([["", sign]], colWidths=[w * 0.45, w * 0.55])))
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buf.getvalue()


def _survey_part(st: dict[str, Any], survey: dict[str, Any], w: float) -> list[Any]:
    from reportlab.platypus import Paragraph

    out: list[Any] = [Paragraph(f"VI. KHẢO SÁT MỨC ĐỘ HÀI LÒNG (Điều 8) – "
                                f"{survey['answers']} phiếu", st["h2"])]
    rows = [(c["name"], c["count"], "–" if c["average"] is None else
             f"{c['average']:.2f}".replace(".", ","),
             *(c["distribution"].get(str(s), 0) for s in range(1, 6)))
            for c in survey["criteria"]]
    out.append(_grid(st, ("Tiêu chí", "Số lượt", "Trung bình", "Rất không hài lòng",
                          "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"), rows,
                     (w - 112 * MM, 14 * MM, 18 * MM, *(16 * MM,) * 5), numeric_from=1))
    if survey.get("per_officer"):
        out.append(Paragraph("Theo cán bộ (chỉ lãnh đạo đơn vị xem)", st["h2"]))
        per = [(o, c["name"], c["count"], "–" if c["average"] is None else
                f"{c['average']:.2f}".replace(".", ","))
               for o, crits in survey["per_officer"].items() for c in crits if c["count"]]
        out.append(_grid(st, ("Cán bộ", "Tiêu chí", "Số lượt", "Trung bình"), per,
                         (35 * MM, w - 85 * MM, 20 * MM, 30 * MM), numeric_from=2))
    if survey.get("comments"):
        out.append(Paragraph("Ý kiến của người dân:", st["base"]))
        out += [Paragraph("– " + _e(c), st["small"]) for c in survey["comments"][:50]]
    return out


def _register_doc(title: str, unit_name: str, period_label: str, header: Sequence[str],
                  rows: Sequence[Sequence[Any]], widths_mm: Sequence[float],
                  parent_name: str = "") -> bytes:
    from reportlab.platypus import Paragraph, Spacer

    st = _styles()
    buf = io.BytesIO()
    doc = _doc(buf, True, title)
    scale = doc.width / (sum(widths_mm) * MM)
    widths = [x * MM * scale for x in widths_mm]
    story = [_header(st, parent_name, unit_name, doc.width), Spacer(1, 3 * MM),
             Paragraph(_e(title), st["title"]), Paragraph(_e(period_label), st["center"]),
             Spacer(1, 3 * MM), _grid(st, header, rows, widths)]
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buf.getvalue()


def render_dossier_register_pdf(rows: Sequence[DossierRegisterRow], unit_name: str,
                                period_label: str, parent_name: str = "") -> bytes:
    """Mẫu 06, Sổ theo dõi hồ sơ (Circular 01/2018/TT-VPCP), A4 landscape."""
    data = [(r.number, r.code, r.procedure_name, r.applicant_name, r.address_phone,
             r.handling_agency, _short(r.received_at), _short(r.due_at), _short(r.returned_at),
             r.collected_how, "") for r in rows]
    return _register_doc("SỔ THEO DÕI HỒ SƠ", unit_name, period_label,
                         DOSSIER_REGISTER_HEADERS, data,
                         (10, 40, 36, 28, 34, 26, 19, 19, 19, 22, 14), parent_name)


def render_outgoing_register_pdf(rows: Sequence[OutgoingRegisterRow], unit_name: str,
                                 period_label: str, parent_name: str = "") -> bytes:
    """Sổ đăng ký văn bản đi (Decree 30/2020, Appendix IV), A4 landscape."""
    data = [(r.number_and_symbol, _short(r.date)[:10], r.summary, r.signer, r.recipients,
             r.keeping_unit, r.copies, "", "", r.note) for r in rows]
    return _register_doc("SỔ ĐĂNG KÝ VĂN BẢN ĐI", unit_name, period_label,
                         OUTGOING_REGISTER_HEADERS, data,
                         (26, 20, 60, 30, 40, 26, 14, 18, 18, 20), parent_name)


def main(argv: list[str] | None = None) -> int:
    from desk_app.reports import build_report, periods
    from desk_app.reports.errors import ReportError
    from desk_app.reports.registers import dossier_register, outgoing_register
    from desk_app.store import Store
    from desk_app.textfmt import require_aware

    ap = argparse.ArgumentParser(prog="python -m printing.report_pdf")
    ap.add_argument("--store", required=True)
    ap.add_argument("--agency", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--as-of")
    ap.add_argument("--registers", action="store_true")
    ap.add_argument("--leader", action="store_true")
    args = ap.parse_args(argv)
    try:
        period = periods.parse(args.period)
        as_of = require_aware(datetime.fromisoformat(args.as_of)) if args.as_of else None
        store = Store(args.store)
        try:
            report = build_report(store, args.agency, period, as_of, args.leader)
            unit = store.get_unit(args.agency)
            parent = unit.parent_name if unit else ""
            with open(args.out, "wb") as f:
                f.write(render_report_pdf(report, parent_name=parent))
            if args.registers:
                stem = args.out.removesuffix(".pdf")
                with open(stem + "-so-theo-doi.pdf", "wb") as f:
                    f.write(render_dossier_register_pdf(
                        dossier_register(store, args.agency, period), report.unit_name,
                        period.label, parent))
                with open(stem + "-so-van-ban-di.pdf", "wb") as f:
                    f.write(render_outgoing_register_pdf(
                        outgoing_register(store, args.agency, period), report.unit_name,
                        period.label, parent))
        finally:
            store.close()
    except (ReportError, ValueError, OSError) as exc:
        print(getattr(exc, "vi", None) or f"Không lập được báo cáo: {exc}", file=sys.stderr)
        return 2
    print(f"Đã ghi {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
