"""ScanSession details: recovery of pages written just before a crash, photo pages,
the domain reference of a built PDF, and the progress of a build."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from desk_app.domain import FileRef
from scanning.errors import ScanError
from scanning.pdfbuild import DocumentMetadata
from scanning.session import ScanSession
from scanning.testpages import text_page


def test_a_page_on_disk_but_not_in_the_manifest_is_taken_back(tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool")
    first = session.add_image(text_page(seed=81, dpi=100, lines=6).pil(), 100)
    # The crash came after the page file was renamed into place, before the manifest.
    number = session.spool.next_number()
    session.spool.write_image(number, text_page(seed=82, dpi=100, lines=6).pil(), 100)
    session.close()
    assert ScanSession.unfinished(tmp_path / "spool")[0].pages == 2
    again = ScanSession.resume(tmp_path / "spool", session.id)
    assert [p.id for p in again.pages] == [first.id, f"p{number:05d}"]
    # And numbering goes on after it.
    third = again.add_image(text_page(seed=83, dpi=100, lines=6).pil(), 100)
    assert third.id == f"p{number + 1:05d}"


def test_a_photograph_is_kept_as_jpeg(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    small = rng.integers(0, 255, (30, 21, 3), dtype=np.uint8)
    photo = np.asarray(Image.fromarray(small).resize((1654, 2339), Image.Resampling.BICUBIC))
    session = ScanSession(tmp_path / "spool")
    session.add_image(Image.fromarray(photo), 200)
    built = session.build_pdf(None, DocumentMetadata("Ảnh hiện trạng"), tmp_path / "p.pdf")
    with pikepdf.open(built.path) as pdf:
        images = list(pdf.pages[0].get_images().values())
        assert len(images) == 1 and images[0].Filter == pikepdf.Name.DCTDecode
        assert int(images[0].Width) == 1654


def test_built_pdf_gives_the_domain_file_ref_and_reports_progress(tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool")
    for seed in (84, 85):
        session.add_image(text_page(seed=seed, dpi=200, lines=8).pil(), 200)
    steps: list[tuple[int, int]] = []
    built = session.build_pdf(None, DocumentMetadata("Hai trang"), tmp_path / "two.pdf",
                              progress=lambda done, total: steps.append((done, total)))
    assert steps == [(1, 2), (2, 2)]
    ref = built.file_ref("tp1.pdf")
    assert ref == FileRef(built.sha256, "tp1.pdf", "application/pdf", built.size, 2)
    session.finish()
    assert not session.spool.folder.exists()


def test_thumbnails_follow_the_clean_up_and_the_officers_turns(tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool")
    page = session.add_image(text_page(seed=86, dpi=200, paper_mm=(148, 210), bed_mm=(216, 297),
                                       lines=12).pil(), 200)
    thumb = session.thumbnail(page.id, 256)
    assert max(thumb.size) == 256
    # The A5 sheet cut from the bed keeps A5's proportions, not the bed's.
    assert thumb.size[1] / thumb.size[0] == pytest.approx(210 / 148, rel=0.03)
    assert np.asarray(thumb.convert("L"))[:, :3].mean() > 200  # no dark bed at the edge
    session.rotate(page.id, 1)
    turned = session.thumbnail(page.id, 256)
    assert turned.size == (thumb.size[1], thumb.size[0])


def test_duplex_by_hand_interleaves_fronts_and_reversed_backs(tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool")
    ids = [session.add_image(text_page(seed=90 + i, dpi=100, lines=4).pil(), 100).id
           for i in range(6)]
    # Fronts 1, 3, 5 went through first; then the turned stack gave backs 6, 4, 2.
    session.interleave()
    assert [p.id for p in session.pages] == [ids[0], ids[5], ids[1], ids[4], ids[2], ids[3]]
    assert [p.side for p in session.pages] == ["front", "back"] * 3
    session.reverse()
    assert session.pages[0].id == ids[3]
    session.delete(ids[3])
    with pytest.raises(ScanError):
        session.interleave()


def test_undo_cleanup_shows_the_page_as_scanned(tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool")
    page = text_page(seed=95, dpi=150, skew=3.0, lines=20)
    pid = session.add_image(page.pil(), 150).id
    assert abs(session.page(pid).cleanup.skew - 3.0) < 0.3
    session.undo_cleanup(pid)
    assert session.page(pid).cleanup.skew == 0
    shown = session.render(pid).astype(np.int16)
    scanned = np.asarray(page.pil().convert("L")).astype(np.int16)
    assert shown.shape == scanned.shape
    assert np.abs(shown - scanned).mean() < 3  # the spool keeps gray pages as JPEG q92


def test_finishing_after_building_into_the_spool_frees_it(tmp_path: Path) -> None:
    """The default output folder lives in the spool: finishing removes it too, instead
    of failing on a folder where it expected files."""
    session = ScanSession(tmp_path / "spool")
    session.add_image(text_page(seed=86, dpi=200, lines=4).pil(), 200)
    built = session.build_pdf(None, DocumentMetadata("Một trang"))
    data = built.data
    session.finish()
    assert data.startswith(b"%PDF") and not session.spool.folder.exists()
