"""Liên thông at the desk, offline on a desk store (issue 12): DeskService.transfer queues a
command like any other, the unit that handed a dossier on may only read it, the store's
lists show what each unit holds, sent, got and gets back, and the control slip (form 06
of 2025) shows every unit's part with its budget and timeliness, read back with pdftotext."""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta

import pytest

from desk_app.domain import (
    Applicant,
    ApplicantKind,
    ComponentSource,
    ComponentSpec,
    DossierComponent,
    FileRef,
    Officer,
    Procedure,
    ProcedurePart,
    ProcessShape,
    Role,
    Status,
    TimeLimit,
    TimeUnit,
    Unit,
    UnitLevel,
)
from desk_app.services import DeskService
from desk_app.store import DOSSIER_LEASE, REGISTER_LEASE, Store
from desk_app.textfmt import VN_TZ
from desk_app.workflow import WorkflowError

WARD = Unit("000.31.01.H57", "UBND phường Thuận Hóa (dữ liệu mẫu)", ProcessShape.COMMUNE,
            level=UnitLevel.COMMUNE, register_symbol="QĐ-UBND",
            address="Phường Thuận Hóa, thành phố Huế")
DEPT = Unit("000.00.12.H57", "Sở Tư pháp thành phố Huế", ProcessShape.DEPARTMENT,
            level=UnitLevel.PROVINCE_DEPARTMENT, register_symbol="GP-STP")
WD = TimeUnit.WORKING_DAYS
PROC = Procedure(
    "9.000009", WARD.agency_id, "Thủ tục liên thông (thử)", field="Hộ tịch",
    components=(ComponentSpec("tk", "Tờ khai", True),), time_limit=TimeLimit(5, WD),
    parts=(ProcedurePart(WARD.agency_id, "Đăng ký khai sinh", TimeLimit(1, WD)),
           ProcedurePart(DEPT.agency_id, "Cấp phiếu", TimeLimit(3, WD))))


def vn(d: int, h: int, m: int = 0) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=VN_TZ)


class Clock:
    now = vn(2, 8)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def desk(tmp_path):
    store = Store(tmp_path / "desk.sqlite3")
    for unit in (WARD, DEPT):
        store.put_unit(unit)
        store.add_lease(REGISTER_LEASE, unit.agency_id, "2026", 1, 99)
    store.put_procedure(PROC)
    store.add_lease(DOSSIER_LEASE, WARD.agency_id, "261102", 1, 99)
    clock = Clock()

    def svc(name: str, unit: Unit, role: Role) -> DeskService:
        return DeskService(store, Officer(name, f"Cán bộ {name}", unit.agency_id,
                                          frozenset({role})), clock=clock)

    yield store, clock, svc
    store.close()


def _intake(store, clock, svc) -> str:
    pdf = FileRef("ab" * 32, "tk.pdf", size=10, pages=1)
    d = svc("desk.w", WARD, Role.DESK).intake(
        PROC, Applicant(ApplicantKind.CITIZEN, "Nguyễn Thị Liên Thông"),
        [DossierComponent("tk", "Tờ khai", True, (pdf,), source=ComponentSource.DIGITISED)])
    assert d.status is Status.RECEIVED and d.code.startswith(WARD.agency_id)
    return d.code


def test_a_transfer_is_one_queued_command_and_the_sender_keeps_a_read_only_view(desk):
    store, clock, svc = desk
    code = _intake(store, clock, svc)
    ward = svc("spec.w", WARD, Role.SPECIALIST)
    with pytest.raises(WorkflowError) as unknown:
        ward.transfer(code, "000.99.99.H57")
    assert unknown.value.code == "unknown_unit" and "Không có đơn vị" in unknown.value.vi
    clock.now = vn(2, 10)
    d = ward.transfer(code, DEPT.agency_id, "  Chuyển Sở giải quyết  ")
    assert d.holder == DEPT.agency_id and d.former_holders == (WARD.agency_id,)
    assert [p.agency_id for p in d.parts] == [WARD.agency_id, DEPT.agency_id]
    [cmd] = [c for c in store.outbox() if c.action == "transfer"]
    assert cmd.payload == {"to_agency": DEPT.agency_id, "note": "Chuyển Sở giải quyết"}
    assert cmd.dossier_code == code and cmd.actor == "spec.w"
    # The ward only reads it now; the department acts on it.
    assert ward.allowed_actions(code) == []
    with pytest.raises(WorkflowError) as refused:
        ward.apologise(code, "Cần xác minh", vn(20, 9))
    assert refused.value.code == "not_holder" and "Sở Tư pháp" in refused.value.vi
    assert svc("lead.d", DEPT, Role.LEADER).allowed_actions(code)
    # The lists of each unit.
    assert [s.code for s in store.sent_to_other_units(WARD.agency_id)] == [code]
    assert [s.code for s in store.received_from_other_units(DEPT.agency_id)] == [code]
    assert [s.code for s in store.held_dossiers(DEPT.agency_id)] == [code]
    assert store.held_dossiers(WARD.agency_id) == [] == store.results_for_return(WARD.agency_id)
    assert store.dossier_summaries(holder_id=DEPT.agency_id)[0].holder_id == DEPT.agency_id


def _decide(store, clock, svc, code: str, sealed_at: datetime) -> None:
    lead, spec = svc("lead.d", DEPT, Role.LEADER), svc("spec.d", DEPT, Role.SPECIALIST)
    clock.now = sealed_at - timedelta(minutes=40)
    lead.assign(code, "spec.d")
    clock.now = sealed_at - timedelta(minutes=30)
    spec.submit_draft(code, FileRef("cd" * 32, "du-thao.pdf", size=10, pages=1))
    clock.now = sealed_at - timedelta(minutes=20)
    lead.approve(code, FileRef("ce" * 32, "ky.pdf", size=10, pages=1))
    clock.now = sealed_at
    svc("clerk.d", DEPT, Role.CLERK).seal_and_register(
        code, FileRef("cf" * 32, "ket-qua.pdf", size=10, pages=1), summary="Kết quả")


def test_the_result_comes_back_for_return_and_form_06_shows_each_part(desk, tmp_path):
    store, clock, svc = desk
    code = _intake(store, clock, svc)
    clock.now = vn(4, 9)  # the ward's one-day part was due on 3/11 at 08:00: late
    svc("spec.w", WARD, Role.SPECIALIST).transfer(code, DEPT.agency_id)
    _decide(store, clock, svc, code, vn(5, 15))  # the department within its three days
    d = store.get_dossier(code)
    assert d.status is Status.DONE and d.holder == WARD.agency_id
    assert [s.code for s in store.results_for_return(WARD.agency_id)] == [code]
    assert store.sent_to_other_units(WARD.agency_id) == []
    assert svc("desk.w", WARD, Role.DESK).return_at_counter(code).status is Status.RETURNED

    from printing.fields import dossier_parts
    from printing.models import FormContext
    from printing.pdf import render_form

    d = store.get_dossier(code)
    parts = dossier_parts(d, {u.agency_id: u.name for u in store.units()}, PROC)
    officer = Officer("desk.w", "Võ Thị Ngọc Trâm", WARD.agency_id, frozenset({Role.DESK}))
    ctx = FormContext(unit=WARD, officer=officer, place="Huế", now=vn(6, 8))
    pdf = render_form("control", ctx, dossier=d, procedure=PROC, log_rows=store.log_rows(code),
                      parts=parts)
    path = tmp_path / "06.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    flat = " ".join(text.split())
    assert "Mẫu số 06" in flat and "Phần việc của từng cơ quan (bộ phận)" in flat
    assert "Đăng ký khai sinh: 1 ngày làm việc" in flat
    assert "Cấp phiếu: 3 ngày làm việc" in flat
    ward_row = flat[flat.index("Đăng ký khai sinh: 1"):flat.index("Cấp phiếu: 3")]
    assert "Quá hạn" in ward_row and "UBND phường Thuận Hóa" in flat
    dept_row = flat[flat.index("Cấp phiếu: 3"):flat.index("Các lần giao, nhận hồ sơ")]
    assert "Quá hạn" not in dept_row and ("Trước hạn" in dept_row or "Đúng hạn" in dept_row)
    # Without parts given, the form builds them from the dossier itself.
    again = render_form("control", ctx, dossier=d, procedure=PROC,
                        log_rows=store.log_rows(code))
    path.write_bytes(again)
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    assert "Cấp phiếu: 3 ngày làm việc" in " ".join(text.split())
