"""Template sets are data: a renumbered set dropped in a folder works without code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from printing.errors import TemplateError
from printing.pdf import render_form
from printing.templates import PACKAGE_SETS, available_sets, load_template_set


def _copy_set(tmp_path: Path) -> Path:
    folder = tmp_path / "nd118-2025"
    shutil.copytree(PACKAGE_SETS / "tt01-2018", folder)
    return folder


def test_second_set_with_renumbered_forms(tmp_path, ctx, dossier, procedure, read_pdf,
                                          monkeypatch) -> None:
    folder = _copy_set(tmp_path)
    manifest = folder / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace('name = "tt01-2018"', 'name = "nd118-2025"')
    text = text.replace(
        'legal_basis = "Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ"',
        'legal_basis = "Nghị định số 118/2025/NĐ-CP của Chính phủ"',
    )
    text = text.replace('short_basis = "Thông tư 01/2018/TT-VPCP"',
                        'short_basis = "Nghị định 118/2025/NĐ-CP"')
    # The receipt becomes form 02 and gets a new title; the id "receipt" is renamed too.
    text = text.replace("[forms.receipt]", "[forms.tiep_nhan]")
    text = text.replace("[[forms.receipt.blocks]]", "[[forms.tiep_nhan.blocks]]")
    text = text.replace('code = "01"\nnumber = "Mẫu số 01"', 'code = "M02"\nnumber = "Mẫu số 02"')
    text = text.replace('text = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"',
                        'text = "PHIẾU TIẾP NHẬN VÀ HẸN TRẢ KẾT QUẢ THỦ TỤC HÀNH CHÍNH"')
    text = text.replace('form = "receipt"', 'form = "tiep_nhan"')
    manifest.write_text(text, encoding="utf-8")

    tset = load_template_set(folder)
    assert tset.name == "nd118-2025"
    assert tset.form("M02").form_id == "tiep_nhan"
    doc = read_pdf(render_form("tiep_nhan", ctx, tset=tset, dossier=dossier,
                               procedure=procedure))
    assert doc.has("PHIẾU TIẾP NHẬN VÀ HẸN TRẢ KẾT QUẢ THỦ TỤC HÀNH CHÍNH")
    assert doc.has("Mẫu số 02")
    assert doc.has("Nghị định 118/2025/NĐ-CP")
    assert "01/2018" not in doc.text
    assert doc.has(dossier.applicant.name)

    # Found by name through DESK_FORM_TEMPLATES, beside the package's own set.
    monkeypatch.setenv("DESK_FORM_TEMPLATES", str(tmp_path))
    assert set(available_sets()) >= {"nd118-2025", "tt01-2018"}
    assert load_template_set("nd118-2025").legal_basis.startswith("Nghị định số 118/2025")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('type = "fields"', 'type = "bang-ve"', "loại 'bang-ve' không có"),
        ('value = "{unit_name}"', 'value = "{unit.name}"', "không hợp lệ"),
        ('legal_basis = "Thông tư', 'legal_basisX = "Thông tư', "căn cứ pháp lý"),
        ('data = "refusal"', 'data = "no_such"', "dữ liệu 'no_such' không có"),
        ('page = "A4"', 'page = "Letter"', "khổ giấy 'LETTER'"),
        ("[set]", "[set", "bị lỗi"),
        ('valid_from = "2018-12-21"', 'valid_from = "21/12/2018"', "không phải ngày"),
    ],
)
def test_broken_manifest_is_a_clear_error(tmp_path, old, new, message) -> None:
    folder = _copy_set(tmp_path)
    manifest = folder / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old, new, 1),
                        encoding="utf-8")
    with pytest.raises(TemplateError, match=message):
        load_template_set(folder)


def test_unknown_field_in_text_names_it(tmp_path, ctx, dossier, procedure) -> None:
    folder = _copy_set(tmp_path)
    manifest = folder / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        '"Lý do", value = "{supplement_reason}"', '"Lý do", value = "{ly_do}"'),
        encoding="utf-8")
    tset = load_template_set(folder)
    with pytest.raises(TemplateError, match="ly_do"):
        render_form("02", ctx, tset=tset, dossier=dossier, procedure=procedure)


def test_unknown_form_and_set() -> None:
    with pytest.raises(TemplateError, match="không có mẫu 'mau-99'"):
        load_template_set().form("mau-99")
    with pytest.raises(TemplateError, match="Không tìm thấy bộ biểu mẫu 'khong-co'"):
        load_template_set("khong-co")
