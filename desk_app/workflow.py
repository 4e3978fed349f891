"""The dossier workflow: one explicit table of actions, used by desk and portal alike.

`apply(...)` takes a dossier, an action, the officer and the time, and returns the new
dossier and the processing-log row (Circular 01/2018 form 05; Art. 12.4). It is pure:
no I/O, no clock. An action that the law or the table does not allow raises
`WorkflowError`, whose message names the reason in Vietnamese and English.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from desk_app.calendar import WorkCalendar
from desk_app.domain import (
    STATUS_NAMES_VI,
    ApologyLetter,
    Channel,
    Dossier,
    FileRef,
    LogRow,
    Officer,
    Procedure,
    ProcessShape,
    ResultDelivery,
    Role,
    Status,
    Step,
    SupplementRequest,
    Timeliness,
    Unit,
    apology_from_dict,
    file_ref_from_dict,
)
from desk_app.textfmt import require_aware


class Action(enum.StrEnum):
    SUBMIT = "submit"  # the dossier is registered (online, at the counter, by post)
    RECEIVE = "receive"
    REFUSE = "refuse"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLEMENT_RECEIVED = "supplement_received"
    ASSIGN = "assign"
    REQUEST_FEES = "request_fees"
    FEES_PAID = "fees_paid"
    SUBMIT_DRAFT = "submit_draft"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    SEAL_AND_REGISTER = "seal_and_register"
    RETURN_AT_COUNTER = "return_at_counter"
    HAND_TO_POST = "hand_to_post"
    WITHDRAW = "withdraw"
    STOP = "stop"
    APOLOGISE = "apologise"  # records an apology letter (form 04); no status change


ACTION_NAMES_VI: dict[Action, str] = {
    Action.SUBMIT: "Đăng ký hồ sơ",
    Action.RECEIVE: "Tiếp nhận",
    Action.REFUSE: "Từ chối tiếp nhận",
    Action.REQUEST_SUPPLEMENT: "Yêu cầu bổ sung",
    Action.SUPPLEMENT_RECEIVED: "Nhận hồ sơ bổ sung",
    Action.ASSIGN: "Chuyển xử lý",
    Action.REQUEST_FEES: "Yêu cầu nghĩa vụ tài chính",
    Action.FEES_PAID: "Đã nộp phí, lệ phí",
    Action.SUBMIT_DRAFT: "Trình lãnh đạo",
    Action.APPROVE: "Phê duyệt, ký",
    Action.SEND_BACK: "Trả lại chuyên viên",
    Action.SEAL_AND_REGISTER: "Đóng dấu, vào sổ",
    Action.RETURN_AT_COUNTER: "Trả kết quả tại quầy",
    Action.HAND_TO_POST: "Giao bưu chính",
    Action.WITHDRAW: "Rút hồ sơ",
    Action.STOP: "Dừng xử lý",
    Action.APOLOGISE: "Thư xin lỗi, hẹn lại",
}

State = tuple[Status | None, Step | None]
NEW: State = (None, None)
SUBMITTED: State = (Status.SUBMITTED, None)
RECEIVED: State = (Status.RECEIVED, None)
PROCESSING: State = (Status.IN_PROCESS, Step.PROCESSING)
APPROVAL: State = (Status.IN_PROCESS, Step.APPROVAL)
SEALING: State = (Status.IN_PROCESS, Step.SEALING)
SUPPLEMENT: State = (Status.SUPPLEMENT_REQUESTED, None)
FEES_DUE: State = (Status.FEES_DUE, None)
DONE: State = (Status.DONE, None)
RESUME: State = (None, Step.PROCESSING)  # marker: back to where the pause began
SAME: State = (None, None)  # marker: the state does not change

OPEN_STATES = frozenset({SUBMITTED, RECEIVED, PROCESSING, APPROVAL, SEALING, SUPPLEMENT, FEES_DUE})
TERMINAL_STATUSES = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})


@dataclass(frozen=True)
class Rule:
    """One row of the table: who may take `action`, from where, and where it leads."""

    action: Action
    roles: frozenset[Role]
    sources: frozenset[State]
    target: State
    shape: ProcessShape | None = None  # None: every shape
    both_roles: frozenset[Role] = frozenset()  # the actor must hold all of these


def _r(
    action: Action,
    roles: set[Role],
    sources: set[State],
    target: State,
    shape: ProcessShape | None = None,
    both: set[Role] | None = None,
) -> Rule:
    return Rule(action, frozenset(roles), frozenset(sources), target, shape, frozenset(both or ()))


D, S, L, C, A, SYS = (Role.DESK, Role.SPECIALIST, Role.LEADER, Role.CLERK, Role.APPLICANT,
                      Role.SYSTEM)

# The table. Order matters only among rows for one action: the first row that fits the
# unit's shape and the actor's roles wins (the commune row before the general one).
RULES: tuple[Rule, ...] = (
    _r(Action.SUBMIT, {A, D}, {NEW}, SUBMITTED),
    # App. step 1, cấp Sở: receipt may be automatic; the dossier routes itself.
    _r(Action.RECEIVE, {D, SYS}, {SUBMITTED}, PROCESSING, shape=ProcessShape.DEPARTMENT),
    # App. step 1, cấp xã: an officer who both receives and processes does it in one step.
    _r(Action.RECEIVE, {D}, {SUBMITTED}, PROCESSING, shape=ProcessShape.COMMUNE, both={D, S}),
    # App. step 1, cấp huyện (and communes where the roles are separate).
    _r(Action.RECEIVE, {D}, {SUBMITTED}, RECEIVED),
    _r(Action.REFUSE, {D}, {SUBMITTED, SUPPLEMENT}, (Status.REFUSED, None)),
    _r(Action.REQUEST_SUPPLEMENT, {D}, {SUBMITTED, RECEIVED, PROCESSING}, SUPPLEMENT),
    _r(Action.REQUEST_SUPPLEMENT, {S}, {PROCESSING}, SUPPLEMENT),  # App. step 2, via the desk
    _r(Action.SUPPLEMENT_RECEIVED, {D, A}, {SUPPLEMENT}, RESUME),
    _r(Action.ASSIGN, {D, L}, {RECEIVED}, PROCESSING),
    _r(Action.ASSIGN, {L}, {PROCESSING}, PROCESSING),  # re-assign inside the unit
    _r(Action.REQUEST_FEES, {D, S}, {RECEIVED, PROCESSING}, FEES_DUE),
    _r(Action.FEES_PAID, {D, A}, {FEES_DUE}, PROCESSING),
    _r(Action.SUBMIT_DRAFT, {S}, {PROCESSING}, APPROVAL),
    _r(Action.APPROVE, {L}, {APPROVAL}, SEALING),  # App. step 3
    _r(Action.SEND_BACK, {L}, {APPROVAL}, PROCESSING),  # App. step 3: repeats until done
    _r(Action.SEAL_AND_REGISTER, {C}, {SEALING}, DONE),  # App. step 4
    _r(Action.RETURN_AT_COUNTER, {D}, {DONE}, (Status.RETURNED, None)),  # App. step 5
    _r(Action.HAND_TO_POST, {D}, {DONE}, (Status.RETURNED, None)),  # App. step 5, Art. 13
    _r(Action.WITHDRAW, {A, D}, {SUBMITTED, RECEIVED, PROCESSING, SUPPLEMENT, FEES_DUE},
       (Status.WITHDRAWN, None)),
    _r(Action.STOP, {L}, {RECEIVED, PROCESSING, APPROVAL, SUPPLEMENT, FEES_DUE},
       (Status.STOPPED, None)),
    _r(Action.APOLOGISE, {D, S, L}, OPEN_STATES | {DONE}, SAME),
)

# Statuses reachable at all, from the table (used by property tests and the UI).
REACHABLE_STATUSES = frozenset(r.target[0] for r in RULES if r.target[0] is not None)


class WorkflowError(Exception):
    """An action the workflow does not allow, with the reason in Vietnamese and English."""

    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(f"{vi} / {en}")
        self.code = code
        self.vi = vi
        self.en = en


@dataclass(frozen=True)
class Context:
    """What the workflow needs besides the dossier: the procedure, unit and calendar."""

    procedure: Procedure
    unit: Unit
    calendar: WorkCalendar


def state_of(dossier: Dossier) -> State:
    return (dossier.status, dossier.step)


def rule_for(action: Action, dossier: Dossier, actor: Officer | Role, unit: Unit) -> Rule:
    """The rule that lets `actor` take `action` now, or a WorkflowError saying why not."""
    roles = actor.roles if isinstance(actor, Officer) else frozenset({actor})
    if isinstance(actor, Officer) and actor.unit_id != unit.agency_id:
        raise WorkflowError(
            "wrong_unit",
            "Cán bộ không thuộc đơn vị xử lý hồ sơ này",
            "The officer does not belong to the unit handling this dossier",
        )
    candidates = [r for r in RULES if r.action is action]
    by_state = [r for r in candidates if state_of(dossier) in r.sources]
    if not by_state:
        status = dossier.status.value if dossier.status else "new"
        raise WorkflowError(
            "wrong_status",
            f"Không thể thực hiện “{ACTION_NAMES_VI[action]}” khi hồ sơ ở trạng thái "
            f"“{_status_vi(dossier)}”",
            f"Action {action.value!r} is not allowed in status {status!r}",
        )
    for rule in by_state:
        if rule.shape is not None and rule.shape is not unit.shape:
            continue
        if not (roles & rule.roles) or not rule.both_roles <= roles:
            continue
        return rule
    raise WorkflowError(
        "wrong_role",
        f"Vai trò của cán bộ không được thực hiện “{ACTION_NAMES_VI[action]}”",
        f"The officer's role may not take action {action.value!r}",
    )


def allowed_actions(dossier: Dossier, actor: Officer, unit: Unit) -> list[Action]:
    """Actions this officer may take on this dossier now (the UI offers only these)."""
    result = []
    for action in Action:
        if action is Action.SUBMIT:
            continue
        try:
            rule_for(action, dossier, actor, unit)
        except WorkflowError:
            continue
        result.append(action)
    return result


def _status_vi(dossier: Dossier) -> str:
    return STATUS_NAMES_VI[dossier.status] if dossier.status else "chưa đăng ký"


def judge(at: datetime, due: datetime | None) -> Timeliness | None:
    """Early when done before the due day, on time up to the due time, else late."""
    if due is None:
        return None
    if at > due:
        return Timeliness.LATE
    if at.date() < due.date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def apply(
    dossier: Dossier,
    action: Action,
    actor: Officer | Role,
    at: datetime,
    ctx: Context,
    payload: Mapping[str, Any] | None = None,
    log_seq: int = 0,
) -> tuple[Dossier, LogRow]:
    """Take `action`; return the new dossier (version + 1) and its log row."""
    at = require_aware(at, "at")
    payload = dict(payload or {})
    if isinstance(payload.get("apology"), Mapping):  # as it comes over the wire
        payload["apology"] = apology_from_dict(payload["apology"])
    rule = rule_for(action, dossier, actor, ctx.unit)
    actor_name = actor.username if isinstance(actor, Officer) else actor.value
    # Form 05 judges each hand-over against the statutory deadline (moved on only by
    # supplement pauses); an apology's new date does not make a late dossier on time.
    due_for_log = dossier.due_at
    handler = _EFFECTS.get(action)
    new = handler(dossier, at, ctx, payload, actor_name) if handler else dossier
    new = _attach(new, payload)
    if action is Action.RECEIVE and dossier.receipt_due_at is not None:
        due_for_log = dossier.receipt_due_at  # Art. 12.1.a: judged on the receipt clock
    status, step = rule.target
    if rule.target == RESUME:
        status, step = dossier.resume_status, dossier.resume_step
    elif rule.target == SAME:
        status, step = dossier.status, dossier.step
    new = replace(new, status=status, step=step, version=dossier.version + 1)
    if action is Action.RECEIVE and step is Step.PROCESSING and not new.assigned_to:
        # Department: routed by the procedure's process; commune: the receiver processes.
        new = replace(new, assigned_to=payload.get("assign_to") or (
            actor_name if ctx.unit.shape is ProcessShape.COMMUNE else ""))
    row = LogRow(
        dossier_code=dossier.code,
        seq=log_seq,
        action=action.value,
        unit=str(payload.get("unit_part") or ctx.unit.name),
        handed_by=actor_name,
        received_by=_next_holder(new, payload),
        handed_at=at,
        due_at=due_for_log if action is not Action.SUBMIT else new.receipt_due_at,
        timeliness=None if action is Action.SUBMIT else judge(at, due_for_log),
        status_after=status,  # type: ignore[arg-type]
        note=str(payload.get("note") or payload.get("reason") or ""),
    )
    return new, row


def _next_holder(d: Dossier, payload: Mapping[str, Any]) -> str:
    if payload.get("to"):
        return str(payload["to"])
    if d.status is Status.IN_PROCESS:
        return {
            Step.PROCESSING: d.assigned_to or Role.SPECIALIST.value,
            Step.APPROVAL: Role.LEADER.value,
            Step.SEALING: Role.CLERK.value,
        }[d.step]  # type: ignore[index]
    if d.status in (Status.SUPPLEMENT_REQUESTED, Status.FEES_DUE, Status.RETURNED,
                    Status.REFUSED):
        return Role.APPLICANT.value
    if d.status is Status.DONE:
        return Role.DESK.value
    return ""


# --- effects and guards, one function per action that has any --------------------


def _file(f: FileRef | Mapping[str, Any]) -> FileRef:
    return f if isinstance(f, FileRef) else file_ref_from_dict(dict(f))


def _attach(d: Dossier, p: Mapping[str, Any]) -> Dossier:
    """Files that come with an action: a draft or signed result, supplemented parts."""
    if p.get("result_files"):
        d = replace(d, result_files=tuple(_file(f) for f in p["result_files"]))
    added = p.get("component_files") or {}
    if added:
        d = replace(d, components=tuple(
            replace(c, files=c.files + tuple(_file(f) for f in added.get(c.code, ())))
            for c in d.components))
    return d


def _require(cond: bool, code: str, vi: str, en: str) -> None:
    if not cond:
        raise WorkflowError(code, vi, en)


def _submit(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    receipt_due = ctx.calendar.receipt_due(at) if d.channel is Channel.ONLINE else None
    return replace(d, submitted_at=at, receipt_due_at=receipt_due)


def _receive(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    missing = d.missing_required()
    _require(
        not missing,
        "incomplete",
        "Hồ sơ còn thiếu thành phần bắt buộc: " + "; ".join(c.name for c in missing)
        + ". Chỉ có thể yêu cầu bổ sung hoặc từ chối.",
        "Required components are missing: " + "; ".join(c.code for c in missing)
        + ". Only request_supplement or refuse are possible.",
    )
    due = ctx.calendar.add_limit(at, ctx.procedure.time_limit)
    return replace(d, received_at=at, due_at=due, received_by=who,
                   assigned_to=str(p.get("assign_to", d.assigned_to)))


def _refuse(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    reason = str(p.get("reason", "")).strip()
    _require(bool(reason), "reason_required", "Phải ghi rõ lý do từ chối",
             "A refusal needs a reason")
    return replace(d, refusal_reason=reason, paused_at=None)


def _request_supplement(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    missing = tuple(p.get("missing", ()))
    reason = str(p.get("reason", "")).strip()
    _require(bool(missing) or bool(reason), "supplement_empty",
             "Phải nêu thành phần cần bổ sung hoặc nội dung cần sửa",
             "A supplement request must list what to add or correct")
    unknown = [c for c in missing if ctx.procedure.component(c) is None
               and all(x.code != c for x in d.components)]
    _require(not unknown, "unknown_component",
             "Thành phần không có trong thủ tục: " + ", ".join(unknown),
             "Components not in the procedure: " + ", ".join(unknown))
    if d.status is Status.SUBMITTED:
        # App. step 1: the desk tells the applicant exactly what is missing, all at once.
        absent = [c for c in d.missing_required() if c.code not in missing]
        _require(not absent, "supplement_not_all",
                 "Phải hướng dẫn đầy đủ một lần: còn thiếu " + "; ".join(c.name for c in absent),
                 "All missing components must be listed at once: "
                 + ", ".join(c.code for c in absent))
    fault = bool(p.get("unit_guidance_fault", False))
    if d.supplements:
        # App. steps 1-2: guidance is given once only; a further request is allowed only
        # when the unit's own unclear guidance caused it, and then with an apology.
        _require(fault, "supplement_once",
                 "Chỉ được yêu cầu bổ sung một lần; lần tiếp theo chỉ khi lỗi do hướng dẫn "
                 "của đơn vị và phải kèm thư xin lỗi",
                 "A dossier may be sent back for supplement only once, unless the unit's own "
                 "guidance was at fault (then with an apology letter)")
    apologies = d.apologies
    if d.supplements and fault:
        letter = p.get("apology")
        _require(isinstance(letter, ApologyLetter), "apology_required",
                 "Yêu cầu bổ sung lần thứ hai phải kèm thư xin lỗi của đơn vị",
                 "A second supplement request requires the unit's apology letter")
        apologies = (*apologies, letter)  # type: ignore[arg-type]
    request = SupplementRequest(
        number=str(p.get("number", "")),
        requested_at=at,
        requested_by=who,
        missing=missing,
        reason=reason,
        unit_guidance_fault=fault,
    )
    return replace(d, supplements=(*d.supplements, request), apologies=apologies,
                   paused_at=at, resume_status=d.status, resume_step=d.step)


def _supplement_received(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    due, receipt_due = d.due_at, d.receipt_due_at
    if d.paused_at is not None and due is not None:
        # The clock stood still while the applicant corrected the dossier.
        due = ctx.calendar.shift_for_pause(due, d.paused_at, at, ctx.procedure.time_limit.unit)
    if d.resume_status is Status.SUBMITTED and d.channel is Channel.ONLINE:
        receipt_due = ctx.calendar.receipt_due(at)  # a corrected online dossier, anew
    supplements = d.supplements
    if supplements:
        supplements = (*supplements[:-1], replace(supplements[-1], received_at=at))
    return replace(d, due_at=due, receipt_due_at=receipt_due, paused_at=None,
                   supplements=supplements)


def _assign(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    to = str(p.get("to", "")).strip()
    _require(bool(to), "assignee_required", "Chưa chọn chuyên viên xử lý",
             "No specialist was chosen")
    return replace(d, assigned_to=to)


def _seal(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    number = str(p.get("register_number", "")).strip()
    _require(bool(number), "register_number_required",
             "Chưa có số vào sổ văn bản đi", "The outgoing register number is missing")
    return replace(d, register_number=number, finished_at=at)


def _return(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    due = d.effective_due_at
    if due is not None and at > due:
        # Circular 01/2018 form 04: a late result goes out only with an apology letter
        # giving a new appointment.
        raise WorkflowError(
            "apology_required",
            "Hồ sơ đã quá hạn: phải lập thư xin lỗi và hẹn lại ngày trả kết quả trước khi trả",
            "The dossier is late: record an apology letter with a new date before returning",
        )
    return replace(d, returned_at=at)


def _hand_to_post(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    _require(d.result_delivery is ResultDelivery.POST and bool(d.postal_address.strip()),
             "no_postal_address",
             "Hồ sơ không đăng ký nhận kết quả qua bưu chính hoặc thiếu địa chỉ nhận",
             "The applicant did not ask for postal delivery, or gave no address")
    return _return(d, at, ctx, p, who)


def _apologise(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    letter = p.get("apology")
    _require(isinstance(letter, ApologyLetter), "apology_missing",
             "Thiếu nội dung thư xin lỗi", "The apology letter is missing")
    assert isinstance(letter, ApologyLetter)
    _require(letter.new_due_at > at, "apology_date",
             "Ngày hẹn lại phải sau thời điểm hiện tại",
             "The new appointment must be in the future")
    return replace(d, apologies=(*d.apologies, letter))


def _close(d: Dossier, at: datetime, ctx: Context, p: dict, who: str) -> Dossier:
    return replace(d, paused_at=None)


_EFFECTS = {
    Action.SUBMIT: _submit,
    Action.RECEIVE: _receive,
    Action.REFUSE: _refuse,
    Action.REQUEST_SUPPLEMENT: _request_supplement,
    Action.SUPPLEMENT_RECEIVED: _supplement_received,
    Action.ASSIGN: _assign,
    Action.SEAL_AND_REGISTER: _seal,
    Action.RETURN_AT_COUNTER: _return,
    Action.HAND_TO_POST: _hand_to_post,
    Action.APOLOGISE: _apologise,
    Action.WITHDRAW: _close,
    Action.STOP: _close,
}
