"""Cover sheets: the payload, the printed sheet, and splitting a scanned stack."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from scanning.cover import CoverPayload, cover_sheets_pdf, read_cover
from scanning.errors import ScanError
from scanning.pdfbuild import DocumentMetadata
from scanning.session import ScanSession
from scanning.testpages import text_page

from .conftest import pdf_text, render_pdf

DOSSIER = "000.00.22.H57-261129-0001"
COMPONENTS = [("TP1", "Đơn đề nghị cấp giấy phép xây dựng"),
              ("TP2", "Bản sao giấy chứng nhận quyền sử dụng đất")]


def test_payload_round_trip_and_refusals() -> None:
    payload = CoverPayload(DOSSIER, "TP1")
    assert payload.encode() == f"DESKCOVER1|{DOSSIER}|TP1"
    assert CoverPayload.parse(payload.encode()) == payload
    assert CoverPayload.parse(DOSSIER) is None  # the receipt's own QR is not a cover
    assert CoverPayload.parse("DESKCOVER2|a|b") is None
    with pytest.raises(ScanError):
        CoverPayload(DOSSIER, "TP|1").encode()


def test_cover_sheet_prints_in_vietnamese(tmp_path: Path, poppler: None) -> None:
    printed = datetime(2026, 11, 29, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    pdf = tmp_path / "covers.pdf"
    pdf.write_bytes(cover_sheets_pdf(DOSSIER, COMPONENTS, applicant="Nguyễn Văn Hưởng",
                                     printed_at=printed))
    text = pdf_text(pdf)
    assert "TỜ BÌA THÀNH PHẦN HỒ SƠ" in text
    assert "Nguyễn Văn Hưởng" in text and "Bản sao giấy chứng nhận quyền sử dụng đất" in text
    pages = render_pdf(pdf, 100, tmp_path)
    assert [read_cover(p, 100) for p in pages] == [CoverPayload(DOSSIER, "TP1"),
                                                   CoverPayload(DOSSIER, "TP2")]


def test_cover_sheets_split_a_scanned_stack(tmp_path: Path, poppler: None) -> None:
    pdf = tmp_path / "covers.pdf"
    pdf.write_bytes(cover_sheets_pdf(DOSSIER, COMPONENTS))
    covers = render_pdf(pdf, 200, tmp_path)
    session = ScanSession(tmp_path / "spool")

    def add(arr) -> str:
        return session.add_image(Image.fromarray(arr), 200).id

    loose = add(text_page(seed=31, dpi=200, lines=10).image)  # before any cover
    add(covers[0])
    a1 = add(text_page(seed=32, dpi=200, lines=20, skew=0.8, noise=5).image)
    blank = add(text_page(seed=33, dpi=200, blank=True, noise=6, specks=200).image)
    a2 = add(text_page(seed=34, dpi=200, lines=20, noise=5).image)
    add(covers[1])
    b1 = add(text_page(seed=35, dpi=200, lines=15, color=True, seal=True).image)

    assert session.page(blank).blank
    parts = session.split_by_covers()
    assert [(p.component_code, p.page_ids) for p in parts] == [
        (None, (loose,)), ("TP1", (a1, a2)), ("TP2", (b1,))]
    assert all(p.dossier_code in (None, DOSSIER) for p in parts)

    built = session.build_pdf(parts[1].page_ids, DocumentMetadata(
        "Đơn đề nghị", dossier_code=DOSSIER, component_code="TP1"), tmp_path / "tp1.pdf")
    assert built.pages == 2
    # Building the whole stack leaves the cover sheets and the blank back out.
    everything = session.build_pdf(None, DocumentMetadata("Cả xấp"), tmp_path / "all.pdf")
    assert everything.pages == 4


def test_split_by_page_count_and_edits(tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool")
    ids = [session.add_image(Image.fromarray(text_page(seed=40 + i, dpi=100, lines=6).image),
                             100).id for i in range(5)]
    assert [p.page_ids for p in session.split_every(2)] == [
        tuple(ids[0:2]), tuple(ids[2:4]), (ids[4],)]
    session.move(ids[4], 0)
    session.rotate(ids[1], 1)
    session.delete(ids[2])
    assert [p.id for p in session.pages] == [ids[4], ids[0], ids[1], ids[3]]
    h, w = session.render(ids[0]).shape[:2]
    assert session.render(ids[1]).shape[:2] == (w, h)  # turned a quarter
    session.reorder([ids[3], ids[1], ids[0], ids[4]])
    session.restore(ids[2], 0)
    assert [p.id for p in session.pages] == [ids[2], ids[3], ids[1], ids[0], ids[4]]
    with pytest.raises(ScanError):
        session.reorder(ids[:2])
    # The edits are in the spool: a reopened batch shows the same list.
    session.close()
    again = ScanSession.resume(tmp_path / "spool", session.id)
    assert [p.id for p in again.pages] == [ids[2], ids[3], ids[1], ids[0], ids[4]]
    assert again.page(ids[1]).turns == 1


def test_cover_sheets_for_a_paper_dossier(tmp_path: Path, poppler: None) -> None:
    from desk_app.domain import Applicant, ApplicantKind, Channel, Dossier, DossierComponent
    from scanning.cover import cover_sheets_for_dossier

    dossier = Dossier(
        code=DOSSIER, procedure_code="1.001776", agency_id="000.00.22.H57",
        applicant=Applicant(ApplicantKind.CITIZEN, "Lê Thị Hoa"), channel=Channel.IN_PERSON,
        components=tuple(DossierComponent(code, name) for code, name in COMPONENTS),
    )
    pdf = tmp_path / "dossier-covers.pdf"
    pdf.write_bytes(cover_sheets_for_dossier(dossier))
    assert "Lê Thị Hoa" in pdf_text(pdf) and "1.001776" in pdf_text(pdf)
    assert [read_cover(p, 100) for p in render_pdf(pdf, 100, tmp_path)] == [
        CoverPayload(DOSSIER, "TP1"), CoverPayload(DOSSIER, "TP2")]
    with pytest.raises(ScanError):
        cover_sheets_for_dossier(Dossier(code=DOSSIER, procedure_code="1.001776",
                                         agency_id="x", applicant=dossier.applicant,
                                         channel=Channel.IN_PERSON))
