"""The report and registers as an XLSX workbook (openpyxl).

Headers are the Vietnamese words officers expect; counts are number cells, shares are
number cells formatted as percentages, dates are date cells. Spreadsheet dates carry
no time zone: every date and time is written in Vietnam time (Asia/Ho_Chi_Minh).
Text is always a text cell: a name like `=HYPERLINK(…)` sent by a unit is shown as
typed, never run as a formula (the workbook holds no formulas at all).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from desk_app.domain import OutgoingRegisterRow
from desk_app.reports.model import COUNTER_NAMES_VI, DERIVED_NAMES_VI, GroupRow, UnitReport
from desk_app.reports.registers import (
    DOSSIER_REGISTER_HEADERS,
    OUTGOING_REGISTER_HEADERS,
    DossierRegisterRow,
)
from desk_app.textfmt import VN_TZ
from desk_app.workflow import ACTION_NAMES_VI

# The columns of the per-procedure / per-field / per-unit sheets, in order.
GROUP_COLUMNS: tuple[str, ...] = (
    "carried_over", "received_online", "received_in_person", "received_post", "received",
    "to_handle", "resolved_early", "resolved_on_time", "resolved_late", "resolved",
    "in_progress_on_time", "in_progress_overdue", "waiting_supplement", "in_progress",
    "supplement_requests", "refused", "withdrawn", "stopped", "returned",
    "on_time_share", "online_share", "digitised_share", "online_payment_share",
    "electronic_result_share",
)
SHARES = frozenset({"on_time_share", "online_share", "digitised_share", "online_payment_share",
                    "electronic_result_share"})
NAMES_VI = {**COUNTER_NAMES_VI, **DERIVED_NAMES_VI}

SUMMARY_ROWS: tuple[str, ...] = (
    "carried_over", "received_online", "received_in_person", "received_post", "received",
    "to_handle", "resolved_early", "resolved_on_time", "resolved_late", "resolved",
    "in_progress_on_time", "in_progress_overdue", "waiting_supplement", "in_progress",
    "supplement_requests", "refused", "withdrawn", "stopped", "closed_without_result",
    "returned", "digitised", "fee_dossiers", "paid_online", "electronic_results",
    "on_time_share", "online_share", "digitised_share", "online_payment_share",
    "electronic_result_share",
)

DATE_FMT = "DD/MM/YYYY"
DATETIME_FMT = "DD/MM/YYYY HH:MM"
PERCENT_FMT = "0.0%"


def local(value: datetime | str | None) -> datetime | None:
    """A naive datetime in Vietnam time, as spreadsheet cells hold them."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(VN_TZ).replace(tzinfo=None)


def _header(ws: Any, row: int, titles: Sequence[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for col, title in enumerate(titles, start=1):
        cell = ws.cell(row=row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="DDE7F0")


def _title(ws: Any, text: str, sub: str) -> None:
    from openpyxl.styles import Font

    ws["A1"] = text
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = sub


def _group_sheet(wb: Any, title: str, key_title: str, rows: Sequence[GroupRow]) -> None:
    ws = wb.create_sheet(title)
    _header(ws, 1, (key_title, "Tên", *(NAMES_VI[c] for c in GROUP_COLUMNS)))
    for r, g in enumerate(rows, start=2):
        ws.cell(row=r, column=1, value=g.key)
        ws.cell(row=r, column=2, value=g.name)
        for c, key in enumerate(GROUP_COLUMNS, start=3):
            cell = ws.cell(row=r, column=c, value=g.counts.value(key))
            if key in SHARES:
                cell.number_format = PERCENT_FMT
    ws.freeze_panes = "C2"
    ws.column_dimensions["B"].width = 40


def build_workbook(
    report: UnitReport,
    dossier_register: Sequence[DossierRegisterRow] = (),
    outgoing: Sequence[OutgoingRegisterRow] = (),
    units: Sequence[GroupRow] = (),
) -> Any:
    """An openpyxl Workbook of the report (and the registers, when given)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    _title(ws, f"BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ – {report.unit_name}",
           f"{report.period_label}; số liệu tính đến {local(report.as_of):%d/%m/%Y %H:%M}")
    _header(ws, 4, ("Chỉ tiêu", "Số liệu"))
    for r, key in enumerate(SUMMARY_ROWS, start=5):
        ws.cell(row=r, column=1, value=NAMES_VI[key])
        cell = ws.cell(row=r, column=2, value=report.totals.value(key))
        if key in SHARES:
            cell.number_format = PERCENT_FMT
    ws.column_dimensions["A"].width = 45
    ws.column_dimensions["B"].width = 14

    if units:
        _group_sheet(wb, "Theo đơn vị", "Mã đơn vị", units)
    _group_sheet(wb, "Theo thủ tục", "Mã thủ tục", report.by_procedure)
    _group_sheet(wb, "Theo lĩnh vực", "Lĩnh vực", report.by_field)

    ws = wb.create_sheet("Hồ sơ trễ hạn")
    _header(ws, 1, ("STT", "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Người nộp",
                    "Ngày tiếp nhận", "Hạn giải quyết", "Ngày có kết quả",
                    "Số thư xin lỗi", "Ngày hẹn lại", "Lý do"))
    for i, x in enumerate(report.late, start=1):
        last = x.apologies[-1] if x.apologies else None
        values = (i, x.code, x.procedure_code, x.procedure_name, x.applicant_name,
                  local(x.received_at), local(x.due_at), local(x.finished_at),
                  last.number if last else "", local(last.new_due_at) if last else None,
                  last.reason if last else "")
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=i + 1, column=c, value=v)
            if isinstance(v, datetime):
                cell.number_format = DATETIME_FMT

    # Art. 12.1.a: online dossiers first answered after their 60-minute receipt clock.
    ws = wb.create_sheet("Tiếp nhận quá 60 phút")
    _header(ws, 1, ("STT", "Mã hồ sơ", "Người nộp", "Thời điểm đăng ký", "Hạn tiếp nhận",
                    "Thời điểm xử lý", "Thao tác", "Cán bộ"))
    for i, b in enumerate(report.receipt_breaches, start=1):
        values = (i, b.code, b.applicant_name, local(b.submitted_at), local(b.receipt_due_at),
                  local(b.answered_at), ACTION_NAMES_VI.get(b.action, b.action), b.answered_by)
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=i + 1, column=c, value=v)
            if isinstance(v, datetime):
                cell.number_format = DATETIME_FMT

    ws = wb.create_sheet("Theo tuần")
    _header(ws, 1, ("Tuần bắt đầu", "Tiếp nhận", "Đã giải quyết"))
    for i, w in enumerate(report.weekly, start=2):
        ws.cell(row=i, column=1, value=w.week_start).number_format = DATE_FMT
        ws.cell(row=i, column=2, value=w.received)
        ws.cell(row=i, column=3, value=w.resolved)

    if report.own_parts and any(v for k, v in report.own_parts.items() if k != "late_codes"):
        _parts_sheet(wb, report.own_parts)
    if report.survey:
        _survey_sheet(wb, report.survey)
    if dossier_register:
        _dossier_register_sheet(wb, dossier_register)
    if outgoing:
        _outgoing_sheet(wb, outgoing)
    _text_only(wb)
    return wb


def _text_only(wb: Any) -> None:
    """openpyxl makes any string starting with "=" a formula: store those as text, with
    the quote prefix so that editing the cell in a spreadsheet keeps it text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True


_PART_ROWS = (("finished_early", "Phần việc hoàn thành trước hạn"),
              ("finished_on_time", "Phần việc hoàn thành đúng hạn"),
              ("finished_late", "Phần việc hoàn thành quá hạn"),
              ("open_on_time", "Phần việc đang giải quyết, trong hạn"),
              ("open_overdue", "Phần việc đang giải quyết, quá hạn"))


def _parts_sheet(wb: Any, parts: dict[str, Any]) -> None:
    """Liên thông: the unit's own parts of dossiers several units handled, each judged on
    its own budget (desk_app.reports.parts), and the dossiers whose part overran here."""
    ws = wb.create_sheet("Phần việc liên thông")
    _header(ws, 1, ("Chỉ tiêu", "Số liệu"))
    for r, (key, name) in enumerate(_PART_ROWS, start=2):
        ws.cell(row=r, column=1, value=name)
        ws.cell(row=r, column=2, value=int(parts.get(key, 0)))
    row = len(_PART_ROWS) + 3
    _header(ws, row, ("STT", "Mã hồ sơ quá hạn ở phần việc của đơn vị"))
    for i, code in enumerate(parts.get("late_codes", ()), start=1):
        ws.cell(row=row + i, column=1, value=i)
        ws.cell(row=row + i, column=2, value=code)
    ws.column_dimensions["A"].width = 45
    ws.column_dimensions["B"].width = 30


def _survey_sheet(wb: Any, survey: dict[str, Any]) -> None:
    ws = wb.create_sheet("Khảo sát hài lòng")
    _header(ws, 1, ("Tiêu chí (Điều 8)", "Số lượt", "Điểm trung bình",
                    "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng",
                    "Rất hài lòng"))
    for r, c in enumerate(survey["criteria"], start=2):
        dist = c["distribution"]
        values = (c["name"], c["count"], c["average"], *(dist.get(str(s), 0) for s in range(1, 6)))
        for col, v in enumerate(values, start=1):
            ws.cell(row=r, column=col, value=v)
    row = len(survey["criteria"]) + 3
    ws.cell(row=row, column=1, value="Tổng số phiếu")
    ws.cell(row=row, column=2, value=survey["answers"])
    ws.column_dimensions["A"].width = 50
    if survey.get("per_officer"):
        row += 2
        ws.cell(row=row, column=1, value="Theo cán bộ (chỉ lãnh đạo đơn vị xem)")
        for officer, crits in survey["per_officer"].items():
            for c in crits:
                row += 1
                ws.cell(row=row, column=1, value=f"{officer}: {c['name']}")
                ws.cell(row=row, column=2, value=c["count"])
                ws.cell(row=row, column=3, value=c["average"])


def _dossier_register_sheet(wb: Any, rows: Sequence[DossierRegisterRow]) -> None:
    ws = wb.create_sheet("Sổ theo dõi hồ sơ")
    _header(ws, 1, DOSSIER_REGISTER_HEADERS)
    for i, x in enumerate(rows, start=2):
        values = (x.number, x.code, x.procedure_name, x.applicant_name, x.address_phone,
                  x.handling_agency, local(x.received_at), local(x.due_at),
                  local(x.returned_at), x.collected_how, "")
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=i, column=c, value=v)
            if isinstance(v, datetime):
                cell.number_format = DATETIME_FMT


def _outgoing_sheet(wb: Any, rows: Sequence[OutgoingRegisterRow]) -> None:
    ws = wb.create_sheet("Sổ văn bản đi")
    _header(ws, 1, OUTGOING_REGISTER_HEADERS)
    for i, x in enumerate(rows, start=2):
        values = (x.number_and_symbol, local(x.date), x.summary, x.signer, x.recipients,
                  x.keeping_unit, x.copies, None, "", x.note)
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=i, column=c, value=v)
            if isinstance(v, datetime):
                cell.number_format = DATE_FMT


def export_xlsx(report: UnitReport, path: str | Path | None = None, **kw: Any) -> bytes:
    """Write the workbook to `path` (if given) and return its bytes."""
    wb = build_workbook(report, **kw)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data
