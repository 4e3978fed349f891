"""`desk-app report`: build the unit's report for a period, print it, export it to XLSX.

    desk-app report --store desk.sqlite3 --agency 000.00.22.H57 --period 2026-11 \
        [--as-of 2026-12-05T12:00+07:00] [--xlsx bao-cao.xlsx] [--registers] [--leader]
    desk-app report --store desk.sqlite3 --agency 000.00.22.H57 --reminders

The PDF with charts is made by the printing layer (`printing.report_pdf`), which the
core does not import.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime

from desk_app.reports import build_report, periods
from desk_app.reports.errors import ReportError
from desk_app.reports.model import UnitReport
from desk_app.reports.registers import dossier_register, outgoing_register
from desk_app.reports.reminders import reminders
from desk_app.reports.xlsx import NAMES_VI, SHARES, SUMMARY_ROWS, export_xlsx
from desk_app.textfmt import require_aware, short_datetime


def format_report(report: UnitReport) -> str:
    """The report's totals as plain text, one figure per line."""
    lines = [f"BÁO CÁO – {report.unit_name} ({report.agency_id})", report.period_label, ""]
    for key in SUMMARY_ROWS:
        value = report.totals.value(key)
        share = "–" if value is None else f"{value * 100:.1f} %"
        text = share if key in SHARES else str(value)
        lines.append(f"  {NAMES_VI[key]:<45} {text:>10}")
    if report.late:
        lines += ["", f"Hồ sơ trễ hạn: {len(report.late)}"]
        lines += [f"  {x.code}  hạn {short_datetime(datetime.fromisoformat(x.due_at))}"
                  + (f", có kết quả {short_datetime(datetime.fromisoformat(x.finished_at))}"
                     if x.finished_at else ", đang giải quyết")
                  for x in report.late[:20] if x.due_at]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="desk-app report", description=(
        "Báo cáo của đơn vị: tình hình tiếp nhận và giải quyết hồ sơ trong kỳ, từ quá trình "
        "xử lý lưu trên máy."))
    ap.add_argument("--store", default=os.environ.get("DESK_STORE", ""),
                    help="tệp dữ liệu của máy (mặc định: biến DESK_STORE)")
    ap.add_argument("--unit", "--agency", dest="agency", required=True, metavar="MÃ",
                    help="mã đơn vị, ví dụ 000.00.22.H57")
    ap.add_argument("--period", help="kỳ báo cáo: 2026-11 (tháng), 2026-Q4 (quý), 2026 (năm), "
                    "BC-2026-11, hoặc 2026-11-01..2026-11-15")
    ap.add_argument("--as-of", help="số liệu tính đến (ISO 8601 có múi giờ)")
    ap.add_argument("--out", "--xlsx", dest="xlsx", metavar="TỆP.xlsx",
                    help="xuất ra tệp XLSX này")
    ap.add_argument("--registers", action="store_true", help="kèm sổ theo dõi hồ sơ, sổ văn bản đi")
    ap.add_argument("--leader", action="store_true", help="khảo sát theo từng cán bộ (lãnh đạo)")
    ap.add_argument("--reminders", action="store_true", help="các báo cáo sắp đến hạn chưa gửi")
    args = ap.parse_args(argv)
    from desk_app.store import Store

    try:
        if not args.store or not os.path.exists(args.store):
            raise ReportError(f"Không tìm thấy tệp dữ liệu: {args.store or '(chưa chỉ định)'}",
                              "Store not found")
        as_of = require_aware(datetime.fromisoformat(args.as_of), "--as-of") if args.as_of \
            else None
        store = Store(args.store)
        try:
            if args.reminders:
                for r in reminders(store, args.agency, as_of):
                    print(r.message)
                return 0
            if not args.period:
                raise ReportError("Hãy chọn kỳ báo cáo (--period)", "--period is required")
            period = periods.parse(args.period)
            report = build_report(store, args.agency, period, as_of, args.leader)
            print(format_report(report))
            if args.xlsx:
                extra = {}
                if args.registers:
                    extra = {"dossier_register": dossier_register(store, args.agency, period),
                             "outgoing": outgoing_register(store, args.agency, period)}
                export_xlsx(report, args.xlsx, **extra)
                print(f"\nĐã ghi {args.xlsx}")
        finally:
            store.close()
    except ReportError as exc:
        print(exc.vi, file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"Giá trị không hợp lệ: {exc}", file=sys.stderr)
        return 2
    return 0
