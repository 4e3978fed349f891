"""Services: each action writes state, log row and outbox command together."""

from __future__ import annotations

from datetime import datetime

import pytest
from core_samples import APPLICANT, COMMUNE, DISTRICT, complete_components, officer, pdf, vn

from desk_app.domain import DossierComponent, ResultDelivery, Role, Status, Timeliness
from desk_app.services import DeskService, ServiceError
from desk_app.workflow import Action, WorkflowError


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def service(store, unit, *roles, clock):
    return DeskService(store, officer(f"{roles[0].value}.{unit.agency_id[-3:]}", unit, *roles),
                       clock=clock)


def test_paper_intake_to_return_writes_log_and_outbox(store):
    clock = Clock(vn(2026, 11, 27, 16, 10))
    desk = service(store, DISTRICT, Role.DESK, clock=clock)
    spec = service(store, DISTRICT, Role.SPECIALIST, clock=clock)
    lead = service(store, DISTRICT, Role.LEADER, clock=clock)
    clerk = service(store, DISTRICT, Role.CLERK, clock=clock)
    procedure = store.get_procedure("1.001193", DISTRICT.agency_id)
    d = desk.intake(procedure, APPLICANT, complete_components(),
                    result_delivery=ResultDelivery.POST, postal_address="12 Lê Lợi, TP Huế")
    assert d.code == "000.00.22.H57-261127-0001"
    assert d.status is Status.RECEIVED and d.provisional
    # Friday 16:10 + 5 working days.
    assert d.due_at == vn(2026, 12, 4, 16, 10)
    desk.assign(d.code, spec.officer.username)
    clock.now = vn(2026, 11, 30, 9)
    spec.submit_draft(d.code)
    lead.send_back(d.code, "Sửa căn cứ pháp lý")
    spec.submit_draft(d.code)
    with pytest.raises(WorkflowError) as err:  # App. step 3: no approval without signature
        lead.approve(d.code)
    assert err.value.code == "result_required" and "chữ ký số" in err.value.vi
    lead.approve(d.code, pdf("signed.pdf", 20))
    d = clerk.seal_and_register(d.code, pdf("sealed.pdf", 21))
    assert d.register_number == "01/GP-UBND" and d.result_sha256 == f"{21:064x}"
    assert store.outgoing_register(DISTRICT.agency_id, 2026)[0].dossier_code == d.code
    d = desk.hand_to_post(d.code)
    assert d.status is Status.RETURNED
    actions = [r.action for r in store.log_rows(d.code)]
    assert actions == ["submit", "receive", "assign", "submit_draft", "send_back",
                       "submit_draft", "approve", "seal_and_register", "hand_to_post"]
    assert store.log_rows(d.code)[-1].timeliness is Timeliness.EARLY
    queued = store.outbox()
    assert [c.action for c in queued] == actions
    # Each command is based on the version its action saw: 0, 1, 2, …
    assert [c.base_version for c in queued] == list(range(len(actions)))
    assert queued[0].payload["dossier"]["code"] == d.code


def test_a_refused_action_writes_nothing(store):
    clock = Clock(vn(2026, 11, 25, 9))
    desk = service(store, DISTRICT, Role.DESK, clock=clock)
    procedure = store.get_procedure("1.001193", DISTRICT.agency_id)
    incomplete = (DossierComponent("tk", "Tờ khai", True),)
    d = desk.intake(procedure, APPLICANT, incomplete)
    assert d.status is Status.SUBMITTED  # not received: components are missing
    before = (store.count_outbox(), len(store.log_rows(d.code)))
    with pytest.raises(WorkflowError, match="thiếu thành phần"):
        desk.receive(d.code)
    assert (store.count_outbox(), len(store.log_rows(d.code))) == before
    assert store.get_dossier(d.code).version == d.version
    d = desk.request_supplement(d.code, ["tk", "gcs"], "Thiếu tờ khai và giấy chứng sinh")
    assert d.status is Status.SUPPLEMENT_REQUESTED


def test_commune_officer_receives_and_processes_in_one_step(store):
    clock = Clock(vn(2026, 11, 25, 9))
    both = service(store, COMMUNE, Role.DESK, Role.SPECIALIST, clock=clock)
    procedure = store.get_procedure("1.001193", COMMUNE.agency_id)
    d = both.intake(procedure, APPLICANT, complete_components())
    assert (d.status, d.assigned_to) == (Status.IN_PROCESS, both.officer.username)
    assert Action.SUBMIT_DRAFT in both.allowed_actions(d.code)


def test_unknown_dossier_and_missing_address_are_clear(store):
    desk = service(store, DISTRICT, Role.DESK, clock=Clock(vn(2026, 11, 25, 9)))
    with pytest.raises(ServiceError, match="Không tìm thấy hồ sơ"):
        desk.receive("nope")
    procedure = store.get_procedure("1.001193", DISTRICT.agency_id)
    with pytest.raises(ServiceError, match="địa chỉ"):
        desk.intake(procedure, APPLICANT, complete_components(),
                    result_delivery=ResultDelivery.POST)


def test_work_gate_blocks_new_work(store):
    def blocked():
        raise ServiceError("Quá 7 ngày chưa đồng bộ")

    desk = DeskService(store, officer("d", DISTRICT, Role.DESK),
                       clock=Clock(vn(2026, 11, 25, 9)), work_gate=blocked)
    procedure = store.get_procedure("1.001193", DISTRICT.agency_id)
    with pytest.raises(ServiceError, match="chưa đồng bộ"):
        desk.intake(procedure, APPLICANT, complete_components())
    assert store.count_dossiers() == 0


def test_the_service_uses_the_units_hours(store):
    from datetime import time

    from desk_app.calendar import Session, WorkCalendar

    cal = WorkCalendar.weekdays([Session(time(7, 30), time(11, 30)),
                                 Session(time(13, 0), time(17, 0))])
    desk = DeskService(store, officer("d", DISTRICT, Role.DESK),
                       clock=Clock(vn(2026, 11, 27, 16, 0)), calendar=cal)
    procedure = store.get_procedure("1.001193", DISTRICT.agency_id)
    d = desk.intake(procedure, APPLICANT, complete_components())
    # Friday 16:00 + 5 working days of these hours ends Friday 4 December at 16:00.
    assert d.due_at == vn(2026, 12, 4, 16, 0)
    assert desk.calendar().sessions_of(vn(2026, 11, 30).date())[0].start == time(7, 30)
