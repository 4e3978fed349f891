"""The unit's report window and the satisfaction survey after a counter return open from
the main window (their widgets belong to the reports work; here: the wiring)."""

from __future__ import annotations

from desk_app.domain import ResultDelivery, Status
from desk_app.workflow import Action


def test_reports_window_opens(local_desk):
    desk = local_desk("lanhdao")
    desk.window.open_reports()
    assert desk.window.reports.isVisible()
    desk.window.reports.close()


def test_return_at_counter_offers_the_survey(local_desk):
    desk = local_desk(dossiers=120)
    now = desk.session.clock()
    d = next(desk.dossier(s.code) for s in desk.store.dossier_summaries(
        desk.session.agency_id, (Status.DONE,))
        if desk.dossier(s.code).result_delivery is ResultDelivery.COUNTER and s.due_at > now)
    after = desk.act(d.code, Action.RETURN_AT_COUNTER, "desk")
    assert after.status is Status.RETURNED
    desk.qtbot.waitUntil(lambda: getattr(desk.window, "survey", None) is not None,
                         timeout=10_000)
    assert desk.window.survey.dossier_code == d.code
    desk.window.survey.close()
