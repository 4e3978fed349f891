"""Demo and benchmark data for the local store, used when no portal service is at hand.

`desk-app demo` prefers the real portal service (server_stub) with its demo seed; this
module fills a local store directly so the application still opens (offline) when
that service is missing, and gives the start-up benchmark its 10,000 dossiers.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from desk_app.calendar import WorkCalendar, now_vn
from desk_app.domain import (
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSpec,
    Dossier,
    DossierComponent,
    FeePayment,
    FileRef,
    LogRow,
    Officer,
    Procedure,
    ProcessShape,
    ResultDelivery,
    Role,
    Status,
    Step,
    TimeLimit,
    TimeUnit,
    Unit,
)
from desk_app.store import DOSSIER_LEASE, REGISTER_LEASE, Store

DEMO_PASSWORD = "demo"  # only for the local fallback; the portal's seed has its own

DISTRICT = Unit("000.00.22.H57", "UBND huyện Phú Vang", ProcessShape.DISTRICT,
                parent_name="UBND TỈNH THỪA THIÊN HUẾ", address="Thị trấn Phú Đa, huyện Phú Vang",
                phone="0234 3861 234", register_symbol="GP-UBND")
COMMUNE = Unit("000.22.31.H57", "UBND xã Phú Thuận", ProcessShape.COMMUNE,
               parent_name="UBND HUYỆN PHÚ VANG", register_symbol="QĐ-UBND")

OFFICERS: tuple[Officer, ...] = (
    Officer("motcua", "Trần Thị Lệ Thủy", DISTRICT.agency_id, frozenset({Role.DESK}),
            "Cán bộ một cửa"),
    Officer("chuyenvien", "Lê Văn Đức", DISTRICT.agency_id, frozenset({Role.SPECIALIST}),
            "Chuyên viên"),
    Officer("lanhdao", "Nguyễn Quang Huy", DISTRICT.agency_id, frozenset({Role.LEADER}),
            "Phó Chủ tịch"),
    Officer("vanthu", "Phạm Thị Ngọc Ánh", DISTRICT.agency_id, frozenset({Role.CLERK}),
            "Văn thư"),
    Officer("xa.phuthuan", "Hồ Văn Bình", COMMUNE.agency_id,
            frozenset({Role.DESK, Role.SPECIALIST}), "Công chức Tư pháp - Hộ tịch"),
)


def procedures(unit: Unit) -> list[Procedure]:
    common = {"agency_id": unit.agency_id, "handling_agency": unit.name,
              "place_and_time": "Bộ phận một cửa, giờ hành chính các ngày làm việc"}
    return [
        Procedure(
            code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch",
            steps=("Nộp hồ sơ tại Bộ phận một cửa hoặc trực tuyến",
                   "Công chức tư pháp - hộ tịch kiểm tra, trình ký", "Trả kết quả"),
            components=(
                ComponentSpec("tk", "Tờ khai đăng ký khai sinh", originals=1,
                              form_template="Mẫu TP/HT-2020-KS.1"),
                ComponentSpec("gcs", "Giấy chứng sinh", originals=1),
                ComponentSpec("uq", "Văn bản ủy quyền", required=False),
            ),
            time_limit=TimeLimit(1, TimeUnit.WORKING_DAYS),
            applicants="Cá nhân", result="Giấy khai sinh (bản chính)",
            fees="Miễn lệ phí", legal_basis=("Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP"),
            **common),
        Procedure(
            code="1.000894", name="Cấp giấy phép xây dựng nhà ở riêng lẻ", field="Xây dựng",
            steps=("Nộp hồ sơ", "Thẩm định hồ sơ, kiểm tra thực địa", "Cấp giấy phép"),
            components=(
                ComponentSpec("don", "Đơn đề nghị cấp giấy phép xây dựng", originals=1),
                ComponentSpec("qsd", "Giấy chứng nhận quyền sử dụng đất", certified_copies=1,
                              photocopies=0),
                ComponentSpec("bv", "Bản vẽ thiết kế xây dựng", originals=2),
            ),
            time_limit=TimeLimit(15, TimeUnit.WORKING_DAYS),
            applicants="Hộ gia đình, cá nhân", result="Giấy phép xây dựng",
            fees="Lệ phí 75.000 đồng/giấy phép", fee_amount=75000,
            legal_basis=("Luật Xây dựng 2014", "Nghị định 15/2021/NĐ-CP"), **common),
        Procedure(
            code="2.000908", name="Chứng thực bản sao từ bản chính", field="Chứng thực",
            components=(ComponentSpec("bc", "Bản chính giấy tờ, văn bản", originals=1),),
            time_limit=TimeLimit(4, TimeUnit.WORKING_HOURS),
            fees="2.000 đồng/trang", fee_amount=2000, **common),
        Procedure(
            code="1.004227", name="Đăng ký kết hôn", field="Hộ tịch",
            components=(
                ComponentSpec("tk", "Tờ khai đăng ký kết hôn", originals=1),
                ComponentSpec("xn", "Giấy xác nhận tình trạng hôn nhân", originals=1),
            ),
            time_limit=TimeLimit(5, TimeUnit.WORKING_DAYS), fees="Miễn lệ phí", **common),
    ]


FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = ("Thị", "Văn", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quang", "Xuân", "Thu")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hoa", "Hùng",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Phương", "Quyên",
         "Sơn", "Tâm", "Thảo", "Thương", "Trang", "Trung", "Tuấn", "Uyên", "Yến")
PLACES = ("Thôn Hà Trung, xã Vinh Hà", "Thôn Thanh Lam, xã Phú Thuận",
          "Tổ 3, thị trấn Phú Đa", "Thôn Dương Nổ, xã Phú Dương", "Thôn Chiết Bi, xã Phú Thượng")

# statuses and steps the generator spreads dossiers over (weights: typical backlog)
_STATES: tuple[tuple[Status, Step | None, int], ...] = (
    (Status.SUBMITTED, None, 3), (Status.RECEIVED, None, 1),
    (Status.IN_PROCESS, Step.PROCESSING, 4), (Status.IN_PROCESS, Step.APPROVAL, 2),
    (Status.IN_PROCESS, Step.SEALING, 1), (Status.SUPPLEMENT_REQUESTED, None, 1),
    (Status.DONE, None, 2), (Status.RETURNED, None, 6),
)


def _pdf(n: int, name: str) -> FileRef:
    return FileRef(sha256=f"{n:064x}", filename=name, size=120_000, pages=1)


def make_dossier(unit: Unit, procedure: Procedure, n: int, now: datetime,
                 rng: random.Random, cal: WorkCalendar) -> Dossier:
    status, step, _ = rng.choices(_STATES, weights=[w for *_, w in _STATES])[0]
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    applicant = Applicant(ApplicantKind.CITIZEN, name, f"0461900{n:05d}",
                          f"{rng.choice(PLACES)}, huyện Phú Vang",
                          f"09{rng.randrange(10**8):08d}", portal_account=f"cd{n}")
    channel = rng.choice((Channel.ONLINE, Channel.ONLINE, Channel.IN_PERSON))
    submitted = now - timedelta(minutes=rng.randrange(5, 60 * 24 * 12))
    # some online dossiers arrive without a required paper (they get a supplement request)
    lacking = status is Status.SUBMITTED and n % 4 == 1
    comps = tuple(DossierComponent(c.code, c.name, c.required,
                                   () if lacking and c.required and i == 0 else
                                   (_pdf(n * 10 + i, f"{c.code}.pdf"),))
                  for i, c in enumerate(procedure.components))
    post = rng.random() < 0.3
    d = Dossier(
        code=f"{unit.agency_id}-{submitted:%y%m%d}-{n % 10000:04d}",
        procedure_code=procedure.code, agency_id=unit.agency_id, applicant=applicant,
        channel=channel, components=comps, status=status, step=step, version=3,
        subject=procedure.name, submitted_at=submitted,
        fee_payment=FeePayment.COUNTER if procedure.fee_amount else FeePayment.NONE,
        result_delivery=ResultDelivery.POST if post else ResultDelivery.COUNTER,
        postal_address=applicant.address if post else "",
    )
    if status is Status.SUBMITTED:
        # a fresh online dossier: the 60-minute receipt clock runs (Art. 12.1.a)
        at = now - timedelta(minutes=rng.randrange(1, 70))
        return replace(d, channel=Channel.ONLINE, submitted_at=at, version=1,
                       receipt_due_at=cal.receipt_due(at))  # 60 working minutes
    due = cal.add_limit(submitted, procedure.time_limit)
    return replace(d, received_at=submitted, due_at=due, received_by="motcua",
                   assigned_to="chuyenvien" if status is Status.IN_PROCESS else "",
                   register_number=f"{n % 900 + 1:02d}/{unit.register_symbol}"
                   if status in (Status.DONE, Status.RETURNED) else "")


def seed_store(store: Store, dossiers: int = 24, seed: int = 7,
               now: datetime | None = None) -> None:
    """Units, procedures, leases and `dossiers` dossiers spread over the work lists."""
    now = now or now_vn()
    rng = random.Random(seed)
    cal = WorkCalendar.default()
    with store.transaction():
        for unit in (DISTRICT, COMMUNE):
            store.put_unit(unit)
            for p in procedures(unit):
                store.put_procedure(p)
            for k in range(0, 8):
                day = (now + timedelta(days=k)).strftime("%y%m%d")
                store.add_lease(DOSSIER_LEASE, unit.agency_id, day, 5001, 5200)
            store.add_lease(REGISTER_LEASE, unit.agency_id, str(now.year), 901, 999)
        procs = procedures(DISTRICT)
        for n in range(1, dossiers + 1):
            d = make_dossier(DISTRICT, rng.choice(procs), n, now, rng, cal)
            store.put_dossier(d)
            store.append_log(LogRow(d.code, 1, "submit", DISTRICT.name, d.applicant.name,
                                    "motcua", d.submitted_at or now, d.receipt_due_at, None,
                                    Status.SUBMITTED))
