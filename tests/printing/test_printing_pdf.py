"""Every form rendered from realistic data and read back with pdftotext/pdftoppm."""

from __future__ import annotations

import dataclasses
import subprocess
import unicodedata
from pathlib import Path

import pytest

from printing.pdf import render_form as _render_form
from printing.templates import load_template_set

# These tests read the Circular 01/2018 set; the 2025 set and the choice between the two
# by receipt date are in test_printing_forms2025.py.
TT01_2018 = load_template_set("tt01-2018")


def render_form(*args, **kw):  # type: ignore[no-untyped-def]
    return _render_form(*args, tset=TT01_2018, **kw)


def _inside(doc) -> None:  # type: ignore[no-untyped-def]
    """Nothing cut off: every word lies inside its page."""
    for word, x0, y0, x1, y1, page in doc.words:
        width, height = doc.sizes[page - 1]
        assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height, (word, page)


def test_receipt_has_every_field_of_form_01(ctx, dossier, procedure, read_pdf) -> None:
    pdf = render_form("receipt", ctx, dossier=dossier, procedure=procedure)
    doc = read_pdf(pdf)
    assert doc.pages == 2  # Liên 1 and Liên 2, one page each
    for value in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH THỪA THIÊN HUẾ",
        "UBND HUYỆN PHÚ VANG",
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "Phú Vang, ngày 29 tháng 11 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 000.00.22.H57-261129-0001",
        "(Liên 1: Lưu)",
        "(Liên 2: Giao khách hàng)",
        dossier.applicant.name,
        dossier.applicant.address,
        "0905 123 456",
        "hung.thinh.phat@example.vn",
        dossier.subject,
        "Hai bộ bản vẽ thiết kế xây dựng kèm theo thuyết minh",
        "Số lượng hồ sơ: 02 (bộ)",
        "15 ngày làm việc",
        "16 giờ 10 phút, ngày 29 tháng 11 năm 2026",
        # The appointment in force is the apology's new date.
        "16 giờ 00 phút, ngày 28 tháng 12 năm 2026",
        "Kiệt 45 đường Ưng Bình, phường Vĩnh Ninh, thành phố Huế",
        "Quyển số: 03/2026, Số thứ tự: 1.254",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Nguyễn Thị Thanh Hoà",
        "Mẫu số 01",
        "Thông tư 01/2018/TT-VPCP",
    ):
        assert doc.has(value), value
    assert "BẢN TẠM" not in doc.text
    _inside(doc)


def test_text_comes_back_in_nfc_with_every_diacritic(ctx, dossier, procedure, read_pdf) -> None:
    doc = read_pdf(render_form("receipt", ctx, dossier=dossier, procedure=procedure))
    assert doc.text == unicodedata.normalize("NFC", doc.text)
    assert "Thịnh Phát" in doc.text and "Nguyệt Biều" in doc.text


def test_offline_dossier_receipt_says_provisional(ctx, dossier, procedure, read_pdf) -> None:
    offline = dataclasses.replace(dossier, provisional=True)
    doc = read_pdf(render_form("receipt", ctx, dossier=offline, procedure=procedure))
    assert doc.text.count("BẢN TẠM") == 2  # on both copies
    assert doc.has("chưa được Cổng dịch vụ công tiếp nhận")
    assert doc.pages == 2


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("supplement", ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Số: 15/HDHS",
                        "Bản sao giấy chứng nhận quyền sử dụng đất",
                        "Bản vẽ chưa có chữ ký của đơn vị thiết kế", "NGƯỜI HƯỚNG DẪN",
                        "Bản sao có chứng thực", "0234 3861 234"]),
        ("refusal", ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
                     "hành lang bảo vệ di tích Lăng Tự Đức", "NGƯỜI TIẾP NHẬN HỒ SƠ"]),
        ("apology", ["PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Số: 03/PXL",
                     "Kính gửi: Công ty Trách nhiệm hữu hạn",
                     "16 giờ 10 phút, ngày 21 tháng 12 năm 2026",
                     "16 giờ 00 phút, ngày 28 tháng 12 năm 2026",
                     "lấy ý kiến Sở Xây dựng về chỉ giới đường đỏ", "THỦ TRƯỞNG CƠ QUAN",
                     "Trần Văn Quý", "Vào ngày 29 tháng 11 năm 2026, UBND huyện Phú Vang"]),
        ("control", ["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Trước hạn", "Đúng hạn",
                     "Quá hạn", "Người giao: Lê Văn Đức", "Người nhận: Phạm Thị Ngọc Ánh",
                     "Đã lấy ý kiến Sở Xây dựng", "Phòng Kinh tế và Hạ tầng huyện Phú Vang"]),
    ],
)
def test_dossier_forms(ctx, dossier, procedure, log_rows, read_pdf, form, expected) -> None:
    pdf = render_form(form, ctx, dossier=dossier, procedure=procedure, log_rows=log_rows)
    doc = read_pdf(pdf)
    for value in [*expected, dossier.applicant.name, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]:
        assert doc.has(value), value
    _inside(doc)


def test_registers_and_postal_forms(ctx, entries, outgoing, batch, read_pdf) -> None:
    doc = read_pdf(render_form("register", ctx, entries=entries))
    for value in ("SỔ THEO DÕI HỒ SƠ", "000.00.22.H57-261129-0001", "29/11/2026", "28/12/2026",
                  "Phòng Tài nguyên và Môi trường", "Bưu chính", "Trực tiếp"):
        assert doc.has(value), value
    _inside(doc)

    doc = read_pdf(render_form("outgoing_register", ctx, outgoing=outgoing))
    for value in ("SỔ ĐĂNG KÝ VĂN BẢN ĐI", "125/GP-UBND", "07/QĐ-UBND", "Năm 2026",
                  "Quyết định phê duyệt đồ án quy hoạch chi tiết", "Văn thư UBND huyện"):
        assert doc.has(value), value
    _inside(doc)

    doc = read_pdf(render_form("postal_slip", ctx, batch=batch))
    for value in ("PHIẾU GIAO CHUYỂN HỒ SƠ, KẾT QUẢ QUA DỊCH VỤ BƯU CHÍNH CÔNG ÍCH",
                  "Số: 12/PGBC", "Bưu điện huyện Phú Vang", "Hồ Đắc Thiện",
                  "000.00.22.H57-261128-0017", "Tôn Nữ Thị Hương Giang", "0914 222 333",
                  "32.000", "18.000", "50.000", "Tổng cộng", "02 hồ sơ, 03 phong bì",
                  "16 giờ 40 phút, ngày 29 tháng 11 năm 2026"):
        assert doc.has(value), value
    _inside(doc)

    doc = read_pdf(render_form("postal_register", ctx, batch=batch))
    for value in ("SỔ CHUYỂN GIAO VĂN BẢN ĐI QUA BƯU ĐIỆN", "124/GP-UBND",
                  "Ký nhận và dấu bưu điện", "Số 9 Lê Lợi, phường Phú Hội, thành phố Huế"):
        assert doc.has(value), value


def test_register_of_many_dossiers_runs_over_pages(ctx, entries, read_pdf) -> None:
    doc = read_pdf(render_form("register", ctx, entries=entries * 20))
    assert doc.pages >= 3
    assert doc.text.count("Tên thủ tục hành chính") == doc.pages  # header repeats
    assert doc.text.count("000.00.22.H57-261129-0001") == 40
    _inside(doc)


def test_a5_page(ctx, dossier, procedure, read_pdf) -> None:
    doc = read_pdf(render_form("refusal", ctx, dossier=dossier, procedure=procedure, page="A5"))
    width, height = doc.sizes[0]
    assert (round(width), round(height)) == (420, 595)
    assert doc.has(dossier.refusal_reason)
    _inside(doc)
    # A long dossier runs on to a second A5 sheet per copy; nothing is lost or clipped.
    doc = read_pdf(render_form("receipt", ctx, dossier=dossier, procedure=procedure, page="A5"))
    assert doc.has("(Liên 1: Lưu)") and doc.has("(Liên 2: Giao khách hàng)")
    assert doc.text.count(dossier.applicant.address) == 2
    assert doc.text.count("NGƯỜI TIẾP NHẬN HỒ SƠ") == 2
    _inside(doc)


def test_fonts_are_embedded(ctx, dossier, procedure, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(render_form("receipt", ctx, dossier=dossier, procedure=procedure))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        if "Helvetica" in line:  # the barcode widgets' unused default font
            continue
        assert " yes " in line, line  # emb column


def test_rendered_pages_look_like_forms(ctx, dossier, procedure, tmp_path: Path) -> None:
    """pdftoppm renders every page; each has ink in header, body and signature areas."""
    from PIL import Image

    path = tmp_path / "r.pdf"
    path.write_bytes(render_form("receipt", ctx, dossier=dossier, procedure=procedure))
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", str(path), str(tmp_path / "p")],
                   check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2
    for png in pages:
        img = Image.open(png).convert("L")
        w, h = img.size
        for top in (0.05, 0.45, 0.8):  # header, body, signatures
            band = img.crop((0, int(h * top), w, int(h * (top + 0.12))))
            assert band.getextrema()[0] < 100, (png.name, top)


def test_default_set_names_its_legal_basis() -> None:
    tset = load_template_set()
    assert tset.legal_basis.startswith("Thông tư số 01/2018/TT-VPCP")
    assert tset.form("01").form_id == "receipt"
    assert {f.code for f in tset.forms.values()} >= {"01", "02", "03", "04", "05", "06"}


def test_qr_and_barcode_scan_back_to_the_dossier_code(ctx, dossier, procedure,
                                                      tmp_path: Path) -> None:
    from PIL import Image
    from pyzbar.pyzbar import decode

    path = tmp_path / "r.pdf"
    path.write_bytes(render_form("receipt", ctx, dossier=dossier, procedure=procedure))
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "p")], check=True)
    [png] = tmp_path.glob("p-*.png")
    found = {(r.type, r.data.decode()) for r in decode(Image.open(png))}
    assert found == {("QRCODE", dossier.code), ("CODE128", dossier.code)}


def test_font_choice_skips_fonts_without_vietnamese(monkeypatch, tmp_path: Path) -> None:
    from printing import fonts

    family = fonts.serif_family()
    assert all(fonts.covers_vietnamese(fonts._codepoints(p)) for p in family.paths)
    # An empty font folder and no system folders: a clear error, not a crash.
    monkeypatch.setenv("DESK_FONT_DIR", str(tmp_path))
    monkeypatch.setattr(fonts, "FONT_DIRS", ())
    monkeypatch.setattr(fonts.find_fonts, "__defaults__", ((),))
    with pytest.raises(fonts.FontError, match="fonts-dejavu-core"):
        fonts.find_first(fonts.SANS_FILES)
