"""Fault tests, all against the real portal: killed desks, a portal that goes away,
a network that drops, fails and stalls, two desks on one dossier."""

from __future__ import annotations

import multiprocessing
import random
import signal
import threading
import time
from collections import Counter

import pytest
import sync_killworker
from sync_helpers import (
    DISTRICT_DESK,
    intake,
    new_appointment,
    password,
    portal_record,
    service,
)
from sync_proxy import FaultyProxy

from desk_app.domain import to_dict
from sync import replica
from sync.errors import SyncError


def _expected_actions(store) -> dict[str, list[str]]:
    """Dossier code → the actions the desk took on it, in order (from the outbox)."""
    actions: dict[str, list[str]] = {}
    for c in store.outbox(("applied", "duplicate", "pending"), limit=100_000):
        actions.setdefault(c.dossier_code, []).append(c.action)
    return actions


def _assert_applied_exactly_once(desk, client) -> None:
    states = Counter(c.state for c in desk.store.outbox(
        ("pending", "applied", "duplicate", "conflict", "rejected"), limit=100_000))
    assert set(states) <= {"applied", "duplicate"}, states
    for code, actions in _expected_actions(desk.store).items():
        record = portal_record(client, code)
        assert [r["action"] for r in record["log"]] == actions, code
        assert record["dossier"]["version"] == len(actions), code
        local = desk.store.get_dossier(code)
        assert local.version == len(actions) and not local.provisional


def test_portal_restarted_mid_pull_resumes_from_the_cursor(portal, make_desk):
    """On SQLite, and on PostgreSQL when DESK_TEST_PG_URL is set."""
    producer = make_desk(portal.base_url, "producer")
    officer = producer.client.login(DISTRICT_DESK, password())
    assert producer.engine.sync_once().ok
    codes = intake(producer, officer, 12)
    assert producer.engine.sync_once().ok

    desk = make_desk(portal.base_url, "late", retries=1, page_size=5)
    desk.client.login(DISTRICT_DESK, password())
    asked: list[int] = []
    real_changes = desk.client.changes_raw

    def changes(since: int = 0, limit: int = 500):
        asked.append(since)
        return real_changes(since, limit)

    desk.client.changes_raw = changes  # type: ignore[method-assign]
    pages = 0

    def stop_after_two_pages(phase: str, done: int, total: int) -> None:
        nonlocal pages
        pages += 1
        if phase == "pull" and pages == 2:
            portal.stop()

    first = desk.engine.sync_once(progress=stop_after_two_pages)
    assert not first.ok and desk.engine.state().status == "offline"
    # Two pages applied, perhaps a third that was already on its way; then the portal
    # was gone and the page after the stored cursor could not be had.
    assert first.pulled in (10, 15)
    cursor = int(desk.store.get_meta(replica.CURSOR_KEY))
    assert cursor > 0 and asked[-1] == cursor

    portal.start()  # same port, same database
    asked.clear()
    second = desk.engine.sync_once()
    assert second.ok and asked[0] == cursor
    fresh = make_desk(portal.base_url, "fresh", page_size=1000)
    fresh.client.login(DISTRICT_DESK, password())
    total = fresh.engine.sync_once().pulled
    assert first.pulled + second.pulled == total  # no page applied twice, none skipped
    for code in codes:
        assert to_dict(desk.store.get_dossier(code)) == to_dict(fresh.store.get_dossier(code))


def test_flaky_network_converges_with_nothing_lost(sqlite_portal, make_desk):
    portal = sqlite_portal
    with FaultyProxy(portal.base_url, seed=20261129, drop=0.2, error=0.1, slow=0.05,
                     slow_seconds=1.2) as proxy:
        desk = make_desk(proxy.base_url, "flaky", timeout=0.8, retries=3, batch_size=4,
                         page_size=5)
        officer = None
        for _ in range(20):  # logging in through the faulty network may take tries
            try:
                officer = desk.client.login(DISTRICT_DESK, password())
                break
            except SyncError:
                continue
        assert officer is not None
        rounds = 0
        while not desk.engine.sync_once().ok:
            rounds += 1
            assert rounds < 30
        codes = intake(desk, officer, 8)
        for code in codes[:4]:
            service(desk, officer).apologise(code, "Cần xác minh",
                                             new_appointment(desk, officer, code))
        assert desk.engine.state().unsent == 20
        rounds = 0
        while True:
            report = desk.engine.sync_once()
            if report.ok and desk.engine.state().unsent == 0:
                break
            rounds += 1
            assert rounds < 40, report.error_vi
        assert sum(proxy.counts[k] for k in ("dropped", "error", "slow")) >= 5, proxy.counts
        print(f"proxy {proxy.counts}")
    _assert_applied_exactly_once(desk, _direct(portal, make_desk))
    # The flaky desk's replica equals a clean desk's.
    clean = make_desk(portal.base_url, "clean")
    clean.client.login(DISTRICT_DESK, password())
    assert clean.engine.sync_once().ok
    for code in codes:
        assert to_dict(desk.store.get_dossier(code)) == to_dict(clean.store.get_dossier(code))
        assert desk.store.log_rows(code) == clean.store.log_rows(code)


def _direct(portal, make_desk):
    reader = make_desk(portal.base_url, "reader")
    reader.client.login(DISTRICT_DESK, password())
    return reader.client


@pytest.mark.slow
def test_desk_killed_during_push_100_times_applies_each_command_once(sqlite_portal, make_desk):
    portal = sqlite_portal
    # Plain: the pushing child processes cannot reach this process's in-memory keyring.
    desk = make_desk(portal.base_url, "killed", lease_block=200, encrypted=False)
    officer = desk.client.login(DISTRICT_DESK, password())
    assert desk.engine.sync_once().ok
    # 40 submits (the first 4 with scans, received at once: blob uploads are part of the
    # push), then apologies on them, queued as the pushing processes drain the outbox.
    codes = intake(desk, officer, 40, scans=4)
    ctx = multiprocessing.get_context("forkserver")
    # Preloaded in the fork server (Python 3.11 ignores sys.path there: installed
    # modules only), so each pushing process starts in milliseconds.
    ctx.set_forkserver_preload(["sync.engine", "sync.client", "desk_app.store"])
    args = (str(desk.store.path), str(desk.blobs.root), portal.base_url,
            desk.client.access_token, to_dict(officer), to_dict(desk.client.unit), 3)
    pushing = ctx.Event()
    rng = random.Random(1129)
    kills = attempts = 0
    deadline = time.monotonic() + 75  # bounded, on a busy machine too
    while kills < 100 and time.monotonic() < deadline:
        attempts += 1
        if desk.store.count_outbox("pending") < 20:  # keep work queued for the next kill
            for code in rng.sample(codes, 12):
                service(desk, officer, gate=False).apologise(
                    code, "Hẹn lại", new_appointment(desk, officer, code))
        pushing.clear()
        child = ctx.Process(target=sync_killworker.push, args=(*args, pushing))
        child.start()
        assert pushing.wait(30), "the pushing process did not start"
        time.sleep(rng.uniform(0.0, 0.3))  # the random moment of the kill, during the push
        if child.exitcode is None:
            child.kill()
            kills += 1
        child.join(5)
        assert child.exitcode in (0, -signal.SIGKILL)
    assert kills == 100, f"only {kills} kills in {attempts} tries"
    report = desk.engine.sync_once()
    assert report.ok and desk.engine.state().unsent == 0, report.error_vi
    _assert_applied_exactly_once(desk, desk.client)
    outcomes = Counter(c.state for c in desk.store.outbox(("applied", "duplicate"), 100_000))
    print(f"kills={kills} tries={attempts} outcomes={dict(outcomes)}")
    # Some kills fell between sending a batch and recording the answers: the portal
    # applied those commands once and answered "duplicate" when they came again.
    assert outcomes["duplicate"] > 0 and outcomes["applied"] >= 100


def test_cancel_and_reads_from_another_thread_while_syncing(sqlite_portal, make_desk):
    portal = sqlite_portal
    producer = make_desk(portal.base_url, "producer")
    officer = producer.client.login(DISTRICT_DESK, password())
    producer.engine.sync_once()
    codes = intake(producer, officer, 10)
    assert producer.engine.sync_once().ok

    desk = make_desk(portal.base_url, "reader", page_size=4)
    desk.client.login(DISTRICT_DESK, password())
    cancel = threading.Event()
    seen: list[str] = []

    def progress(phase: str, done: int, total: int) -> None:
        seen.append(desk.engine.state().status)
        cancel.set()  # the officer closes the application after the first page

    report = desk.engine.sync_once(progress=progress, cancel=cancel)
    assert report.cancelled and not report.ok and seen == ["syncing"]
    assert desk.engine.state().status != "syncing"
    assert int(desk.store.get_meta(replica.CURSOR_KEY)) > 0  # the first page is kept

    # The GUI thread reads while a worker thread syncs: both get on.
    worker_report: list = []
    worker = threading.Thread(target=lambda: worker_report.append(desk.engine.sync_once()))
    worker.start()
    reads = 0
    while worker.is_alive() or reads == 0:
        desk.store.dossier_summaries(officer.unit_id)
        desk.engine.state()
        reads += 1
    worker.join()
    assert worker_report[0].ok
    assert {c for c in codes if desk.store.get_dossier(c)} == set(codes)
