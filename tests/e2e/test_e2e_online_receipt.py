"""Journey: an online dossier received inside its 60-minute clock (Art. 12.1.a)."""

from __future__ import annotations

from ui_harness import portal_dossier

from desk_app.domain import Status, Timeliness
from desk_app.workflow import Action


def test_online_dossier_received_inside_its_clock(desk_for, portal):
    desk = desk_for("motcua.phuvang")
    waiting = desk.ws("desk").lists["awaiting_receipt"]
    assert waiting.count() > 0
    now = desk.session.clock()
    d = desk.first(Status.SUBMITTED, complete=True,
                   test=lambda x: x.receipt_due_at is not None and now < x.receipt_due_at)
    offered = desk.offered(d.code, "desk")
    # the workflow's actions only: receive, refuse, supplement, withdraw… never approve
    assert "receive" in offered and "approve" not in offered
    after = desk.act(d.code, Action.RECEIVE, "desk")
    assert after.status is Status.RECEIVED
    row = desk.store.log_rows(d.code)[-1]
    assert row.action == "receive" and row.timeliness in (Timeliness.EARLY, Timeliness.ON_TIME)
    assert d.code not in waiting.model.codes()
    # a sync keeps what the officer was looking at: selection and scroll position
    others = waiting.model.codes()
    if others:
        waiting.select_code(others[-1])
    bar = waiting.view.verticalScrollBar()
    before = (waiting.selected_codes(), bar.value())
    desk.sync()
    assert (waiting.selected_codes(), bar.value()) == before
    assert desk.window.sync_status.state.unsent == 0
    on_portal = portal_dossier(portal.base_url, d.code)
    assert on_portal["dossier"]["status"] == "received"
