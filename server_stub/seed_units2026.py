"""The units of the "hue2026" demo seed: Huế as a city under the centre, two tiers.

Decree 118/2025/NĐ-CP: the city's Public Administration Service Centre receives and
returns for the departments, which decide; each commune-level unit has its own centre. The
commune names, the police and the social insurance units are illustrative and say so.
Agency codes follow the QCVN 102:2016/BTTTT pattern of the older seed; they are demo codes.
"""

from __future__ import annotations

from dataclasses import replace

from desk_app.domain import (
    Procedure,
    ProcedurePart,
    ProcessShape,
    Role,
    TimeLimit,
    TimeUnit,
    Unit,
    UnitLevel,
)
from server_stub import seed_catalogue as cat

CITY = "000.00.00.H57"  # the city's office (Văn phòng UBND thành phố): reports, calendar
PARENT = "UBND THÀNH PHỐ HUẾ"

CENTRE = Unit(
    "000.00.01.H57", "Trung tâm Phục vụ hành chính công thành phố Huế", ProcessShape.DISTRICT,
    parent_name=PARENT, address="01 Lê Lai, phường Thuận Hóa, thành phố Huế (dữ liệu mẫu)",
    phone="0234 3 000 001", register_symbol="TTPVHCC", level=UnitLevel.PROVINCE_CENTRE,
    parent_id=CITY, sessions=("07:30-11:30", "13:30-17:00"))
JUSTICE = Unit(
    "000.00.12.H57", "Sở Tư pháp thành phố Huế", ProcessShape.DEPARTMENT, parent_name=PARENT,
    address="07 Tôn Đức Thắng, phường Thuận Hóa, thành phố Huế (dữ liệu mẫu)",
    phone="0234 3 821 355", register_symbol="GP-STP", level=UnitLevel.PROVINCE_DEPARTMENT,
    parent_id=CITY, sessions=("07:30-11:30", "13:30-17:00"))
WARD = Unit(
    "000.31.01.H57", "UBND phường Thuận Hóa (dữ liệu mẫu)", ProcessShape.COMMUNE,
    parent_name=PARENT, address="Trung tâm Phục vụ hành chính công phường Thuận Hóa "
    "(dữ liệu mẫu)", phone="0234 3 000 101", register_symbol="QĐ-UBND",
    level=UnitLevel.COMMUNE, parent_id=CITY, sessions=("07:00-11:30", "13:30-17:00"))
RURAL = Unit(
    "000.31.02.H57", "UBND xã Phú Vinh (dữ liệu mẫu)", ProcessShape.COMMUNE,
    parent_name=PARENT, address="Trung tâm Phục vụ hành chính công xã Phú Vinh "
    "(dữ liệu mẫu)", phone="0234 3 000 102", register_symbol="QĐ-UBND",
    level=UnitLevel.COMMUNE, parent_id=CITY, sessions=("07:00-11:30", "13:30-17:00"))
POLICE = Unit(
    "000.31.03.H57", "Công an phường Thuận Hóa (dữ liệu mẫu)", ProcessShape.COMMUNE,
    parent_name="CÔNG AN THÀNH PHỐ HUẾ", address="Phường Thuận Hóa, thành phố Huế "
    "(dữ liệu mẫu)", phone="0234 3 000 103", register_symbol="CAP",
    level=UnitLevel.COMMUNE, parent_id=CITY, sessions=("07:30-11:30", "13:30-17:00"))
INSURANCE = Unit(
    "000.00.40.H57", "Bảo hiểm xã hội thành phố Huế (dữ liệu mẫu)", ProcessShape.DEPARTMENT,
    parent_name="BẢO HIỂM XÃ HỘI VIỆT NAM", address="Thành phố Huế (dữ liệu mẫu)",
    phone="0234 3 000 140", register_symbol="BHXH", level=UnitLevel.PROVINCE_DEPARTMENT,
    parent_id=CITY, sessions=("07:30-11:30", "13:30-17:00"))

WD = TimeUnit.WORKING_DAYS
LINKED_CODE = "1.001193.LT"  # illustrative code for the linked procedure (demo)
# Province-wide acceptance (Decree 118/2025): certification of copies and of signatures
# may be received at any commune centre; the demo marks them so, check the list in force.
PROVINCE_WIDE = frozenset({"2.000908", "2.000884"})
_COMMUNE_EXTRA = ("2.000908", "2.000884", "1.001612")  # from the old district list


def _rows(rows: tuple[cat._Row, ...], codes: tuple[str, ...] = ()) -> list[cat._Row]:
    return [r for r in rows if not codes or r[0] in codes]


def procedures() -> list[Procedure]:
    """The department's, each commune's and the linked one, with their acceptance."""
    out = [cat._procedure(JUSTICE, r) for r in cat._DEPARTMENT]
    for unit in (WARD, RURAL):
        rows = [*cat._COMMUNE, *_rows(cat._DISTRICT, _COMMUNE_EXTRA)]
        out += [replace(cat._procedure(unit, r), province_wide=r[0] in PROVINCE_WIDE)
                for r in rows]
    birth = next(p for p in out if p.code == "1.001193" and p.agency_id == WARD.agency_id)
    out.append(replace(
        birth, code=LINKED_CODE, time_limit=TimeLimit(6, WD), fees="Miễn lệ phí",
        fee_amount=0, submit_ways=cat.BOTH, result="Giấy khai sinh, xác nhận thông tin cư trú, "
        "thẻ bảo hiểm y tế", result_template="Giấy khai sinh",
        name="Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ "
             "bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        # Each unit's own budget inside the total (DOMAIN.md, last section); illustrative.
        parts=(ProcedurePart(WARD.agency_id, "Đăng ký khai sinh", TimeLimit(2, WD)),
               ProcedurePart(POLICE.agency_id, "Đăng ký thường trú", TimeLimit(2, WD)),
               ProcedurePart(INSURANCE.agency_id, "Cấp thẻ bảo hiểm y tế", TimeLimit(2, WD)))))
    return out


def units() -> tuple[Unit, ...]:
    procs = procedures()
    justice = tuple(p.code for p in procs if p.agency_id == JUSTICE.agency_id)

    def own(u: Unit) -> tuple[str, ...]:
        return tuple(p.code for p in procs if p.agency_id == u.agency_id)

    return (replace(CENTRE, receives=justice), replace(JUSTICE, decides=justice),
            replace(WARD, decides=own(WARD)), replace(RURAL, decides=own(RURAL)),
            POLICE, INSURANCE)


D, S, L, C = Role.DESK, Role.SPECIALIST, Role.LEADER, Role.CLERK

# (username, full name, roles, agency id, title); all illustrative people (demo data).
OFFICERS: list[tuple[str, str, frozenset[Role], str, str]] = [
    ("motcua.ttpvhcc", "Nguyễn Thị Minh Thư", frozenset({D}), CENTRE.agency_id,
     "Chuyên viên Trung tâm Phục vụ hành chính công"),
    ("motcua2.ttpvhcc", "Lê Hoàng Nam", frozenset({D}), CENTRE.agency_id,
     "Chuyên viên Trung tâm Phục vụ hành chính công"),
    ("chuyenvien.ttpvhcc", "Trần Đức Thịnh", frozenset({S}), CENTRE.agency_id,
     "Chuyên viên Phòng Kiểm soát thủ tục hành chính"),
    ("lanhdao.ttpvhcc", "Phạm Thị Thanh Hương", frozenset({L}), CENTRE.agency_id,
     "Phó Giám đốc Trung tâm"),
    ("vanthu.ttpvhcc", "Hồ Thị Thu Trang", frozenset({C}), CENTRE.agency_id, "Văn thư"),
    ("motcua.sotuphap", "Trần Thị Thu Hà", frozenset({D}), JUSTICE.agency_id,
     "Chuyên viên Văn phòng Sở"),
    ("chuyenvien.sotuphap", "Lê Văn Quang", frozenset({S}), JUSTICE.agency_id,
     "Chuyên viên Phòng Hành chính tư pháp"),
    ("lanhdao.sotuphap", "Nguyễn Đình Phúc", frozenset({L}), JUSTICE.agency_id,
     "Phó Giám đốc Sở"),
    ("vanthu.sotuphap", "Hoàng Thị Mai", frozenset({C}), JUSTICE.agency_id, "Văn thư"),
    ("motcua.thuanhoa", "Võ Thị Ngọc Trâm", frozenset({D}), WARD.agency_id,
     "Công chức Trung tâm Phục vụ hành chính công phường"),
    ("chuyenvien.thuanhoa", "Đặng Quốc Bảo", frozenset({S}), WARD.agency_id,
     "Công chức Văn hóa - Xã hội (Tư pháp - Hộ tịch)"),
    ("lanhdao.thuanhoa", "Nguyễn Văn Thành", frozenset({L}), WARD.agency_id,
     "Phó Chủ tịch UBND phường"),
    ("vanthu.thuanhoa", "Trần Thị Kim Oanh", frozenset({C}), WARD.agency_id, "Văn thư"),
    ("canbo.phuvinh", "Nguyễn Thị Thanh Tâm", frozenset({D, S}), RURAL.agency_id,
     "Công chức Văn hóa - Xã hội (Tư pháp - Hộ tịch)"),
    ("lanhdao.phuvinh", "Hồ Văn Dũng", frozenset({L}), RURAL.agency_id, "Chủ tịch UBND xã"),
    ("vanthu.phuvinh", "Trần Thị Lệ", frozenset({C}), RURAL.agency_id, "Văn thư"),
    ("motcua.congan", "Lê Thị Hồng Nhung", frozenset({D}), POLICE.agency_id,
     "Cán bộ tiếp nhận hồ sơ"),
    ("chuyenvien.congan", "Thượng úy Phan Văn Hải", frozenset({S}), POLICE.agency_id,
     "Cán bộ đăng ký, quản lý cư trú"),
    ("lanhdao.congan", "Thiếu tá Ngô Quang Trung", frozenset({L}), POLICE.agency_id,
     "Trưởng Công an phường"),
    ("vanthu.congan", "Nguyễn Thị Hoa", frozenset({C}), POLICE.agency_id, "Văn thư"),
    ("motcua.bhxh", "Trương Thị Bích Ngọc", frozenset({D}), INSURANCE.agency_id,
     "Viên chức tiếp nhận hồ sơ"),
    ("chuyenvien.bhxh", "Lê Minh Tuấn", frozenset({S}), INSURANCE.agency_id,
     "Viên chức Phòng Quản lý thu - Sổ, thẻ"),
    ("lanhdao.bhxh", "Phan Thị Diệu Hiền", frozenset({L}), INSURANCE.agency_id,
     "Phó Giám đốc"),
    ("vanthu.bhxh", "Đoàn Văn Sơn", frozenset({C}), INSURANCE.agency_id, "Văn thư"),
]
CITY_OFFICER = ("vanphong.thanhpho", "Đoàn Thị Thanh Bình", frozenset({Role.PROVINCE}), CITY,
                "Chuyên viên Văn phòng UBND thành phố")

# Applicants: (account e-mail, full name, CCCD, address, phone, kind); illustrative.
CITIZENS: list[tuple[str, str, str, str, str, str]] = [
    ("hoaithuong.nguyen@example.com", "Nguyễn Thị Hoài Thương", "046190001234",
     "Tổ dân phố 4, phường Thuận Hóa, thành phố Huế", "0905123456", "citizen"),
    ("bao.tranvan@example.com", "Trần Văn Bảo", "046085004321",
     "12 Lê Lợi, phường Thuận Hóa, thành phố Huế", "0914234567", "citizen"),
    ("myduyen.le@example.com", "Lê Thị Mỹ Duyên", "046195007788",
     "Thôn Hòa Duân, xã Phú Vinh, thành phố Huế", "0935345678", "citizen"),
    ("quochuy.pham@example.com", "Phạm Quốc Huy", "046088009911",
     "45 Nguyễn Huệ, phường Thuận Hóa, thành phố Huế", "0987456789", "citizen"),
    ("minhkhoi.hoang@example.com", "Hoàng Minh Khôi", "046201002233",
     "Thôn An Truyền, xã Phú Vinh, thành phố Huế", "0905567890", "citizen"),
    ("ngochan.vo@example.com", "Võ Thị Ngọc Hân", "046197003344",
     "Thôn Diên Đại, xã Phú Vinh, thành phố Huế", "0934678901", "citizen"),
    ("bichtram.huynh@example.com", "Huỳnh Thị Bích Trâm", "046192006677",
     "23 Kim Long, phường Thuận Hóa, thành phố Huế", "0989890123", "citizen"),
    ("dieulinh.tonnu@example.com", "Tôn Nữ Diệu Linh", "046199008899",
     "Thôn Tân Sa, xã Phú Vinh, thành phố Huế", "0905901234", "citizen"),
    ("huonggiang.xaydung@example.com", "Công ty TNHH Xây dựng Hương Giang", "3301234567",
     "88 Hùng Vương, phường Thuận Hóa, thành phố Huế", "02343822456", "business"),
]
