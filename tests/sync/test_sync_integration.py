"""The sync engine against the real portal on a loopback port (SQLite; PostgreSQL when
DESK_TEST_PG_URL is set)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sync_helpers import (
    DISTRICT_DESK,
    intake,
    new_appointment,
    password,
    portal_record,
    service,
)
from sync_proxy import FaultyProxy

from desk_app.calendar import WorkCalendar, now_vn
from desk_app.domain import Status
from desk_app.store import DOSSIER_LEASE, REGISTER_LEASE
from sync import logsafe
from sync.client import PortalClient
from sync.errors import AuthError, OfflineLimitReached, SyncError
from sync.state import OfflineLimits


def test_login_keeps_refresh_credential_in_keyring_and_resumes(portal, memory_keyring):
    client = PortalClient(portal.base_url, keyring_service="desk-app-itest")
    with pytest.raises(AuthError) as bad:
        client.login(DISTRICT_DESK, "wrong password")
    assert bad.value.vi and "mật khẩu" in bad.value.vi.lower()

    officer = client.login(DISTRICT_DESK, password())
    assert officer.username == DISTRICT_DESK and client.unit is not None
    assert client.unit.agency_id == officer.unit_id
    stored = memory_keyring.items[("desk-app-itest", DISTRICT_DESK)]
    assert stored and stored != password()

    again = PortalClient(portal.base_url, keyring_service="desk-app-itest")
    assert again.resume(DISTRICT_DESK) == officer and again.online_login
    assert again.changes(0, 5)["changes"]
    # The refresh credential rotates: the keyring holds the new one.
    assert memory_keyring.items[("desk-app-itest", DISTRICT_DESK)] != stored

    # Portal down: the keyring profile lets the officer work on offline.
    portal.stop()
    offline = PortalClient(portal.base_url, keyring_service="desk-app-itest", retries=0)
    assert offline.resume(DISTRICT_DESK) == officer and not offline.online_login
    portal.start()

    again.logout()
    assert ("desk-app-itest", DISTRICT_DESK) not in memory_keyring.items
    assert PortalClient(portal.base_url, keyring_service="desk-app-itest").resume(
        DISTRICT_DESK) is None


def test_first_sync_mirrors_the_unit_and_leases_numbers(demo_portal, make_desk):
    portal = demo_portal
    desk = make_desk(portal.base_url)
    officer = desk.client.login(DISTRICT_DESK, password())
    seen: list[tuple[str, int, int]] = []
    report = desk.engine.sync_once(progress=lambda *a: seen.append(a))
    assert report.ok, report.error_vi
    state = desk.engine.state()
    assert state.status == "online" and state.unsent == 0 and state.last_success_at
    assert desk.store.get_unit(officer.unit_id) is not None
    assert desk.store.procedures(officer.unit_id)
    assert desk.store.calendar_overrides()
    demo = desk.store.dossier_summaries(officer.unit_id)
    assert demo and not any(d.provisional for d in demo)
    first = desk.store.get_dossier(demo[0].code)
    assert len(desk.store.log_rows(first.code)) >= 1
    assert any(phase == "pull" for phase, *_ in seen)
    today = now_vn()
    assert desk.store.numbers_left(DOSSIER_LEASE, officer.unit_id,
                                   today.strftime("%y%m%d")) >= 20
    assert desk.store.numbers_left(REGISTER_LEASE, officer.unit_id, str(today.year)) >= 20
    # …and for the next three working days, so intake goes on offline tomorrow.
    calendar = WorkCalendar.default(desk.store.calendar_overrides())
    day = today.date()
    for _ in range(3):
        day = calendar.next_working_day(day + timedelta(days=1))
        assert desk.store.numbers_left(DOSSIER_LEASE, officer.unit_id,
                                       day.strftime("%y%m%d")) >= 20, day
    # A second round has nothing to do and leases nothing new.
    again = desk.engine.sync_once()
    assert again.ok and again.pulled == 0 and again.leased == 0
    desk.engine.work_gate()


def test_offline_intake_is_pushed_with_blobs_and_replaced_by_the_portal_record(
        portal, make_desk):
    desk = make_desk(portal.base_url, retries=0)
    officer = desk.client.login(DISTRICT_DESK, password())
    assert desk.engine.sync_once().ok

    portal.stop()
    codes = intake(desk, officer, 3)
    local = desk.store.get_dossier(codes[0])
    assert local.provisional and local.status is Status.RECEIVED
    report = desk.engine.sync_once()
    state = desk.engine.state()
    assert not report.ok and state.status == "offline"
    assert state.unsent == 6  # submit + receive each
    assert "6 thao tác chưa gửi" in state.message_vi

    portal.start()
    report = desk.engine.sync_once()
    assert report.ok, report.error_vi
    assert (report.applied, report.conflicts, report.rejected) == (6, 0, 0)
    assert report.blobs_uploaded == sum(
        len(c.files) for code in codes for c in desk.store.get_dossier(code).components)
    assert desk.engine.state().unsent == 0
    for code in codes:
        mine = desk.store.get_dossier(code)
        theirs = portal_record(desk.client, code)
        assert not mine.provisional and mine.version == theirs["dossier"]["version"] == 2
        assert mine.status is Status.RECEIVED
        assert [r.action for r in desk.store.log_rows(code)] == ["submit", "receive"]
        for comp in mine.components:
            for f in comp.files:
                assert desk.client.download_blob(f.sha256) == desk.blobs.get(f.sha256)

    # A survey answer given at the counter goes up with the next round (Art. 8).
    from desk_app.reports.survey import SurveyAnswer, save_answer, unsent_answers

    save_answer(desk.store, SurveyAnswer(codes[0], officer.unit_id, officer.username,
                                         now_vn(), {"guidance": 5}))
    assert desk.engine.sync_once().surveys == 1 and unsent_answers(desk.store) == []

    # Another desk of the unit sees them on its first sync.
    other = make_desk(portal.base_url, "other")
    other.client.login(DISTRICT_DESK, password())
    assert other.engine.sync_once().ok
    assert {c for c in codes if other.store.get_dossier(c)} == set(codes)
    with other.store.transaction() as conn:  # and the survey answer, for its reports
        assert conn.execute("SELECT dossier_code, sent FROM survey_answers").fetchall() == [
            (codes[0], 1)]


def test_two_desks_on_one_dossier_exactly_one_wins(portal, make_desk):
    # Desk B reaches the portal through a line that can be cut.
    with FaultyProxy(portal.base_url, drop=0, error=0, slow=0) as line:
        a, b = make_desk(portal.base_url, "a"), make_desk(line.base_url, "b", retries=0)
        _two_desks(portal, line, a, b)


def _two_desks(portal, line, a, b) -> None:
    officer = a.client.login(DISTRICT_DESK, password())
    b.client.login(DISTRICT_DESK, password())
    assert a.engine.sync_once().ok
    (code,) = intake(a, officer, 1, receive=False)
    assert a.engine.sync_once().ok
    assert b.engine.sync_once().ok
    assert b.store.get_dossier(code).status is Status.SUBMITTED

    line.down = True  # desk B goes offline and works on
    # A date far enough out to stay lawful after desk A's receipt sets the deadline.
    service(b, officer).apologise(code, "Cần xác minh thêm",
                                  new_appointment(b, officer, code, days=40))
    assert b.engine.sync_once().ok is False and b.engine.state().status == "offline"
    service(a, officer).receive(code)  # meanwhile desk A, online
    assert a.engine.sync_once().applied == 1
    line.down = False  # desk B is back
    report = b.engine.sync_once()
    assert report.ok and report.conflicts == 1 and report.applied == 0

    theirs = portal_record(a.client, code)["dossier"]
    assert theirs["status"] == "received" and not theirs["apologies"]  # exactly one won
    (conflict,) = b.engine.conflicts()
    assert conflict.dossier_code == code and conflict.action == "apologise"
    assert conflict.payload["reason"] == "Cần xác minh thêm"  # mine
    assert conflict.theirs["dossier"]["status"] == "received"  # theirs
    assert conflict.base_version == 1 and conflict.portal_version == 2
    local = b.store.get_dossier(code)  # the optimistic change is undone
    assert local.status is Status.RECEIVED and not local.apologies and local.version == 2
    assert b.engine.state().conflicts == 1

    # Keep mine: the apology is taken again on top of the portal's version.
    new_id = b.engine.resolve(conflict.id, "mine")
    assert new_id and b.engine.conflicts() == []
    assert b.store.get_dossier(code).apologies
    report = b.engine.sync_once()
    assert report.applied == 1 and report.conflicts == 0
    final = portal_record(b.client, code)["dossier"]
    assert final["status"] == "received" and len(final["apologies"]) == 1
    assert final["version"] == 3
    assert a.engine.sync_once().ok and a.store.get_dossier(code).version == 3


def test_conflict_resolved_theirs_keeps_the_portal_state(portal, make_desk):
    a, b = make_desk(portal.base_url, "a"), make_desk(portal.base_url, "b")
    officer = a.client.login(DISTRICT_DESK, password())
    b.client.login(DISTRICT_DESK, password())
    a.engine.sync_once()
    (code,) = intake(a, officer, 1, receive=False)
    a.engine.sync_once()
    b.engine.sync_once()
    service(a, officer).receive(code)
    service(b, officer).refuse(code, "Hồ sơ không thuộc thẩm quyền")
    a.engine.sync_once()
    assert b.engine.sync_once().conflicts == 1
    (conflict,) = b.engine.conflicts()
    with pytest.raises(SyncError) as again:  # refusing a received dossier is not allowed
        b.engine.resolve(conflict.id, "mine")
    assert "Không thể thực hiện lại" in again.value.vi
    assert b.engine.resolve(conflict.id, "theirs") is None
    assert b.engine.conflicts() == [] and b.engine.state().unsent == 0
    assert b.store.get_dossier(code).status is Status.RECEIVED
    # Nothing is dropped: the command stays in the outbox history.
    (kept,) = b.store.outbox(("resolved_theirs",))
    assert kept.client_id == conflict.id and kept.payload["reason"]


def test_rejected_change_is_rolled_back_and_kept_for_a_person(portal, make_desk):
    desk = make_desk(portal.base_url)
    officer = desk.client.login(DISTRICT_DESK, password())
    desk.engine.sync_once()
    (code,) = intake(desk, officer, 1, receive=False)
    desk.engine.sync_once()
    # A desk whose clock runs a day ahead: the portal refuses actions "in the future".
    ahead = service(desk, officer, clock=lambda: now_vn() + timedelta(days=1))
    ahead.receive(code)
    assert desk.store.get_dossier(code).status is Status.RECEIVED
    (fresh,) = intake(desk, officer, 1, receive=False,
                      clock=lambda: now_vn() + timedelta(days=1), tag="x")
    report = desk.engine.sync_once()
    assert report.rejected == 2 and report.ok
    rolled = desk.store.get_dossier(code)
    assert rolled.status is Status.SUBMITTED and rolled.version == 1
    assert [r.action for r in desk.store.log_rows(code)] == ["submit"]
    assert desk.store.get_dossier(fresh) is None  # never existed at the portal
    rejected = {r.dossier_code: r for r in desk.engine.rejected()}
    assert rejected[code].code == "acted_in_future" and rejected[code].vi
    assert rejected[fresh].payload["dossier"]["code"] == fresh  # the whole intake is kept
    assert desk.engine.state().rejected == 2
    desk.engine.acknowledge_rejected(rejected[code].id)
    assert [r.dossier_code for r in desk.engine.rejected()] == [fresh]


def test_offline_limits_block_new_work_with_an_explanation(portal, make_desk):
    desk = make_desk(portal.base_url, retries=0,
                     limits=OfflineLimits(max_days_without_sync=2, max_unsent=4))
    officer = desk.client.login(DISTRICT_DESK, password())
    with pytest.raises(OfflineLimitReached) as never:
        desk.engine.work_gate()
    assert "chưa đồng bộ" in never.value.vi
    desk.engine.sync_once()
    portal.stop()
    intake(desk, officer, 2)  # 4 commands
    with pytest.raises(OfflineLimitReached) as blocked:
        intake(desk, officer, 1)
    assert "4 thao tác chưa gửi" in blocked.value.vi
    later = desk.engine
    later.clock = lambda: now_vn() + timedelta(days=3)
    with pytest.raises(OfflineLimitReached) as old:
        later.work_gate()
    assert "ngày chưa đồng bộ" in old.value.vi
    later.clock = now_vn
    portal.start()
    assert desk.engine.sync_once().ok
    intake(desk, officer, 1)  # allowed again


def test_resumable_blob_upload(portal, make_desk):
    desk = make_desk(portal.base_url)
    desk.client.login(DISTRICT_DESK, password())
    data = bytes(range(256)) * 400
    sha = desk.blobs.put(data)
    half = len(data) // 2
    resp = desk.client.request("PUT", f"/blobs/{sha}", data=data[:half], headers={
        "Upload-Offset": "0", "Upload-Length": str(len(data))})
    assert resp.status_code == 202
    assert not desk.client.has_blob(sha)
    desk.client.upload_blob(sha, data)
    assert desk.client.has_blob(sha)
    assert desk.client.download_blob(sha) == data


def test_walk_in_applicant_account(portal, make_desk):
    desk = make_desk(portal.base_url)
    desk.client.login(DISTRICT_DESK, password())
    account = desk.client.create_citizen_account(
        email="le.thi.hoa@example.vn", full_name="Lê Thị Hoa", phone="0905123456",
        id_number="046190000123")
    assert account.account == "le.thi.hoa@example.vn" and account.verified
    assert len(account.initial_password) >= 8
    assert account.initial_password not in repr(account)


def test_no_password_or_token_in_the_desk_log(portal, make_desk, tmp_path):
    log_file = tmp_path / "desk.log"
    handler = logsafe.setup_desk_log(log_file, level=logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    secrets: list[str] = [password()]
    try:
        desk = make_desk(portal.base_url)
        officer = desk.client.login(DISTRICT_DESK, password())
        secrets += [desk.client.access_token, desk.client._refresh]
        assert desk.engine.sync_once().ok
        intake(desk, officer, 1)
        desk.client._access = "stale-token-forces-a-refresh"  # 401, then refresh
        assert desk.engine.sync_once().ok
        secrets += [desk.client.access_token, desk.client._refresh]
        account = desk.client.create_citizen_account(email="tran.b@example.vn",
                                                     full_name="Trần B")
        secrets.append(account.initial_password)
        logging.getLogger("sync.test").info("debug dump %s", {
            "headers": {"Authorization": f"Bearer {desk.client.access_token}"},
            "body": {"refresh_token": desk.client._refresh}})
        with pytest.raises(AuthError):
            desk.client.login(DISTRICT_DESK, "sai-mat-khau-123")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
        logging.getLogger().setLevel(logging.WARNING)
    text = log_file.read_text(encoding="utf-8")
    assert "sync:" in text and "/api/v1/changes" in text  # the log is really written
    for secret in [s for s in secrets if s and len(s) >= 4] + ["sai-mat-khau-123"]:
        assert secret not in text, "a secret reached the log"
    assert "Bearer " + "***" in text or "***" in text
