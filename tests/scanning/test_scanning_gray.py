"""Gray scans of black text become bilevel only; colour, pictures and tints do not."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest

from scanning import cleanup, compress, ocr
from scanning.pdfbuild import DocumentMetadata, PdfWriter
from scanning.session import ScanSession
from scanning.testpages import office_gray_page, text_page

from .conftest import render_pdf

META = DocumentMetadata(title="Đơn đề nghị cấp giấy phép xây dựng",
                        dossier_code="000.00.22.H57-261129-0001")


def _images(path: Path) -> list[pikepdf.Stream]:
    """Every image of the PDF, soft and explicit masks included."""
    out = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for image in page.get_images().values():
                out.append((str(image.Filter), int(image.BitsPerComponent)))
                mask = image.get("/Mask")
                if isinstance(mask, pikepdf.Stream):
                    out.append((str(mask.Filter), int(mask.BitsPerComponent)))
    return out


def _plain_g4_pdf(arr: np.ndarray, dpi: int, out: Path) -> Path:
    """The same page, same clean-up and deskew, binarised at one Otsu threshold and
    written as Group 4: what a black-and-white scan of it would cost."""
    found = cleanup.analyse(arr, dpi)
    cleaned = cleanup.apply(arr, found, deskew=False)
    bw = cv2.threshold(cleaned, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    writer = PdfWriter()
    writer.add(compress.encode_page(bw, dpi, bilevel=True, skew=cleanup.residual_skew(found)))
    writer.save(out, META)
    return out


def cer(found: str, truth: str) -> float:
    """Character error rate: edit distance over the truth's length, spaces folded."""
    a = " ".join(unicodedata.normalize("NFC", found).split())
    b = " ".join(unicodedata.normalize("NFC", truth).split())
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1] / max(1, len(b))


def _encode(arr: np.ndarray, dpi: int = 300) -> compress.EncodedPage:
    found = cleanup.analyse(arr, dpi)
    cleaned = cleanup.apply(arr, found, deskew=False)
    return compress.encode_page(cleaned, dpi, skew=cleanup.residual_skew(found))


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("office")
    page = office_gray_page(seed=61, dpi=300, skew=0.8)
    session = ScanSession(tmp / "spool")
    session.add_image(page.pil(), 300)
    built = session.build_pdf(None, META, tmp / "office.pdf")
    return page, built, tmp


def test_the_office_page_is_what_office_scanners_deliver(office) -> None:
    page, _, _ = office
    arr = page.image
    assert arr.ndim == 2
    paper = np.percentile(arr, 90)
    assert 228 <= paper <= 242  # paper read a little gray
    # Anti-aliased, softened edges: many pixels between ink and paper.
    assert 0.01 < float(np.mean((arr > 70) & (arr < 190))) < 0.2


def test_gray_page_of_black_text_holds_only_a_1_bit_image(office) -> None:
    _, built, tmp = office
    images = _images(built.path)
    assert images == [("/CCITTFaxDecode", 1)]
    with pikepdf.open(built.path) as pdf:
        [image] = pdf.pages[0].get_images().values()
        assert int(image.Width) == 2480  # full 300 dpi, A4
        assert "/SMask" not in image and "/Mask" not in image
    reference = _plain_g4_pdf(office[0].image, 300, tmp / "plain-g4.pdf")
    assert built.size <= 1.1 * reference.stat().st_size, (built.size, reference.stat().st_size)


def test_the_text_keeps_its_shapes(office, poppler: None) -> None:
    page, built, tmp = office
    drawn = render_pdf(built.path, 300, tmp)[0]
    reference = render_pdf(_plain_g4_pdf(page.image, 300, tmp / "ref.pdf"), 300, tmp)[0]
    ours, theirs = drawn < 128, reference < 128
    overlap = np.count_nonzero(ours & theirs) / np.count_nonzero(ours | theirs)
    assert overlap > 0.8, overlap  # the same strokes, edge pixels aside
    assert np.count_nonzero(ours) == pytest.approx(np.count_nonzero(theirs), rel=0.15)


def test_tesseract_reads_it_as_well_as_the_scan(tmp_path: Path, poppler: None) -> None:
    usable, why = ocr.available()
    if not usable or shutil.which("tesseract") is None:
        pytest.skip(why or "tesseract is not installed")
    page = office_gray_page(seed=62, dpi=300, skew=-0.9, lines=10)
    session = ScanSession(tmp_path / "spool")
    session.add_image(page.pil(), 300)
    built = session.build_pdf(None, META, tmp_path / "ocr.pdf")
    assert _images(built.path) == [("/CCITTFaxDecode", 1)]
    drawn = render_pdf(built.path, 300, tmp_path)[0]
    before = cer(ocr.recognise(page.image, 300).text, page.text)
    after = cer(ocr.recognise(drawn, 300).text, page.text)
    assert after <= before + 0.01, (before, after)


def test_a_colour_page_keeps_its_colour_layer() -> None:
    page = text_page(seed=63, dpi=300, lines=30, color=True, seal=True, noise=5, skew=0.5)
    encoded = _encode(page.image)
    assert encoded.kind == "mixed"
    background, foreground = encoded.layers
    assert background.colorspace == foreground.colorspace == "/DeviceRGB"
    assert foreground.mask is not None and foreground.mask.filter == "/CCITTFaxDecode"


@pytest.mark.parametrize("what", ["photo", "shaded", "pencil"])
def test_gray_pages_with_more_than_black_text_stay_mixed(what: str) -> None:
    if what == "photo":  # a copy of an ID card: the portrait stays a picture
        arr = text_page(seed=64, dpi=300, lines=30, portrait=True, noise=4,
                        paper_gray=235, ink_gray=30, blur=0.7).image
    elif what == "shaded":  # a table header printed in light gray
        arr = office_gray_page(seed=65, lines=30).image.copy()
        arr[700:820, 200:2280] = np.minimum(arr[700:820, 200:2280], 200)
    else:  # faint pencil or a gray stamp: its tone is kept, not turned black
        arr = office_gray_page(seed=66, lines=30, ink_gray=150).image
    encoded = _encode(arr)
    assert encoded.kind == "mixed", what
    assert encoded.layers[0].filter == "/DCTDecode"  # the background keeps the tones
