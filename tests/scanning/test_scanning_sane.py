"""Batches through SANE's real `test` back end: feeder, progress, cancel, jams, errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pikepdf
import pytest

from scanning.backends.base import ColorMode, ScannerBackend, ScanProgress, ScanSettings, Source
from scanning.errors import DeviceError
from scanning.pdfbuild import DocumentMetadata
from scanning.session import ScanSession


def test_lists_the_test_devices_and_their_options(sane_backend) -> None:
    assert isinstance(sane_backend, ScannerBackend)
    ids = [d.id for d in sane_backend.list_devices()]
    assert "test:0" in ids
    opts = sane_backend.options("test:0")
    assert Source.ADF in opts.sources and Source.FLATBED in opts.sources
    assert ColorMode.COLOR in opts.modes and ColorMode.LINEART in opts.modes
    assert opts.dpi_min <= 50 and opts.dpi_max >= 600


def test_feeder_batch_arrives_page_by_page_on_disk(sane_backend, tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool", sane_backend)
    seen_on_disk: list[bool] = []
    progress: list[ScanProgress] = []

    def on_page(page) -> None:
        # Crash safety: the page is on disk and in the manifest before the next one.
        seen_on_disk.append((session.spool.folder / page.file).exists())
        manifest = (session.spool.folder / "batch.json").read_text(encoding="utf-8")
        seen_on_disk.append(page.id in manifest)

    result = session.scan("test:0", ScanSettings(50, ColorMode.GRAY, Source.ADF),
                          progress=progress.append, on_page=on_page)
    assert result.ok and not result.cancelled
    assert len(result.pages) == 10  # the test back end's feeder holds ten sheets
    assert all(seen_on_disk)
    assert {p.page for p in progress} == set(range(1, 11))
    assert progress[-1].fraction == pytest.approx(1.0)


def test_flatbed_scans_one_page_in_colour(sane_backend, tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool", sane_backend)
    result = session.scan("test:0", ScanSettings(75, ColorMode.COLOR, Source.FLATBED))
    assert len(result.pages) == 1
    assert session.render(result.pages[0]).ndim == 3


def test_lineart_comes_out_bilevel_and_as_group4(sane_backend, tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool", sane_backend)
    result = session.scan("test:0", ScanSettings(200, ColorMode.LINEART, Source.FLATBED))
    page = session.page(result.pages[0])
    assert page.bilevel
    built = session.build_pdf(None, DocumentMetadata("Lineart"), tmp_path / "bw.pdf",
                              skip_blank=False)
    with pikepdf.open(built.path) as pdf:
        images = list(pdf.pages[0].get_images().values())
        assert images[0].Filter == pikepdf.Name.CCITTFaxDecode


def test_cancel_keeps_the_pages_already_scanned(sane_backend, tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool", sane_backend)
    cancel = threading.Event()

    def progress(p: ScanProgress) -> None:
        if p.page == 4 and p.fraction > 0.3:
            cancel.set()  # the officer presses Cancel while page 4 is being read

    result = session.scan("test:0", ScanSettings(50, ColorMode.GRAY, Source.ADF),
                          cancel=cancel, progress=progress)
    assert result.cancelled and result.error is None
    assert len(result.pages) == 3
    assert len(session.pages) == 3


def test_a_jam_keeps_the_pages_already_scanned(sane_backend, tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool", sane_backend)

    def on_page(page) -> None:
        if len(session.pages) == 3:
            # The real test back end makes the next sane_read fail as a jam would.
            sane_backend.device.read_return_value = "SANE_STATUS_JAMMED"

    try:
        result = session.scan("test:0", ScanSettings(50, ColorMode.GRAY, Source.ADF),
                              on_page=on_page)
    finally:
        sane_backend.extra_options["read-return-value"] = "Default"
    assert isinstance(result.error, DeviceError)
    assert "Kẹt giấy" in result.error.message
    assert len(result.pages) == 3
    assert [p.id for p in session.pages] == result.pages


def test_a_device_error_at_the_start_is_reported_plainly(sane_backend, tmp_path: Path) -> None:
    sane_backend.extra_options["read-return-value"] = "SANE_STATUS_IO_ERROR"
    session = ScanSession(tmp_path / "spool", sane_backend)
    result = session.scan("test:0", ScanSettings(50, ColorMode.GRAY, Source.FLATBED))
    assert result.pages == []
    assert isinstance(result.error, DeviceError)
    assert "Lỗi truyền dữ liệu" in result.error.message


def test_unknown_device_and_missing_duplex_are_clear(sane_backend, tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool", sane_backend)
    result = session.scan("test:9", ScanSettings(50))
    assert result.error is not None and "Không mở được máy quét" in result.error.message
    result = session.scan("test:0", ScanSettings(50, source=Source.ADF_DUPLEX))
    assert result.error is not None and "hai mặt" in result.error.message


CRASHING_SCAN = """
import os, sys
from scanning.backends.sane_backend import SaneBackend
from scanning.backends.base import ColorMode, ScanSettings, Source
from scanning.session import ScanSession

session = ScanSession(sys.argv[1], SaneBackend({"read-return-value": "Default"}))

def on_page(page):
    if len(session.pages) == 3:
        os._exit(9)  # the desk loses power in the middle of the batch

session.scan("test:0", ScanSettings(50, ColorMode.GRAY, Source.ADF), on_page=on_page)
"""


def test_an_unfinished_batch_is_offered_back_after_a_crash(sane_config, tmp_path: Path) -> None:
    root = tmp_path / "spool"
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(CRASHING_SCAN), str(root)],
                          capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 9, proc.stderr
    batches = ScanSession.unfinished(root)
    assert len(batches) == 1 and batches[0].pages == 3
    session = ScanSession.resume(root, batches[0].id)
    assert len(session.pages) == 3
    assert ScanSession.unfinished(root) == []  # open here: not offered twice
    session.finish()
    assert ScanSession.unfinished(root) == []


def test_a_colour_graphic_is_kept_whole(sane_backend, tmp_path: Path, poppler: None) -> None:
    import numpy as np

    from .conftest import render_pdf

    sane_backend.extra_options["test-picture"] = "Color pattern"
    session = ScanSession(tmp_path / "spool", sane_backend)
    result = session.scan("test:0", ScanSettings(200, ColorMode.COLOR, Source.FLATBED))
    built = session.build_pdf(result.pages, DocumentMetadata("Mẫu màu"), tmp_path / "c.pdf")
    with pikepdf.open(built.path) as pdf:
        images = list(pdf.pages[0].get_images().values())
        # Not text: one JPEG, no bilevel mask that would mangle it.
        assert len(images) == 1 and images[0].Filter == pikepdf.Name.DCTDecode
    import cv2

    drawn = render_pdf(built.path, 200, tmp_path, gray=False)[0]
    original = session.render(result.pages[0])
    assert drawn.shape == original.shape
    # One-pixel saturated grid lines are JPEG's worst case; as seen at a quarter of
    # the size (what an officer sees on screen) the colours are the same.
    small = [cv2.resize(a, (157, 196), interpolation=cv2.INTER_AREA).astype(np.int16)
             for a in (drawn, original)]
    assert np.abs(small[0] - small[1]).mean() < 10


def test_scanning_leaves_sigpipe_ignored(sane_backend, tmp_path: Path) -> None:
    """libsane resets SIGPIPE to 'terminate' while it scans; after a scan, writing to a
    socket the peer has closed must raise BrokenPipeError, not kill the application."""
    import socket

    session = ScanSession(tmp_path / "spool", sane_backend)
    session.scan("test:0", ScanSettings(dpi=50, mode=ColorMode.GRAY, source=Source.FLATBED))
    status = Path("/proc/self/status").read_text().splitlines()
    ignored = next(int(line.split()[1], 16) for line in status if line.startswith("SigIgn"))
    assert ignored & (1 << 12), "SIGPIPE (13) is no longer ignored after scanning"
    a, b = socket.socketpair()
    b.close()
    with pytest.raises(BrokenPipeError):
        for _ in range(100):
            a.send(b"x" * 65536)
    a.close()
