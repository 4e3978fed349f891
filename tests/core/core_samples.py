"""Shared data for the core tests: three units (one per process shape), a procedure,
officers for every role. Imported by name: conftest puts this folder on the path."""

from __future__ import annotations

from datetime import datetime

from desk_app.domain import (
    Applicant,
    ApplicantKind,
    ComponentSpec,
    DossierComponent,
    FileRef,
    Officer,
    Procedure,
    ProcessShape,
    Role,
    TimeLimit,
    TimeUnit,
    Unit,
)
from desk_app.textfmt import VN_TZ

DEPARTMENT = Unit("000.00.12.H57", "Sở Tư pháp tỉnh Thừa Thiên Huế", ProcessShape.DEPARTMENT,
                  register_symbol="GP-STP")
DISTRICT = Unit("000.00.22.H57", "UBND huyện Phú Vang", ProcessShape.DISTRICT,
                parent_name="UBND TỈNH THỪA THIÊN HUẾ", register_symbol="GP-UBND")
COMMUNE = Unit("000.22.31.H57", "UBND xã Phú Thuận", ProcessShape.COMMUNE,
               register_symbol="QĐ-UBND")


def vn(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)


def procedure_for(unit: Unit, days: float = 5, unit_kind: TimeUnit = TimeUnit.WORKING_DAYS
                  ) -> Procedure:
    return Procedure(
        code="1.001193", agency_id=unit.agency_id, name="Đăng ký khai sinh",
        field="Hộ tịch",
        components=(
            ComponentSpec("tk", "Tờ khai đăng ký khai sinh", required=True, originals=1),
            ComponentSpec("gcs", "Giấy chứng sinh", required=True, originals=1),
            ComponentSpec("uq", "Văn bản ủy quyền", required=False),
        ),
        time_limit=TimeLimit(days, unit_kind),
        fees="Miễn lệ phí",
    )


def officer(username: str, unit: Unit, *roles: Role) -> Officer:
    return Officer(username, username.title(), unit.agency_id, frozenset(roles))


def pdf(name: str = "a.pdf", n: int = 1) -> FileRef:
    return FileRef(sha256=f"{n:064x}", filename=name, size=100, pages=1)


def complete_components() -> tuple[DossierComponent, ...]:
    return (
        DossierComponent("tk", "Tờ khai đăng ký khai sinh", True, (pdf("tk.pdf", 1),)),
        DossierComponent("gcs", "Giấy chứng sinh", True, (pdf("gcs.pdf", 2),)),
        DossierComponent("uq", "Văn bản ủy quyền", False),
    )


APPLICANT = Applicant(ApplicantKind.CITIZEN, "Nguyễn Thị Hoài Thương", "046190001234",
                      "Thôn Hà Trung, xã Vinh Hà, huyện Phú Vang", "0905123456")


def ctx_for(unit: Unit, days: float = 5, kind: TimeUnit = TimeUnit.WORKING_DAYS):
    from desk_app.calendar import WorkCalendar
    from desk_app.workflow import Context

    return Context(procedure_for(unit, days, kind), unit, WorkCalendar.default())


def new_dossier(unit: Unit, components=None, channel=None, **kw):
    from desk_app.domain import Channel, Dossier

    return Dossier(
        code=f"{unit.agency_id}-261125-0001", procedure_code="1.001193",
        agency_id=unit.agency_id, applicant=APPLICANT,
        channel=channel or Channel.ONLINE,
        components=complete_components() if components is None else components, **kw)
