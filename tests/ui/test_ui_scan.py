"""Digitising a component through the scanning service from SANE's real `test` scanner."""

from __future__ import annotations

import os

import pytest

TEST_CONF = """\
number_of_devices 1
mode Gray
depth 8
resolution 200.0
test-picture "Grid"
read-limit false
read-delay false
read-status-code "Default"
br_x 80.0
br_y 100.0
"""


@pytest.fixture
def sane_test(tmp_path, monkeypatch):
    pytest.importorskip("sane")
    folder = tmp_path / "sane-config"
    folder.mkdir()
    (folder / "dll.conf").write_text("test\n")
    (folder / "test.conf").write_text(TEST_CONF)
    monkeypatch.setenv("SANE_CONFIG_DIR", str(folder))
    from scanning.backends import backend_by_name

    ok, why = backend_by_name("sane").is_usable()
    if not ok:
        pytest.skip(why)
    return "test:0"


def test_scan_a_component_with_progress(local_desk, sane_test):
    desk = local_desk()
    desk.session.settings.scanner = sane_test
    desk.ws("desk").intake_button.click()
    dlg = desk.window.dialog
    desk.qtbot.waitUntil(lambda: dlg.proc_list.count() > 0, timeout=10_000)
    dlg.proc_list.setCurrentRow(0)
    row = dlg.rows[0]
    dlg.scan(row)
    assert desk.window.job_bar.isVisible()  # progress and cancel while it scans
    desk.qtbot.waitUntil(lambda: bool(row.files) or len(desk.window.messages) > 1,
                         timeout=60_000)
    assert row.files, desk.window.messages
    data = desk.session.blobs.get(row.files[0].sha256)
    assert data.startswith(b"%PDF-") and row.handed.isChecked()
    assert os.environ["SANE_CONFIG_DIR"]
