"""Demo people: officers of every role in the three units, and applicants in Huế."""

from __future__ import annotations

from desk_app.domain import Role
from server_stub.seed_catalogue import COMMUNE, DEPARTMENT, DISTRICT

DEMO_PASSWORD = "demo"

D, S, L, C = Role.DESK, Role.SPECIALIST, Role.LEADER, Role.CLERK

# (username, full name, roles, agency id) — the demo app's login screen lists these.
DEMO_OFFICERS: list[tuple[str, str, frozenset[Role], str]] = [
    ("motcua.sotuphap", "Trần Thị Thu Hà", frozenset({D}), DEPARTMENT.agency_id),
    ("chuyenvien.sotuphap", "Lê Văn Quang", frozenset({S}), DEPARTMENT.agency_id),
    ("lanhdao.sotuphap", "Nguyễn Đình Phúc", frozenset({L}), DEPARTMENT.agency_id),
    ("vanthu.sotuphap", "Hoàng Thị Mai", frozenset({C}), DEPARTMENT.agency_id),
    ("motcua.phuvang", "Phan Thị Ngọc Ánh", frozenset({D}), DISTRICT.agency_id),
    ("chuyenvien.phuvang", "Trương Công Minh", frozenset({S}), DISTRICT.agency_id),
    ("chuyenvien2.phuvang", "Võ Thị Kim Liên", frozenset({S}), DISTRICT.agency_id),
    ("lanhdao.phuvang", "Lê Quang Vinh", frozenset({L}), DISTRICT.agency_id),
    ("vanthu.phuvang", "Ngô Thị Hồng", frozenset({C}), DISTRICT.agency_id),
    ("canbo.phuthuan", "Nguyễn Thị Thanh Tâm", frozenset({D, S}), COMMUNE.agency_id),
    ("lanhdao.phuthuan", "Hồ Văn Dũng", frozenset({L}), COMMUNE.agency_id),
    ("vanthu.phuthuan", "Trần Thị Lệ", frozenset({C}), COMMUNE.agency_id),
]

TITLES = {
    "motcua.sotuphap": "Chuyên viên Bộ phận một cửa",
    "chuyenvien.sotuphap": "Chuyên viên Phòng Hành chính tư pháp",
    "lanhdao.sotuphap": "Phó Giám đốc",
    "vanthu.sotuphap": "Văn thư",
    "motcua.phuvang": "Chuyên viên Bộ phận một cửa",
    "chuyenvien.phuvang": "Chuyên viên Phòng Kinh tế - Hạ tầng",
    "chuyenvien2.phuvang": "Chuyên viên Phòng Tư pháp",
    "lanhdao.phuvang": "Phó Chủ tịch",
    "vanthu.phuvang": "Văn thư",
    "canbo.phuthuan": "Công chức Tư pháp - Hộ tịch",
    "lanhdao.phuthuan": "Chủ tịch",
    "vanthu.phuthuan": "Văn thư",
}

# The province office compiles reports and announces calendar changes (Art. 18.8).
PROVINCE_OFFICER = ("vanphong.tinh", "Đoàn Thị Thanh Bình", frozenset({Role.PROVINCE}),
                    "000.00.00.H57")

# Applicants: (account e-mail, full name, CCCD, address, phone, kind)
CITIZENS: list[tuple[str, str, str, str, str, str]] = [
    ("hoaithuong.nguyen@example.com", "Nguyễn Thị Hoài Thương", "046190001234",
     "Thôn Hà Trung, xã Vinh Hà, huyện Phú Vang", "0905123456", "citizen"),
    ("bao.tranvan@example.com", "Trần Văn Bảo", "046085004321",
     "12 Lê Lợi, phường Vĩnh Ninh, thành phố Huế", "0914234567", "citizen"),
    ("myduyen.le@example.com", "Lê Thị Mỹ Duyên", "046195007788",
     "Thôn Hòa Duân, xã Phú Thuận, huyện Phú Vang", "0935345678", "citizen"),
    ("quochuy.pham@example.com", "Phạm Quốc Huy", "046088009911",
     "45 Nguyễn Huệ, phường Phú Nhuận, thành phố Huế", "0987456789", "citizen"),
    ("minhkhoi.hoang@example.com", "Hoàng Minh Khôi", "046201002233",
     "Thôn An Truyền, xã Phú An, huyện Phú Vang", "0905567890", "citizen"),
    ("ngochan.vo@example.com", "Võ Thị Ngọc Hân", "046197003344",
     "Thôn Diên Đại, xã Phú Thuận, huyện Phú Vang", "0934678901", "citizen"),
    ("dangvanluc@example.com", "Đặng Văn Lực", "046079005566",
     "Tổ dân phố 3, thị trấn Thuận An, thành phố Huế", "0916789012", "citizen"),
    ("bichtram.huynh@example.com", "Huỳnh Thị Bích Trâm", "046192006677",
     "23 Kim Long, phường Kim Long, thành phố Huế", "0989890123", "citizen"),
    ("dieulinh.tonnu@example.com", "Tôn Nữ Diệu Linh", "046199008899",
     "Thôn Tân Sa, xã Phú Thuận, huyện Phú Vang", "0905901234", "citizen"),
    ("huonggiang.xaydung@example.com", "Công ty TNHH Xây dựng Hương Giang", "3301234567",
     "88 Hùng Vương, phường Phú Hội, thành phố Huế", "02343822456", "business"),
]
