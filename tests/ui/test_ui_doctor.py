"""The Settings page "Kiểm tra máy": the doctor's results against the real portal stub,
and "Kiểm tra lại" after the portal address is changed to one that does not answer."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt

from ui.settings import Settings, SettingsDialog


@pytest.fixture
def bare_portal():
    from server_stub.testing import run_portal

    with run_portal(seed=None) as running:
        yield running


def _closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as s:
        return s.getsockname()[1]


def test_doctor_page_shows_checks_and_rechecks(qtbot, tmp_path, monkeypatch, bare_portal):
    monkeypatch.setenv("DESK_APP_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("DESK_APP_DATA_DIR", str(tmp_path / "data"))
    dlg = SettingsDialog(Settings(portal_url=bare_portal.base_url))
    qtbot.addWidget(dlg)
    dlg.show()
    page = dlg.doctor_page
    assert not page.results  # nothing runs until the page is opened
    dlg.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: bool(page.results) and not page.running, timeout=60_000)
    tree = page.tree
    rows = {tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): tree.topLevelItem(i)
            for i in range(tree.topLevelItemCount())}
    assert set(rows) == {"portal", "clock", "pkcs11", "scanners", "printers", "disk",
                         "keyring", "fonts"}
    assert rows["portal"].text(0) == "ĐẠT"
    assert rows["portal"].text(1) == "Cổng dịch vụ công"
    assert rows["clock"].text(0) == "ĐẠT"
    assert "khớp" in rows["clock"].text(2)
    assert page.verdict.text() and page.again.isEnabled()

    # The officer types another address and checks again, before saving.
    dlg.edits["portal_url"].setText(f"http://127.0.0.1:{_closed_port()}")
    with qtbot.waitSignal(page.finished, timeout=60_000) as done:
        qtbot.mouseClick(page.again, Qt.MouseButton.LeftButton)
    assert done.args == [2]
    assert page.result("portal").status == "fail"
    assert "Có lỗi cản trở công việc" in page.verdict.text()
    portal_row = next(page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())
                      if page.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                      == "portal")
    assert portal_row.text(0) == "LỖI"
    assert "Không kết nối được" in portal_row.text(2)
    assert not Settings.path().exists()  # checking saves nothing
