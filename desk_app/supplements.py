"""The supplement rules (App. steps 1 and 2): the once-only rule with its two counters,
whose fault a repeated request is, when an apology must go with it, and the paused clock.

Part of the workflow (`desk_app.workflow` calls these as the effects of
request_supplement and supplement_received); pure, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from desk_app import payloads as p_
from desk_app.domain import (
    Channel,
    Dossier,
    Officer,
    Role,
    Status,
    SupplementFault,
    SupplementRequest,
    SupplementStage,
)
from desk_app.errors import require as _require

if TYPE_CHECKING:
    from desk_app.workflow import Context

Actor = Officer | Role


def _name(actor: Actor) -> str:
    return actor.username if isinstance(actor, Officer) else actor.value


def _stage(d: Dossier) -> SupplementStage:
    """App. step 1 (the desk's guidance before receipt) or step 2 (the processing unit)."""
    return SupplementStage.RECEIPT if d.status is Status.SUBMITTED else \
        SupplementStage.PROCESSING


@dataclass(frozen=True)
class NextSupplement:
    """What the next supplement request on a dossier would be (the UI asks accordingly)."""

    stage: SupplementStage
    number: int  # 1 for the first request of its stage; the two stages count apart
    unit_fault: SupplementFault  # the fault that would be the unit's own at this stage

    @property
    def fault_required(self) -> bool:
        return self.number >= 2

    def apology_needed(self, fault: SupplementFault | None) -> bool:
        # App. step 1: guided more than twice and the desk at fault → an apology with it.
        # App. step 2: once only; from the second time, the unit at fault → an apology.
        threshold = 3 if self.stage is SupplementStage.RECEIPT else 2
        return fault is self.unit_fault and self.number >= threshold


def next_supplement(d: Dossier) -> NextSupplement:
    stage = _stage(d)
    return NextSupplement(
        stage, 1 + sum(1 for s in d.supplements if s.stage is stage),
        SupplementFault.DESK if stage is SupplementStage.RECEIPT
        else SupplementFault.PROCESSING_UNIT)


def _request_supplement(d: Dossier, at: datetime, ctx: Context, p: p_.RequestSupplement,
                        who: Actor) -> Dossier:
    _require(bool(p.missing) or bool(p.reason), "supplement_empty",
             "Phải nêu thành phần cần bổ sung hoặc nội dung cần sửa",
             "A supplement request must list what to add or correct")
    unknown = [c for c in p.missing if ctx.procedure.component(c) is None
               and all(x.code != c for x in d.components)]
    _require(not unknown, "unknown_component",
             "Thành phần không có trong thủ tục: " + ", ".join(unknown),
             "Components not in the procedure: " + ", ".join(unknown))
    nxt = next_supplement(d)
    stage, n, unit_fault = nxt.stage, nxt.number, nxt.unit_fault
    if stage is SupplementStage.RECEIPT:
        # App. step 1: the desk tells the applicant exactly what is missing, all at once.
        absent = [c for c in d.missing_required() if c.code not in p.missing]
        _require(not absent, "supplement_not_all",
                 "Phải hướng dẫn đầy đủ một lần: còn thiếu " + "; ".join(c.name for c in absent),
                 "All missing components must be listed at once: "
                 + ", ".join(c.code for c in absent))
    fault = p.fault or (unit_fault if p.unit_guidance_fault else None)
    # Two counters: the desk's guidance does not use up the processing unit's request.
    if nxt.fault_required:
        # The officer says whose fault a repeated request is; nothing is assumed.
        _require(fault in (unit_fault, SupplementFault.APPLICANT), "fault_required",
                 "Yêu cầu bổ sung lần thứ " + str(n) + ": phải nêu rõ lỗi do "
                 + ("Bộ phận tiếp nhận" if stage is SupplementStage.RECEIPT
                    else "bộ phận xử lý") + " hay do người nộp hồ sơ",
                 f"Request number {n}: state whose fault it is (the "
                 f"{'desk' if stage is SupplementStage.RECEIPT else 'processing unit'} "
                 "or the applicant)")
    apologies = d.apologies
    if nxt.apology_needed(fault):
        _require(p.apology is not None, "apology_required",
                 f"Yêu cầu bổ sung lần thứ {n} do lỗi hướng dẫn của đơn vị phải kèm thư xin lỗi",
                 f"Request number {n} caused by the unit's guidance needs an apology letter")
        assert p.apology is not None
        apologies = (*apologies, replace(p.apology, issued_at=at, issued_by=_name(who),
                                         cause="supplement"))
    request = SupplementRequest(
        number=p.number,
        requested_at=at,
        requested_by=_name(who),
        missing=p.missing,
        reason=p.reason,
        unit_guidance_fault=fault is unit_fault,
        stage=stage,
        fault=fault,
    )
    return replace(d, supplements=(*d.supplements, request), apologies=apologies,
                   paused_at=at, resume_status=d.status, resume_step=d.step)


def _supplement_received(d: Dossier, at: datetime, ctx: Context, p: p_.SupplementReceived,
                         who: Actor) -> Dossier:
    unknown = sorted(set(p.component_files) - {c.code for c in d.components})
    _require(not unknown, "unknown_component",
             "Thành phần không có trong hồ sơ: " + ", ".join(unknown),
             "Components not in the dossier: " + ", ".join(unknown))
    due, receipt_due = d.due_at, d.receipt_due_at
    if d.paused_at is not None and due is not None:
        # The clock stood still while the applicant corrected the dossier.
        due = ctx.calendar.shift_for_pause(due, d.paused_at, at, ctx.procedure.time_limit.unit)
    if d.resume_status is Status.SUBMITTED and d.channel is Channel.ONLINE:
        receipt_due = ctx.calendar.receipt_due(at)  # a corrected online dossier, anew
    supplements = d.supplements
    if supplements:
        supplements = (*supplements[:-1], replace(supplements[-1], received_at=at))
    components = tuple(replace(c, files=c.files + p.component_files.get(c.code, ()))
                       for c in d.components)
    return replace(d, due_at=due, receipt_due_at=receipt_due, paused_at=None,
                   supplements=supplements, components=components)
