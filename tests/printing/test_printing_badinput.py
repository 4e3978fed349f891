"""Bad data gets a clear Vietnamese message before anything is drawn or sent."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from printing.errors import FormDataError
from printing.pdf import render_form
from printing.thermal import ThermalPrinter, render_receipt_escpos

PRINTERS = [ThermalPrinter(), ThermalPrinter("TM-T88V", vietnamese="cp1258"),
            ThermalPrinter("RP-F10-58mm", paper_mm=58)]


def _with_applicant(dossier, **changes):  # type: ignore[no-untyped-def]
    return dataclasses.replace(dossier, applicant=dataclasses.replace(dossier.applicant,
                                                                      **changes))


def test_name_of_500_characters(ctx, dossier, procedure, fake_printer) -> None:
    name = ("Nguyễn Thị Hồng Nhung " * 30)[:499] + "h"
    assert len(name.strip()) == 500
    long = _with_applicant(dossier, name=name)
    with pytest.raises(FormDataError) as err:
        render_form("receipt", ctx, dossier=long, procedure=procedure)
    assert "tên người nộp hồ sơ" in err.value.message and "500 ký tự" in err.value.message
    assert err.value.field == "applicant_name" and not err.value.retryable
    for printer in PRINTERS:
        with pytest.raises(FormDataError, match="500 ký tự"):
            render_receipt_escpos(ctx, long, procedure, printer=printer)
    assert fake_printer.jobs == []  # nothing was sent


def test_longest_allowed_name_still_fits(ctx, dossier, procedure, read_pdf) -> None:
    name = ("Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Thủy Thanh Hương Thủy " * 4)[:200].strip()
    doc = read_pdf(render_form("receipt", ctx, dossier=_with_applicant(dossier, name=name),
                               procedure=procedure))
    assert doc.has(name) and doc.pages == 2
    for word, _x0, _y0, x1, y1, page in doc.words:
        width, height = doc.sizes[page - 1]
        assert x1 <= width and y1 <= height, word


def test_unbroken_word_wraps_instead_of_running_off(ctx, dossier, procedure, read_pdf) -> None:
    email = "nguyen.thi.hong.nhung.phong.kinh.te.ha.tang.huyen.phu.vang.tinh.thua.thien.hue"
    doc = read_pdf(render_form("receipt", ctx, procedure=procedure,
                               dossier=_with_applicant(dossier, email=email + "@example.vn")))
    for word, _x0, _y0, x1, _y1, page in doc.words:
        assert x1 <= doc.sizes[page - 1][0], word
    assert doc.text.replace(" ", "").count(email) == 2


def test_address_with_emoji(ctx, dossier, procedure) -> None:
    bad = _with_applicant(dossier, address="Thôn Vinh Thanh 🏠, xã Phú Thuận 🌊")
    with pytest.raises(FormDataError) as err:
        render_form("receipt", ctx, dossier=bad, procedure=procedure)
    assert "địa chỉ người nộp" in err.value.message
    assert "🏠" in err.value.message and "U+1F3E0" in err.value.message
    for printer in PRINTERS:
        with pytest.raises(FormDataError, match="không in được"):
            render_receipt_escpos(ctx, bad, procedure, printer=printer)


def test_control_characters_cannot_reach_the_printer(ctx, dossier, procedure) -> None:
    # An ESC in a name would be a printer command (here: cut the paper).
    bad = _with_applicant(dossier, name="Lê Văn Tám\x1dV\x00")
    for printer in PRINTERS:
        with pytest.raises(FormDataError, match="không in được"):
            render_receipt_escpos(ctx, bad, procedure, printer=printer)


def test_missing_fields(ctx, dossier, procedure) -> None:
    with pytest.raises(FormDataError, match=r"thiếu thông tin bắt buộc \(thời gian nhận hồ sơ"):
        render_form("receipt", ctx, dossier=dataclasses.replace(dossier, received_at=None),
                    procedure=procedure)
    with pytest.raises(FormDataError, match="tên thủ tục"):
        render_form("receipt", ctx, dossier=dossier, procedure=None)
    with pytest.raises(FormDataError, match="lý do từ chối"):
        render_form("refusal", ctx, dossier=dataclasses.replace(dossier, refusal_reason=""))
    with pytest.raises(FormDataError, match="chưa có yêu cầu bổ sung"):
        render_form("supplement", ctx, dossier=dataclasses.replace(dossier, supplements=()))
    with pytest.raises(FormDataError, match="cần một hồ sơ"):
        render_form("receipt", ctx)
    with pytest.raises(FormDataError, match="lô bưu gửi"):
        render_form("postal_slip", ctx)


def test_naive_datetime_is_refused(ctx, dossier, procedure) -> None:
    naive = dataclasses.replace(dossier, received_at=datetime(2026, 11, 29, 16, 10))
    with pytest.raises(FormDataError, match="không có múi giờ"):
        render_form("receipt", ctx, dossier=naive, procedure=procedure)


def test_typographic_punctuation_prints_on_thermal(ctx, dossier, procedure) -> None:
    from printing.escpos_stream import decode
    from printing.thermal import code_pages

    fancy = _with_applicant(dossier, name="Công ty “Hưng Thịnh” – chi nhánh Huế…")
    data = render_receipt_escpos(ctx, fancy, procedure)
    text = decode(data, {n: p for p, n in code_pages("default").items()}).text
    assert 'Công ty "Hưng Thịnh" - chi nhánh Huế...' in " ".join(text.split())
