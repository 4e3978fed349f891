"""The once-only rule as the seed words it (App. steps 1 and 2): two counters, the fault
stated by the officer, an apology only when the unit's own guidance was at fault; and
routing at departments by the procedure's processing group (App. step 1, cấp Sở)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from core_samples import DEPARTMENT, DISTRICT, ctx_for, new_dossier, officer, vn

from desk_app.domain import (
    ApologyLetter,
    DossierComponent,
    Role,
    Status,
    SupplementFault,
    SupplementStage,
)
from desk_app.workflow import Action, WorkflowError, apply, route

DESK = officer("le.desk", DISTRICT, Role.DESK)
SPEC = officer("tran.spec", DISTRICT, Role.SPECIALIST)
CTX = ctx_for(DISTRICT)
D, U, A = SupplementFault.DESK, SupplementFault.PROCESSING_UNIT, SupplementFault.APPLICANT


class Steps:
    def __init__(self) -> None:
        self.at = vn(2026, 11, 25, 8, 0)

    def __call__(self, d, action, actor, payload=None):
        self.at += timedelta(minutes=30)
        return apply(d, action, actor, self.at, CTX, payload)[0]

    def apology(self):
        return ApologyLetter("01/PXL", self.at, "Hướng dẫn chưa đầy đủ",
                             self.at + timedelta(days=10), cause="supplement")


def incomplete():
    comps = (DossierComponent("tk", "Tờ khai", True),
             DossierComponent("gcs", "Giấy chứng sinh", True))
    return new_dossier(DISTRICT, comps)


def guide(step, d, fault=None, apology=False):
    """The desk's guidance before receipt (App. step 1), then the applicant's correction."""
    payload = {"missing": ["tk", "gcs"], "reason": "Thiếu giấy tờ"}
    if fault is not None:
        payload["fault"] = fault.value
    if apology:
        payload["apology"] = step.apology()
    d = step(d, Action.REQUEST_SUPPLEMENT, DESK, payload)
    return step(d, Action.SUPPLEMENT_RECEIVED, DESK)


@pytest.mark.parametrize("faults", [(A, A), (A, D), (D, A), (D, D)])
def test_the_desks_guidance_apologises_only_past_two_times_and_at_its_own_fault(faults):
    step = Steps()
    d = step(incomplete(), Action.SUBMIT, Role.APPLICANT)
    d = guide(step, d)  # the first guidance: no fault to state
    with pytest.raises(WorkflowError) as err:  # a second one: whose fault? nothing assumed
        guide(step, d)
    assert err.value.code == "fault_required"
    d = guide(step, d, faults[0])  # the 2nd time: never an apology (App. step 1: "trên 2")
    if faults[1] is D:  # the 3rd time, the desk at fault: only with an apology letter
        with pytest.raises(WorkflowError) as err:
            guide(step, d, D)
        assert err.value.code == "apology_required"
        d = guide(step, d, D, apology=True)
        assert d.apologies[-1].cause == "supplement"
    else:  # the applicant's own correction is still wrong: lawful, no apology
        d = guide(step, d, A)
        assert not d.apologies
    assert [s.stage for s in d.supplements] == [SupplementStage.RECEIPT] * 3
    assert [s.fault for s in d.supplements] == [None, *faults]


@pytest.mark.parametrize("faults", [(A, A), (A, U), (U, A), (U, U)])
def test_the_processing_units_request_is_its_own_counter(faults):
    step = Steps()
    d = step(incomplete(), Action.SUBMIT, Role.APPLICANT)
    d = guide(step, d)
    d = guide(step, d, A)  # the desk guided twice: that does not use up step 2's request
    d = replace(d, components=tuple(replace(c, files=(_pdf(),)) for c in d.components))
    d = step(d, Action.RECEIVE, DESK)
    d = step(d, Action.ASSIGN, DESK, {"to": SPEC.username})
    request = {"missing": ["gcs"], "reason": "Sai thông tin"}
    d = step(step(d, Action.REQUEST_SUPPLEMENT, SPEC, request), Action.SUPPLEMENT_RECEIVED, DESK)
    assert d.supplements[-1].stage is SupplementStage.PROCESSING and not d.apologies
    with pytest.raises(WorkflowError) as err:  # the desk's fault is not the unit's to claim
        step(d, Action.REQUEST_SUPPLEMENT, SPEC, {**request, "fault": "desk"})
    assert err.value.code == "fault_required"
    for fault in faults:  # App. step 2: from the 2nd time, the unit at fault apologises
        payload = {**request, "fault": fault.value}
        if fault is U:
            with pytest.raises(WorkflowError) as err:
                step(d, Action.REQUEST_SUPPLEMENT, SPEC, payload)
            assert err.value.code == "apology_required"
            payload["apology"] = step.apology()
        before = len(d.apologies)
        d = step(d, Action.REQUEST_SUPPLEMENT, SPEC, payload)
        assert len(d.apologies) == before + (fault is U)
        d = step(d, Action.SUPPLEMENT_RECEIVED, DESK)
    assert d.status is Status.IN_PROCESS


def _pdf():
    from core_samples import pdf

    return pdf("x.pdf", 7)


def test_a_department_routes_by_the_procedures_processing_group():
    team = {o.username: o for o in [
        replace(officer("a.hotich", DEPARTMENT, Role.SPECIALIST), group="Phòng Hộ tịch"),
        replace(officer("b.hotich", DEPARTMENT, Role.SPECIALIST), group="Phòng Hộ tịch"),
        replace(officer("c.luatsu", DEPARTMENT, Role.SPECIALIST), group="Phòng Bổ trợ"),
        replace(officer("d.lead", DEPARTMENT, Role.LEADER), group="Phòng Hộ tịch"),
    ]}
    ctx = ctx_for(DEPARTMENT)
    ctx = replace(ctx, procedure=replace(ctx.procedure, processing_group="Phòng Hộ tịch"),
                  officers=team, workload={"a.hotich": 4, "b.hotich": 1})
    assert route(ctx) == "b.hotich"  # of the group's specialists, the least loaded
    d = new_dossier(DEPARTMENT)
    d = apply(d, Action.SUBMIT, Role.APPLICANT, vn(2026, 11, 25, 8), ctx)[0]
    d = apply(d, Action.RECEIVE, Role.SYSTEM, vn(2026, 11, 25, 8, 5), ctx)[0]
    assert d.assigned_to == "b.hotich" and d.status is Status.IN_PROCESS
    # Assigning to someone outside the unit's specialists is refused.
    lead = officer("d.lead", DEPARTMENT, Role.LEADER)
    with pytest.raises(WorkflowError) as err:
        apply(d, Action.ASSIGN, lead, vn(2026, 11, 25, 9), ctx, {"to": "d.lead"})
    assert err.value.code == "bad_assignee"
    d = apply(d, Action.ASSIGN, lead, vn(2026, 11, 25, 9), ctx, {"to": "c.luatsu"})[0]
    assert d.assigned_to == "c.luatsu"  # a leader re-routes
