"""Reports benchmark: the yearly report over 200,000 dossiers in the local store.

The store is filled directly with SQL (dossiers, components and a processing log of
about seven rows per dossier, shaped like the ones DeskService writes), then the
yearly report of 2026 (`desk_app.reports.build_report`) is built several times.
Prints the one-off cost of the reports' index and the median and worst time of the
report. Target (issue 8): ≤ 2 s on a 2-core machine.

    .venv/bin/python bench/bench_reports.py [--dossiers 200000] [--runs 5] [--keep PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from desk_app.domain import Procedure, ProcessShape, TimeLimit, TimeUnit, Unit
from desk_app.reports import build_report, ensure_indexes, periods
from desk_app.store import Store
from desk_app.textfmt import VN_TZ

AGENCY = "000.00.22.H57"
FIELDS = ("Hộ tịch", "Đất đai", "Xây dựng", "Tư pháp", "Lao động", "Giáo dục", "Y tế",
          "Thương mại", "Giao thông", "Nông nghiệp")


def fill(store: Store, n: int, seed: int = 8) -> None:
    rnd = random.Random(seed)
    store.put_unit(Unit(AGENCY, "UBND huyện Phú Vang", ProcessShape.DISTRICT))
    procs = [f"1.{i:06d}" for i in range(60)]
    for i, code in enumerate(procs):
        store.put_procedure(Procedure(code, AGENCY, f"Thủ tục số {i}", field=FIELDS[i % 10],
                                      time_limit=TimeLimit(5, TimeUnit.WORKING_DAYS)))
    start = datetime(2025, 12, 1, 8, tzinfo=VN_TZ)
    dossiers, comps, logs = [], [], []
    for k in range(n):
        at = start + timedelta(minutes=rnd.randrange(0, 396 * 24 * 60))
        code = f"{AGENCY}-{at:%y%m%d}-{k:06d}"
        channel = rnd.choices(("online", "in_person", "post"), (5, 4, 1))[0]
        proc = rnd.choice(procs)
        due = at + timedelta(days=7)
        fee = rnd.choice(("none", "counter", "online"))
        rows = [("submit", at), ("receive", at + timedelta(minutes=20))]
        fate = rnd.random()
        t = at + timedelta(minutes=20)
        apologies = []
        if fate < 0.03:
            rows.append(("withdraw", t + timedelta(days=1)))
        elif fate < 0.05:
            rows.append(("stop", t + timedelta(days=2)))
        else:
            if rnd.random() < 0.1:
                rows += [("request_supplement", t + timedelta(hours=3)),
                         ("supplement_received", t + timedelta(days=2))]
                due += timedelta(days=2)
            # Most dossiers well before the deadline, about 6 % after it.
            took = timedelta(days=rnd.triangular(0.17, 9, 2))
            rows += [("assign", t + took * 0.2), ("submit_draft", t + took * 0.6),
                     ("approve", t + took * 0.8)]
            if t + took > due:
                letter_at = min(t + took * 0.9, due - timedelta(hours=1))
                apologies.append({"number": f"{k}/PXL", "issued_at": letter_at.isoformat(),
                                  "reason": "Quá hạn", "new_due_at": (due + timedelta(days=5))
                                  .isoformat(), "cause": "late"})
                rows.append(("apologise", letter_at))
            rows.append(("seal_and_register", t + took))
            rows.append(("return_at_counter", t + took + timedelta(hours=2)))
        data = {"code": code, "procedure_code": proc, "agency_id": AGENCY, "channel": channel,
                "applicant": {"kind": "citizen", "name": f"Nguyễn Văn {k}",
                              "id_number": f"0461{k:08d}", "address": "Thôn Hà Trung, xã Vinh Hà",
                              "phone": "0905123456", "email": "", "portal_account": ""},
                "fee_payment": fee, "result_delivery": "counter", "status": "returned",
                "submitted_at": at.isoformat(), "received_at": rows[1][1].isoformat(),
                "due_at": due.isoformat(), "apologies": apologies, "supplements": [],
                "subject": "Đăng ký", "version": len(rows),
                "result_files": [{"sha256": f"{k:064x}", "filename": "kq.pdf"}]
                if fate >= 0.05 and rnd.random() < 0.7 else []}
        rows.sort(key=lambda r: r[1])
        in_force = apologies[-1]["new_due_at"] if apologies else due.isoformat()
        dossiers.append((code, proc, AGENCY, "returned", None, len(rows), channel,
                         data["applicant"]["name"], data["applicant"]["id_number"],
                         at.isoformat(), None, rows[1][1].isoformat(), in_force, "", 0,
                         json.dumps(data, ensure_ascii=False)))
        src = "digitised" if channel != "online" else "uploaded"
        comps += [(code, 0, "tk", "Tờ khai", 1, src, 1, "[]"),
                  (code, 1, "gt", "Giấy tờ", 1, "uploaded", 1, "[]")]
        for seq, (action, when) in enumerate(rows, start=1):
            logs.append((code, seq, action, "UBND huyện Phú Vang", "desk", "spec",
                         when.isoformat(), due.isoformat(), "on_time", "in_process", ""))
    with store.transaction() as c:
        c.executemany("INSERT INTO dossiers (code, procedure_code, agency_id, status, step, "
                      "version, channel, applicant_name, applicant_id, submitted_at, "
                      "receipt_due_at, received_at, due_at, assigned_to, provisional, data) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", dossiers)
        c.executemany("INSERT INTO components VALUES (?, ?, ?, ?, ?, ?, ?, ?)", comps)
        c.executemany("INSERT INTO log_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", logs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="reuse/keep the store at this path")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = args.keep or Path(tmp.name) / "bench.sqlite3"
    fresh = not path.exists()
    store = Store(path)
    if fresh:
        t0 = time.perf_counter()
        fill(store, args.dossiers)
        rows = store._query("SELECT count(*) FROM log_rows")[0][0]
        print(f"filled {args.dossiers} dossiers, {rows} log rows in "
              f"{time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    ensure_indexes(store)
    print(f"reports index (one-off): {time.perf_counter() - t0:.2f} s")
    period = periods.year(2026)
    as_of = datetime(2026, 12, 31, 17, tzinfo=VN_TZ)
    times, cpu = [], []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        report = build_report(store, AGENCY, period, as_of=as_of, viewer_is_leader=True)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    t = report.totals
    print(f"received {t.received}, resolved {t.resolved} (late {t.resolved_late}), "
          f"late list {len(report.late)}, weeks {len(report.weekly)}")
    print(f"yearly report over {store.count_dossiers()} dossiers: median "
          f"{statistics.median(times):.3f} s, worst {max(times):.3f} s (target ≤ 2 s); "
          f"CPU median {statistics.median(cpu):.3f} s")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    store.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
