"""Work lists: deadline colours and counts; a sync never resets scroll or selection."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from desk_app.domain import Channel, Status
from desk_app.store import DossierSummary
from desk_app.textfmt import VN_TZ
from ui.models import DossierListModel, Urgency, remaining_vi, urgency
from ui.worklist import ListSpec, WorkList

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ)


def summary(n: int, due: datetime, status: Status = Status.IN_PROCESS) -> DossierSummary:
    return DossierSummary(f"000.00.22.H57-261130-{n:04d}", "1.001193", "000.00.22.H57", status,
                          None, 1, Channel.ONLINE, f"Nguyễn Văn {n}", NOW, None, due, "", False)


def test_urgency_bands():
    assert urgency(NOW - timedelta(minutes=1), NOW) is Urgency.LATE
    assert urgency(NOW + timedelta(minutes=59), NOW) is Urgency.HOUR
    assert urgency(NOW + timedelta(hours=5), NOW) is Urgency.DAY
    assert urgency(NOW + timedelta(days=2), NOW) is Urgency.ON_TIME
    assert remaining_vi(NOW + timedelta(minutes=42), NOW) == "Còn 42 phút"
    assert remaining_vi(NOW - timedelta(hours=2), NOW) == "Quá 2 giờ 00 phút"


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
