"""The XLSX export cell by cell, the registers, periods, reminders and the CLI."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from reports_history import NOVEMBER, P1, P2, vn

from desk_app.reports import periods
from desk_app.reports.cli import main as report_main
from desk_app.reports.compute import run_pass
from desk_app.reports.errors import ReportError
from desk_app.reports.registers import dossier_register, outgoing_register
from desk_app.reports.xlsx import GROUP_COLUMNS, NAMES_VI, SUMMARY_ROWS, export_xlsx


@pytest.fixture(scope="module")
def workbook(history, november, tmp_path_factory):
    a = history.unit.agency_id
    nov = periods.month(2026, 11)
    path = tmp_path_factory.mktemp("x") / "bao-cao.xlsx"
    export_xlsx(november, path, dossier_register=dossier_register(history.store, a, nov),
                outgoing=outgoing_register(history.store, a, nov))
    return load_workbook(path)


def test_summary_sheet_cell_by_cell(workbook, november):
    ws = workbook["Báo cáo"]
    assert ws["A1"].value == "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ – UBND huyện Phú Vang"
    assert "Tháng 11/2026" in ws["A2"].value
    assert (ws["A4"].value, ws["B4"].value) == ("Chỉ tiêu", "Số liệu")
    got = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
           for r in range(5, 5 + len(SUMMARY_ROWS))}
    expected = {NAMES_VI[k]: v for k, v in NOVEMBER.items()}
    expected.update({"Tổng tiếp nhận mới": 7, "Tổng số hồ sơ phải giải quyết": 10,
                     "Tổng đã giải quyết": 4, "Tổng đang giải quyết": 4})
    for name, value in expected.items():
        assert got[name] == value, name
        assert isinstance(got[name], int)
    share = next(r for r in range(5, 40) if ws.cell(row=r, column=1).value ==
                 "Tỷ lệ giải quyết trước hạn, đúng hạn")
    assert ws.cell(row=share, column=2).value == pytest.approx(0.5)
    assert ws.cell(row=share, column=2).number_format == "0.0%"


def test_procedure_and_field_sheets(workbook, november):
    for sheet, groups in (("Theo thủ tục", november.by_procedure),
                          ("Theo lĩnh vực", november.by_field)):
        got = list(workbook[sheet].iter_rows(min_row=2, values_only=True))
        assert [r[0] for r in got] == [g.key for g in groups]
        for row, g in zip(got, groups, strict=True):  # every cell, hand-counted in compute
            assert list(row[2:]) == [g.counts.value(k) for k in GROUP_COLUMNS]
    ws = workbook["Theo thủ tục"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Mã thủ tục", "Tên", "Kỳ trước chuyển qua", "Tiếp nhận trực tuyến"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    col = {k: i + 2 for i, k in enumerate(GROUP_COLUMNS)}
    assert rows[P1][1] == "Đăng ký khai sinh"
    assert rows[P1][col["carried_over"]] == 2 and rows[P2][col["carried_over"]] == 1
    assert rows[P1][col["received"]] == 4 and rows[P2][col["received"]] == 3
    assert rows[P2][col["resolved_late"]] == 2 and rows[P2][col["on_time_share"]] == 0
    assert rows[P1][col["on_time_share"]] == 1
    assert rows[P1][col["waiting_supplement"]] == 1
    fields = {r[0]: r for r in workbook["Theo lĩnh vực"].iter_rows(min_row=2, values_only=True)}
    assert fields["Hộ tịch"][col["in_progress_overdue"]] == 2


def test_late_sheet_has_real_dates(history, workbook):
    ws = workbook["Hồ sơ trễ hạn"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [history.codes[x] for x in "MCJG"]
    c_row = rows[1]
    assert c_row[6] == datetime(2026, 11, 3, 8, 30)  # deadline, Vietnam time, a date cell
    assert c_row[7] == datetime(2026, 11, 5, 9, 0)
    assert (c_row[8], c_row[9]) == ("01/PXL", datetime(2026, 11, 6, 17, 0))
    assert rows[0][8] is None  # M: no apology letter yet (an empty cell)


def test_weekly_and_survey_sheets(workbook):
    weeks = list(workbook["Theo tuần"].iter_rows(min_row=2, values_only=True))
    assert weeks[0] == (datetime(2026, 11, 2), 2, 3)
    assert len(weeks) == 4
    ws = workbook["Khảo sát hài lòng"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["Tính rõ ràng trong hướng dẫn thủ tục"][1:3] == (2, 4.0)
    assert rows["Thái độ phục vụ của công chức thụ lý hồ sơ"][3:8] == (0, 1, 0, 1, 0)
    assert rows["Tổng số phiếu"][1] == 2


def test_registers(history, workbook):
    c = history.codes
    ws = workbook["Sổ theo dõi hồ sơ"]
    assert [x.value for x in ws[1]][:3] == ["STT", "Mã hồ sơ", "Tên thủ tục hành chính"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [c[x] for x in "DEJKGIH"]  # in the order received
    d = rows[0]
    assert d[0] == 1 and d[3] == "Công dân D" and d[6] == datetime(2026, 11, 2, 9, 0)
    assert d[8] == datetime(2026, 11, 9, 8, 0)  # returned
    assert rows[4][9] == "Qua dịch vụ bưu chính"  # G asked for the post
    out = list(workbook["Sổ văn bản đi"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in out] == ["02/GP-UBND", "03/GP-UBND", "04/GP-UBND", "05/GP-UBND"]
    assert out[0][1] == datetime(2026, 11, 4, 8, 0) and out[0][2] == "Kết quả hồ sơ B"


def test_sharded_pass_gives_the_same_figures(history):
    a, nov = history.unit.agency_id, periods.month(2026, 11)
    one = run_pass(history.store, nov, a, vn(2026, 12, 5, 12), shards=1)
    three = run_pass(history.store, nov, a, vn(2026, 12, 5, 12), shards=3)
    assert one.counts == three.counts and sorted(one.late) == sorted(three.late)
    every_unit = run_pass(history.store, nov, None, vn(2026, 12, 5, 12), shards=2)
    assert every_unit.counts == one.counts  # this store holds one unit


def test_periods():
    assert periods.parse("2026-11") == periods.month(2026, 11)
    assert periods.parse("2026-q4").start == date(2026, 10, 1)
    assert periods.parse("2026").end == date(2026, 12, 31)
    bc = periods.parse("BC-2026-01")
    assert (bc.start, bc.end, bc.due_date()) == (date(2025, 12, 15), date(2026, 1, 14),
                                                 date(2026, 1, 22))
    assert periods.parse("BC-2026").due_date() == date(2026, 12, 1)
    assert periods.parse("2026-11-01..2026-11-15").label == "Từ 01/11/2026 đến 15/11/2026"
    with pytest.raises(ReportError, match="Kỳ báo cáo không hợp lệ"):
        periods.parse("tháng 11")
    with pytest.raises(ReportError, match="trước ngày bắt đầu"):
        periods.parse("2026-11-15..2026-11-01")


def test_cli_prints_and_exports(history, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    rc = report_main(["--store", str(history.store.path), "--agency", history.unit.agency_id,
                      "--period", "2026-11", "--as-of", "2026-12-05T12:00:00+07:00",
                      "--xlsx", str(out), "--registers"])
    text = capsys.readouterr().out
    assert rc == 0 and out.exists()
    assert "Giải quyết quá hạn" in text and "50.0 %" in text
    assert report_main(["--store", str(history.store.path), "--agency", "x",
                        "--period", "sai"]) == 2
    assert "Kỳ báo cáo không hợp lệ" in capsys.readouterr().err


def test_in_memory_store_and_inside_a_transaction(history):
    from reports_history import History, prepare

    from desk_app.reports import build_report
    from desk_app.store import Store

    memory = Store(":memory:")
    prepare(memory)
    History(memory).build()
    nov = periods.month(2026, 11)
    report = build_report(memory, history.unit.agency_id, nov, vn(2026, 12, 5, 12))
    assert {k: report.totals.value(k) for k in NOVEMBER} == NOVEMBER
    assert len(report.weekly) == 4 and len(report.late) == 4
    memory.close()
    # Called while this thread holds the store's write transaction: no deadlock.
    with history.store.transaction():
        again = build_report(history.store, history.unit.agency_id, nov, vn(2026, 12, 5, 12))
    assert {k: again.totals.value(k) for k in NOVEMBER} == NOVEMBER
