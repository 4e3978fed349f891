"""The dossier workflow: one explicit table of actions, used by desk and portal alike.

`apply(...)` takes a dossier, an action, the officer and the time, and returns the new
dossier and the processing-log row (Circular 01/2018 form 05; Art. 12.4). It is pure:
no I/O, no clock. An action that the law or the table does not allow raises
`WorkflowError`, whose message names the reason in Vietnamese and English.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from desk_app import linked
from desk_app import payloads as p_
from desk_app.calendar import WorkCalendar
from desk_app.domain import (
    STATUS_NAMES_VI,
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
    Timeliness,
    Unit,
)
from desk_app.errors import WorkflowError, require
from desk_app.supplements import (
    NextSupplement,
    _request_supplement,
    _supplement_received,
    next_supplement,
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
    TRANSFER = "transfer"  # hands the dossier to another unit (liên thông, App. step 5)


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
    Action.TRANSFER: "Chuyển đơn vị khác (liên thông)",
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
    # Decree 118/2025, App. step 5: the receiving desk routes the dossier to the deciding
    # unit; a linked procedure's unit hands it to the next part's unit.
    _r(Action.TRANSFER, {D, S, L}, {RECEIVED, PROCESSING}, PROCESSING),
)

# Statuses reachable at all, from the table (used by property tests and the UI).
REACHABLE_STATUSES = frozenset(r.target[0] for r in RULES if r.target[0] is not None)


# Checks the signatures on a result file for an action (App. steps 3-4): raises
# WorkflowError when the file does not carry the signature the action needs. The portal
# always passes one (pyHanko against its trust store); a desk passes one when it can.
ResultCheck = Callable[["Action", FileRef, Dossier, Officer | Role], None]


@dataclass(frozen=True)
class Context:
    """What the workflow needs besides the dossier: the procedure, unit and calendar, and
    what the caller knows of the unit's officers and of signatures."""

    procedure: Procedure
    unit: Unit
    calendar: WorkCalendar
    officers: Mapping[str, Officer] | None = None  # the unit's officers; None = unknown
    units: Mapping[str, Unit] = field(default_factory=dict)  # every unit, for transfers
    workload: Mapping[str, int] = field(default_factory=dict)  # open dossiers per officer
    check_result: ResultCheck | None = None

    def calendar_of(self, agency_id: str) -> WorkCalendar:
        """Another unit's calendar (its own hours, the same announced days off)."""
        unit = self.units.get(agency_id)
        if unit is None or agency_id == self.unit.agency_id:
            return self.calendar
        return WorkCalendar.for_unit(unit, self.calendar.overrides.values())


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


# The first answer to an online dossier, judged against the receipt clock (Art. 12.1.a).
FIRST_ANSWERS = frozenset({Action.RECEIVE, Action.REFUSE, Action.REQUEST_SUPPLEMENT})
# The actions that return the result: their row records when the applicant came, and the
# unit's timeliness is the result's (ready when sealed, Art. 13.1).
RETURNS = frozenset({Action.RETURN_AT_COUNTER, Action.HAND_TO_POST})


def apply(
    dossier: Dossier,
    action: Action,
    actor: Officer | Role,
    at: datetime,
    ctx: Context,
    payload: p_.Payload | Mapping[str, Any] | None = None,
    log_seq: int = 0,
    local_at: datetime | None = None,
) -> tuple[Dossier, LogRow]:
    """Take `action`; return the new dossier (version + 1) and its log row.

    `payload` is the action's typed record (`desk_app.payloads`); a mapping is read with
    `payloads.parse` first, so a field the action may not carry is refused here too.
    """
    at = require_aware(at, "at")
    typed = p_.parse(action.value, payload)
    if isinstance(actor, Officer) and action is not Action.SUBMIT \
            and actor.unit_id != dossier.holder and actor.unit_id in dossier.involved:
        # Liên thông: a unit that handed the dossier on keeps a read-only view.
        holder = ctx.units.get(dossier.holder)
        raise WorkflowError(
            "not_holder",
            f"Hồ sơ đang do {holder.name if holder else dossier.holder} xử lý; đơn vị đã "
            "chuyển hồ sơ chỉ được xem",
            f"The dossier is held by {dossier.holder}; a unit that handed it on may only "
            "read it")
    rule = rule_for(action, dossier, actor, ctx.unit)
    # Art. 12.4: the log is a sequence in time; a command dated before the dossier's last
    # event (a wrong clock, a forged date) would rewrite its history.
    _require(dossier.last_event_at is None or at >= dossier.last_event_at, "acted_before_last",
             "Thời điểm thao tác sớm hơn thao tác trước đó của hồ sơ: kiểm tra đồng hồ máy",
             "acted_at is earlier than the dossier's last event: check the desk's clock")
    actor_name = actor.username if isinstance(actor, Officer) else actor.value
    # Form 05 judges each hand-over against the statutory deadline (moved on only by
    # supplement pauses); an apology's new date does not make a late dossier on time.
    due_for_log = dossier.due_at
    judged_at = at
    if (action in FIRST_ANSWERS and dossier.status is Status.SUBMITTED
            and dossier.receipt_due_at is not None):
        due_for_log = dossier.receipt_due_at  # Art. 12.1.a: every first answer
    if action in RETURNS and dossier.finished_at is not None:
        judged_at = dossier.finished_at  # Art. 13.1: the result was ready then
    handler = _EFFECTS.get(action)
    new = handler(dossier, at, ctx, typed, actor) if handler else dossier
    status, step = rule.target
    if rule.target == RESUME:
        status, step = dossier.resume_status, dossier.resume_step
    elif rule.target == SAME:
        status, step = dossier.status, dossier.step
    new = replace(new, status=status, step=step, version=dossier.version + 1, last_event_at=at)
    _check_sealed(dossier, new)
    row = LogRow(
        dossier_code=dossier.code,
        seq=log_seq,
        action=action.value,
        unit=ctx.unit.name,
        handed_by=actor_name,
        received_by=_next_holder(new, typed),
        handed_at=at,
        due_at=due_for_log if action is not Action.SUBMIT else new.receipt_due_at,
        timeliness=None if action is Action.SUBMIT else judge(judged_at, due_for_log),
        status_after=status,  # type: ignore[arg-type]
        note=getattr(typed, "reason", "") or typed.note,
        result_sha256=new.result_sha256,
        ready_at=dossier.finished_at if action in RETURNS else None,
        local_at=local_at,
    )
    return new, row


def _check_sealed(old: Dossier, new: Dossier) -> None:
    """App. step 4: once sealed and registered, the result and its hash never change."""
    if old.result_sha256 and (new.result_sha256 != old.result_sha256
                              or new.result_files != old.result_files):
        raise WorkflowError("result_sealed",
                            "Kết quả đã được đóng dấu, vào sổ: không thể thay đổi",
                            "The result is sealed and registered: it cannot change")


def _next_holder(d: Dossier, p: p_.Payload) -> str:
    if isinstance(p, p_.Assign) and p.to:
        return p.to
    if isinstance(p, p_.Transfer):
        return p.to_agency  # the unit it goes to; its desk routes it inside
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

Actor = Officer | Role


_require = require


def _name(actor: Actor) -> str:
    return actor.username if isinstance(actor, Officer) else actor.value


def _submit(d: Dossier, at: datetime, ctx: Context, p: p_.Submit, who: Actor) -> Dossier:
    linked.check_receiving(ctx.unit, ctx.procedure)  # Decree 118/2025: who may receive it
    if ctx.procedure.agency_id != d.agency_id:
        d = replace(d, procedure_agency=ctx.procedure.agency_id)
    receipt_due = ctx.calendar.receipt_due(at) if d.channel is Channel.ONLINE else None
    return replace(d, submitted_at=at, receipt_due_at=receipt_due)


def _check_officer(ctx: Context, username: str, what: str) -> None:
    """An assignee must be a specialist of the unit that holds the dossier."""
    if ctx.officers is None or not username:
        return
    officer = ctx.officers.get(username)
    _require(officer is not None and officer.unit_id == ctx.unit.agency_id
             and officer.has(Role.SPECIALIST), "bad_assignee",
             f"{what}: “{username}” không phải chuyên viên của đơn vị",
             f"{what}: {username!r} is not a specialist of this unit")


def route(ctx: Context) -> str:
    """App. step 1, cấp Sở: the specialist a received dossier routes itself to.

    The procedure names its processing group (data the province office edits); of that
    group's specialists the one with the fewest open dossiers takes it. "" when the
    caller does not know the unit's officers (the portal routes it then)."""
    if ctx.officers is None:
        return ""
    group = ctx.procedure.processing_group
    candidates = sorted(
        (ctx.workload.get(o.username, 0), o.username) for o in ctx.officers.values()
        if o.unit_id == ctx.unit.agency_id and o.has(Role.SPECIALIST)
        and (not group or o.group == group))
    return candidates[0][1] if candidates else ""


def _receive(d: Dossier, at: datetime, ctx: Context, p: p_.Receive, who: Actor) -> Dossier:
    missing = d.missing_required()
    _require(
        not missing,
        "incomplete",
        "Hồ sơ còn thiếu thành phần bắt buộc: " + "; ".join(c.name for c in missing)
        + ". Chỉ có thể yêu cầu bổ sung hoặc từ chối.",
        "Required components are missing: " + "; ".join(c.code for c in missing)
        + ". Only request_supplement or refuse are possible.",
    )
    _check_officer(ctx, p.assign_to, "Giao xử lý")
    # The appointment on form 01 is the deciding unit's (Decree 118/2025), by its hours.
    due = ctx.calendar_of(d.deciding_id).add_limit(at, ctx.procedure.time_limit)
    assigned = p.assign_to or d.assigned_to
    if not assigned and ctx.unit.shape is ProcessShape.DEPARTMENT:
        assigned = route(ctx)
    if not assigned and ctx.unit.shape is ProcessShape.COMMUNE and isinstance(who, Officer) \
            and who.has(Role.SPECIALIST):
        assigned = who.username  # App. step 1, cấp xã: the receiver processes it
    line = p.receipt_line or d.receipt_line
    d = replace(d, due_at=due)
    if ctx.procedure.parts or d.deciding_id != d.agency_id:
        d = linked.open_part(d, d.holder, at, ctx.procedure, ctx.calendar)  # form 06's parts
    return replace(d, received_at=at, due_at=due, received_by=_name(who), assigned_to=assigned,
                   receipt_line=line,
                   receipt_number=f"{line}/TNHS" if line else d.receipt_number,
                   receipt_book=f"{at.year}" if line else d.receipt_book)


def _refuse(d: Dossier, at: datetime, ctx: Context, p: p_.Refuse, who: Actor) -> Dossier:
    _require(bool(p.reason), "reason_required", "Phải ghi rõ lý do từ chối",
             "A refusal needs a reason")
    return replace(d, refusal_reason=p.reason, paused_at=None)


def _assign(d: Dossier, at: datetime, ctx: Context, p: p_.Assign, who: Actor) -> Dossier:
    _require(bool(p.to), "assignee_required", "Chưa chọn chuyên viên xử lý",
             "No specialist was chosen")
    _check_officer(ctx, p.to, "Chuyển xử lý")
    return replace(d, assigned_to=p.to)


def _result(d: Dossier, action: Action, ctx: Context, files: tuple[FileRef, ...],
            who: Actor) -> Dossier:
    """A draft, the leader-signed result, or the sealed result (App. steps 2-4)."""
    if not files:
        return d
    if ctx.check_result is not None and action is not Action.SUBMIT_DRAFT:
        ctx.check_result(action, files[0], d, who)
    return replace(d, result_files=files)


def _submit_draft(d: Dossier, at: datetime, ctx: Context, p: p_.SubmitDraft,
                  who: Actor) -> Dossier:
    return _result(d, Action.SUBMIT_DRAFT, ctx, p.result_files, who)


def _approve(d: Dossier, at: datetime, ctx: Context, p: p_.Approve, who: Actor) -> Dossier:
    # App. step 3: the leader approves by signing; the signed document is the result.
    d = _result(d, Action.APPROVE, ctx, p.result_files, who)
    return replace(d, approved_by=_name(who), approved_at=at)


def _seal(d: Dossier, at: datetime, ctx: Context, p: p_.SealAndRegister, who: Actor
          ) -> Dossier:
    _require(bool(p.register_number), "register_number_required",
             "Chưa có số vào sổ văn bản đi", "The outgoing register number is missing")
    d = _result(d, Action.SEAL_AND_REGISTER, ctx, p.result_files, who)
    d = linked.back_to_receiver(d, at)  # the receiving desk returns the result
    return replace(d, register_number=p.register_number, finished_at=at,
                   result_sha256=p.result_files[0].sha256)


def _return(d: Dossier, at: datetime, ctx: Context, p: p_.Payload, who: Actor) -> Dossier:
    ready = d.finished_at or at
    due = d.effective_due_at
    if due is not None and ready > due and not any(a.cause == "late" for a in d.apologies):
        # Form 04: a result that was ready late goes out only with an apology letter and
        # a new appointment. Collecting late is the applicant's choice, not the unit's
        # delay (Art. 13.1): a result ready on time needs no apology whenever it is fetched.
        raise WorkflowError(
            "apology_required",
            "Kết quả hoàn thành sau hạn: phải lập thư xin lỗi và hẹn lại ngày trả trước khi trả",
            "The result was ready after its deadline: record an apology letter first",
        )
    return replace(d, returned_at=at)


def _hand_to_post(d: Dossier, at: datetime, ctx: Context, p: p_.HandToPost, who: Actor
                  ) -> Dossier:
    _require(d.result_delivery is ResultDelivery.POST and bool(d.postal_address.strip()),
             "no_postal_address",
             "Hồ sơ không đăng ký nhận kết quả qua bưu chính hoặc thiếu địa chỉ nhận",
             "The applicant did not ask for postal delivery, or gave no address")
    return _return(d, at, ctx, p, who)


def _apologise(d: Dossier, at: datetime, ctx: Context, p: p_.Apologise, who: Actor
               ) -> Dossier:
    letter = p.apology
    _require(letter is not None, "apology_missing",
             "Thiếu nội dung thư xin lỗi", "The apology letter is missing")
    assert letter is not None
    _require(letter.new_due_at > at, "apology_date",
             "Ngày hẹn lại phải sau thời điểm hiện tại",
             "The new appointment must be in the future")
    original = d.effective_due_at
    # Form 04: the new appointment is a working day after the original due time.
    _require(original is None or (letter.new_due_at > original
                                  and ctx.calendar.is_working_day(letter.new_due_at.date())),
             "apology_date",
             "Ngày hẹn lại phải là ngày làm việc, sau thời hạn đã hẹn",
             "The new appointment must be a working day after the original due time")
    return replace(d, apologies=(*d.apologies, replace(letter, issued_at=at,
                                                       issued_by=_name(who))))


def _transfer(d: Dossier, at: datetime, ctx: Context, p: p_.Transfer, who: Actor) -> Dossier:
    to = ctx.units.get(p.to_agency)
    _require(to is not None, "unknown_unit", f"Không có đơn vị mã {p.to_agency}",
             f"No unit {p.to_agency}")
    assert to is not None
    if not d.parts:  # the receiving unit's own part, from receipt to this hand-over
        d = replace(d, parts=(linked.DossierPart(d.holder, "", d.received_at or at, d.due_at),))
    return linked.hand_over(d, to, at, ctx.procedure, ctx.calendar_of(to.agency_id))


def _close(d: Dossier, at: datetime, ctx: Context, p: p_.Payload, who: Actor) -> Dossier:
    return replace(d, paused_at=None)


def _stop(d: Dossier, at: datetime, ctx: Context, p: p_.Stop, who: Actor) -> Dossier:
    _require(bool(p.reason), "reason_required", "Phải ghi rõ lý do dừng xử lý",
             "Stopping needs a reason (it is sent to the applicant)")
    return replace(d, paused_at=None)


_EFFECTS: dict[Action, Callable[..., Dossier]] = {
    Action.SUBMIT: _submit,
    Action.RECEIVE: _receive,
    Action.REFUSE: _refuse,
    Action.REQUEST_SUPPLEMENT: _request_supplement,
    Action.SUPPLEMENT_RECEIVED: _supplement_received,
    Action.ASSIGN: _assign,
    Action.SUBMIT_DRAFT: _submit_draft,
    Action.APPROVE: _approve,
    Action.SEAL_AND_REGISTER: _seal,
    Action.RETURN_AT_COUNTER: _return,
    Action.HAND_TO_POST: _hand_to_post,
    Action.APOLOGISE: _apologise,
    Action.WITHDRAW: _close,
    Action.STOP: _stop,
    Action.TRANSFER: _transfer,
}

__all__ = ["Action", "Context", "NextSupplement", "WorkflowError", "allowed_actions", "apply",
           "next_supplement", "route", "rule_for"]
