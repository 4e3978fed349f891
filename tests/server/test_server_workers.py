"""The portal on several processes: `desk-app portal --workers 4` on PostgreSQL, with 20
desks pushing and pulling at once against the demo's dossiers.

At the end every desk has received every feed row of its unit exactly once and in
order (no cursor skipped while other workers were still committing), its replica
equals the portal's records, and no command was applied twice, although copies of
batches were sent twice at the same moment.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_support import PG_ENV, PHUTHUAN, PHUVANG, SOTUPHAP
from sqlalchemy import text

from desk_app.calendar import CalendarOverride, OverrideKind, WorkCalendar, now_vn
from desk_app.domain import Officer, Role
from desk_app.textfmt import VN_TZ

WORKERS = 4
DESKS = 20
ROUNDS = 12
UNITS = (SOTUPHAP, PHUVANG, PHUTHUAN)
OPEN = ("submitted", "received", "fees_due", "in_process", "supplement_requested")
PASSWORD = "desk-workers"
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@pytest.fixture(scope="module")
def pg_url(pg_databases: Any) -> str:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL for the several-process portal")
    url = pg_databases()
    from server_stub import records
    from server_stub.app import create_app
    from server_stub.passwords import hash_password

    app = create_app(url, seed="demo")  # migrated and seeded before the workers start
    portal = app.state.portal
    with portal.db.write() as conn:
        secret = hash_password(PASSWORD)
        for i in range(DESKS):
            records.put_officer(conn, Officer(f"desk{i:02d}", f"Cán bộ một cửa {i + 1}",
                                              UNITS[i % len(UNITS)], frozenset({Role.DESK})),
                                secret)
        # The server's default says commits need not wait for the disk: the portal's own
        # sessions must still wait (acknowledged means durable).
        name = conn.engine.url.database
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    portal.close()
    return url


@pytest.fixture(scope="module")
def portal_url(pg_url: str, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    port = _free_port()
    log = tmp_path_factory.mktemp("workers") / "portal.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "desk_app.cli", "portal", "--db", pg_url, "--port", str(port),
         "--workers", str(WORKERS), "--log-file", str(log)], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the portal did not start"
            try:
                if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200 and \
                        len(_children(proc.pid)) >= WORKERS:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)  # waiting for the workers to listen, with a deadline
        yield base, proc, log
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


class Desk:
    """One desk: a replica of its unit's feed and the answers it was given."""

    def __init__(self, base: str, index: int) -> None:
        self.username = f"desk{index:02d}"
        self.unit = UNITS[index % len(UNITS)]
        self.http = httpx.Client(base_url=base + "/api/v1", timeout=60)
        self.base = base
        self.cursor = 0
        self.seen: list[int] = []
        self.replica: dict[tuple[str, str], Any] = {}
        self.latest: dict[str, dict[str, Any]] = {}  # newest dossier seen in feed or answers
        self.answers: list[dict[str, Any]] = []
        self.headers: dict[str, str] = {}

    def login(self) -> None:
        r = self.http.post("/auth/token", json={"username": self.username,
                                                "password": PASSWORD})
        assert r.status_code == 200, r.text
        self.headers = {"Authorization": f"Bearer {r.json()['access_token']}"}

    def pull(self) -> None:
        more = True
        while more:
            r = self.http.get("/changes", params={"since": self.cursor, "limit": 50},
                              headers=self.headers)
            assert r.status_code == 200, r.text
            page = r.json()
            for change in page["changes"]:
                self.seen.append(change["cursor"])
                self.replica[(change["kind"], change["key"])] = change["data"]
                if change["kind"] == "dossier":
                    self._learn(change["data"]["dossier"])
            self.cursor, more = page["next"], page["more"]

    def _learn(self, d: dict[str, Any]) -> None:
        if d["version"] > self.latest.get(d["code"], {}).get("version", -1):
            self.latest[d["code"]] = d

    def appointment(self, code: str, now: datetime) -> datetime:
        """Form 04: a working day after the appointment in force."""
        calendar = WorkCalendar.default(
            CalendarOverride(datetime.fromisoformat(data["day"]).date(),
                             OverrideKind(data["kind"]), data["note"])
            for (kind, _), data in self.replica.items() if kind == "calendar")
        d = self.latest[code]
        current = d["apologies"][-1]["new_due_at"] if d.get("apologies") else d.get("due_at")
        base = max(now, datetime.fromisoformat(current)) if current else now
        day = calendar.next_working_day(base.date() + timedelta(days=1))
        return datetime.combine(day, clock_time(10, 0), tzinfo=VN_TZ)

    def targets(self) -> list[str]:
        return sorted(code for (kind, code), data in self.replica.items()
                      if kind == "dossier" and data["dossier"]["status"] in OPEN)

    def batch(self, rng: Any) -> list[dict[str, Any]]:
        now = now_vn()
        return [{"client_id": secrets.token_hex(12), "dossier_code": code,
                 "action": "apologise", "base_version": self.latest[code]["version"],
                 "acted_at": now.isoformat(),
                 "payload": {"reason": "Cần xác minh thêm", "apology": {
                     "number": "", "issued_at": now.isoformat(), "reason": "Cần xác minh thêm",
                     "new_due_at": self.appointment(code, now).isoformat(),
                     "issued_by": self.username}}}
                for code in rng.sample(self.targets(), 4)]

    def push(self, commands: list[dict[str, Any]], http: httpx.Client | None = None) -> None:
        r = (http or self.http).post("/commands", json={"commands": commands},
                                     headers=self.headers)
        assert r.status_code == 200, r.text
        results = r.json()["results"]
        assert [x["client_id"] for x in results] == [c["client_id"] for c in commands]
        self.answers += results
        for x in results:
            if x["dossier"] is not None:
                self._learn(x["dossier"]["dossier"])

    def twice_at_once(self, commands: list[dict[str, Any]]) -> None:
        """The same batch from two connections at the same moment (a desk that resent
        while its first attempt was still being judged)."""
        with httpx.Client(base_url=self.base + "/api/v1", timeout=60) as other:
            go = threading.Barrier(2)
            errors: list[BaseException] = []

            def send(http: httpx.Client | None) -> None:
                try:
                    go.wait(10)
                    self.push(commands, http)
                except BaseException as exc:  # reported by the main thread
                    errors.append(exc)

            t = threading.Thread(target=send, args=(other,))
            t.start()
            send(None)
            t.join(60)
            assert not errors, errors

    def work(self, seed: int) -> None:
        import random

        rng = random.Random(seed)
        self.pull()
        for round_ in range(ROUNDS):
            commands = self.batch(rng)
            if round_ % 4 == 3:
                self.twice_at_once(commands)
            else:
                self.push(commands)
            if round_ % 2 == 1:
                self.pull()


@pytest.mark.postgres
def test_four_workers_twenty_desks_replicas_equal_and_nothing_applied_twice(
        portal_url: tuple[str, subprocess.Popen, Path], pg_url: str) -> None:
    base, proc, log = portal_url
    assert len(_children(proc.pid)) >= WORKERS  # the workers are processes of their own
    from server_stub.db import make_engine

    engine = make_engine(pg_url)
    with engine.connect() as conn:
        start_versions = dict(conn.execute(text("SELECT code, version FROM dossiers")).all())
        start_logs = dict(conn.execute(text(
            "SELECT dossier_code, COUNT(*) FROM dossier_log GROUP BY dossier_code")).all())

    desks = [Desk(base, i) for i in range(DESKS)]
    for desk in desks:  # one after another: parallel sign-ins from one address are throttled
        desk.login()
    failures: list[BaseException] = []

    def run(desk: Desk, seed: int) -> None:
        try:
            desk.work(seed)
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(d, i)) for i, d in enumerate(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "desks still working after 120 s"
    assert not failures, failures
    for desk in desks:
        desk.pull()  # the last rows, after everyone has stopped
        desk.http.close()

    applied = Counter(a["client_id"] for d in desks for a in d.answers
                      if a["outcome"] == "applied")
    outcomes = Counter(a["outcome"] for d in desks for a in d.answers)
    assert applied and max(applied.values()) == 1, "a command was applied twice"
    assert outcomes["duplicate"] > 0 and outcomes["applied"] > 100, outcomes
    assert outcomes["rejected"] == 0, [a for d in desks for a in d.answers
                                       if a["outcome"] == "rejected"][:3]
    first_answer: dict[str, dict[str, Any]] = {}
    for d in desks:
        for a in d.answers:
            if a["outcome"] == "applied":
                first_answer[a["client_id"]] = a
    for d in desks:  # a duplicate repeats the applied answer
        for a in d.answers:
            if a["outcome"] == "duplicate":
                assert first_answer[a["client_id"]]["version"] == a["version"]

    with engine.connect() as conn:
        rows = conn.execute(text("SELECT client_id FROM commands")).scalars().all()
        assert len(rows) == len(set(rows)) == len(applied)
        assert set(rows) == set(applied)
        per_dossier = Counter(conn.execute(text(
            "SELECT dossier_code FROM commands")).scalars().all())
        versions = dict(conn.execute(text("SELECT code, version FROM dossiers")).all())
        logs = dict(conn.execute(text(
            "SELECT dossier_code, COUNT(*) FROM dossier_log GROUP BY dossier_code")).all())
        for code, version in versions.items():  # one version and one log row per command
            assert version - start_versions[code] == per_dossier[code], code
            assert logs.get(code, 0) - start_logs.get(code, 0) == per_dossier[code], code

        from server_stub import records

        for desk in desks:
            cursors = conn.execute(text(
                "SELECT seq FROM changes WHERE agency_id = :a OR agency_id IS NULL "
                "ORDER BY seq"), {"a": desk.unit}).scalars().all()
            # Every row of its feed, each once, in order: no cursor was skipped.
            assert desk.seen == cursors, desk.username
            codes = conn.execute(text("SELECT code FROM dossiers WHERE agency_id = :a"),
                                 {"a": desk.unit}).scalars().all()
            mirrored = {key: data for (kind, key), data in desk.replica.items()
                        if kind == "dossier"}
            # The unit's own dossiers, and any other a transfer involved it in.
            assert set(codes) <= set(mirrored), desk.username
            for code in mirrored:
                portal_record = json.loads(json.dumps(records.record_of(conn, code)))
                assert mirrored[code] == portal_record, (desk.username, code)
    engine.dispose()
    logged = log.read_text(errors="replace")
    assert "internal error" not in logged and "Traceback" not in logged


@pytest.mark.postgres
def test_the_portal_sessions_wait_for_the_disk(pg_url: str) -> None:
    """The database's default was set to off above; the portal's sessions say on."""
    from server_stub.db import make_engine

    engine = make_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(text("SHOW synchronous_commit")).scalar() == "on"
    engine.dispose()
    raw = make_engine(pg_url, connect_args={})
    with raw.connect() as conn:  # the server's own default for this database
        assert conn.execute(text("SHOW synchronous_commit")).scalar() == "off"
    raw.dispose()


def test_several_workers_need_postgresql(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "desk_app.cli", "portal", "--db",
         f"sqlite:///{tmp_path / 'p.sqlite3'}", "--workers", "2", "--port", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "cần PostgreSQL" in done.stderr and "Traceback" not in done.stderr
