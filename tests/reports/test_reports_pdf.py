"""The report and registers as PDF, read back with pdftotext and rendered with pdftoppm."""

from __future__ import annotations

import subprocess

import pytest
from reports_history import vn

from desk_app.reports import periods
from desk_app.reports.registers import dossier_register, outgoing_register
from printing.report_pdf import (
    render_dossier_register_pdf,
    render_outgoing_register_pdf,
    render_report_pdf,
)


def pdftotext(data: bytes, tmp_path, name: str, layout: bool = False) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def report_pdf(november):
    return render_report_pdf(november, parent_name="UBND tỉnh Thừa Thiên Huế",
                             place="Phú Vang", signer_name="Lê Quang Vinh")


def test_report_pdf_reads_back(report_pdf, history, tmp_path):
    text = " ".join(pdftotext(report_pdf, tmp_path, "r.pdf").split())  # cells wrap lines
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UBND HUYỆN PHÚ VANG",
                   "BÁO CÁO TÌNH HÌNH TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ", "Tháng 11/2026",
                   "Phú Vang, ngày 05 tháng 12 năm 2026",
                   "Hồ sơ tiếp nhận và đã giải quyết theo tuần",
                   "Tỷ lệ giải quyết trước hạn, đúng hạn theo thủ tục (%)",
                   "Tính rõ ràng trong hướng dẫn thủ tục", "Lê Quang Vinh",
                   "Chưa có thư xin lỗi", "Cần xác minh thực địa"):
        assert phrase in text, phrase
    assert "<b>Chờ lâu</b> quá" in text  # the citizen's text, printed as written
    layout = pdftotext(report_pdf, tmp_path, "r.pdf", layout=True)
    lines = {" ".join(line.split()[:-1]).split(" ", 1)[-1]: line.split()[-1]
             for line in layout.splitlines() if line.strip()[:2].strip().isdigit()}
    assert lines["Kỳ trước chuyển qua"] == "3"
    assert lines["Tiếp nhận trực tiếp"] == "4"
    assert lines["Giải quyết quá hạn"] == "2"
    assert lines["Đang giải quyết quá hạn"] == "2"
    assert lines["Tổng số hồ sơ phải giải quyết"] == "10"
    for code in (history.codes[x] for x in "MCJG"):
        assert code in text


def test_report_pdf_draws_its_charts(report_pdf, tmp_path):
    (tmp_path / "r.pdf").write_bytes(report_pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-f", "2", "-l", "2", "-png",
                    str(tmp_path / "r.pdf"), str(tmp_path / "p")], check=True)
    from PIL import Image

    (png,) = tmp_path.glob("p*.png")
    colours = Image.open(png).convert("RGB").getcolors(1 << 20)
    near = {(31, 95, 168): 0, (46, 139, 87): 0}
    for count, rgb in colours:
        for target in near:
            if sum(abs(a - b) for a, b in zip(rgb, target, strict=True)) < 30:
                near[target] += count
    assert all(n > 100 for n in near.values()), near  # blue and green bars are there


def test_registers_pdf(history, tmp_path):
    a, nov = history.unit.agency_id, periods.month(2026, 11)
    m06 = " ".join(pdftotext(render_dossier_register_pdf(dossier_register(history.store, a, nov),
                                                "UBND huyện Phú Vang", nov.label),
                    tmp_path, "m06.pdf").split())
    assert "SỔ THEO DÕI HỒ SƠ" in m06 and "Ngày hẹn trả kết quả" in m06
    assert "Công dân G" in m06 and "Qua dịch vụ bưu chính" in m06
    out = pdftotext(render_outgoing_register_pdf(outgoing_register(history.store, a, nov),
                                                 "UBND huyện Phú Vang", nov.label),
                    tmp_path, "out.pdf")
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in out
    assert all(f"0{n}/GP-UBND" in out for n in (2, 3, 4, 5)) and "01/GP-UBND" not in out
    assert vn(2026, 11, 4).strftime("%d/%m/%Y") in out
