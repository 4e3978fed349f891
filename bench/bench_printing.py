"""Time to produce Mẫu 01 (receipt and appointment) as PDF and as ESC/POS bytes.

Targets on the desk's machine: PDF ≤ 150 ms, ESC/POS ≤ 50 ms (warm: fonts registered
and python-escpos' printer database loaded, as in a running desk application). The
first ("cold") call is printed too.

    .venv/bin/python bench/bench_printing.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app.domain import (
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSpec,
    Dossier,
    DossierComponent,
    FileRef,
    Officer,
    Procedure,
    ProcessShape,
    ResultDelivery,
    Role,
    TimeLimit,
    TimeUnit,
    Unit,
)
from desk_app.textfmt import VN_TZ
from printing.models import FormContext

PDF_TARGET_MS = 150.0
ESCPOS_TARGET_MS = 50.0


def sample() -> tuple[FormContext, Dossier, Procedure]:
    unit = Unit("000.00.22.H57", "UBND huyện Phú Vang", ProcessShape.DISTRICT,
                parent_name="UBND tỉnh Thừa Thiên Huế", phone="0234 3861 234")
    officer = Officer("hoa.nt", "Nguyễn Thị Thanh Hoà", unit.agency_id, frozenset({Role.DESK}))
    now = datetime(2026, 11, 29, 16, 10, tzinfo=VN_TZ)
    ctx = FormContext(unit, officer, "Phú Vang", now, register_book="03/2026",
                      register_line="1.254")
    procedure = Procedure(
        "1.001776", unit.agency_id,
        "Cấp giấy phép xây dựng đối với công trình, nhà ở riêng lẻ tại đô thị",
        components=(ComponentSpec("DON", "Đơn đề nghị cấp giấy phép xây dựng"),),
        time_limit=TimeLimit(15, TimeUnit.WORKING_DAYS),
    )
    ref = FileRef("ab" * 32, "don.pdf")
    dossier = Dossier(
        "000.00.22.H57-261129-0001", "1.001776", unit.agency_id,
        Applicant(ApplicantKind.BUSINESS,
                  "Công ty Trách nhiệm hữu hạn Một thành viên Thương mại và Dịch vụ Xây dựng "
                  "Hưng Thịnh Phát",
                  address="Thôn Nguyệt Biều, tổ dân phố số 7, phường Thủy Xuân, thành phố Huế",
                  phone="0905 123 456", email="hung.thinh.phat@example.vn"),
        Channel.IN_PERSON,
        components=(
            DossierComponent("DON", "Đơn đề nghị cấp giấy phép xây dựng", files=(ref,)),
            DossierComponent("BV", "Hai bộ bản vẽ thiết kế xây dựng", files=(ref,), copies=2),
        ),
        result_delivery=ResultDelivery.POST,
        postal_address="Kiệt 45 đường Ưng Bình, phường Vĩnh Ninh, thành phố Huế",
        received_at=now, due_at=datetime(2026, 12, 21, 16, 10, tzinfo=VN_TZ),
    )
    return ctx, dossier, procedure


def measure(fn: Callable[[], bytes], runs: int) -> tuple[float, float, float, int]:
    t0 = time.perf_counter()
    size = len(fn())
    cold = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return cold, statistics.median(times), max(times), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs

    from printing.pdf import render_form
    from printing.thermal import ThermalPrinter, render_receipt_escpos

    ctx, dossier, procedure = sample()
    cases: list[tuple[str, Callable[[], bytes], float]] = [
        ("Mẫu 01 PDF (A4, 2 liên)",
         lambda: render_form("receipt", ctx, dossier=dossier, procedure=procedure),
         PDF_TARGET_MS),
        ("Mẫu 01 PDF (A5, 2 liên)",
         lambda: render_form("receipt", ctx, dossier=dossier, procedure=procedure, page="A5"),
         PDF_TARGET_MS),
    ]
    for label, printer in (
        ("ESC/POS 80 mm TCVN-3", ThermalPrinter()),
        ("ESC/POS 58 mm CP1258", ThermalPrinter("TM-T88V", paper_mm=58, vietnamese="cp1258")),
        ("ESC/POS 58 mm ảnh (không bảng mã)", ThermalPrinter("RP-F10-58mm", paper_mm=58)),
        ("ESC/POS 80 mm ảnh (không bảng mã)", ThermalPrinter("TM-T88IV", paper_mm=80)),
    ):
        cases.append((label, lambda p=printer: render_receipt_escpos(ctx, dossier, procedure,
                                                                     printer=p),
                      ESCPOS_TARGET_MS))

    print(f"{'case':<36} {'cold ms':>8} {'median ms':>10} {'max ms':>8} {'bytes':>8}  target")
    failed = False
    for label, fn, target in cases:
        cold, median, worst, size = measure(fn, runs)
        ok = median <= target
        failed |= not ok
        print(f"{label:<36} {cold:8.1f} {median:10.1f} {worst:8.1f} {size:8d}  "
              f"≤ {target:.0f} ms {'OK' if ok else 'CHẬM'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
