"""A desk wiped by the administrator: the window closes and says why; nothing stays."""

from __future__ import annotations

import requests

from desk_app.protocol import API_PREFIX
from sync import wipe


def _order_wipe(base_url: str, agency_id: str, desk_id: str) -> None:
    api = base_url.rstrip("/") + API_PREFIX
    token = requests.post(api + "/auth/token", timeout=10, json={
        "username": "vanphong.tinh", "password": "demo"}).json()["access_token"]
    resp = requests.post(api + "/admin/wipes", timeout=10,
                         headers={"Authorization": f"Bearer {token}"},
                         json={"agency_id": agency_id, "desk_id": desk_id,
                               "reason": "Máy bị mất"})
    assert resp.status_code == 201, resp.text


def test_the_window_closes_when_the_desk_is_wiped(desk_for, portal):
    desk = desk_for("motcua.phuvang")
    desk.sync()
    w = desk.window
    desk_id, _ = wipe.desk_identity(desk.store)
    _order_wipe(portal.base_url, desk.session.officer.unit_id, desk_id)

    desk.wait_idle()
    w.sync_now()
    desk.qtbot.waitUntil(lambda: getattr(w, "wiped_notice", None) is not None, timeout=30_000)
    assert not w.isVisible()  # no citizen's data left on screen
    notice = w.wiped_notice
    assert notice.isVisible() and "đã được xóa theo lệnh" in notice.text()
    assert not (desk.data / "desk.sqlite3").exists()
    assert not any(p.is_file() for p in (desk.data / "blobs").rglob("*"))
    notice.hide()
