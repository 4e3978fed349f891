"""Reports count each unit's own part (issue 12): a linked procedure received at a ward and
decided by a department, played through DeskService (transfer included) on a desk store.

  X  ward receives 02/11 08:00, forwards 10/11 (its 1-day part overran, and the whole
     dossier's 5 days), the department seals 10/11 afternoon    → late: the ward's fault
  Y  ward receives 02/11 08:00, forwards 02/11 10:00 (on time), the department seals
     12/11 (its part overran)                                  → late: the department's
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from reports_history import Clock, _pdf, components, vn

from desk_app.domain import (
    Applicant,
    ApplicantKind,
    ComponentSpec,
    Officer,
    Procedure,
    ProcedurePart,
    ProcessShape,
    Role,
    TimeLimit,
    TimeUnit,
    Unit,
    UnitLevel,
)
from desk_app.reports import build_report, periods
from desk_app.services import DeskService
from desk_app.store import DOSSIER_LEASE, REGISTER_LEASE, Store

WARD = Unit("000.31.01.H57", "UBND phường Thuận Hóa (dữ liệu mẫu)", ProcessShape.COMMUNE,
            level=UnitLevel.COMMUNE, register_symbol="QĐ-UBND")
DEPT = Unit("000.00.12.H57", "Sở Tư pháp thành phố Huế", ProcessShape.DEPARTMENT,
            level=UnitLevel.PROVINCE_DEPARTMENT, register_symbol="GP-STP")
WD = TimeUnit.WORKING_DAYS
PROC = Procedure(
    "9.000009", WARD.agency_id, "Thủ tục liên thông (thử)", field="Hộ tịch",
    components=(ComponentSpec("tk", "Tờ khai", True), ComponentSpec("gt", "Giấy tờ", True)),
    time_limit=TimeLimit(5, WD),
    parts=(ProcedurePart(WARD.agency_id, "Tiếp nhận, đăng ký", TimeLimit(1, WD)),
           ProcedurePart(DEPT.agency_id, "Giải quyết", TimeLimit(3, WD))))


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("parts") / "desk.sqlite3")
    for unit in (WARD, DEPT):
        store.put_unit(unit)
        store.add_lease(REGISTER_LEASE, unit.agency_id, "2026", 1, 99)
    store.put_procedure(PROC)
    store.add_lease(DOSSIER_LEASE, WARD.agency_id, "261102", 1, 99)
    clock = Clock()

    def svc(name: str, unit: Unit, role: Role) -> DeskService:
        return DeskService(store, Officer(name, name, unit.agency_id, frozenset({role})),
                           clock=clock)

    desk, spec = svc("desk.w", WARD, Role.DESK), svc("spec.w", WARD, Role.SPECIALIST)
    lead, dspec = svc("lead.d", DEPT, Role.LEADER), svc("spec.d", DEPT, Role.SPECIALIST)
    clerk = svc("clerk.d", DEPT, Role.CLERK)

    def at(when):
        clock.now = when

    codes = {}
    for letter, forward, sealed in (("X", vn(2026, 11, 10, 9), vn(2026, 11, 10, 15)),
                                    ("Y", vn(2026, 11, 2, 10), vn(2026, 11, 12, 10))):
        at(vn(2026, 11, 2, 8))
        d = desk.intake(PROC, Applicant(ApplicantKind.CITIZEN, f"Công dân {letter}"),
                        components())
        codes[letter] = d.code
        at(forward)
        spec.transfer(d.code, DEPT.agency_id, "Chuyển Sở giải quyết")
        at(forward + timedelta(minutes=10))
        lead.assign(d.code, "spec.d")
        at(sealed - timedelta(minutes=30))
        dspec.submit_draft(d.code, _pdf(70))
        at(sealed - timedelta(minutes=20))
        lead.approve(d.code, _pdf(71))
        at(sealed)
        clerk.seal_and_register(d.code, _pdf(72), summary="Kết quả")
    yield store, codes
    store.close()


def test_the_parts_are_judged_on_their_own_budgets(linked):
    store, codes = linked
    x, y = store.get_dossier(codes["X"]), store.get_dossier(codes["Y"])
    assert [p.agency_id for p in x.parts] == [WARD.agency_id, DEPT.agency_id]
    assert x.parts[0].timeliness.value == "late" and y.parts[1].timeliness.value == "late"
    assert y.parts[0].timeliness.value != "late"
    assert x.holder == WARD.agency_id and x.status.value == "done"  # back for return
    assert {s.code for s in store.results_for_return(WARD.agency_id)} == set(codes.values())


def test_the_ward_is_blamed_for_its_late_forwarding_not_for_the_department(linked):
    store, codes = linked
    report = build_report(store, WARD.agency_id, periods.parse("2026-11"),
                          as_of=vn(2026, 12, 1, 8))
    assert report.totals.resolved_late == 1  # X only: Y overran at the department
    assert report.totals.resolved == 2
    assert [d.code for d in report.late] == [codes["X"]]
    assert report.own_parts["finished_late"] == 1
    assert report.own_parts["late_codes"] == [codes["X"]]
    assert report.to_dict()["own_parts"] == report.own_parts


def test_the_department_is_blamed_for_its_own_part_only(linked):
    store, codes = linked
    report = build_report(store, DEPT.agency_id, periods.parse("2026-11"),
                          as_of=vn(2026, 12, 1, 8))
    own = report.own_parts
    # X came in after its deadline had passed: its lateness is the ward's.
    assert own["finished_late"] == 1 and own["late_codes"] == [codes["Y"]]
    assert own["finished_early"] + own["finished_on_time"] == 1
    assert own["open_overdue"] == 0


def test_an_open_part_overdue_at_the_end_of_the_period(linked):
    store, codes = linked
    # On 4 November Y is at the department, within its own three days; X still at the
    # ward, past its one-day part.
    report = build_report(store, WARD.agency_id, periods.parse("2026-11"),
                          as_of=vn(2026, 11, 4, 12))
    assert report.own_parts["open_overdue"] == 1
    assert report.own_parts["late_codes"] == [codes["X"]]
    dept = build_report(store, DEPT.agency_id, periods.parse("2026-11"),
                        as_of=vn(2026, 11, 4, 12))
    assert dept.own_parts["open_overdue"] == 0 and dept.own_parts["open_on_time"] == 1
    later = build_report(store, DEPT.agency_id, periods.parse("2026-11"),
                         as_of=vn(2026, 11, 5, 12))  # its part was due 5/11 10:00
    assert later.own_parts["open_overdue"] == 1


def test_the_unit_report_workbook_has_its_parts(linked):
    from io import BytesIO

    from openpyxl import load_workbook

    from desk_app.reports import export_xlsx

    store, codes = linked
    report = build_report(store, DEPT.agency_id, periods.parse("2026-11"),
                          as_of=vn(2026, 12, 1, 8))
    sheet = load_workbook(BytesIO(export_xlsx(report)))["Phần việc liên thông"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, max_row=6, values_only=True)}
    assert rows["Phần việc hoàn thành quá hạn"] == 1
    assert codes["Y"] in [c.value for c in sheet["B"]]
