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


def test_survey_fits_1366x768_and_skips_online_criteria_at_the_counter(local_desk):
    from PySide6.QtWidgets import QScrollArea

    from desk_app.domain import Channel
    from ui.survey import ONLINE_ONLY, SurveyWidget

    desk = local_desk()
    store, agency = desk.store, desk.session.agency_id
    for in_person in (True, False):
        widget = SurveyWidget(store, "000.00.22.H57-261130-0001", agency, "motcua",
                              in_person=in_person)
        desk.qtbot.addWidget(widget)
        widget.resize(1366, 768)
        widget.show()
        desk.qtbot.waitExposed(widget)
        keys = {k for k, _ in widget.criteria}
        assert ("attitude" in keys) and (not (keys & ONLINE_ONLY)) == in_person
        area = widget.findChild(QScrollArea)
        # every criterion, "attitude" included, is on screen without scrolling
        assert area.widget().sizeHint().height() <= area.viewport().height(), in_person
        widget.close()
    counter = next(s for s in store.dossier_summaries(agency) if s.channel is Channel.IN_PERSON)
    from ui.survey import survey_after_return

    shown = survey_after_return(store, counter.code, "motcua")
    assert shown is not None and not ({k for k, _ in shown.criteria} & ONLINE_ONLY)
    shown.close()


def test_reports_period_picker_and_charts_with_values(local_desk):
    desk = local_desk()
    w = desk.window
    w.open_reports()
    view = w.reports
    view.quick.setCurrentIndex(3)
    view._quick(3)  # "Báo cáo tháng (kỳ 15 – 14)"
    view.which.setCurrentIndex(10)
    view.which.activated.emit(10)  # tháng 11
    view.year.setValue(2026)
    assert view.period.text() == "BC-2026-11"
    assert "từ 15/10/2026 đến 14/11/2026" in view.span.text()
    assert "22/11/2026" in view.span.text()  # the statutory due date
    view.quick.setCurrentIndex(1)
    view._quick(1)
    view.which.setCurrentIndex(3)
    view.which.activated.emit(3)
    assert view.period.text() == "2026-Q4" and "31/12/2026" in view.span.text()
    with desk.qtbot.waitSignal(view.built, timeout=20_000):
        view.build()
    series = view.weekly_chart.chart_.series()
    assert series and all(s.isLabelsVisible() for s in series)  # values on the bars
    assert view.weekly_chart.chart_.series()[0].barSets()[0].label() == "Tiếp nhận"
    view.close()
