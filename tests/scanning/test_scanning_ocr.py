"""Optional OCR: Vietnamese text found in the PDF's text layer; no OCR, still a PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scanning import ocr
from scanning.pdfbuild import DocumentMetadata, pdfa_self_check
from scanning.session import ScanSession
from scanning.testpages import text_page

from .conftest import pdf_text


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_vietnamese_text_is_searchable(tmp_path: Path, poppler: None) -> None:
    usable, why = ocr.available("vie")
    if not usable:
        pytest.skip(why)
    page = text_page(seed=71, dpi=300, lines=12, skew=1.0, noise=6, color=True, seal=True)
    session = ScanSession(tmp_path / "spool")
    session.add_image(page.pil(), 300)
    built = session.build_pdf(None, DocumentMetadata("Tờ khai"), tmp_path / "ocr.pdf",
                              ocr=True)
    truth = _words(page.text)
    found = set(_words(built.text))
    assert sum(w in found for w in truth) / len(truth) > 0.9  # the text for the index
    layer = _words(pdf_text(built.path))  # and the searchable layer in the PDF
    for phrase in ("chứng", "nhận", "quyền", "hồ", "sơ"):
        assert phrase in layer or phrase not in truth
    assert "cộng" in layer and "việt" in layer
    assert pdfa_self_check(built.path) == []  # the OCR font is embedded


def test_the_scan_completes_without_tesseract(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESSERACT_CMD", str(tmp_path / "no-such-tesseract"))
    assert not ocr.available()[0]
    session = ScanSession(tmp_path / "spool")
    session.add_image(text_page(seed=72, dpi=200, lines=5).pil(), 200)
    built = session.build_pdf(None, DocumentMetadata("Không OCR"), tmp_path / "plain.pdf",
                              ocr=True)
    assert built.pages == 1 and built.text == ""
    assert any("Tesseract" in w for w in built.warnings)
