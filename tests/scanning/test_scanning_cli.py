"""`desk-app scan` and `desk-app digitise` from a terminal, and the Windows back ends."""

from __future__ import annotations

import sys
from pathlib import Path

import pikepdf
import pytest

from desk_app.cli import main as desk_main
from scanning.backends import available_backends, backend_by_name
from scanning.backends.base import ScannerBackend, ScanSettings
from scanning.errors import BackendUnavailable


def test_scan_command_with_the_sane_test_device(sane_config: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scan.pdf"
    code = desk_main(["scan", "--device", "test:0", "--dpi", "200", "--mode", "gray",
                      "--source", "adf", "--pages", "3", "--keep-blank", "--out", str(out),
                      "--spool", str(tmp_path / "spool"), "--title", "Giấy tờ kèm theo"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "sha256" in captured.out
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 3
        assert str(pdf.docinfo.Title) == "Giấy tờ kèm theo"
    # Finished batches leave nothing to offer back.
    from scanning.session import ScanSession

    assert ScanSession.unfinished(tmp_path / "spool") == []


def test_scan_command_refuses_low_dpi_but_keeps_the_pages(
    sane_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = desk_main(["scan", "--device", "test:0", "--dpi", "75", "--out",
                      str(tmp_path / "low.pdf"), "--spool", str(tmp_path / "spool")])
    assert code == 2
    assert "200 dpi" in capsys.readouterr().err
    from scanning.session import ScanSession

    assert len(ScanSession.unfinished(tmp_path / "spool")) == 1


def test_scan_command_lists_devices(sane_config: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert desk_main(["scan", "--list-devices"]) == 0
    assert "test:0" in capsys.readouterr().out


@pytest.mark.skipif(sys.platform == "win32", reason="checks the non-Windows behaviour")
@pytest.mark.parametrize("name", ["twain", "wia"])
def test_windows_back_ends_say_plainly_they_cannot_run_here(name: str) -> None:
    # TWAIN and WIA cannot run on Linux; this only checks they keep the interface
    # and refuse in Vietnamese instead of failing at import.
    backend = backend_by_name(name)
    assert isinstance(backend, ScannerBackend)
    usable, why = backend.is_usable()
    assert not usable and "Windows" in why
    with pytest.raises(BackendUnavailable):
        list(backend.scan("any", ScanSettings()))


def test_available_backends_reports_each_with_a_reason(sane_config: Path) -> None:
    report = {b.name: (ok, why) for b, ok, why in available_backends()}
    assert report["sane"] == (True, "")
    assert set(report) == {"sane", "twain", "wia"}


def test_sane_without_its_library_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import scanning.backends.sane_backend as sane_backend

    monkeypatch.setitem(sys.modules, "sane", None)  # as if python-sane were not installed
    monkeypatch.setattr(sane_backend, "_init_config", None)
    backend = sane_backend.SaneBackend()
    usable, why = backend.is_usable()
    assert not usable and "python-sane" in why
    with pytest.raises(BackendUnavailable):
        backend.list_devices()
