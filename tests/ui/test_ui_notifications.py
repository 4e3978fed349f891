"""A notification when a new online dossier arrives or a receipt clock is under 15 minutes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from desk_app.domain import Channel, Status
from desk_app.textfmt import VN_TZ


def test_new_online_dossier_and_short_receipt_clock(local_desk):
    # a Monday morning: the receipt clock counts working minutes
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ)
    desk = local_desk(clock=lambda: monday)
    w = desk.window
    w.tick()
    desk.wait_idle()
    before = len(w.notifications)
    template = desk.dossier(desk.store.dossier_summaries(desk.session.agency_id,
                                                         (Status.SUBMITTED,))[0].code)
    now = desk.session.clock()
    new = replace(template, code="000.00.22.H57-261130-0999", channel=Channel.ONLINE,
                  submitted_at=now - timedelta(minutes=50),
                  receipt_due_at=now + timedelta(minutes=10))
    desk.store.put_dossier(new)  # as a sync would bring it
    w.refresh_all()
    desk.qtbot.waitUntil(lambda: len(w.notifications) >= before + 2, timeout=10_000)
    news = " | ".join(w.notifications[before:])
    assert "Có hồ sơ trực tuyến mới: 000.00.22.H57-261130-0999" in news
    assert "còn 9 phút" in news or "còn 10 phút" in news
    assert new.code in desk.ws("desk").lists["awaiting_receipt"].model.codes()
