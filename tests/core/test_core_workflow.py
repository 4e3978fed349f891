"""The workflow table, its guards and effects (App. steps 1-5, Art. 12)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from core_samples import (
    COMMUNE,
    DEPARTMENT,
    DISTRICT,
    complete_components,
    ctx_for,
    new_dossier,
    officer,
    pdf,
    vn,
)

from desk_app.domain import (
    PORTAL_KEYWORD,
    ApologyLetter,
    DossierComponent,
    ResultDelivery,
    Role,
    Status,
    Step,
    Timeliness,
)
from desk_app.workflow import RULES, Action, WorkflowError, allowed_actions, apply

DESK = officer("le.desk", DISTRICT, Role.DESK)
SPEC = officer("tran.spec", DISTRICT, Role.SPECIALIST)
LEAD = officer("pham.lead", DISTRICT, Role.LEADER)
CLERK = officer("vo.clerk", DISTRICT, Role.CLERK)
CTX = ctx_for(DISTRICT)


def run(d, action, actor, at, payload=None, ctx=CTX):
    return apply(d, action, actor, at, ctx, payload)[0]


def submitted(components=None, at=None, **kw):
    at = at or vn(2026, 11, 25, 9, 0)
    return run(new_dossier(DISTRICT, components, **kw), Action.SUBMIT, Role.APPLICANT, at)


def in_process(at=None):
    at = at or vn(2026, 11, 25, 9, 30)
    d = run(submitted(), Action.RECEIVE, DESK, at)
    return run(d, Action.ASSIGN, DESK, at, {"to": SPEC.username})


def test_every_status_has_its_portal_keyword():
    assert set(PORTAL_KEYWORD) == set(Status)
    assert PORTAL_KEYWORD[Status.DONE] == "releasing"
    assert PORTAL_KEYWORD[Status.RETURNED] == "done"


def test_online_submission_starts_the_receipt_clock_and_logs():
    d, row = apply(new_dossier(DISTRICT), Action.SUBMIT, Role.APPLICANT,
                   vn(2026, 11, 27, 16, 10), CTX)
    assert d.status is Status.SUBMITTED and d.version == 1
    assert d.receipt_due_at == vn(2026, 11, 30, 8, 0)
    assert row.due_at == vn(2026, 11, 30, 8, 0)


def test_district_receive_then_forward():
    d, row = apply(submitted(), Action.RECEIVE, DESK, vn(2026, 11, 25, 9, 40), CTX)
    assert (d.status, d.step) == (Status.RECEIVED, None)
    assert d.due_at == CTX.calendar.add(vn(2026, 11, 25, 9, 40), 5, CTX.procedure.time_limit.unit)
    assert row.timeliness is Timeliness.ON_TIME  # within the 60-minute receipt clock
    assert row.due_at == vn(2026, 11, 25, 10, 0)
    d = run(d, Action.ASSIGN, DESK, vn(2026, 11, 25, 9, 45), {"to": "tran.spec"})
    assert (d.status, d.step, d.assigned_to) == (Status.IN_PROCESS, Step.PROCESSING, "tran.spec")


def test_receipt_after_the_clock_is_logged_late():
    _, row = apply(submitted(), Action.RECEIVE, DESK, vn(2026, 11, 25, 10, 5), CTX)
    assert row.timeliness is Timeliness.LATE


def test_department_receipt_routes_itself():
    ctx = ctx_for(DEPARTMENT)
    d = run(new_dossier(DEPARTMENT), Action.SUBMIT, Role.APPLICANT, vn(2026, 11, 25, 9), ctx=ctx)
    d = run(d, Action.RECEIVE, Role.SYSTEM, vn(2026, 11, 25, 9, 1), {"assign_to": "chuyenvien"},
            ctx=ctx)
    assert (d.status, d.step, d.assigned_to) == (Status.IN_PROCESS, Step.PROCESSING, "chuyenvien")


def test_commune_officer_with_both_roles_receives_and_processes_in_one_step():
    ctx = ctx_for(COMMUNE)
    both = officer("nguyen.xa", COMMUNE, Role.DESK, Role.SPECIALIST)
    d = run(new_dossier(COMMUNE), Action.SUBMIT, Role.APPLICANT, vn(2026, 11, 25, 9), ctx=ctx)
    d = run(d, Action.RECEIVE, both, vn(2026, 11, 25, 9, 10), ctx=ctx)
    assert (d.status, d.step, d.assigned_to) == (Status.IN_PROCESS, Step.PROCESSING, "nguyen.xa")
    assert Action.SUBMIT_DRAFT in allowed_actions(d, both, COMMUNE)


def test_commune_desk_only_officer_receives_like_a_district():
    ctx = ctx_for(COMMUNE)
    desk_only = officer("ho.xa", COMMUNE, Role.DESK)
    d = run(new_dossier(COMMUNE), Action.SUBMIT, Role.APPLICANT, vn(2026, 11, 25, 9), ctx=ctx)
    assert run(d, Action.RECEIVE, desk_only, vn(2026, 11, 25, 9, 10), ctx=ctx).status \
        is Status.RECEIVED


def test_receive_refuses_an_incomplete_dossier_naming_what_is_missing():
    comps = (complete_components()[0], DossierComponent("gcs", "Giấy chứng sinh", True),
             complete_components()[2])
    d = submitted(comps)
    with pytest.raises(WorkflowError) as err:
        run(d, Action.RECEIVE, DESK, vn(2026, 11, 25, 9, 30))
    assert err.value.code == "incomplete"
    assert "Giấy chứng sinh" in err.value.vi and "gcs" in err.value.en
    assert set(allowed_actions(d, DESK, DISTRICT)) >= {Action.REQUEST_SUPPLEMENT, Action.REFUSE}


def test_supplement_at_intake_must_list_every_missing_component_at_once():
    comps = (DossierComponent("tk", "Tờ khai", True), DossierComponent("gcs", "Giấy chứng sinh",
             True), complete_components()[2])
    d = submitted(comps)
    with pytest.raises(WorkflowError, match="một lần") as err:
        run(d, Action.REQUEST_SUPPLEMENT, DESK, vn(2026, 11, 25, 9, 30),
            {"missing": ["tk"], "reason": "Thiếu tờ khai"})
    assert err.value.code == "supplement_not_all"
    d = run(d, Action.REQUEST_SUPPLEMENT, DESK, vn(2026, 11, 25, 9, 30),
            {"missing": ["tk", "gcs"], "reason": "Thiếu tờ khai và giấy chứng sinh"})
    assert d.status is Status.SUPPLEMENT_REQUESTED
    # The applicant adds the files; the dossier goes back to waiting for receipt.
    d = run(d, Action.SUPPLEMENT_RECEIVED, Role.APPLICANT, vn(2026, 11, 26, 8, 0),
            {"component_files": {"tk": [pdf("tk.pdf", 7)], "gcs": [pdf("gcs.pdf", 8)]}})
    assert d.status is Status.SUBMITTED and not d.missing_required()
    assert d.receipt_due_at == vn(2026, 11, 26, 9, 0)  # a corrected dossier, a new clock
    assert run(d, Action.RECEIVE, DESK, vn(2026, 11, 26, 8, 30)).status is Status.RECEIVED


def test_refusal_needs_a_reason():
    with pytest.raises(WorkflowError, match="lý do"):
        run(submitted(), Action.REFUSE, DESK, vn(2026, 11, 25, 9, 30), {"reason": "  "})
    d = run(submitted(), Action.REFUSE, DESK, vn(2026, 11, 25, 9, 30),
            {"reason": "Không thuộc thẩm quyền"})
    assert d.status is Status.REFUSED and d.refusal_reason == "Không thuộc thẩm quyền"


def _apology(at, new_due, cause="supplement"):
    return ApologyLetter("01/PXL", at, "Hướng dẫn chưa đầy đủ", new_due, "le.desk", cause)


def test_once_only_rule_for_supplement_requests():
    d = in_process()
    d = run(d, Action.REQUEST_SUPPLEMENT, SPEC, vn(2026, 11, 26, 9),
            {"missing": ["gcs"], "reason": "Bản chụp mờ"})
    d = run(d, Action.SUPPLEMENT_RECEIVED, DESK, vn(2026, 11, 27, 9))
    assert (d.status, d.step) == (Status.IN_PROCESS, Step.PROCESSING)
    # A second request must say whose fault it is (nothing is assumed) …
    with pytest.raises(WorkflowError) as err:
        run(d, Action.REQUEST_SUPPLEMENT, SPEC, vn(2026, 11, 27, 10),
            {"missing": ["tk"], "reason": "Sai thông tin"})
    assert err.value.code == "fault_required"
    # … and when the unit's own guidance caused it, only with the unit's apology letter.
    with pytest.raises(WorkflowError) as err:
        run(d, Action.REQUEST_SUPPLEMENT, SPEC, vn(2026, 11, 27, 10),
            {"missing": ["tk"], "reason": "Sai thông tin", "unit_guidance_fault": True})
    assert err.value.code == "apology_required"
    d = run(d, Action.REQUEST_SUPPLEMENT, SPEC, vn(2026, 11, 27, 10),
            {"missing": ["tk"], "reason": "Sai thông tin", "unit_guidance_fault": True,
             "apology": _apology(vn(2026, 11, 27, 10), vn(2026, 12, 10, 17))})
    assert len(d.supplements) == 2 and d.supplements[1].unit_guidance_fault
    assert d.apologies[-1].cause == "supplement"


def test_supplement_time_does_not_count_towards_the_deadline():
    d = in_process(vn(2026, 11, 25, 9, 30))
    due = d.due_at
    d = run(d, Action.REQUEST_SUPPLEMENT, SPEC, vn(2026, 11, 26, 9, 30),
            {"missing": ["gcs"], "reason": "Bản chụp mờ"})
    d = run(d, Action.SUPPLEMENT_RECEIVED, DESK, vn(2026, 11, 27, 9, 30))
    # Paused for exactly one working day (8 working hours): the deadline moves by that.
    assert d.due_at == CTX.calendar.add_working_time(due, vn(2026, 11, 26, 17) -
                                                      vn(2026, 11, 26, 9))
    assert CTX.calendar.working_hours_between(due, d.due_at) == 8


def journey_to_done(d, at=None):
    at = at or vn(2026, 11, 26, 9)
    d = run(d, Action.SUBMIT_DRAFT, SPEC, at, {"result_files": [pdf("draft.pdf", 9)]})
    d = run(d, Action.APPROVE, LEAD, at, {"result_files": [pdf("signed.pdf", 10)]})
    return run(d, Action.SEAL_AND_REGISTER, CLERK, at, {"register_number": "125/GP-UBND",
                                                         "result_files": [pdf("sealed.pdf", 11)]})


def test_leader_sends_back_then_approves_clerk_seals_desk_returns():
    d = in_process()
    d = run(d, Action.SUBMIT_DRAFT, SPEC, vn(2026, 11, 26, 9),
            {"result_files": [pdf("draft.pdf", 9)]})
    assert d.step is Step.APPROVAL and d.result_files[0].filename == "draft.pdf"
    for i in range(2):  # App. step 3: the loop repeats until the draft is right
        d = run(d, Action.SEND_BACK, LEAD, vn(2026, 11, 26, 10 + 2 * i),
                {"note": "Sửa trích yếu"})
        assert d.step is Step.PROCESSING
        d = run(d, Action.SUBMIT_DRAFT, SPEC, vn(2026, 11, 26, 11 + 2 * i))
    with pytest.raises(WorkflowError) as err:  # App. step 3: approving is signing
        run(d, Action.APPROVE, LEAD, vn(2026, 11, 26, 14))
    assert err.value.code == "result_required"
    d = run(d, Action.APPROVE, LEAD, vn(2026, 11, 26, 14), {"result_files": [pdf("s.pdf", 10)]})
    assert d.step is Step.SEALING and d.approved_by == LEAD.username
    with pytest.raises(WorkflowError, match="số vào sổ"):
        run(d, Action.SEAL_AND_REGISTER, CLERK, vn(2026, 11, 26, 15),
            {"result_files": [pdf("sealed.pdf", 11)]})
    d = run(d, Action.SEAL_AND_REGISTER, CLERK, vn(2026, 11, 26, 15),
            {"register_number": "125/GP-UBND", "result_files": [pdf("sealed.pdf", 11)]})
    assert d.status is Status.DONE and d.register_number == "125/GP-UBND"
    d = run(d, Action.RETURN_AT_COUNTER, DESK, vn(2026, 11, 27, 8))
    assert d.status is Status.RETURNED


def test_a_result_ready_late_needs_an_apology_with_a_new_date_before_return():
    d = in_process()
    late = CTX.calendar.add(d.due_at, 1, CTX.procedure.time_limit.unit)
    d = journey_to_done(d, late)  # sealed after its deadline: the unit was late
    with pytest.raises(WorkflowError) as err:
        run(d, Action.RETURN_AT_COUNTER, DESK, late)
    assert err.value.code == "apology_required"
    new_due = CTX.calendar.add(late, 2, CTX.procedure.time_limit.unit)
    d2, row = apply(d, Action.APOLOGISE, DESK, late, CTX,
                    {"apology": _apology(late, new_due, "late"), "reason": "Chậm xác minh"})
    assert d2.status is Status.DONE and d2.effective_due_at == new_due
    assert row.timeliness is Timeliness.LATE
    d3, row = apply(d2, Action.RETURN_AT_COUNTER, DESK, late, CTX)
    assert d3.status is Status.RETURNED
    assert row.timeliness is Timeliness.LATE  # the apology does not make it on time


def test_collecting_late_is_not_processing_late():
    # Art. 13.1: sealed before its due time, collected a week after it: no apology is
    # asked, and the unit's part is judged when the result was ready.
    d = journey_to_done(in_process(), vn(2026, 11, 26, 9))
    assert d.finished_at < d.due_at
    week_later = CTX.calendar.add(d.due_at, 5, CTX.procedure.time_limit.unit)
    d2, row = apply(d, Action.RETURN_AT_COUNTER, DESK, week_later, CTX)
    assert d2.status is Status.RETURNED and d2.returned_at == week_later
    assert row.handed_at == week_later and row.ready_at == d.finished_at
    assert row.timeliness in (Timeliness.EARLY, Timeliness.ON_TIME)
    assert row.result_sha256 == d.result_sha256 == f"{11:064x}"


def test_hand_to_post_needs_postal_delivery_and_address():
    d = journey_to_done(in_process())
    with pytest.raises(WorkflowError) as err:
        run(d, Action.HAND_TO_POST, DESK, vn(2026, 11, 26, 16))
    assert err.value.code == "no_postal_address"
    d = replace(d, result_delivery=ResultDelivery.POST, postal_address="12 Lê Lợi, Huế")
    assert run(d, Action.HAND_TO_POST, DESK, vn(2026, 11, 26, 16)).status is Status.RETURNED


def test_wrong_role_and_wrong_unit_are_refused():
    d = in_process()
    with pytest.raises(WorkflowError) as err:
        run(d, Action.SUBMIT_DRAFT, DESK, vn(2026, 11, 26, 9))
    assert err.value.code == "wrong_role"
    stranger = officer("spec.other", COMMUNE, Role.SPECIALIST)
    with pytest.raises(WorkflowError) as err:
        run(d, Action.SUBMIT_DRAFT, stranger, vn(2026, 11, 26, 9))
    assert err.value.code == "wrong_unit"


def test_closed_dossiers_accept_nothing():
    d = run(submitted(), Action.WITHDRAW, Role.APPLICANT, vn(2026, 11, 25, 10))
    assert d.status is Status.WITHDRAWN
    everyone = officer("all", DISTRICT, *Role)
    assert allowed_actions(d, everyone, DISTRICT) == []
    with pytest.raises(WorkflowError) as err:
        run(d, Action.RECEIVE, DESK, vn(2026, 11, 25, 10))
    assert err.value.code == "wrong_status" and "Công dân rút hồ sơ" in err.value.vi


def test_leader_may_stop_processing():
    d = run(in_process(), Action.STOP, LEAD, vn(2026, 11, 26, 9), {"reason": "Theo yêu cầu"})
    assert d.status is Status.STOPPED


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.action.value}-{sorted(r.roles)[0]}")
def test_each_rule_refuses_roles_it_does_not_name(rule):
    source = sorted(rule.sources, key=str)[0]
    may = {role for r in RULES if r.action is rule.action and source in r.sources
           for role in r.roles}
    others = set(Role) - may - {Role.SYSTEM}
    if not others:
        pytest.skip("every role may")
    d = replace(new_dossier(DISTRICT), status=source[0], step=source[1])
    for role in others:
        with pytest.raises(WorkflowError):
            apply(d, rule.action, officer("x", DISTRICT, role), vn(2026, 11, 25, 9), CTX,
                  {"reason": "x", "to": "y", "register_number": "1"})


@pytest.mark.parametrize("action", [a for a in Action if a is not Action.SUBMIT])
def test_no_action_replaces_a_sealed_result(action):
    d = journey_to_done(in_process())
    everyone = officer("all", DISTRICT, *Role)
    other = {"result_files": [pdf("forged.pdf", 66)]}
    with pytest.raises(WorkflowError) as err:
        run(d, action, everyone, vn(2026, 11, 27, 9), other)
    assert err.value.code in ("field_not_allowed", "wrong_status")
    assert d.result_sha256 == f"{11:064x}"


def test_the_sealed_hash_is_frozen_even_if_a_result_producer_were_reached():
    from desk_app.workflow import _check_sealed

    d = journey_to_done(in_process())
    with pytest.raises(WorkflowError) as err:
        _check_sealed(d, replace(d, result_files=(pdf("forged.pdf", 66),)))
    assert err.value.code == "result_sealed"
