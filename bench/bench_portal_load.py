"""Load benchmark of the portal on PostgreSQL (run: python bench/bench_portal_load.py).

Makes a fresh PostgreSQL database (on $DESK_TEST_PG_URL's server, or --db), seeds it
with --units units (copies of the seed's units with their procedures), one officer per
simulated desk and --dossiers received dossiers per desk, starts `desk-app portal
--workers N` as its own process on a loopback port, then runs --desks simulated desks
in this process (asyncio, one HTTP connection each):

  each desk pulls the change feed of its unit every --pull-every seconds (jittered)
  and in between pushes batches of --batch apology commands on its own dossiers,
  resting --think seconds after each batch.

It stops by itself after --seconds or --max-requests requests, whichever comes first,
then drops the database. Prints applied commands/s, requests/s, and p50/p95 of feed
pulls and of pushes, with the machine's load average (other work shares the CPU).
Targets on the 2-core development machine: ≥ 250 applied commands/s, p95 of feed
pulls ≤ 300 ms. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app import workflow
from desk_app.calendar import CalendarOverride, OverrideKind, WorkCalendar, now_vn
from desk_app.domain import (
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSource,
    Dossier,
    DossierComponent,
    FileRef,
    Officer,
    Role,
    to_dict,
)
from desk_app.textfmt import VN_TZ
from desk_app.workflow import Action

PASSWORD = "bench-load"


@dataclass
class Desk:
    username: str
    agency_id: str
    latest: dict[str, dict[str, Any]]  # the desk's own dossiers, newest version seen
    calendar: dict[str, dict[str, Any]] = field(default_factory=dict)  # feed's calendar rows
    token: str = ""
    cursor: int = 0
    pulls: list[float] = field(default_factory=list)
    pushes: list[float] = field(default_factory=list)
    applied: int = 0
    refused: int = 0
    errors: int = 0


# --- the database --------------------------------------------------------------------

def make_database(base: str) -> tuple[str, str]:
    """A fresh database on the server of `base`; (its URL, its name)."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from server_stub.db import make_engine

    name = f"desk_bench_{os.getpid()}_{secrets.token_hex(3)}"
    admin = make_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False), name


def drop_database(base: str, name: str) -> None:
    from sqlalchemy import text

    from server_stub.db import make_engine

    admin = make_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def seed(db_url: str, units: int, desks: int, per_desk: int) -> list[Desk]:
    """Units, their procedures, one desk officer per desk and its received dossiers."""
    from sqlalchemy import text

    from server_stub import records
    from server_stub.app import create_app
    from server_stub.db import add_change, dumps
    from server_stub.passwords import hash_password
    from server_stub.seed_catalogue import UNITS

    app = create_app(db_url, seed="minimal")
    portal = app.state.portal
    password_hash = hash_password(PASSWORD)
    out: list[Desk] = []
    at = now_vn() - timedelta(hours=2)
    period = at.strftime("%y%m%d")
    with portal.db.write() as conn:
        cal = portal.calendar(conn)
        made = []
        for u in range(units):
            base = UNITS[u % len(UNITS)]
            unit = replace(base, agency_id=f"{base.agency_id}.B{u:02d}",
                           name=f"{base.name} (đơn vị thử tải {u + 1})")
            records.put_unit(conn, unit)
            procs = []
            for p in records.procedures(conn, base.agency_id):
                procs.append(replace(p, agency_id=unit.agency_id))
                records.put_procedure(conn, procs[-1])
            made.append((unit, [p for p in procs if p.components]))
        for i in range(desks):
            unit, procs = made[i % units]
            officer = Officer(f"bench.desk{i:03d}", f"Cán bộ thử tải {i + 1}", unit.agency_id,
                              frozenset({Role.DESK}))
            records.put_officer(conn, officer, password_hash)
            desk = Desk(officer.username, unit.agency_id, {})
            rows, logs = [], []
            for k in range(per_desk):
                proc = procs[k % len(procs)]
                spec = proc.components[0]
                n = i * per_desk + k
                draft = Dossier(
                    code=f"{unit.agency_id}-{period}-{n + 1:06d}", procedure_code=proc.code,
                    agency_id=unit.agency_id, channel=Channel.IN_PERSON,
                    components=(DossierComponent(
                        code=spec.code, name=spec.name, source=ComponentSource.DIGITISED,
                        files=(FileRef(f"{n:064d}", "tp.pdf", size=90_000, pages=2),)),),
                    applicant=Applicant(ApplicantKind.CITIZEN, f"Công dân thử tải {n}",
                                        id_number=f"046{n:09d}", phone="0905000000",
                                        address="Phú Vang, Thừa Thiên Huế"),
                    subject=proc.name)
                ctx = workflow.Context(proc, unit, cal)
                submitted, row1 = workflow.apply(draft, Action.SUBMIT, officer, at, ctx, {}, 1)
                received, row2 = workflow.apply(submitted, Action.RECEIVE, officer,
                                                at + timedelta(minutes=5), ctx, {}, 2)
                record = {"dossier": to_dict(received), "log": [to_dict(row1), to_dict(row2)]}
                rows.append({"c": received.code, "a": unit.agency_id,
                             "s": received.status.value if received.status else None,
                             "v": received.version, "d": dumps(record["dossier"])})
                logs += [{"c": received.code, "s": r["seq"], "d": dumps(r)}
                         for r in record["log"]]
                add_change(conn, unit.agency_id, "dossier", received.code, record)
                desk.latest[received.code] = record["dossier"]
            conn.execute(text("INSERT INTO dossiers (code, agency_id, status, version, data) "
                              "VALUES (:c, :a, :s, :v, :d)"), rows)
            conn.execute(text("INSERT INTO dossier_log (dossier_code, seq, data) "
                              "VALUES (:c, :s, :d)"), logs)
            out.append(desk)
    portal.close()
    return out


# --- the portal process --------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_portal(db_url: str, port: int, workers: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "desk_app.cli", "portal", "--db", db_url, "--port", str(port)]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the portal exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).is_success:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.1)  # waiting for the portal to listen, with a deadline
    proc.kill()
    raise SystemExit("the portal did not start")


# --- the desks -----------------------------------------------------------------------

class Budget:
    def __init__(self, seconds: float, requests: int) -> None:
        self.end = time.monotonic() + seconds
        self.left = requests

    def take(self) -> bool:
        if self.left <= 0 or time.monotonic() >= self.end:
            return False
        self.left -= 1
        return True


async def call(http: httpx.AsyncClient, method: str, url: str, **kw: Any) -> httpx.Response:
    """One request; once more on a connection the portal had closed while it was idle
    (keep-alive timeout). Commands are safe to resend: their client ids make them so."""
    try:
        return await http.request(method, url, **kw)
    except (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError):
        return await http.request(method, url, **kw)


async def login(http: httpx.AsyncClient, desk: Desk) -> None:
    for _ in range(20):  # a throttled sign-in says when to come back
        r = await call(http, "POST", "/auth/token", json={"username": desk.username,
                                                          "password": PASSWORD})
        if r.status_code == 200:
            desk.token = r.json()["access_token"]
            return
        if r.status_code != 429:
            raise SystemExit(f"sign-in of {desk.username}: {r.status_code} {r.text}")
        await asyncio.sleep(min(float(r.headers.get("Retry-After", "1")), 5.0))
    raise SystemExit(f"sign-in of {desk.username} kept being throttled")


async def pull(http: httpx.AsyncClient, desk: Desk, budget: Budget) -> None:
    more = True
    while more and budget.take():
        t = time.perf_counter()
        r = await call(http, "GET", "/changes", params={"since": desk.cursor, "limit": 500},
                       headers={"Authorization": f"Bearer {desk.token}"})
        desk.pulls.append(time.perf_counter() - t)
        if r.status_code != 200:
            desk.errors += 1
            return
        page = r.json()
        for change in page["changes"]:
            if change["kind"] == "dossier" and change["key"] in desk.latest:
                learn(desk, change["data"]["dossier"])
            elif change["kind"] == "calendar":
                desk.calendar[change["key"]] = change["data"]
        desk.cursor, more = page["next"], page["more"]


def learn(desk: Desk, d: dict[str, Any]) -> None:
    if d["version"] > desk.latest[d["code"]]["version"]:
        desk.latest[d["code"]] = d


def appointment(desk: Desk, d: dict[str, Any], now: datetime) -> str:
    """Form 04: a working day after the appointment in force."""
    calendar = WorkCalendar.default(
        CalendarOverride(datetime.fromisoformat(c["day"]).date(), OverrideKind(c["kind"]),
                         c["note"]) for c in desk.calendar.values())
    current = d["apologies"][-1]["new_due_at"] if d.get("apologies") else d.get("due_at")
    base = max(now, datetime.fromisoformat(current)) if current else now
    day = calendar.next_working_day(base.date() + timedelta(days=1))
    return datetime.combine(day, clock_time(10, 0), tzinfo=VN_TZ).isoformat()


async def push(http: httpx.AsyncClient, desk: Desk, batch: int, budget: Budget) -> None:
    if not budget.take():
        return
    now = now_vn()
    codes = random.sample(sorted(desk.latest), min(batch, len(desk.latest)))
    commands = [{"client_id": str(uuid.uuid4()), "dossier_code": code, "action": "apologise",
                 "base_version": desk.latest[code]["version"], "acted_at": now.isoformat(),
                 "payload": {"reason": "Hẹn lại ngày trả kết quả", "apology": {
                     "number": "", "issued_at": now.isoformat(),
                     "reason": "Hẹn lại ngày trả kết quả",
                     "new_due_at": appointment(desk, desk.latest[code], now),
                     "issued_by": desk.username}}}
                for code in codes]
    t = time.perf_counter()
    r = await call(http, "POST", "/commands", json={"commands": commands},
                   headers={"Authorization": f"Bearer {desk.token}"})
    desk.pushes.append(time.perf_counter() - t)
    if r.status_code != 200:
        desk.errors += 1
        return
    for result in r.json()["results"]:
        if result["outcome"] == "applied":
            desk.applied += 1
        else:
            desk.refused += 1
            if desk.refused <= 3 and result["outcome"] == "rejected":
                print("rejected:", result["code"], result["en"], file=sys.stderr)
        if result.get("dossier"):
            learn(desk, result["dossier"]["dossier"])


async def run_desk(base_url: str, desk: Desk, args: argparse.Namespace, budget: Budget,
                   start: asyncio.Event, turn: asyncio.Lock) -> None:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base_url + "/api/v1", timeout=60,
                                 limits=limits) as http:
        async with turn:  # one after another: parallel sign-ins from one address are throttled
            await login(http, desk)
        warm_up = Budget(120, 1000)  # not measured: the first full sync, one batch (every
        await pull(http, desk, warm_up)  # worker loads its lazy imports on its first ones)
        await push(http, desk, args.batch, warm_up)
        desk.pulls.clear()
        desk.pushes.clear()
        desk.applied = desk.refused = 0
        await start.wait()
        next_pull = time.monotonic() + random.uniform(0, args.pull_every)
        while time.monotonic() < budget.end and budget.left > 0:
            if time.monotonic() >= next_pull:
                await pull(http, desk, budget)
                next_pull = time.monotonic() + args.pull_every * random.uniform(0.8, 1.2)
            else:
                await push(http, desk, args.batch, budget)
                await asyncio.sleep(args.think * random.uniform(0.5, 1.5))


async def run_desks(base_url: str, desks: list[Desk], args: argparse.Namespace,
                    portal_pid: int) -> tuple[float, float]:
    """Runs the desks; (seconds measured, portal CPU seconds in them)."""
    start, turn = asyncio.Event(), asyncio.Lock()
    budget = Budget(3600, args.max_requests)
    tasks = [asyncio.create_task(run_desk(base_url, d, args, budget, start, turn))
             for d in desks]
    while not all(d.token for d in desks) or any(d.cursor == 0 for d in desks):
        if any(t.done() for t in tasks):
            break
        await asyncio.sleep(0.05)  # waiting for every desk's first sync
    budget.end = time.monotonic() + args.seconds
    t, cpu = time.perf_counter(), cpu_seconds(portal_pid)
    start.set()
    await asyncio.gather(*tasks)
    return time.perf_counter() - t, cpu_seconds(portal_pid) - cpu


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children (Linux /proc; 0 elsewhere)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    pids = [pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        for p in pids:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    except (OSError, ValueError, IndexError):
        pass
    return total


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=os.environ.get("DESK_TEST_PG_URL"),
                    help="a PostgreSQL server URL (a fresh database is made on it)")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--desks", type=int, default=50)
    ap.add_argument("--units", type=int, default=25)
    ap.add_argument("--dossiers", type=int, default=40, help="dossiers per desk")
    ap.add_argument("--batch", type=int, default=10, help="commands per push")
    ap.add_argument("--think", type=float, default=1.0, help="seconds between pushes")
    ap.add_argument("--pull-every", type=float, default=3.0)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--max-requests", type=int, default=20_000)
    args = ap.parse_args(argv)
    if not args.db or not args.db.startswith(("postgresql", "postgres:")):
        print("Cần PostgreSQL: đặt DESK_TEST_PG_URL hoặc --db / needs PostgreSQL "
              "(DESK_TEST_PG_URL or --db)", file=sys.stderr)
        return 2
    db_url, name = make_database(args.db)
    server = None
    try:
        t = time.perf_counter()
        desks = seed(db_url, args.units, args.desks, args.dossiers)
        print(f"seeded {args.units} units, {args.desks} desks, "
              f"{args.desks * args.dossiers} dossiers in {time.perf_counter() - t:.1f} s")
        port = free_port()
        server = start_portal(db_url, port, args.workers)
        load_before = os.getloadavg()
        cpu_self = time.process_time()
        elapsed, cpu_portal = asyncio.run(run_desks(f"http://127.0.0.1:{port}", desks, args,
                                                    server.pid))
        load_after = os.getloadavg()
        cpu_self = time.process_time() - cpu_self
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
        drop_database(args.db, name)

    pulls = [x for d in desks for x in d.pulls]
    pushes = [x for d in desks for x in d.pushes]
    applied = sum(d.applied for d in desks)
    refused = sum(d.refused for d in desks)
    errors = sum(d.errors for d in desks)
    verdict = {True: "ok", False: "UNDER TARGET"}
    print(f"{args.desks} desks on {args.workers} worker(s), {args.units} units, batch "
          f"{args.batch}, think {args.think} s, pull every {args.pull_every} s; "
          f"{elapsed:.1f} s")
    print(f"load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f} "
          f"({os.cpu_count()} CPUs)")
    print(f"CPU seconds: portal {cpu_portal:.1f} while measured, these simulated desks "
          f"{cpu_self:.1f} (with their sign-ins and first syncs)")
    print(f"requests/s:          {(len(pulls) + len(pushes)) / elapsed:.1f} "
          f"({len(pulls)} pulls, {len(pushes)} pushes, {errors} errors)")
    rate = applied / elapsed
    if applied:
        print(f"portal CPU per applied command: {cpu_portal / applied * 1000:.1f} ms")
    print(f"applied commands/s:  {rate:.1f} (target ≥ 250) {verdict[rate >= 250]}  "
          f"[{applied} applied, {refused} not applied]")
    p95 = pct(pulls, 95)
    print(f"feed pull  p50/p95:  {pct(pulls, 50) * 1000:.0f} / {p95 * 1000:.0f} ms "
          f"(target p95 ≤ 300 ms) {verdict[p95 <= 0.300]}")
    print(f"push       p50/p95:  {pct(pushes, 50) * 1000:.0f} / {pct(pushes, 95) * 1000:.0f} ms"
          f"  (mean {statistics.fmean(pushes) * 1000 if pushes else float('nan'):.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
