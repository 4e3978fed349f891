"""One clock for desk and portal (issue 11.6): a unit's session hours live on its record on
the portal, reach the desk through the feed, and both sides compute the same deadlines."""

from __future__ import annotations

from datetime import datetime

from sync_helpers import intake, password, portal_record

from desk_app.domain import TimeUnit

COMMUNE_OFFICER = "canbo.phuthuan"  # receives and processes; the unit keeps 07:30-17:00


def test_a_unit_with_its_own_hours_gets_the_same_deadline_on_desk_and_portal(portal,
                                                                             make_desk):
    desk = make_desk(portal.base_url, "commune")
    officer = desk.client.login(COMMUNE_OFFICER, password())
    assert desk.engine.sync_once().ok
    unit = desk.store.get_unit(officer.unit_id)
    assert unit.sessions == ("07:30-11:30", "13:30-17:00")  # from the portal's record
    codes = intake(desk, officer, 3)  # received at the counter, deadlines set on the desk
    local = {c: desk.store.get_dossier(c) for c in codes}
    assert desk.engine.sync_once().ok
    for code, mine in local.items():
        theirs = portal_record(desk.client, code)["dossier"]
        # The portal judged the same commands with the same calendar: same deadlines.
        assert datetime.fromisoformat(theirs["due_at"]) == mine.due_at, code
    # and they are the unit's own: a working day of 7.5 hours from 07:30.
    from desk_app.services import DeskService

    cal = DeskService(desk.store, officer).calendar(officer.unit_id)
    assert cal.working_day.total_seconds() == 7.5 * 3600
    d = local[codes[0]]
    proc = desk.store.get_procedure(d.procedure_code, d.agency_id)
    if proc.time_limit.unit is TimeUnit.WORKING_DAYS:
        assert d.due_at == cal.add_limit(d.received_at, proc.time_limit)


def test_the_receipt_register_numbers_form_01_from_a_leased_block(portal, make_desk):
    from desk_app.store import RECEIPT_LEASE

    desk = make_desk(portal.base_url, "receipts")
    officer = desk.client.login(COMMUNE_OFFICER, password())
    assert desk.engine.sync_once().ok  # tops up the receipt register's block too
    year = str(datetime.now().year)
    assert desk.store.numbers_left(RECEIPT_LEASE, officer.unit_id, year) > 0
    first, second = intake(desk, officer, 2)
    a, b = desk.store.get_dossier(first), desk.store.get_dossier(second)
    assert a.receipt_line and b.receipt_line == a.receipt_line + 1
    assert a.receipt_number == f"{a.receipt_line}/TNHS" and a.receipt_book == year
    assert desk.engine.sync_once().ok
    theirs = portal_record(desk.client, first)["dossier"]
    assert (theirs["receipt_number"], theirs["receipt_line"]) == (a.receipt_number,
                                                                  a.receipt_line)


def test_actions_are_stamped_with_portal_time_and_keep_the_local_reading(portal, make_desk):
    from datetime import timedelta

    from desk_app.calendar import now_vn
    from desk_app.portal_clock import PortalClock
    from desk_app.services import DeskService

    desk = make_desk(portal.base_url, "clocked")
    officer = desk.client.login(COMMUNE_OFFICER, password())
    assert desk.engine.sync_once().ok
    clock = PortalClock(local=lambda: now_vn() - timedelta(minutes=3))  # a slow desk clock
    clock._offset = timedelta(minutes=3)  # as learnt from the portal's Date header
    (code,) = intake(desk, officer, 1, receive=False)
    svc = DeskService(desk.store, officer, clock=clock)
    svc.receive(code)
    queued = desk.store.outbox()[-1]
    assert queued.action == "receive" and queued.local_acted_at is not None
    assert queued.acted_at - queued.local_acted_at == timedelta(minutes=3)
    assert desk.engine.sync_once().ok
    row = portal_record(desk.client, code)["log"][-1]
    assert row["action"] == "receive"
    assert datetime.fromisoformat(row["handed_at"]) == queued.acted_at  # corrected time
    assert datetime.fromisoformat(row["local_at"]) == queued.local_acted_at  # kept beside
