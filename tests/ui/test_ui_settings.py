"""Settings: per-user storage and clear Vietnamese validation messages."""

from __future__ import annotations

from ui.settings import Settings, SettingsDialog


def test_validation_messages_and_save(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("DESK_APP_CONFIG_DIR", str(tmp_path / "cfg"))
    dlg = SettingsDialog(Settings())
    qtbot.addWidget(dlg)
    dlg.edits["portal_url"].setText("dichvucong")
    dlg.edits["morning"].setText("11:30-07:00")
    dlg.edits["token_library"].setText("/khong/co/vnptca_p11_v8.so")
    dlg.try_accept()
    assert "https://" in dlg.errors["portal_url"].text()
    assert "trước giờ kết thúc" in dlg.errors["morning"].text()
    assert "Không tìm thấy" in dlg.errors["token_library"].text()
    assert not Settings.path().exists()
    dlg.edits["portal_url"].setText("https://dichvucong.thuathienhue.gov.vn")
    dlg.edits["morning"].setText("07:00-11:30")
    dlg.edits["token_library"].setText("")
    dlg.edits["scanner"].setText("test:0")
    dlg.try_accept()
    assert Settings.load().scanner == "test:0"


def test_plain_http_only_for_this_machine():
    assert Settings(portal_url="http://127.0.0.1:8000").validate() == {}
    assert "portal_url" in Settings(portal_url="http://portal.example.vn").validate()


def test_portal_address_can_be_set_before_login(qtbot, tmp_path, monkeypatch):
    from ui.app import Controller, open_session
    from ui.portal import SyncLink

    monkeypatch.setenv("DESK_APP_CONFIG_DIR", str(tmp_path / "cfg"))
    settings = Settings(portal_url="https://dichvucong.thuathienhue.gov.vn")
    session = open_session(tmp_path / "data", SyncLink(settings.portal_url), settings)
    controller = Controller(session)
    login = controller.show_login()
    qtbot.addWidget(login)
    login.findChild(type(login.button), "login_settings").click()
    dlg = controller.settings_dialog
    dlg.edits["portal_url"].setText("http://127.0.0.1:8765")
    dlg.try_accept()
    assert session.link.base_url == "http://127.0.0.1:8765"
    assert "127.0.0.1:8765" in login.where.text()
    session.store.close()


def test_devices_present_are_listed_and_each_can_be_tested(qtbot, tmp_path, monkeypatch):
    """A real TCP listener as the receipt printer, SoftHSM2 as the token (when installed):
    Settings lists what is there and the test button says what happened."""
    import shutil
    import socket
    import threading

    from ui.settings import Settings, SettingsDialog

    monkeypatch.setenv("DESK_APP_CONFIG_DIR", str(tmp_path / "config"))
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    received = bytearray()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)

    threading.Thread(target=serve, daemon=True).start()
    module = ""
    from signing.softhsm import SoftHsm, make_test_pki, softhsm_module

    if shutil.which("softhsm2-util") and softhsm_module() is not None:
        hsm = SoftHsm(tmp_path / "tokens")
        hsm.create_token("LANH DAO", "123456", make_test_pki().leader)
        hsm.activate()
        module = str(hsm.module)
    dlg = SettingsDialog(Settings(portal_url="http://127.0.0.1", token_library=module,
                                  receipt_output_dir=str(tmp_path / "printed")))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: hasattr(dlg, "devices_found"), timeout=30_000)
    dlg.edits["receipt_printer"].setText(f"tcp://127.0.0.1:{server.getsockname()[1]}")
    dlg.test_device("receipt_printer")
    result = dlg.results["receipt_printer"]
    qtbot.waitUntil(lambda: result.text() not in ("", "Đang thử…"), timeout=20_000)
    assert "Đã gửi trang in thử" in result.text(), result.text()
    qtbot.waitUntil(lambda: b"\x1b@" in received, timeout=10_000)
    dlg.edits["a4_printer"].setText("")
    dlg.test_device("a4_printer")
    qtbot.waitUntil(lambda: "Trang in thử" in dlg.results["a4_printer"].text(), timeout=20_000)
    assert (tmp_path / "printed" / "trang-in-thu.pdf").exists()
    if module:
        combo = dlg.found["token_library"]
        assert any(combo.itemData(i) == module for i in range(combo.count()))
        assert "LANH DAO" in " ".join(combo.itemText(i) for i in range(combo.count()))
        dlg.test_device("token_library")
        said = dlg.results["token_library"]
        qtbot.waitUntil(lambda: said.text() not in ("", "Đang thử…"), timeout=20_000)
        assert "LANH DAO" in said.text() and "hết hạn" in said.text(), said.text()
    dlg.edits["scanner"].setText("khong-co:0")
    dlg.test_device("scanner")
    qtbot.waitUntil(lambda: "máy quét" in dlg.results["scanner"].text().lower(),
                    timeout=20_000)
    assert "Không thấy máy quét" in dlg.results["scanner"].text()
    server.close()
