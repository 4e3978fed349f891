"""Screenshots of each workspace at 1366×768, offscreen; no clipped Vietnamese text.

Set DESK_SCREENSHOT_DIR to keep the pictures (to look at them)."""

from __future__ import annotations

import os
from pathlib import Path

from ui_harness import clipped_texts


def _shoot(widget, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DESK_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    assert widget.grab().save(str(target))
    return target


def test_each_workspace_fits_1366x768(desk_for, tmp_path):
    for user in ("motcua.phuvang", "chuyenvien.phuvang", "lanhdao.phuvang", "vanthu.phuvang",
                 "canbo.phuthuan"):
        desk = desk_for(user)
        w = desk.window
        w.resize(1366, 768)
        ws = w.current_workspace()
        wl = ws.current_list()
        if wl.count():
            desk.open(wl.model.summary(0).code)
        for tab in range(ws.view.tabs.count()):
            ws.view.tabs.setCurrentIndex(tab)
            desk.wait_idle()
            assert clipped_texts(w) == [], (user, tab)
            shot = _shoot(w, f"{user}-{tab}", tmp_path)
            assert shot.stat().st_size > 10_000
        desk.close()


def test_intake_dialog_fits(desk_for, tmp_path):
    desk = desk_for("motcua.phuvang")
    desk.ws("desk").intake_button.click()
    dlg = desk.window.dialog
    desk.qtbot.waitUntil(lambda: dlg.proc_list.count() > 0, timeout=10_000)
    dlg.proc_list.setCurrentRow(0)
    desk.wait_idle()
    _shoot(dlg, "intake", tmp_path)
    assert clipped_texts(dlg) == []


def test_login_lock_and_supplement_dialogs_fit(local_desk, tmp_path):
    from PySide6.QtCore import QRect

    from ui.forms import SupplementDialog
    from ui.login import LockPage, LoginDialog

    desk = local_desk()
    session = desk.session
    login = LoginDialog(session.link, list(desk.controller.known), "Mật khẩu thử: demo")
    lock = LockPage()
    lock.arm(session.officer, b"")
    lock.resize(1366, 768)
    d = desk.dossier(desk.store.dossier_summaries(session.agency_id)[0].code)
    from desk_app.domain import SupplementFault, SupplementStage
    from desk_app.workflow import NextSupplement

    supplement = SupplementDialog(d.components, NextSupplement(
        SupplementStage.RECEIPT, 3, SupplementFault.DESK))
    for name, dlg in (("login", login), ("lock", lock), ("supplement", supplement)):
        desk.qtbot.addWidget(dlg)
        dlg.show()
        dlg.setGeometry(QRect(0, 0, max(dlg.width(), dlg.sizeHint().width()),
                              max(dlg.height(), dlg.sizeHint().height())))
        desk.qtbot.waitExposed(dlg)
        _shoot(dlg, name, tmp_path)
        assert clipped_texts(dlg) == [], name


def test_every_dossier_shows_all_its_actions_uncut_at_1366x768(desk_for):
    """Whatever a dossier's state offers (a received one at a commune desk: eight actions
    and printouts), no button's text is cut: the secondary actions wrap below the primary.
    (Only the first dossier of the queue was looked at before, and a later state clipped.)"""
    for user in ("motcua.phuvang", "canbo.phuthuan"):
        desk = desk_for(user)
        w = desk.window
        w.resize(1366, 768)
        most = 0
        for ws in list(w.workspaces):
            for wl in ws.lists.values():
                for r in range(wl.count()):
                    desk.open(wl.model.summary(r).code)
                    view = w.current_workspace().view
                    view.tabs.setCurrentIndex(0)
                    desk.wait_idle()
                    assert clipped_texts(w) == [], (user, wl.model.summary(r).code)
                    most = max(most, len(view.action_buttons))
        assert most >= 8  # the crowded case was reached
        desk.close()
