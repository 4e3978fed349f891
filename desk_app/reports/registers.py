"""Registers for a period: Mẫu 06 (Sổ theo dõi hồ sơ) and the outgoing-document register.

Mẫu 06 (Circular 01/2018/TT-VPCP) lists the dossiers received in the period, in the
order they were received: no.; dossier code; procedure; applicant; address and phone;
handling agency; dates received, due, returned; how the result was collected; a
column for the applicant's signature. The outgoing register (Decree 30/2020,
Appendix IV) lists the results numbered in the period.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from desk_app.domain import OutgoingRegisterRow
from desk_app.reports.periods import Period
from desk_app.store import Store

DOSSIER_REGISTER_HEADERS: tuple[str, ...] = (
    "STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Tên tổ chức, cá nhân",
    "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết", "Ngày nhận hồ sơ",
    "Ngày hẹn trả kết quả", "Ngày trả kết quả", "Phương thức nhận kết quả",
    "Ký nhận",
)

OUTGOING_REGISTER_HEADERS: tuple[str, ...] = (
    "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung",
    "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản",
    "Ngày chuyển", "Ký nhận", "Ghi chú",
)

DELIVERY_VI = {"counter": "Trực tiếp tại Bộ phận một cửa", "post": "Qua dịch vụ bưu chính"}


@dataclass(frozen=True)
class DossierRegisterRow:
    number: int
    code: str
    procedure_name: str
    applicant_name: str
    address_phone: str
    handling_agency: str
    received_at: datetime
    due_at: datetime | None
    returned_at: datetime | None
    collected_how: str


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def dossier_register(store: Store, agency_id: str, period: Period) -> list[DossierRegisterRow]:
    """Mẫu 06 rows: dossiers whose `receive` log row falls in the period."""
    unit = store.get_unit(agency_id)
    rows = store._query(
        """
        SELECT d.code, COALESCE(p.name, d.procedure_code), d.applicant_name, d.data,
               r.handed_at,
               (SELECT MIN(x.handed_at) FROM log_rows x WHERE x.dossier_code = d.code
                AND x.action IN ('return_at_counter', 'hand_to_post'))
        FROM log_rows r
        JOIN dossiers d ON d.code = r.dossier_code
        LEFT JOIN procedures p ON p.code = d.procedure_code AND p.agency_id = d.agency_id
        WHERE r.action = 'receive' AND r.handed_at >= ? AND r.handed_at < ?
          AND d.agency_id = ?
        ORDER BY r.handed_at, d.code
        """,
        (period.start_text, period.end_text, agency_id),
    )
    out = []
    for i, (code, pname, applicant, data, received, returned) in enumerate(rows, start=1):
        d = json.loads(data)
        app = d.get("applicant", {})
        address_phone = ", ".join(x for x in (app.get("address", ""), app.get("phone", "")) if x)
        out.append(DossierRegisterRow(
            number=i, code=code, procedure_name=pname, applicant_name=applicant,
            address_phone=address_phone, handling_agency=unit.name if unit else agency_id,
            received_at=datetime.fromisoformat(received), due_at=_dt(d.get("due_at")),
            returned_at=_dt(returned),
            collected_how=DELIVERY_VI.get(d.get("result_delivery", "counter"), ""),
        ))
    return out


def outgoing_register(store: Store, agency_id: str, period: Period) -> list[OutgoingRegisterRow]:
    """Outgoing register rows dated within the period, by year and number."""
    rows = store._query(
        "SELECT agency_id, year, number, symbol, date, summary, signer, recipients, "
        "keeping_unit, copies, dossier_code, note FROM outgoing_register "
        "WHERE agency_id = ? AND date >= ? AND date < ? ORDER BY year, number",
        (agency_id, period.start_text, period.end_text))
    return [OutgoingRegisterRow(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), *r[5:])
            for r in rows]
