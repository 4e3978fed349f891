"""The data side of the forms: domain objects → the named values templates refer to.

Every value is plain text (or a list of rows of plain text); the layout lives in the
template set. Values are checked before anything is drawn or sent: required fields
present, lengths within the set's limits, every character printable.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from desk_app.domain import (
    ROLE_NAMES_VI,
    TIMELINESS_NAMES_VI,
    ApologyLetter,
    ComponentSource,
    ComponentSpec,
    Dossier,
    DossierComponent,
    LogRow,
    Procedure,
    ResultDelivery,
    Role,
    SupplementRequest,
)
from desk_app.textfmt import NaiveDatetimeError, require_aware, vn_date, vn_datetime
from desk_app.workflow import ACTION_NAMES_VI, Action

from .checks import check_printable as check_printable  # re-exported: pdf, thermal
from .checks import check_values, field_name_vi
from .checks import unprintable as unprintable
from .errors import FormDataError
from .models import (
    FormContext,
    OutgoingRegister,
    PostalBatch,
    RegisterEntry,
    StopNotice,
    UnitPart,
)
from .templates import FormTemplate, TemplateSet

if TYPE_CHECKING:
    from desk_app.calendar import WorkCalendar

Values = dict[str, Any]


def clean(text: object) -> str:
    """One line of NFC text: runs of whitespace (newlines, tabs) become one space."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())


def _when(value: datetime | None, what: str, fmt: Callable[[datetime], str] = vn_datetime) -> str:
    if value is None:
        return ""
    try:
        return fmt(value)
    except NaiveDatetimeError as exc:
        raise FormDataError(
            f"Thời điểm '{field_name_vi(what)}' không có múi giờ; không in được.", field=what
        ) from exc


def money(amount: int) -> str:
    """25000 → '25.000' as Vietnamese documents write amounts."""
    return f"{amount:,}".replace(",", ".")


def two_digits(n: int) -> str:
    return f"{n:02d}"


def common_values(tset: TemplateSet, form: FormTemplate, ctx: FormContext) -> Values:
    unit = ctx.unit
    return {
        "unit_parent": clean(unit.parent_name),
        "unit_name": clean(unit.name),
        "unit_address": clean(unit.address),
        "desk_name": clean(ctx.desk_name),
        "desk_name_title": clean(ctx.desk_name).capitalize(),
        "place": clean(ctx.place),
        "date_line": f"{clean(ctx.place)}, {_when(ctx.now, 'now', vn_date)}",
        "officer_name": clean(ctx.officer.full_name),
        "officer_title": clean(ctx.officer.title),
        "leader_name": clean(ctx.leader_name),
        "leader_title": clean(ctx.leader_title),
        "help_line": clean(ctx.help_line or unit.phone),
        "register_book": clean(ctx.register_book) or "……",
        "register_line": clean(ctx.register_line) or "……",
        "legal_basis": tset.legal_basis,
        "short_basis": tset.short_basis,
        "number": form.number,
        "title": form.title,
        "provisional": False,
        "provisional_text": tset.provisional_text,
    }


def person(ctx: FormContext, who: str) -> str:
    """A full name for a username (the officer directory), a role marker or a name."""
    try:
        role = Role(who)
    except ValueError:
        return clean(ctx.person(who))
    # The workflow names the next holder by role until a person takes the dossier.
    return ROLE_NAMES_VI[role]


def action_name(action: str) -> str:
    """'receive' → 'Tiếp nhận'; a text that is not an action value is kept as it is."""
    try:
        return ACTION_NAMES_VI[Action(action)]
    except ValueError:
        return clean(action)


ELECTRONIC = "Bản điện tử"


def component_form(c: DossierComponent, spec: ComponentSpec | None) -> str:
    """Original or copy, as the receipt states what was handed in.

    Paper handed in at the counter (digitised) is described by the procedure's own
    requirement for the component; a file submitted online, reused or taken from the
    national store is an electronic copy.
    """
    if c.source is not ComponentSource.DIGITISED:
        return ELECTRONIC
    if spec is None:
        return "Bản giấy"
    # The strongest form the procedure asks for: an original, else a certified copy.
    kinds = [name for n, name in ((spec.originals, "Bản chính"),
                                  (spec.certified_copies, "Bản sao có chứng thực"),
                                  (spec.photocopies, "Bản sao")) if n]
    return kinds[0] if kinds else "Bản giấy"


def received_components(dossier: Dossier, procedure: Procedure | None) -> list[dict[str, str]]:
    """The components actually received: a component without a file was not handed in
    and never appears on the receipt (the missing ones belong on form 02)."""
    rows = []
    for c in dossier.components:
        if not c.present:
            continue
        spec = procedure.component(c.code) if procedure else None
        rows.append({"no": str(len(rows) + 1), "name": clean(c.name),
                     "form": component_form(c, spec), "copies": two_digits(max(c.copies, 1))})
    return rows


def receipt_number(dossier: Dossier) -> str:
    """'Số …/TNHS' from the unit's receipt register (numbers leased like dossier codes)."""
    number = clean(dossier.receipt_number)
    if not number:
        return "……/TNHS"
    return number if "/" in number else number + "/TNHS"


def dossier_values(ctx: FormContext, dossier: Dossier, procedure: Procedure | None) -> Values:
    a = dossier.applicant
    proc_name = clean(procedure.name) if procedure else ""
    if dossier.result_delivery is ResultDelivery.POST:
        delivery = "Qua dịch vụ bưu chính công ích: " + clean(dossier.postal_address or a.address)
    else:
        where = clean(ctx.desk_name).capitalize() + ", " + clean(ctx.unit.name)
        delivery = where + (f" ({clean(ctx.unit.address)})" if ctx.unit.address else "")
    components = received_components(dossier, procedure)
    sets = max((c.copies for c in dossier.components if c.present), default=1)
    values: Values = {}
    # The receipt register's book and line belong to the dossier; the context's are the
    # fallback of callers that do not have them yet.
    if clean(dossier.receipt_book):
        values["register_book"] = clean(dossier.receipt_book)
    if dossier.receipt_line > 0:
        values["register_line"] = str(dossier.receipt_line)
    return values | {
        "dossier_code": clean(dossier.code),
        "applicant_name": clean(a.name),
        "applicant_address": clean(a.address),
        "applicant_phone": clean(a.phone),
        "applicant_email": clean(a.email),
        "applicant_id": clean(a.id_number),
        "procedure_name": proc_name,
        "procedure_code": clean(dossier.procedure_code),
        "subject": clean(dossier.subject) or proc_name,
        "components": components,
        "sets_count": two_digits(max(sets, 1)),
        "time_limit": procedure.time_limit.describe_vi() if procedure else "",
        "received_at": _when(dossier.received_at, "received_at"),
        "received_date": _when(dossier.received_at, "received_at", vn_date),
        "due_at": _when(dossier.effective_due_at, "due_at"),
        "delivery": delivery,
        "handling_unit": clean(procedure.handling_agency if procedure else "") or clean(
            ctx.unit.name
        ),
        "receipt_number": receipt_number(dossier),
        "provisional": dossier.provisional,
    }


def supplement_values(
    ctx: FormContext, dossier: Dossier, procedure: Procedure | None,
    request: SupplementRequest | None,
) -> Values:
    req = request or (dossier.supplements[-1] if dossier.supplements else None)
    if req is None:
        raise FormDataError(
            "Hồ sơ chưa có yêu cầu bổ sung nào để in phiếu (Mẫu 02).", field="supplement_number"
        )
    rows = []
    for i, code in enumerate(req.missing, 1):
        spec = procedure.component(code) if procedure else None
        comp = next((c for c in dossier.components if c.code == code), None)
        name = spec.name if spec else (comp.name if comp else code)
        rows.append(
            {
                "no": str(i),
                "name": clean(name),
                "originals": str(spec.originals) if spec else "",
                "certified_copies": str(spec.certified_copies) if spec else "",
                "photocopies": str(spec.photocopies) if spec else "",
            }
        )
    return {
        "supplement_number": clean(req.number),
        "supplement_reason": clean(req.reason),
        "supplement_rows": rows,
        "requested_at": _when(req.requested_at, "requested_at"),
        "requested_date": _when(req.requested_at, "requested_at", vn_date),
        "requested_by": person(ctx, req.requested_by),
    }


def appointment_problem(
    original_due: datetime | None, new_due: datetime, calendar: WorkCalendar | None = None
) -> str | None:
    """Why an apology's new appointment is not acceptable, in Vietnamese; None if it is.

    The new appointment replaces a due time the unit missed, so it must come after
    that time and fall on one of the unit's working days (the applicant comes to the
    counter to collect). The workflow applies the same rule when the apology is made.
    """
    try:
        new_due = require_aware(new_due, "new_due")
        if original_due is not None and new_due <= require_aware(original_due, "original_due"):
            return (f"Ngày hẹn trả mới ({vn_datetime(new_due)}) phải sau thời hạn trả kết quả "
                    f"ban đầu ({vn_datetime(original_due)}).")
    except NaiveDatetimeError:
        return "Ngày hẹn trả kết quả không có múi giờ."
    if calendar is None:
        from desk_app.calendar import WorkCalendar

        calendar = WorkCalendar.default()
    if not calendar.is_working_day(new_due.date()):
        return (f"Ngày hẹn trả mới ({vn_date(new_due)}) không phải ngày làm việc của cơ quan; "
                "hãy chọn một ngày làm việc.")
    return None


def check_new_appointment(
    original_due: datetime | None, new_due: datetime, calendar: WorkCalendar | None = None
) -> None:
    """Raise FormDataError when the new appointment is not a working day after the
    original due time (see appointment_problem)."""
    problem = appointment_problem(original_due, new_due, calendar)
    if problem:
        raise FormDataError(problem, field="new_due")


def apology_values(ctx: FormContext, dossier: Dossier, letter: ApologyLetter | None) -> Values:
    letters = list(dossier.apologies)
    letter = letter or (letters[-1] if letters else None)
    if letter is None:
        raise FormDataError(
            "Hồ sơ chưa có phiếu xin lỗi nào để in (Mẫu 04).", field="apology_number"
        )
    # The date being replaced: the previous letter's new date, else the first deadline.
    earlier = [x for x in letters if x.issued_at < letter.issued_at]
    original = earlier[-1].new_due_at if earlier else dossier.due_at
    check_new_appointment(original, letter.new_due_at, ctx.calendar)
    return {
        # The head of the unit signs; without one configured, whoever issued the letter.
        "leader_name": clean(ctx.leader_name) or person(ctx, letter.issued_by),
        "apology_number": clean(letter.number),
        "apology_reason": clean(letter.reason),
        "original_due": _when(original, "original_due"),
        "new_due": _when(letter.new_due_at, "new_due"),
        "apology_issued": _when(letter.issued_at, "issued_at", vn_date),
    }


def stop_values(ctx: FormContext, rows: Sequence[LogRow], notice: StopNotice | None) -> Values:
    """Form 05 (2025): the stop notice, completed from the last "stop" log row."""
    notice = notice or StopNotice()
    last = next((r for r in sorted(rows, key=lambda r: r.seq, reverse=True)
                 if r.action == "stop"), None)
    reason = clean(notice.reason) or (clean(last.note) if last else "")
    at = notice.stopped_at or (last.handed_at if last else None)
    by = notice.stopped_by or (last.handed_by if last else "")
    return {
        "stop_number": clean(notice.number) or "……",
        "stop_reason": reason,
        "stopped_at": _when(at, "stopped_at"),
        "stopped_date": _when(at, "stopped_at", vn_date),
        # The leader decides to stop (workflow: STOP is a leader's action).
        "leader_name": clean(ctx.leader_name) or person(ctx, by),
    }


def control_rows(ctx: FormContext, rows: Iterable[LogRow]) -> list[dict[str, str]]:
    out = []
    for r in sorted(rows, key=lambda r: r.seq):
        lines = [
            f"{r.seq}. {action_name(r.action)}",
            "Giao: " + _when(r.handed_at, "handed_at"),
            f"Người giao: {person(ctx, r.handed_by)}",
            f"Người nhận: {person(ctx, r.received_by)}",
        ]
        if r.due_at is not None:
            lines.append("Hạn: " + _when(r.due_at, "due_at"))
        out.append(
            {
                "unit": clean(r.unit),
                "handover": "\n".join(lines),
                "timeliness": TIMELINESS_NAMES_VI[r.timeliness] if r.timeliness else "",
                "note": clean(r.note),
            }
        )
    return out


def unit_parts(rows: Sequence[LogRow], parts: Sequence[UnitPart] = ()) -> list[dict[str, str]]:
    """Each agency's part of the dossier with its budget and timeliness.

    Given parts (a linked procedure's budgets) are shown as they are; otherwise the
    parts are the distinct units of the log, shown only when there are two or more.
    A part's timeliness is that of its last hand-over.
    """
    ordered = sorted(rows, key=lambda r: r.seq)
    if not parts:
        names = list(dict.fromkeys(clean(r.unit) for r in ordered if clean(r.unit)))
        if len(names) < 2:
            return []
        parts = [UnitPart(name) for name in names]
    out = []
    for p in parts:
        own = [r for r in ordered if clean(r.unit) == clean(p.unit)]
        last = own[-1] if own else None
        due = p.due_at or (last.due_at if last else None)
        budget = [clean(p.budget)] if p.budget else []
        if due is not None:
            budget.append("Hạn: " + _when(due, "due_at"))
        # The part's own hand-over and verdict (its own budget) when the dossier has them.
        handed = p.handed_at or (last.handed_at if last else None)
        timeliness = p.timeliness or (last.timeliness if last else None)
        out.append({
            "unit": clean(p.unit),
            "budget": "\n".join(budget),
            "handed": _when(handed, "handed_at") if handed else "",
            "timeliness": TIMELINESS_NAMES_VI[timeliness] if timeliness else "",
        })
    return out


def dossier_parts(dossier: Dossier, unit_names: Mapping[str, str] | None = None,
                  procedure: Procedure | None = None) -> list[UnitPart]:
    """Form 06 of 2025: every unit's part of the dossier (liên thông), named as the log
    names units, with its own budget (a linked procedure's) and its own timeliness."""
    names = unit_names or {}
    budgets = list(procedure.parts) if procedure is not None else []
    out = []
    for part in dossier.parts:
        spec = next((b for b in budgets if b.agency_id == part.agency_id), None)
        if spec is not None:
            budgets.remove(spec)  # a unit may have two parts: take its budgets in turn
        task = part.task or (spec.task if spec else "")
        budget = spec.budget.describe_vi() if spec else ""
        out.append(UnitPart(unit=names.get(part.agency_id, part.agency_id),
                            budget=f"{task}: {budget}" if task and budget else task or budget,
                            due_at=part.due_at, handed_at=part.finished_at,
                            timeliness=part.timeliness))
    return out


def _short(value: datetime | None, what: str) -> str:
    """'29/11/2026', as registers write dates."""
    return _when(value, what, lambda d: require_aware(d).strftime("%d/%m/%Y"))


def register_rows(entries: Sequence[RegisterEntry]) -> list[dict[str, str]]:
    out = []
    for i, e in enumerate(entries, 1):
        d = e.dossier
        a = d.applicant
        out.append(
            {
                "no": str(i),
                "code": clean(d.code),
                "procedure": clean(e.procedure.name) if e.procedure else clean(d.procedure_code),
                "sets": two_digits(max((c.copies for c in d.components), default=1)),
                "applicant": clean(a.name),
                "address_phone": ", ".join(x for x in (clean(a.address), clean(a.phone)) if x),
                "agency": clean(e.handling_agency)
                or (clean(e.procedure.handling_agency) if e.procedure else ""),
                "received": _short(d.received_at, "received_at"),
                "due": _short(d.effective_due_at, "due_at"),
                "returned": _short(d.returned_at, "returned_at"),
                "collected": clean(e.collected_how),
                "signature": clean(e.signature_note),
            }
        )
    return out


def outgoing_rows(ctx: FormContext, register: OutgoingRegister) -> list[dict[str, str]]:
    return [
        {
            "number_symbol": r.number_and_symbol,
            "date": _short(r.date, "date"),
            "summary": clean(r.summary),
            # The leader who signed the result (App. step 3), by full name.
            "signer": person(ctx, register.approved_by.get(r.dossier_code, "") or r.signer),
            "recipients": clean(r.recipients),
            "keeping_unit": clean(r.keeping_unit),
            "copies": two_digits(r.copies),
            "sent": _short(register.sent_dates.get(r.number), "sent"),
            "receipt": "",
            "note": clean(r.note),
        }
        for r in register.rows
    ]


def postal_values(batch: PostalBatch) -> Values:
    rows = [
        {
            "no": str(i),
            "code": clean(it.dossier_code),
            "recipient": clean(it.recipient),
            "address": clean(it.address),
            "phone": clean(it.phone),
            "envelopes": two_digits(it.envelopes),
            "fee": money(it.fee),
        }
        for i, it in enumerate(batch.items, 1)
    ]
    reg = [
        {
            "date": _short(batch.pickup_at, "pickup_at"),
            "number_symbol": clean(it.number_and_symbol),
            "code": clean(it.dossier_code),
            "recipient": f"{clean(it.recipient)}, {clean(it.address)}",
            "envelopes": two_digits(it.envelopes),
            "postal_sign": "",
            "note": clean(it.note),
        }
        for it in batch.items
    ]
    return {
        "batch_number": clean(batch.number),
        "postal_unit": clean(batch.postal_unit),
        "courier": clean(batch.courier),
        "pickup_at": _when(batch.pickup_at, "pickup_at"),
        "item_count": two_digits(len(batch.items)),
        "total_envelopes": two_digits(batch.total_envelopes),
        "total_fee": money(batch.total_fee),
        "postal_rows": rows,
        "postal_register_rows": reg,
    }


def form_values(
    tset: TemplateSet,
    form: FormTemplate,
    ctx: FormContext,
    *,
    dossier: Dossier | None = None,
    procedure: Procedure | None = None,
    log_rows: Iterable[LogRow] = (),
    supplement: SupplementRequest | None = None,
    apology: ApologyLetter | None = None,
    entries: Sequence[RegisterEntry] = (),
    outgoing: OutgoingRegister | None = None,
    batch: PostalBatch | None = None,
    parts: Sequence[UnitPart] = (),
    stop: StopNotice | None = None,
) -> Values:
    """All values `form` may refer to, checked against the set's rules."""
    values = common_values(tset, form, ctx)
    kind = form.data
    log_rows = list(log_rows)
    needs_dossier = kind in {"receipt", "supplement", "refusal", "apology", "stop", "control"}
    if needs_dossier:
        if dossier is None:
            raise FormDataError(f"Mẫu {form.number} cần một hồ sơ để in.", field="dossier_code")
        values.update(dossier_values(ctx, dossier, procedure))
        if kind == "receipt" and dossier.received_by:
            # The receipt is signed by who received the dossier, not by who reprints it.
            values["officer_name"] = person(ctx, dossier.received_by)
    if kind == "supplement":
        assert dossier is not None
        values.update(supplement_values(ctx, dossier, procedure, supplement))
    elif kind == "refusal":
        assert dossier is not None
        values["refusal_reason"] = clean(dossier.refusal_reason)
    elif kind == "apology":
        assert dossier is not None
        values.update(apology_values(ctx, dossier, apology))
    elif kind == "stop":
        values.update(stop_values(ctx, log_rows, stop))
    elif kind == "control":
        values["log_rows"] = control_rows(ctx, log_rows)
        if not parts and dossier is not None and dossier.parts:
            parts = dossier_parts(dossier, {ctx.unit.agency_id: ctx.unit.name}, procedure)
        values["unit_parts"] = unit_parts(log_rows, parts)
    elif kind == "register":
        values["register_rows"] = register_rows(entries)
    elif kind == "outgoing_register":
        reg = outgoing or OutgoingRegister(title_period="")
        values["outgoing_rows"] = outgoing_rows(ctx, reg)
        values["period"] = clean(reg.title_period)
    elif kind in ("postal_slip", "postal_register"):
        if batch is None:
            raise FormDataError("Chưa có lô bưu gửi để in phiếu giao chuyển.", field="batch_number")
        values.update(postal_values(batch))
    check_values(tset, form, values)
    return values
