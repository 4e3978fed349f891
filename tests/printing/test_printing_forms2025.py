"""The forms of Circular 03/2025/TT-VPCP beside the 2018 set, chosen by receipt date.

Every form is rendered to PDF and read back with pdftotext: what an officer or an
applicant would read on paper (titles, numbers, names, dates, the documents received).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime

import pytest

from desk_app.domain import (
    ApologyLetter,
    ComponentSource,
    DossierComponent,
    FileRef,
    LogRow,
    Officer,
    OutgoingRegisterRow,
    Role,
    Status,
    Timeliness,
    to_dict,
)
from desk_app.textfmt import VN_TZ
from printing.errors import FormDataError
from printing.fields import appointment_problem, check_new_appointment
from printing.models import OutgoingRegister, StopNotice, UnitPart
from printing.pdf import render_form
from printing.templates import load_template_set, set_for, set_for_day

CODE = "000.00.22.H57-261129-0001"
PEOPLE = {
    "hoa.nt": "Nguyễn Thị Thanh Hoà",
    "duc.lv": "Lê Văn Đức",
    "quy.tv": "Trần Văn Quý",
    "anh.ptn": "Phạm Thị Ngọc Ánh",
}
MISSING = "Văn bản thẩm duyệt thiết kế về phòng cháy và chữa cháy"


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def _file(name: str) -> FileRef:
    return FileRef(sha256="cd" * 32, filename=name, pages=1)


@pytest.fixture
def ctx25(ctx, unit):  # type: ignore[no-untyped-def]
    # Printed by another officer than the one who received: the receipt still names
    # the receiver, by full name.
    printer = Officer("an.nv", "Nguyễn Văn An", unit.agency_id, frozenset({Role.DESK}))
    return dataclasses.replace(ctx, officer=printer, people=PEOPLE, leader_name="",
                               now=at(2026, 11, 30, 8, 0))


@pytest.fixture
def d26(dossier):  # type: ignore[no-untyped-def]
    """A paper dossier received on 29/11/2026 with register numbers and usernames."""
    components = (
        DossierComponent("DON", "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)",
                         files=(_file("don.pdf"),), source=ComponentSource.DIGITISED),
        DossierComponent("QSDD", "Bản sao giấy chứng nhận quyền sử dụng đất",
                         files=(_file("gcn.pdf"),), source=ComponentSource.DIGITISED),
        DossierComponent("BV", "Hai bộ bản vẽ thiết kế xây dựng kèm theo thuyết minh",
                         files=(_file("bv.pdf"),), copies=2),
        DossierComponent("PCCC", MISSING, required=False),
    )
    return dataclasses.replace(
        dossier, components=components, received_by="hoa.nt", receipt_number="125/TNHS",
        receipt_book="02/2026", receipt_line=37, approved_by="quy.tv",
        received_at=at(2026, 11, 27, 16, 10), due_at=at(2026, 12, 21, 16, 10),
        apologies=(ApologyLetter("03/PXL", at(2026, 12, 21, 9), "Phải lấy ý kiến Sở Xây dựng",
                                 at(2026, 12, 28, 16, 0), issued_by="quy.tv"),),
    )


@pytest.fixture
def rows26() -> list[LogRow]:
    return [
        LogRow(CODE, 1, "receive", "Bộ phận tiếp nhận và trả kết quả", "hoa.nt", "duc.lv",
               at(2026, 11, 27, 16, 30), at(2026, 11, 30, 8, 0), Timeliness.EARLY,
               Status.IN_PROCESS),
        LogRow(CODE, 2, "submit_draft", "Phòng Kinh tế và Hạ tầng", "duc.lv",
               Role.LEADER.value, at(2026, 12, 10, 10, 15), at(2026, 12, 21, 16, 10),
               Timeliness.EARLY, Status.IN_PROCESS),
        LogRow(CODE, 3, "approve", "Lãnh đạo UBND huyện", "quy.tv", "anh.ptn",
               at(2026, 12, 22, 14, 5), at(2026, 12, 21, 16, 10), Timeliness.LATE,
               Status.IN_PROCESS, note="Chờ ý kiến Sở Xây dựng"),
    ]


def _common_2025(doc, number: str) -> None:  # type: ignore[no-untyped-def]
    assert doc.has(number), number
    assert doc.has("Thông tư 03/2025/TT-VPCP")
    assert "01/2018" not in doc.text
    for word, x0, y0, x1, y1, page in doc.words:  # nothing runs off the page
        width, height = doc.sizes[page - 1]
        assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height, (word, page)


def test_form_01_receipt_lists_what_was_received(ctx25, d26, procedure, read_pdf) -> None:
    doc = read_pdf(render_form("receipt", ctx25, dossier=d26, procedure=procedure))
    _common_2025(doc, "Mẫu số 01")
    assert doc.has("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") and doc.pages == 2
    assert doc.has("Số: 125/TNHS")
    assert doc.has("Quyển số: 02/2026, Số thứ tự: 37")
    # Received components with original/copy and count; the one not handed in is absent.
    assert doc.has("1 Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01) Bản chính 01")
    assert doc.has("2 Bản sao giấy chứng nhận quyền sử dụng đất Bản sao có chứng thực 01")
    assert doc.has("Bản điện tử 02")
    assert MISSING not in doc.text and "PCCC" not in doc.text
    assert doc.has("Số lượng hồ sơ: 02 (bộ)")
    # Signed by the officer who received it, by name: not the one who reprints it.
    assert doc.text.count("Nguyễn Thị Thanh Hoà") == 2
    assert "hoa.nt" not in doc.text and "Nguyễn Văn An" not in doc.text
    assert doc.has("16 giờ 00 phút, ngày 28 tháng 12 năm 2026")  # the appointment in force
    # Dated the day of receipt, also when reprinted days later.
    assert doc.text.count("Phú Vang, ngày 27 tháng 11 năm 2026") == 2
    assert "ngày 30 tháng 11" not in doc.text


def test_form_01_without_register_numbers_leaves_blanks(ctx25, d26, procedure,
                                                         read_pdf) -> None:
    bare = dataclasses.replace(d26, receipt_number="", receipt_book="", receipt_line=0,
                               received_by="tam.lv")
    ctx = dataclasses.replace(ctx25, register_book="", register_line="")
    doc = read_pdf(render_form("receipt", ctx, dossier=bare, procedure=procedure))
    assert doc.has("Số: ……/TNHS") and doc.has("Quyển số: ……, Số thứ tự: ……")
    assert doc.has("tam.lv")  # not in the directory: the username, rather than nothing


def test_form_02_supplement(ctx25, d26, procedure, read_pdf) -> None:
    request = dataclasses.replace(d26.supplements[0], requested_by="hoa.nt")
    d = dataclasses.replace(d26, supplements=(request,))
    doc = read_pdf(render_form("supplement", ctx25, dossier=d, procedure=procedure))
    _common_2025(doc, "Mẫu số 02")
    for value in ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Số: 15/HDHS",
                  "Bản vẽ chưa có chữ ký của đơn vị thiết kế", "Nguyễn Thị Thanh Hoà",
                  "Phú Vang, ngày 29 tháng 11 năm 2026"):  # the request's date
        assert doc.has(value), value
    assert "hoa.nt" not in doc.text


def test_form_03_refusal(ctx25, d26, procedure, read_pdf) -> None:
    doc = read_pdf(render_form("refusal", ctx25, dossier=d26, procedure=procedure))
    _common_2025(doc, "Mẫu số 03")
    assert doc.has("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")
    assert doc.has("hành lang bảo vệ di tích Lăng Tự Đức")


def test_form_04_apology_and_extension(ctx25, d26, procedure, read_pdf) -> None:
    doc = read_pdf(render_form("apology", ctx25, dossier=d26, procedure=procedure))
    _common_2025(doc, "Mẫu số 04")
    for value in ("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN", "Số: 03/PXL",
                  "Thời hẹn trả kết quả giải quyết hồ sơ: 16 giờ 10 phút, ngày 21 tháng 12",
                  "Thời hẹn trả kết quả mới: 16 giờ 00 phút, ngày 28 tháng 12 năm 2026",
                  "đề nghị được gia hạn", "Phải lấy ý kiến Sở Xây dựng",
                  "Vào ngày 27 tháng 11 năm 2026, UBND huyện Phú Vang",
                  "Phú Vang, ngày 21 tháng 12 năm 2026",  # the letter's date, not today's
                  "Trần Văn Quý"):  # issued_by, by name, when no head is configured
        assert doc.has(value), value
    assert "quy.tv" not in doc.text


def test_form_04_new_appointment_must_be_a_working_day_after_the_due_time(
        ctx25, d26, procedure) -> None:
    due = d26.due_at  # Monday 21/12/2026, 16:10
    saturday = at(2026, 12, 26, 9, 0)
    for new, message in ((saturday, "không phải ngày làm việc"),
                         (at(2026, 12, 21, 15, 0), "phải sau thời hạn trả kết quả ban đầu"),
                         (at(2027, 1, 1, 9, 0), "không phải ngày làm việc")):  # New Year
        letter = dataclasses.replace(d26.apologies[0], new_due_at=new)
        with pytest.raises(FormDataError, match=message) as err:
            render_form("apology", ctx25, dossier=dataclasses.replace(d26, apologies=(letter,)),
                        procedure=procedure)
        assert err.value.field == "new_due"
        assert appointment_problem(due, new) == err.value.message
    assert appointment_problem(due, at(2026, 12, 22, 8, 0)) is None
    check_new_appointment(due, at(2026, 12, 28, 16, 0))
    # A second letter replaces the first letter's date, not the original deadline.
    second = ApologyLetter("04/PXL", at(2026, 12, 28, 9), "Chờ Sở Xây dựng",
                           at(2026, 12, 25, 9, 0))
    with pytest.raises(FormDataError, match="phải sau"):
        render_form("apology", ctx25, procedure=procedure,
                    dossier=dataclasses.replace(d26, apologies=(*d26.apologies, second)))


def test_form_05_stop_notice(ctx25, d26, procedure, rows26, read_pdf) -> None:
    stop = LogRow(CODE, 4, "stop", "Lãnh đạo UBND huyện", "quy.tv", "", at(2026, 12, 23, 10),
                  None, None, Status.STOPPED,
                  note="Người nộp đề nghị dừng để điều chỉnh quy mô công trình")
    stopped = dataclasses.replace(d26, status=Status.STOPPED)
    doc = read_pdf(render_form("stop", ctx25, dossier=stopped, procedure=procedure,
                               log_rows=[*rows26, stop]))
    _common_2025(doc, "Mẫu số 05")
    for value in ("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Số: ……",
                  "dừng giải quyết hồ sơ nêu trên kể từ 10 giờ 00 phút, ngày 23 tháng 12",
                  "điều chỉnh quy mô công trình", "Trần Văn Quý", f"Mã hồ sơ: {CODE}",
                  "Phú Vang, ngày 23 tháng 12 năm 2026"):
        assert doc.has(value), value
    doc = read_pdf(render_form("05", ctx25, dossier=stopped, procedure=procedure,
                               stop=StopNotice("09/TB", "Theo quyết định của Toà án",
                                               at(2026, 12, 24, 8), "quy.tv")))
    assert doc.has("Số: 09/TB") and doc.has("Theo quyết định của Toà án")
    with pytest.raises(FormDataError, match="lý do dừng giải quyết"):
        render_form("stop", ctx25, dossier=stopped, procedure=procedure, log_rows=rows26)


def test_form_06_control_slip(ctx25, d26, procedure, rows26, read_pdf) -> None:
    doc = read_pdf(render_form("control", ctx25, dossier=d26, procedure=procedure,
                               log_rows=rows26))
    _common_2025(doc, "Mẫu số 06")
    for value in ("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
                  "1. Tiếp nhận", "2. Trình lãnh đạo", "3. Phê duyệt, ký",
                  "Người giao: Nguyễn Thị Thanh Hoà", "Người nhận: Lê Văn Đức",
                  "Người nhận: Lãnh đạo", "Người nhận: Phạm Thị Ngọc Ánh",
                  "Trước hạn", "Quá hạn", "Chờ ý kiến Sở Xây dựng",
                  # each agency's part, with its due time and its timeliness
                  "Phần việc của từng cơ quan (bộ phận)", "Các lần giao, nhận hồ sơ"):
        assert doc.has(value), value
    for raw in ("submit_draft", "approve", "duc.lv", "quy.tv", "hoa.nt"):
        assert raw not in doc.text, raw
    # Linked procedure budgets, given by the caller.
    parts = (UnitPart("Phòng Kinh tế và Hạ tầng", "10 ngày làm việc",
                      at(2026, 12, 11, 16, 10)),
             UnitPart("Lãnh đạo UBND huyện", "2 ngày làm việc"))
    doc = read_pdf(render_form("06", ctx25, dossier=d26, procedure=procedure, log_rows=rows26,
                               parts=parts))
    assert doc.has("10 ngày làm việc Hạn: 16 giờ 10 phút, ngày 11 tháng 12 năm 2026")
    assert doc.has("2 ngày làm việc")


def test_form_06_single_unit_has_no_parts_table(ctx25, d26, procedure, rows26,
                                                read_pdf) -> None:
    one = [dataclasses.replace(r, unit="UBND xã Phú Thuận") for r in rows26]
    doc = read_pdf(render_form("control", ctx25, dossier=d26, procedure=procedure,
                               log_rows=one))
    assert "Phần việc của từng cơ quan" not in doc.text and doc.has("3. Phê duyệt, ký")


def test_form_07_register_and_outgoing_register(ctx25, d26, procedure, read_pdf) -> None:
    from printing.models import RegisterEntry

    doc = read_pdf(render_form("register", ctx25, entries=[RegisterEntry(d26, procedure)]))
    _common_2025(doc, "Mẫu số 07")
    assert doc.has("SỔ THEO DÕI HỒ SƠ") and doc.has(CODE) and doc.has("27/11/2026")

    rows = (
        # The signing service records the clerk who sealed; the register names the leader.
        OutgoingRegisterRow("000.00.22.H57", 2026, 125, "GP-UBND", at(2026, 12, 28, 10),
                            "Giấy phép xây dựng", "Phạm Thị Ngọc Ánh", "Người nộp hồ sơ",
                            dossier_code=CODE),
        OutgoingRegisterRow("000.00.22.H57", 2026, 7, "QĐ-UBND", at(2026, 12, 2, 9),
                            "Quyết định phê duyệt quy hoạch", "quy.tv", "Sở Xây dựng"),
    )
    register = OutgoingRegister("Năm 2026", rows, approved_by={CODE: d26.approved_by})
    doc = read_pdf(render_form("outgoing_register", ctx25, outgoing=register))
    assert doc.text.count("Trần Văn Quý") == 2
    assert "Phạm Thị Ngọc Ánh" not in doc.text and "quy.tv" not in doc.text


# --- which set prints a dossier -------------------------------------------------------


def _in_2024(d):  # type: ignore[no-untyped-def]
    letter = ApologyLetter("01/PXL", at(2024, 12, 20, 9), "Chờ ý kiến", at(2024, 12, 27, 16))
    return dataclasses.replace(d, received_at=at(2024, 11, 29, 16, 10),
                               due_at=at(2024, 12, 20, 16, 10), apologies=(letter,))


def test_set_chosen_by_receipt_date(ctx25, d26, procedure, rows26, read_pdf) -> None:
    d24 = _in_2024(d26)
    assert set_for(d24, ctx25.now).name == "tt01-2018"  # printed in 2026, received in 2024
    assert set_for(d26, ctx25.now).name == "tt03-2025"

    doc = read_pdf(render_form("apology", ctx25, dossier=d24, procedure=procedure))
    assert doc.has("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    assert doc.has("Thông tư 01/2018/TT-VPCP") and "03/2025" not in doc.text
    doc = read_pdf(render_form("control", ctx25, dossier=d24, procedure=procedure,
                               log_rows=rows26))
    assert doc.has("Mẫu số 05") and "Mẫu số 06" not in doc.text
    assert doc.has("1. Tiếp nhận")  # Vietnamese action names in the 2018 set too
    doc = read_pdf(render_form("receipt", ctx25, dossier=d24, procedure=procedure))
    assert doc.has("Số: 125/TNHS") and MISSING not in doc.text  # the same rules

    doc = read_pdf(render_form("apology", ctx25, dossier=d26, procedure=procedure))
    assert doc.has("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN") and doc.has("Thông tư 03/2025/TT-VPCP")

    # Not yet received: the submission date decides.
    online = dataclasses.replace(d26, received_at=None, submitted_at=at(2025, 9, 14, 23))
    assert set_for(online, ctx25.now).name == "tt01-2018"
    # No dossier (registers, postal slips): the day of printing.
    assert set_for(None, ctx25.now).name == "tt03-2025"
    assert set_for(None, at(2025, 9, 12)).name == "tt01-2018"


def test_set_boundaries_and_markings() -> None:
    assert set_for_day(date(2025, 9, 14)).name == "tt01-2018"
    assert set_for_day(date(2025, 9, 15)).name == "tt03-2025"
    assert set_for_day(date(2010, 1, 1)).name == "tt01-2018"  # before every set: the default
    tset = load_template_set("tt03-2025")
    assert tset.legal_basis == "Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ"
    numbered = {f.code: f for f in tset.forms.values() if f.number.startswith("Mẫu số")}
    assert sorted(numbered) == ["01", "02", "03", "04", "05", "06", "07"]
    assert [numbered[c].form_id for c in sorted(numbered)] == [
        "receipt", "supplement", "refusal", "apology", "stop", "control", "register"]
    # What was not checked against the circular's text is said, form by form.
    assert tset.unchecked and all(f.unchecked for f in numbered.values())
    # Every form the desk prints exists in both sets under the same id.
    assert set(tset.forms) >= set(load_template_set("tt01-2018").forms)


def test_cli_prints_the_set_of_the_dossier(tmp_path, d26, procedure, unit, rows26,
                                           read_pdf) -> None:
    from printing.cli import main

    d24 = _in_2024(d26)
    d24 = dataclasses.replace(d24, code=CODE.replace("261129", "241129"))
    path = tmp_path / "data.json"
    path.write_text(json.dumps({
        "dossiers": [to_dict(d26), to_dict(d24)], "procedure": to_dict(procedure),
        "unit": to_dict(unit), "log_rows": to_dict(rows26), "people": PEOPLE,
    }, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "a.pdf"
    assert main(["04", "--data", str(path), "--dossier", CODE, "--out", str(out)]) == 0
    assert read_pdf(out.read_bytes()).has("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN")
    assert main(["04", "--data", str(path), "--dossier", d24.code, "--out", str(out)]) == 0
    assert read_pdf(out.read_bytes()).has("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    assert main(["control", "--data", str(path), "--dossier", CODE, "--out", str(out)]) == 0
    doc = read_pdf(out.read_bytes())
    assert doc.has("Mẫu số 06") and doc.has("Người giao: Lê Văn Đức")
    assert main(["receipt", "--data", str(path), "--dossier", CODE, "--out", str(out),
                 "--set", "tt01-2018"]) == 0
    assert read_pdf(out.read_bytes()).has("Thông tư 01/2018/TT-VPCP")


def test_a_later_set_is_data_only(tmp_path, monkeypatch, ctx25, d26, procedure,
                                  read_pdf) -> None:
    """A set for a future circular is a folder with a later valid_from: no code."""
    import shutil

    from printing.templates import PACKAGE_SETS

    folder = tmp_path / "tt09-2030"
    shutil.copytree(PACKAGE_SETS / "tt03-2025", folder)
    manifest = folder / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace('name = "tt03-2025"', 'name = "tt09-2030"')
    text = text.replace('valid_from = "2025-09-15"', 'valid_from = "2030-01-01"')
    text = text.replace('short_basis = "Thông tư 03/2025/TT-VPCP"',
                        'short_basis = "Thông tư 09/2030/TT-VPCP"')
    manifest.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DESK_FORM_TEMPLATES", str(tmp_path))
    assert set_for(d26, ctx25.now).name == "tt03-2025"
    d30 = dataclasses.replace(d26, received_at=at(2030, 3, 1, 8))
    assert set_for(d30, ctx25.now).name == "tt09-2030"
    doc = read_pdf(render_form("refusal", ctx25, dossier=d30, procedure=procedure))
    assert doc.has("Thông tư 09/2030/TT-VPCP")
