"""Benchmark of the desk's sync against the real portal (run: python bench/bench_sync.py).

Seeds 10,000 dossiers (3 components each) into a portal on SQLite, runs the portal as
its own process on a loopback port (as a real portal is another machine), then times:

  floor      paging through the change feed and inserting the rows into SQLite, plainly
  first      the desk's first full sync (SyncEngine.sync_once on an empty store)
  delta      a sync that brings 100 changed dossiers
  push       pushing 1,000 queued commands

Targets: first ≤ 2 × floor; delta ≤ 150 ms; push of 1,000 ≤ 3 s. Prints the figures.
"""

from __future__ import annotations

import argparse
import json
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app import workflow
from desk_app.calendar import WorkCalendar, now_vn
from desk_app.domain import (
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSource,
    Dossier,
    DossierComponent,
    FileRef,
    to_dict,
)
from desk_app.services import DeskService
from desk_app.store import BlobStore, Store
from desk_app.textfmt import VN_TZ
from desk_app.workflow import Action
from sync.client import PortalClient
from sync.engine import SyncEngine
from sync.state import SyncReport

AGENCY = "000.00.22.H57"  # UBND huyện Phú Vang in the portal's seed
OFFICER = "motcua.phuvang"


def seed(db_url: str, count: int) -> None:
    """The minimal seed, then `count` received dossiers written straight into the portal."""
    from sqlalchemy import text

    from server_stub import records
    from server_stub.app import create_app
    from server_stub.db import add_change, dumps

    app = create_app(db_url, seed="minimal")
    portal = app.state.portal
    with portal.db.write() as conn:
        officer = records.get_officer(conn, OFFICER)
        unit = records.get_unit(conn, AGENCY)
        procs = [p for p in records.procedures(conn, AGENCY) if p.components]
        cal = portal.calendar(conn)
        at = now_vn() - timedelta(hours=2)
        period = at.strftime("%y%m%d")
        dossiers, logs = [], []
        for i in range(count):
            proc = procs[i % len(procs)]
            specs = list(proc.components)[:3]
            comps = tuple(
                DossierComponent(code=specs[k].code if k < len(specs) else f"tp{k}",
                                 name=specs[k].name if k < len(specs) else f"Thành phần {k}",
                                 files=(FileRef(f"{i:060d}{k:04d}", f"tp{k}.pdf", size=90_000,
                                                pages=2),),
                                 source=ComponentSource.DIGITISED)
                for k in range(3))
            draft = Dossier(code=f"{AGENCY}-{period}-{9000 + i:05d}", procedure_code=proc.code,
                            agency_id=AGENCY, channel=Channel.IN_PERSON, components=comps,
                            applicant=Applicant(ApplicantKind.CITIZEN, f"Công dân thứ {i}",
                                                id_number=f"046{i:09d}", phone="0905000000",
                                                address="Phú Vang, Thừa Thiên Huế"),
                            subject=proc.name)
            ctx = workflow.Context(proc, unit, cal)
            submitted, row1 = workflow.apply(draft, Action.SUBMIT, officer, at, ctx, {}, 1)
            received, row2 = workflow.apply(submitted, Action.RECEIVE, officer,
                                            at + timedelta(minutes=5), ctx, {}, 2)
            record = {"dossier": to_dict(received), "log": [to_dict(row1), to_dict(row2)]}
            dossiers.append({"c": received.code, "a": AGENCY, "s": received.status.value,
                             "v": received.version, "d": dumps(record["dossier"])})
            logs += [{"c": received.code, "s": r["seq"], "d": dumps(r)} for r in record["log"]]
            add_change(conn, AGENCY, "dossier", received.code, record)
        conn.execute(text("INSERT INTO dossiers (code, agency_id, status, version, data) "
                          "VALUES (:c, :a, :s, :v, :d)"), dossiers)
        conn.execute(text("INSERT INTO dossier_log (dossier_code, seq, data) "
                          "VALUES (:c, :s, :d)"), logs)
    portal.db.dispose()


def appointment(d: Dossier, calendar: WorkCalendar, now: datetime) -> datetime:
    """Form 04: the new appointment is a working day after the one in force."""
    base = max(now, d.effective_due_at or now)
    day = calendar.next_working_day(base.date() + timedelta(days=1))
    return datetime.combine(day, clock_time(10, 0), tzinfo=VN_TZ)


def change_on_portal(db_url: str, codes: list[str]) -> None:
    """Another officer's work at the portal: an apology letter on each dossier."""
    from server_stub import records
    from server_stub.db import Database
    from server_stub.state import Portal

    portal = Portal(db=Database(db_url))
    with portal.db.write() as conn:
        officer = records.get_officer(conn, OFFICER)
        cal = portal.calendar(conn)
        for code in codes:
            dossier, _ = records.get_dossier(conn, code)
            due = appointment(dossier, cal, now_vn())
            payload = {"reason": "Cần xác minh", "apology": {
                "number": "", "issued_at": now_vn().isoformat(), "reason": "Cần xác minh",
                "new_due_at": due.isoformat(), "issued_by": OFFICER}}
            records.apply_action(conn, cal, dossier, Action.APOLOGISE, officer, now_vn(),
                                 payload)
    portal.db.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_portal(db_url: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "desk_app.cli", "portal", "--db", db_url, "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).ok:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.05)  # waiting for the portal to listen, with a deadline
    proc.kill()
    raise SystemExit("the portal did not start")


def floor(base_url: str, token: str, path: Path) -> tuple[float, int]:
    """Page through the feed and insert the rows into SQLite: the least any sync can do."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE rows (cursor INTEGER PRIMARY KEY, kind TEXT, key TEXT, data TEXT)")
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + token
    start = time.perf_counter()
    since, rows = 0, 0
    while True:
        page = session.get(base_url + "/api/v1/changes",
                           params={"since": since, "limit": 1000}, timeout=30).json()
        db.execute("BEGIN")
        db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?)",
                       [(c["cursor"], c["kind"], c["key"], json.dumps(c["data"]))
                        for c in page["changes"]])
        db.execute("COMMIT")
        rows += len(page["changes"])
        since = page["next"]
        if not page["more"]:
            break
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed, rows


def main(argv: list[str] | None = None) -> int:
    args_p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args_p.add_argument("--dossiers", type=int, default=10_000)
    args_p.add_argument("--commands", type=int, default=1_000)
    args_p.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    args_p.add_argument("--profile", action="store_true", help="profile the first sync")
    args = args_p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp_dir:
        return run(args, Path(tmp_dir))


def run(args: argparse.Namespace, tmp: Path) -> int:
    db_url = f"sqlite:///{tmp / 'portal.sqlite3'}"
    t = time.perf_counter()
    seed(db_url, args.dossiers)
    print(f"seeded {args.dossiers} dossiers in {time.perf_counter() - t:.1f} s")
    port = free_port()
    server = start_portal(db_url, port)
    base_url = f"http://127.0.0.1:{port}"
    try:
        client = PortalClient(base_url, timeout=60, keyring_service="desk-app-bench")
        officer = client.login(OFFICER, "demo")
        floors, firsts = [], []
        for r in range(args.repeat):  # alternated, so both see the same machine load
            f, rows = floor(base_url, client.access_token or "", tmp / f"floor{r}.sqlite3")
            floors.append(f)
            store = Store(tmp / f"desk{r}.sqlite3")
            engine = SyncEngine(store, client, BlobStore(tmp / "blobs"), page_size=1000,
                                batch_size=200)
            t = time.perf_counter()
            if args.profile:
                import cProfile
                import pstats

                prof = cProfile.Profile()
                report = prof.runcall(engine.sync_once)
                pstats.Stats(prof).sort_stats("tottime").print_stats(25)
            else:
                report = engine.sync_once()
            firsts.append(time.perf_counter() - t)
            assert report.ok, report.error_vi
            assert store.count_dossiers() >= args.dossiers
            if r < args.repeat - 1:
                store.close()

        codes = [s.code for s in store.dossier_summaries(AGENCY, limit=args.dossiers)]
        deltas, pushes, waits = [], [], []
        service = DeskService(store, officer)
        for r in range(args.repeat):
            changed = codes[r * 100:(r + 1) * 100]
            change_on_portal(db_url, changed)
            t = time.perf_counter()
            report = engine.sync_once()
            deltas.append(time.perf_counter() - t)
            assert report.ok and report.pulled == 100, (report.pulled, report.error_vi)

            first_cmd = args.repeat * 100 + r * args.commands
            calendar = WorkCalendar.default(store.calendar_overrides())
            for code in codes[first_cmd:first_cmd + args.commands]:
                dossier = store.get_dossier(code)
                assert dossier is not None
                service.apologise(code, "Hẹn lại ngày trả kết quả",
                                  appointment(dossier, calendar, now_vn()))
            assert store.count_outbox("pending") == args.commands
            waited = 0.0
            send = client.push_commands

            def timed_send(commands, send=send):  # the portal's own share of the push
                nonlocal waited
                start = time.perf_counter()
                try:
                    return send(commands)
                finally:
                    waited += time.perf_counter() - start

            client.push_commands = timed_send  # type: ignore[method-assign]
            t = time.perf_counter()
            push_report = SyncReport()
            engine.push(push_report)
            pushes.append(time.perf_counter() - t)
            waits.append(waited)
            client.push_commands = send  # type: ignore[method-assign]
            assert push_report.applied == args.commands, push_report
            engine.sync_once()  # take in the feed rows the push made, outside the timing
        store.close()
    finally:
        server.terminate()
        server.wait(10)

    floor_m, first_m = statistics.median(floors), statistics.median(firsts)
    delta_m, push_m = statistics.median(deltas), statistics.median(pushes)
    wait_m = statistics.median(waits)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER TARGET"

    def runs(values: list[float], scale: float = 1.0, unit: str = "s") -> str:
        fmt = "{:.0f}" if unit == "ms" else "{:.2f}"
        return ", ".join(fmt.format(v * scale) for v in values) + f" {unit}"

    print(f"feed rows: {rows}; {args.repeat} runs each, median first")
    print(f"floor (page + insert into SQLite): {floor_m:.2f} s   [{runs(floors)}]")
    print(f"first full sync:                   {first_m:.2f} s = {first_m / floor_m:.2f} × "
          f"floor (target ≤ 2×) {verdict(first_m <= 2 * floor_m)}   [{runs(firsts)}]")
    print(f"sync of 100 changes:               {delta_m * 1000:.0f} ms (target ≤ 150 ms) "
          f"{verdict(delta_m <= 0.150)}   [{runs(deltas, 1000, 'ms')}]")
    print(f"push of {args.commands} commands:          {push_m:.2f} s (target ≤ 3 s) "
          f"{verdict(push_m <= 3.0)}   [{runs(pushes)}]")
    print(f"  of which waiting for the portal's answers: {wait_m:.2f} s "
          f"(the desk's own work overlaps it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
