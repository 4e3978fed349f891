"""Work lists: deadline colours and counts; a sync never resets scroll or selection."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtGui import QColor

from desk_app.calendar import WorkCalendar
from desk_app.domain import Channel, Status
from desk_app.store import DossierSummary
from desk_app.textfmt import VN_TZ
from ui.models import (
    URGENCY_MARKS,
    URGENCY_ROLE,
    DossierListModel,
    Urgency,
    remaining_vi,
    urgency,
    working_left,
)
from ui.worklist import ListSpec, WorkList

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ)


def summary(n: int, due: datetime, status: Status = Status.IN_PROCESS) -> DossierSummary:
    return DossierSummary(f"000.00.22.H57-261130-{n:04d}", "1.001193", "000.00.22.H57", status,
                          None, 1, Channel.ONLINE, f"Nguyễn Văn {n}", NOW, None, due, "", False)


def test_urgency_bands():
    assert urgency(NOW - timedelta(minutes=1), NOW) is Urgency.LATE
    assert urgency(NOW + timedelta(minutes=14), NOW) is Urgency.SOON
    assert urgency(NOW + timedelta(minutes=59), NOW) is Urgency.HOUR
    assert urgency(NOW + timedelta(hours=5), NOW) is Urgency.LATER
    assert remaining_vi(NOW + timedelta(minutes=42), NOW) == "Còn 42 phút"
    assert remaining_vi(NOW - timedelta(hours=2), NOW) == "Quá 2 giờ 00 phút"


def test_urgency_tiers_count_working_time_not_wall_time(qtbot):
    """11:20 with a deadline at 13:40: 2 h 20 min on the wall clock, but only 20 working
    minutes (10 before the lunch break at 11:30, 10 after it ends at 13:30)."""
    cal = WorkCalendar.default()
    at = datetime(2026, 11, 30, 11, 20, tzinfo=VN_TZ)  # a Monday
    due = datetime(2026, 11, 30, 13, 40, tzinfo=VN_TZ)
    assert urgency(due, at, cal) is Urgency.HOUR
    assert urgency(due, at) is Urgency.LATER  # what a wall clock would have said
    assert remaining_vi(due, at, cal) == "Còn 20 phút"
    model = DossierListModel(clock=lambda: at, calendar=cal)
    model.set_rows([summary(1, due, Status.SUBMITTED),
                    summary(2, at + timedelta(minutes=5), Status.SUBMITTED),
                    summary(3, at - timedelta(minutes=1), Status.SUBMITTED),
                    summary(4, at + timedelta(days=3), Status.SUBMITTED)])
    # ordered by receipt deadline, each in its tier
    levels = [model.data(model.index(r, 0), URGENCY_ROLE) for r in range(4)]
    assert levels == [Urgency.LATE, Urgency.SOON, Urgency.HOUR, Urgency.LATER]
    assert model.data(model.index(2, model.REMAINING)) == "Còn 20 phút"
    assert model.data(model.index(0, model.REMAINING)).startswith("Quá")


def test_a_deadline_passed_after_hours_reads_late_not_zero_minutes_left(qtbot):
    """17:40 with a receipt deadline at 17:30 of a unit that closed at 17:00: no working
    minute has passed since, but the dossier is late (it read "Còn 0 phút" in the list,
    the countdown and the breach warning, whenever the desk was used after hours)."""
    cal = WorkCalendar.default()
    due = datetime(2026, 11, 30, 17, 30, tzinfo=VN_TZ)
    at = datetime(2026, 11, 30, 17, 40, tzinfo=VN_TZ)
    assert working_left(due, at, cal) < timedelta(0)
    assert urgency(due, at, cal) is Urgency.LATE
    assert remaining_vi(due, at, cal) == "Đã quá hạn"
    model = DossierListModel(clock=lambda: at, calendar=cal)
    model.set_rows([summary(1, due, Status.SUBMITTED)])
    assert model.data(model.index(0, model.REMAINING)) == "Đã quá hạn"
    # the next morning it is late by the working time since the session began
    morning = datetime(2026, 12, 1, 8, 10, tzinfo=VN_TZ)
    assert remaining_vi(due, morning, cal).startswith("Quá ")


def test_selected_overdue_row_still_shows_its_mark(qtbot):
    """The selection highlight covers the row's colour; the tier's mark stays visible."""
    wl = WorkList(ListSpec("x", "Danh sách"), lambda: {})
    wl.model.clock = lambda: NOW
    qtbot.addWidget(wl)
    wl.resize(900, 300)
    wl.show()
    qtbot.waitExposed(wl)
    wl.set_rows([summary(1, NOW - timedelta(minutes=30)), summary(2, NOW + timedelta(days=3))])
    assert wl.select_code(wl.model.codes()[0])
    wl.view.setFocus()
    image = wl.view.viewport().grab().toImage()
    rect = wl.view.visualRect(wl.model.index(0, 0))
    red = QColor(URGENCY_MARKS[Urgency.LATE][0])
    marked = [(x, y) for x in range(rect.left(), rect.left() + 40)
              for y in range(rect.top(), rect.bottom())
              if _near(QColor(image.pixel(x, y)), red)]
    assert len(marked) > 20, "no overdue mark on the selected row"
    # and the selection really is drawn over the row (the background colour is gone)
    assert wl.view.selectionModel().isRowSelected(0)


def _near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return (abs(a.red() - b.red()) + abs(a.green() - b.green())
            + abs(a.blue() - b.blue())) <= tolerance


def test_counts_and_colours(qtbot):
    model = DossierListModel(clock=lambda: NOW)
    model.set_rows([summary(1, NOW - timedelta(hours=1)), summary(2, NOW + timedelta(minutes=30)),
                    summary(3, NOW + timedelta(days=3))])
    assert model.counts()[Urgency.LATE] == 1 and model.counts()[Urgency.HOUR] == 1
    # deadline order: the late one first
    assert model.codes()[0].endswith("0001")
    assert model.data(model.index(0, 4)).startswith("Quá")


def test_sync_keeps_scroll_and_selection(qtbot):
    rows = [summary(n, NOW + timedelta(minutes=10 * n)) for n in range(1, 3001)]
    wl = WorkList(ListSpec("x", "Danh sách"), lambda: {})
    wl.model.clock = lambda: NOW
    qtbot.addWidget(wl)
    wl.resize(900, 500)
    wl.show()
    wl.set_rows(rows)
    chosen = rows[1500].code
    assert wl.select_code(chosen)
    bar = wl.view.verticalScrollBar()
    bar.setValue(bar.value() + 37)
    before = bar.value()
    # a sync brings: two dossiers left (above and below), one new, one changed in place
    gone = {rows[10].code, rows[2000].code}
    fresh = [r for r in rows if r.code not in gone]
    fresh[1498] = replace(fresh[1498], applicant_name="Trần Thị Mới")
    fresh.append(summary(5000, NOW + timedelta(days=400)))
    wl.set_rows(fresh)
    assert wl.selected_codes() == [chosen]
    assert bar.value() == before
    assert wl.count() == 2999
    assert wl.model.summary(1498).applicant_name == "Trần Thị Mới"


def test_the_open_dossier_counts_to_the_new_appointment_like_the_list():
    """After an apology letter (form 04) the list counted to the new appointment and the
    open dossier to the old due date: 'còn 3 ngày' in one, 'quá 2 ngày' in the other."""
    from types import SimpleNamespace

    from ui.models import deadline_of

    old, new = NOW - timedelta(days=2), NOW + timedelta(days=3)
    dossier = SimpleNamespace(status=Status.IN_PROCESS, receipt_due_at=None, due_at=old,
                              effective_due_at=new)
    row = summary(1, new)  # the store keeps the appointment in force in the row
    assert deadline_of(dossier) == deadline_of(row) == new
