"""Workspaces by role against the portal: the commune officer receives and processes in
one step; the clerk's outgoing register; conflicts shown both ways and settled."""

from __future__ import annotations

from ui_harness import portal_dossier

from desk_app.domain import Status, Step
from desk_app.workflow import Action


def test_commune_officer_receives_and_processes_in_one_step(desk_for):
    desk = desk_for("canbo.phuthuan")
    assert [ws.key for ws in desk.window.workspaces] == ["commune", "linked"]
    ws = desk.ws("commune")
    assert set(ws.lists) == {"awaiting_receipt", "processing", "supplement", "to_return"}
    d = desk.first(Status.SUBMITTED, complete=True)
    after = desk.act(d.code, Action.RECEIVE, "commune")
    assert after.status is Status.IN_PROCESS and after.step is Step.PROCESSING
    assert after.assigned_to == "canbo.phuthuan"
    desk.qtbot.waitUntil(lambda: d.code in ws.lists["processing"].model.codes(), timeout=10_000)
    offered = desk.offered(d.code, "commune")
    assert "submit_draft" in offered and "approve" not in offered


def test_conflict_shows_both_versions_and_the_officer_chooses(desk_for, portal, tmp_path):
    first = desk_for("motcua.phuvang")
    # the same officer's second desk (another counter), synced before the first acts
    from ui_harness import open_desk

    second = open_desk(first.qtbot, portal.base_url, "motcua.phuvang", tmp_path / "second")
    try:
        d = first.first(Status.SUBMITTED, complete=True)
        first.act(d.code, Action.RECEIVE, "desk")
        first.sync()
        second.window.sync_timer.stop()
        second.act(d.code, Action.REFUSE, "desk",
                   fill=lambda dlg: dlg.reason.setPlainText("Hồ sơ không hợp lệ"))
        second.sync()
        state = second.window.sync_status.state
        assert state.conflicts == 1
        assert second.window.sync_status.conflicts.isVisible()
        second.window.sync_status.conflicts.click()
        panel = second.window.dialog
        second.qtbot.waitUntil(lambda: panel.items.count() == 1, timeout=10_000)
        assert "Từ chối tiếp nhận" in panel.mine.toPlainText()
        assert "Đã tiếp nhận" in panel.theirs.toPlainText()
        # plain Vietnamese: no raw data, no English action words, no version numbers
        both = panel.mine.toPlainText() + panel.theirs.toPlainText()
        assert not any(t in both for t in ("{", "receive", "refuse", "phiên bản", "version"))
        assert "Hồ sơ không hợp lệ" in both and "Phan Thị Ngọc Ánh" in both  # reason, person
        assert panel.take_theirs.isDefault() and not panel.keep_mine.isDefault()
        assert second.window.alert.isVisible()  # and the window says so until seen
        panel.take_theirs.click()
        second.qtbot.waitUntil(lambda: panel.items.count() == 0, timeout=10_000)
        second.sync()
        assert second.dossier(d.code).status is Status.RECEIVED
        assert portal_dossier(portal.base_url, d.code)["dossier"]["status"] == "received"
    finally:
        second.close()
