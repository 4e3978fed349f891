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
