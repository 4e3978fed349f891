"""The PDFs a session builds: open with pikepdf and qpdf, carry the dpi, PDF/A-2b marks."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pikepdf
import pytest
from PIL import Image

from scanning.errors import ScanError
from scanning.pdfbuild import DocumentMetadata, pdfa_self_check
from scanning.session import ScanSession
from scanning.testpages import text_page

from .conftest import render_pdf

META = DocumentMetadata(
    title="Đơn đề nghị cấp giấy phép xây dựng",
    author="Trần Thị Thủy",
    dossier_code="000.00.22.H57-261129-0001",
    component_code="TP1",
    created=datetime(2026, 11, 29, 10, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("built")
    session = ScanSession(tmp / "spool")
    gray = text_page(seed=51, dpi=300, noise=6, specks=200, skew=0.7, lines=30)
    color = text_page(seed=52, dpi=300, color=True, seal=True, noise=5, lines=30)
    session.add_image(gray.pil(), 300)
    session.add_image(color.pil(), 300)
    bw = gray.pil().convert("L").point(lambda v: 255 if v > 128 else 0).convert("1")
    session.add_image(bw, 300)
    return session.build_pdf(None, META, tmp / "out.pdf"), session, tmp


def test_qpdf_and_pikepdf_accept_it(built) -> None:
    result, _, _ = built
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(result.path)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No syntax or stream encoding errors" in check.stdout
    with pikepdf.open(result.path) as pdf:
        assert len(pdf.pages) == 3 and pdf.pdf_version >= "1.4"


def test_pages_are_a4_at_100_percent_and_carry_300_dpi(built) -> None:
    result, _, _ = built
    with pikepdf.open(result.path) as pdf:
        for page in pdf.pages:
            box = [float(v) for v in page.mediabox]
            assert box[2] == pytest.approx(595.3, abs=1) and box[3] == pytest.approx(841.9, abs=1)
            widths = [int(img.Width) for img in page.get_images().values()]
            # The full-resolution layer (G4 page or text mask) is 2480 px over 8.27 in.
            sizes = widths + [int(img.Mask.Width) for img in page.get_images().values()
                              if "/Mask" in img]
            assert max(sizes) == 2480


def test_encodings_and_sizes(built) -> None:
    result, _, _ = built
    with pikepdf.open(result.path) as pdf:
        filters = [[str(i.Filter) for i in p.get_images().values()] for p in pdf.pages]
        # A gray scan of black text on white paper: Group 4 only, like a B&W scan
        # (test_scanning_gray.py has the office scanners' gray pages).
        assert filters[0] == ["/CCITTFaxDecode"]
        spaces = {str(i.ColorSpace) for i in pdf.pages[1].get_images().values()}
        assert spaces == {"/DeviceRGB"}  # a colour scan keeps its colour
        mask = next(i for i in pdf.pages[1].get_images().values() if "/Mask" in i).Mask
        assert mask.Filter == pikepdf.Name.CCITTFaxDecode and mask.ImageMask is True
        assert filters[2] == ["/CCITTFaxDecode"]  # black and white: Group 4
    assert result.size < 3 * 200 * 1024


def test_pdfa_2b_marks_and_metadata(built) -> None:
    result, _, _ = built
    # veraPDF is not available here: this checks what can be checked without it.
    assert pdfa_self_check(result.path) == []
    with pikepdf.open(result.path) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == META.title
        assert meta["dc:identifier"] == "000.00.22.H57-261129-0001/TP1"
        assert str(pdf.docinfo.Author) == "Trần Thị Thủy"
        assert meta["xmp:CreateDate"].startswith("2026-11-29T10:15:00+07:00")
        intent = pdf.Root.OutputIntents[0]
        assert intent.DestOutputProfile.N == 3


def test_sha256_matches_the_file(built) -> None:
    import hashlib

    result, _, _ = built
    assert hashlib.sha256(result.path.read_bytes()).hexdigest() == result.sha256


def test_the_text_stays_sharp_after_compression(built, poppler: None) -> None:
    result, session, tmp = built
    rendered = render_pdf(result.path, 300, tmp)
    original = session.render(session.pages[1].id)
    gray = original.mean(axis=2) if original.ndim == 3 else original
    # Dark text pixels stay dark and the paper stays light: compare where it matters.
    text = gray < 100
    assert rendered[1][text].mean() < 110
    assert rendered[1][gray > 200].mean() > 200


def test_low_dpi_is_refused_with_the_decree(tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool")
    session.add_image(Image.fromarray(text_page(seed=53, dpi=150, lines=5).image), 150)
    with pytest.raises(ScanError, match="30/2020"):
        session.build_pdf(None, META, tmp_path / "low.pdf")
    assert session.build_pdf(None, META, tmp_path / "low.pdf", min_dpi=0).pages == 1


def test_a_photo_on_a_text_page_stays_whole(tmp_path: Path, poppler: None) -> None:
    page = text_page(seed=54, dpi=300, lines=30, color=True, portrait=True, noise=4)
    session = ScanSession(tmp_path / "spool")
    session.add_image(page.pil(), 300)
    built = session.build_pdf(None, META, tmp_path / "id.pdf")
    with pikepdf.open(built.path) as pdf:
        assert len(pdf.pages[0].get_images()) == 2  # still mixed raster: text stays sharp
    assert built.size < 200 * 1024
    drawn = render_pdf(built.path, 300, tmp_path, gray=False)[0].astype(np.int16)
    # The photograph (30 × 40 mm, top right) looks like itself, not posterised.
    mm = 300 / 25.4
    y0, x0 = round(40 * mm), page.image.shape[1] - round(45 * mm)
    box = (slice(y0 + 20, y0 + round(40 * mm) - 20), slice(x0 + 20, x0 + round(30 * mm) - 20))
    diff = np.abs(drawn[box] - page.image[box].astype(np.int16))
    assert diff.mean() < 12
