"""The access log on screen: opening a dossier is recorded; only the leader reads it."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton


def _switch_to(desk, username: str) -> None:
    w = desk.window
    w.lock()
    w.lock_dialog.findChild(QPushButton, "switch_officer").click()
    desk.controller.log_in_as(username, "demo")
    desk.qtbot.waitUntil(lambda: desk.session.officer is not None
                         and desk.session.officer.username == username, timeout=10_000)
    desk.wait_idle()


def test_leader_reads_who_opened_a_dossier(local_desk):
    desk = local_desk()
    w = desk.window
    assert not w.access_log_action.isVisible()  # a desk officer has no such entry
    code = desk.store.dossier_summaries(desk.session.agency_id)[0].code
    desk.open(code)

    _switch_to(desk, "lanhdao")
    assert w.access_log_action.isVisible()
    w.access_log_action.trigger()
    dialog = w.access_log_dialog
    desk.qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]
    opened = [r for r in rows if r[2] == code]
    assert opened and "motcua" in opened[-1][1] and "Trần Thị Lệ Thủy" in opened[-1][1]
    assert opened[-1][3] == "Xem hồ sơ"
    dialog.filter.setText("không-có-mã-này")
    dialog.reload()
    assert dialog.table.rowCount() == 0
    dialog.close()


def test_the_dialog_refuses_anyone_but_the_leader(local_desk):
    from ui.access_log_view import AccessLogDialog

    desk = local_desk()
    dialog = AccessLogDialog(desk.session)
    assert dialog.table.rowCount() == 0
    assert "Chỉ lãnh đạo" in dialog.note.text()
    dialog.deleteLater()
