"""Every figure of the November report of the hand-counted history (reports_history)."""

from __future__ import annotations

from datetime import date

import pytest
from reports_history import NOVEMBER, P1, P2, vn

from desk_app.reports import build_report, periods
from desk_app.reports.model import Counts, report_from_dict


def test_every_total_of_november(november):
    t = november.totals
    assert {k: t.value(k) for k in NOVEMBER} == NOVEMBER
    assert (t.received, t.to_handle, t.resolved, t.in_progress) == (7, 10, 4, 4)
    # The balance: what there was to handle is resolved, closed or still in progress.
    assert t.to_handle == t.resolved + t.closed_without_result + t.in_progress
    assert t.on_time_share == pytest.approx(0.5)
    assert t.online_share == pytest.approx(2 / 7)
    assert t.digitised_share == pytest.approx(2 / 5)
    assert t.online_payment_share == pytest.approx(2 / 5)
    assert t.electronic_result_share == pytest.approx(1.0)  # every result is signed now


def test_per_procedure_and_per_field(november):
    rows = {r.key: r for r in november.by_procedure}
    assert set(rows) == {P1, P2}
    p1, p2 = rows[P1].counts, rows[P2].counts
    assert rows[P1].name == "Đăng ký khai sinh"
    assert (p1.carried_over, p1.received_online, p1.received_in_person, p1.received_post) == \
        (2, 1, 2, 1)
    assert (p1.resolved_early, p1.resolved_on_time, p1.resolved_late) == (1, 1, 0)
    assert (p1.in_progress_on_time, p1.in_progress_overdue, p1.waiting_supplement) == (0, 2, 1)
    assert (p1.supplement_requests, p1.refused, p1.withdrawn, p1.stopped, p1.returned) == \
        (3, 1, 0, 1, 2)
    assert (p2.carried_over, p2.received_online, p2.received_in_person, p2.received_post) == \
        (1, 1, 2, 0)
    assert (p2.resolved_early, p2.resolved_on_time, p2.resolved_late) == (0, 0, 2)
    assert (p2.in_progress_on_time, p2.in_progress_overdue, p2.waiting_supplement) == (1, 0, 0)
    assert (p2.supplement_requests, p2.refused, p2.withdrawn, p2.stopped, p2.returned) == \
        (0, 0, 1, 0, 2)
    fields = {r.key: r.counts for r in november.by_field}
    assert fields == {"Hộ tịch": p1, "Xây dựng": p2}


def test_late_list_with_apologies(history, november):
    c = history.codes
    late = {x.code: x for x in november.late}
    assert [x.code for x in november.late] == [c["M"], c["C"], c["J"], c["G"]]  # by deadline
    assert late[c["M"]].finished_at is None and late[c["M"]].apologies == []
    assert late[c["C"]].finished_at.startswith("2026-11-05T09:00")
    assert [a.number for a in late[c["C"]].apologies] == ["01/PXL"]
    assert late[c["J"]].apologies[0].reason == "Chờ ý kiến cơ quan phối hợp"
    assert late[c["G"]].finished_at is None
    assert late[c["G"]].apologies[0].new_due_at.startswith("2026-12-03T17:00")
    assert late[c["C"]].procedure_name == "Cấp giấy phép xây dựng nhà ở riêng lẻ"


def test_weekly_series(november):
    assert [(w.week_start, w.received, w.resolved) for w in november.weekly] == [
        (date(2026, 11, 2), 2, 3),  # D, E received; B, C, D sealed
        (date(2026, 11, 9), 2, 0),  # J, K
        (date(2026, 11, 16), 1, 1),  # G; J sealed
        (date(2026, 11, 23), 2, 0),  # I, H
    ]


def test_survey_part_and_leader_only_per_officer(history, november):
    s = november.survey
    assert s["answers"] == 2  # the October answer is not in November
    crit = {c["key"]: c for c in s["criteria"]}
    assert crit["guidance"]["average"] == 4.0 and crit["guidance"]["count"] == 2
    assert crit["attitude"]["average"] == 3.0
    assert crit["attitude"]["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0}
    assert crit["forms"]["average"] == 5.0 and crit["forms"]["count"] == 1
    assert s["comments"] == ["<b>Chờ lâu</b> quá"]
    assert set(s["per_officer"]) == {"desk.hoa", "spec.lan"}
    officer_view = build_report(history.store, history.unit.agency_id, periods.month(2026, 11),
                                as_of=vn(2026, 12, 5, 12))
    assert officer_view.survey["per_officer"] is None


def test_other_periods(history):
    a = history.unit.agency_id
    october = build_report(history.store, a, periods.month(2026, 10), as_of=vn(2026, 12, 5))
    t = october.totals
    # Oct: M carried; A, B, C received; A resolved early (23/10, due 27/10).
    assert (t.carried_over, t.received, t.resolved_early, t.resolved) == (1, 3, 1, 1)
    assert (t.in_progress_overdue, t.in_progress_on_time) == (1, 2)  # M; B, C
    year = build_report(history.store, a, periods.year(2026), as_of=vn(2026, 12, 5))
    assert year.totals.received == 13 - 1  # all but F (never received)
    assert year.totals.resolved == 6  # A, B, C, D, J, M
    # As of 30/11 noon, a November report counts overdue against that moment.
    early = build_report(history.store, a, periods.month(2026, 11), as_of=vn(2026, 11, 30, 12))
    assert early.totals.in_progress_overdue == 2
    q4 = build_report(history.store, a, periods.parse("2026-Q4"), as_of=vn(2026, 12, 5))
    assert q4.totals.carried_over == 1 and q4.totals.received == 11  # M was September's


def test_report_round_trips_through_json(november):
    again = report_from_dict(november.to_dict())
    assert again.totals == november.totals
    assert again.late == november.late and again.weekly == november.weekly
    assert again.to_dict() == november.to_dict()
    assert Counts.from_dict(november.totals.to_dict()) == november.totals
