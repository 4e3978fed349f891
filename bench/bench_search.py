"""Search benchmark: 100,000 dossiers and 2,000 procedures in the local store.

Prints the median and 95th-percentile time of `Store.search_dossiers` and
`Store.search_procedures` for queries typed the way officers type them.
Target (issue 2): median ≤ 10 ms, p95 ≤ 30 ms on a 2-core machine.

`--encryption both` (the default) runs the same searches on the plain store and on a
copy encrypted with SQLCipher (issue 15), and prints how long the encryption of the
existing store took (what a desk pays once, on upgrade).

    .venv/bin/python bench/bench_search.py [--dossiers 100000] [--keep PATH]
                                           [--encryption on|off|both]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from desk_app.domain import (
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSpec,
    Dossier,
    DossierComponent,
    Procedure,
    Status,
    TimeLimit,
    TimeUnit,
    to_dict,
)
from desk_app.store import Store
from desk_app.store.migrations import dossier_search_text, procedure_search_text
from desk_app.textfmt import VN_TZ

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Tôn Nữ", "Hà", "Trương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoài", "Hương",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quỳnh", "Sơn",
         "Tâm", "Thảo", "Thương", "Trang", "Tuấn", "Vân", "Việt", "Yến"]
VERBS = ["Đăng ký", "Cấp", "Cấp lại", "Gia hạn", "Điều chỉnh", "Chứng thực", "Thẩm định",
         "Xác nhận", "Thay đổi", "Thu hồi"]
OBJECTS = ["khai sinh", "kết hôn", "khai tử", "giấy phép xây dựng", "hộ kinh doanh",
           "bản sao từ bản chính", "quyền sử dụng đất", "giấy phép lái xe", "hộ tịch",
           "chữ ký", "thường trú", "tạm trú", "biển số nhà", "giấy phép kinh doanh rượu",
           "chứng chỉ hành nghề", "trợ cấp xã hội", "hợp đồng", "di chúc"]
QUERIES = ["dang ky khai sinh", "nguyen thi hoai", "Trần Văn", "0461900", "H57-2611",
           "261129-00", "cap giay phep xay dung", "le van an", "ho kinh doanh", "thuong",
           "Đặng Ngọc Yến", "chung thuc ban sao", "ton nu", "xac nhan", "046", "0905"]


def build(path: Path, n_dossiers: int, n_procedures: int) -> None:
    rng = random.Random(2026)
    store = Store(path)
    agency = "000.00.22.H57"
    procs = []
    for i in range(n_procedures):
        name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        procs.append(Procedure(code=f"{1 + i % 2}.{i:06d}", agency_id=agency, name=name,
                               field=rng.choice(["Hộ tịch", "Xây dựng", "Đất đai", "Tư pháp"]),
                               components=(ComponentSpec("tk", "Tờ khai"),),
                               time_limit=TimeLimit(5, TimeUnit.WORKING_DAYS)))
    for p in procs:
        store.put_procedure(p)
    conn = store._conn
    start = datetime(2026, 1, 2, 8, tzinfo=VN_TZ)
    with store.transaction():
        for i in range(n_dossiers):
            p = procs[rng.randrange(n_procedures)]
            day = start + timedelta(minutes=7 * i)
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            applicant = Applicant(ApplicantKind.CITIZEN, name, f"0461{rng.randrange(10**8):08d}",
                                  phone=f"09{rng.randrange(10**8):08d}")
            code = f"{agency}-{day:%y%m%d}-{i % 10000:04d}"
            d = Dossier(code=code, procedure_code=p.code, agency_id=agency, applicant=applicant,
                        channel=rng.choice(list(Channel)), status=rng.choice(list(Status)),
                        version=3, submitted_at=day,
                        components=(DossierComponent("tk", "Tờ khai"),))
            data = to_dict(replace(d, components=()))
            data.pop("components")
            cur = conn.execute(
                "INSERT INTO dossiers (code, procedure_code, agency_id, status, step, version, "
                "channel, applicant_name, applicant_id, submitted_at, data) "
                "VALUES (?, ?, ?, ?, NULL, 3, ?, ?, ?, ?, ?)",
                (code, p.code, agency, d.status.value, d.channel.value, name,
                 applicant.id_number, day.isoformat(), json.dumps(data, ensure_ascii=False)))
            conn.execute("INSERT INTO dossier_search (rowid, text) VALUES (?, ?)",
                         (cur.lastrowid, dossier_search_text(code, name, applicant.id_number,
                                                             f"{p.name} {applicant.phone}")))
    assert procedure_search_text  # the same text function the store uses
    store.close()


def timed(fn, queries, rounds):
    times = []
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=100_000)
    ap.add_argument("--procedures", type=int, default=2_000)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--encryption", choices=("on", "off", "both"), default="both")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = args.keep or folder / "bench.sqlite3"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.dossiers, args.procedures)
        print(f"built {args.dossiers} dossiers, {args.procedures} procedures "
              f"in {time.perf_counter() - t0:.1f} s")
    modes = ["off", "on"] if args.encryption == "both" else [args.encryption]
    for mode in modes:
        key = None
        target = path
        if mode == "on":
            key = os.urandom(32)
            target = folder / "bench-encrypted.sqlite3"
            shutil.copyfile(path, target)
            t0 = time.perf_counter()
            Store(target, key).close()  # plain → SQLCipher (sqlcipher_export), as on upgrade
            print(f"encrypting the existing store ({path.stat().st_size / 2**20:.0f} MiB): "
                  f"{time.perf_counter() - t0:.2f} s")
        search(target, key, mode)
        if mode == "on":
            target.unlink()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


def search(path: Path, key: bytes | None, mode: str) -> None:
    t0 = time.perf_counter()
    store = Store(path, key)
    opened = (time.perf_counter() - t0) * 1000
    # Officers type as they go: every prefix of a query of 3+ characters is a search.
    typed = [q[:n] for q in QUERIES for n in range(3, len(q) + 1)]
    hits = sum(len(store.search_dossiers(q)) for q in QUERIES)
    print(f"[encryption {mode}] store opened in {opened:.1f} ms")
    med, p95 = timed(store.search_dossiers, typed, 3)
    print(f"[encryption {mode}] search_dossiers:   {len(typed) * 3} searches, median "
          f"{med:.2f} ms, p95 {p95:.2f} ms ({hits} hits for the full queries)")
    med, p95 = timed(store.search_procedures, typed, 3)
    print(f"[encryption {mode}] search_procedures: {len(typed) * 3} searches, median "
          f"{med:.2f} ms, p95 {p95:.2f} ms")
    store.close()


if __name__ == "__main__":
    main()
