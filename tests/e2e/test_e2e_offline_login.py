"""Art. 15, 18.6: the portal is down in the morning; the officer who worked here before
logs in offline, takes a paper dossier in, and it reaches the portal once it is back."""

from __future__ import annotations

from journeys import paper_intake
from ui_harness import open_desk, portal_dossier

from desk_app.domain import Status


def test_offline_login_and_intake_reach_the_portal(qtbot, portal, tmp_path):
    data = tmp_path / "counter"
    first = open_desk(qtbot, portal.base_url, "motcua.phuvang", data)
    first.close()
    portal.stop()
    desk = open_desk(qtbot, portal.base_url, "motcua.phuvang", data, wait_sync=False)
    try:
        assert desk.window.sync_status.state.status == "offline"
        code = paper_intake(desk, tmp_path)
        assert desk.dossier(code).status is Status.RECEIVED
        portal.start()
        desk.sync()
        assert desk.window.sync_status.state.unsent == 0
        assert portal_dossier(portal.base_url, code)["dossier"]["status"] == "received"
    finally:
        desk.close()


def test_wrong_password_offline_is_refused(qtbot, portal, tmp_path):
    data = tmp_path / "counter"
    open_desk(qtbot, portal.base_url, "motcua.phuvang", data).close()
    portal.stop()
    from ui.app import Controller, open_session
    from ui.portal import SyncLink
    from ui.settings import Settings

    session = open_session(data, SyncLink(portal.base_url), Settings(portal_url=portal.base_url))
    controller = Controller(session)
    login = controller.show_login()
    controller.log_in_as("motcua.phuvang", "sai-mat-khau")
    qtbot.waitUntil(lambda: login.button.isEnabled(), timeout=30_000)
    assert controller.window is None
    assert "Cổng" in login.error.text()
    login.close()
    session.store.close()
    portal.start()
