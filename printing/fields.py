"""The data side of the forms: domain objects → the named values templates refer to.

Every value is plain text (or a list of rows of plain text); the layout lives in the
template set. Values are checked before anything is drawn or sent: required fields
present, lengths within the set's limits, every character printable.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from desk_app.domain import (
    TIMELINESS_NAMES_VI,
    ApologyLetter,
    Dossier,
    LogRow,
    Procedure,
    ResultDelivery,
    SupplementRequest,
)
from desk_app.textfmt import NaiveDatetimeError, require_aware, vn_date, vn_datetime

from .errors import FormDataError
from .models import FormContext, OutgoingRegister, PostalBatch, RegisterEntry
from .templates import FormTemplate, TemplateSet

Values = dict[str, Any]

FIELD_NAMES_VI: dict[str, str] = {
    "dossier_code": "mã hồ sơ",
    "applicant_name": "tên người nộp hồ sơ",
    "applicant_address": "địa chỉ người nộp",
    "applicant_phone": "số điện thoại",
    "applicant_email": "thư điện tử",
    "subject": "nội dung yêu cầu giải quyết",
    "procedure_name": "tên thủ tục",
    "received_at": "thời gian nhận hồ sơ",
    "due_at": "thời gian hẹn trả kết quả",
    "supplement_number": "số phiếu yêu cầu bổ sung",
    "supplement_reason": "lý do yêu cầu bổ sung",
    "refusal_reason": "lý do từ chối",
    "apology_number": "số phiếu xin lỗi",
    "apology_reason": "lý do chậm trả kết quả",
    "original_due": "ngày hẹn trả ban đầu",
    "new_due": "ngày hẹn trả mới",
    "batch_number": "số phiếu giao chuyển",
    "postal_unit": "đơn vị bưu chính",
    "pickup_at": "thời gian giao bưu chính",
    "delivery": "nơi nhận kết quả",
    "officer_name": "cán bộ tiếp nhận",
    "unit_name": "tên cơ quan",
    "now": "ngày in phiếu",
}
# Which limit of the set applies to which value.
LIMIT_KEYS = {
    "applicant_name": "applicant_name",
    "applicant_address": "applicant_address",
    "subject": "subject",
    "procedure_name": "procedure_name",
    "supplement_reason": "reason",
    "refusal_reason": "reason",
    "apology_reason": "reason",
}


def field_name_vi(key: str) -> str:
    return FIELD_NAMES_VI.get(key, key)


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


def dossier_values(ctx: FormContext, dossier: Dossier, procedure: Procedure | None) -> Values:
    a = dossier.applicant
    proc_name = clean(procedure.name) if procedure else ""
    if dossier.result_delivery is ResultDelivery.POST:
        delivery = "Qua dịch vụ bưu chính công ích: " + clean(dossier.postal_address or a.address)
    else:
        where = clean(ctx.desk_name).capitalize() + ", " + clean(ctx.unit.name)
        delivery = where + (f" ({clean(ctx.unit.address)})" if ctx.unit.address else "")
    components = [
        {"no": str(i), "name": clean(c.name), "copies": two_digits(max(c.copies, 1))}
        for i, c in enumerate(dossier.components, 1)
    ]
    sets = max((c.copies for c in dossier.components), default=1)
    return {
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
        "receipt_number": (clean(ctx.register_line) or "……") + "/TNHS",
        "provisional": dossier.provisional,
    }


def supplement_values(
    dossier: Dossier, procedure: Procedure | None, request: SupplementRequest | None
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
        "requested_by": clean(req.requested_by),
    }


def apology_values(dossier: Dossier, letter: ApologyLetter | None) -> Values:
    letters = list(dossier.apologies)
    letter = letter or (letters[-1] if letters else None)
    if letter is None:
        raise FormDataError(
            "Hồ sơ chưa có phiếu xin lỗi nào để in (Mẫu 04).", field="apology_number"
        )
    # The date being replaced: the previous letter's new date, else the first deadline.
    earlier = [x for x in letters if x.issued_at < letter.issued_at]
    original = earlier[-1].new_due_at if earlier else dossier.due_at
    return {
        "apology_number": clean(letter.number),
        "apology_reason": clean(letter.reason),
        "original_due": _when(original, "original_due"),
        "new_due": _when(letter.new_due_at, "new_due"),
        "apology_issued": _when(letter.issued_at, "issued_at", vn_date),
    }


def control_rows(rows: Iterable[LogRow]) -> list[dict[str, str]]:
    out = []
    for r in sorted(rows, key=lambda r: r.seq):
        lines = [
            f"{r.seq}. {clean(r.action)}",
            "Giao: " + _when(r.handed_at, "handed_at"),
            f"Người giao: {clean(r.handed_by)}",
            f"Người nhận: {clean(r.received_by)}",
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


def outgoing_rows(register: OutgoingRegister) -> list[dict[str, str]]:
    return [
        {
            "number_symbol": r.number_and_symbol,
            "date": _short(r.date, "date"),
            "summary": clean(r.summary),
            "signer": clean(r.signer),
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
) -> Values:
    """All values `form` may refer to, checked against the set's rules."""
    values = common_values(tset, form, ctx)
    kind = form.data
    needs_dossier = kind in {"receipt", "supplement", "refusal", "apology", "control"}
    if needs_dossier:
        if dossier is None:
            raise FormDataError(f"Mẫu {form.number} cần một hồ sơ để in.", field="dossier_code")
        values.update(dossier_values(ctx, dossier, procedure))
    if kind == "supplement":
        assert dossier is not None
        values.update(supplement_values(dossier, procedure, supplement))
    elif kind == "refusal":
        assert dossier is not None
        values["refusal_reason"] = clean(dossier.refusal_reason)
    elif kind == "apology":
        assert dossier is not None
        values.update(apology_values(dossier, apology))
    elif kind == "control":
        values["log_rows"] = control_rows(log_rows)
    elif kind == "register":
        values["register_rows"] = register_rows(entries)
    elif kind == "outgoing_register":
        reg = outgoing or OutgoingRegister(title_period="")
        values["outgoing_rows"] = outgoing_rows(reg)
        values["period"] = clean(reg.title_period)
    elif kind in ("postal_slip", "postal_register"):
        if batch is None:
            raise FormDataError("Chưa có lô bưu gửi để in phiếu giao chuyển.", field="batch_number")
        values.update(postal_values(batch))
    check_values(tset, form, values)
    return values


def check_values(tset: TemplateSet, form: FormTemplate, values: Mapping[str, Any]) -> None:
    """Required present, lengths within limits, no control characters."""
    missing = [k for k in form.required if not values.get(k)]
    if missing:
        names = ", ".join(field_name_vi(k) for k in missing)
        raise FormDataError(
            f"Không in được {form.number}: thiếu thông tin bắt buộc ({names}).", field=missing[0]
        )
    for key, value in values.items():
        if isinstance(value, str):
            _check_length(tset, key, value)
        elif isinstance(value, list):
            for row in value:
                for cell_key, cell in row.items():
                    _check_length(tset, f"{key}.{cell_key}", cell)


def _check_length(tset: TemplateSet, key: str, value: str) -> None:
    limit = tset.limit(LIMIT_KEYS.get(key, "default"))
    if len(value) > limit:
        raise FormDataError(
            f"Trường '{field_name_vi(key)}' dài {len(value)} ký tự, quá giới hạn {limit} "
            "ký tự của biểu mẫu. Hãy rút gọn rồi in lại.",
            field=key,
        )


def unprintable(text: str, codepoints: frozenset[int] | Callable[[str], bool]) -> list[str]:
    """Characters of `text` that cannot be printed: control characters, and those the
    font (a set of code points) or the encoder (a predicate) cannot draw."""
    bad: list[str] = []
    for ch in text:
        if ch == "\n":
            continue
        ok = unicodedata.category(ch)[0] != "C"
        if ok:
            ok = ord(ch) in codepoints if isinstance(codepoints, frozenset) else codepoints(ch)
        if not ok and ch not in bad:
            bad.append(ch)
    return bad


def check_printable(
    values: Mapping[str, Any], codepoints: frozenset[int] | Callable[[str], bool]
) -> None:
    for key, value in values.items():
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, list):
            texts = [c for row in value for c in row.values() if isinstance(c, str)]
        for text in texts:
            bad = unprintable(text, codepoints)
            if bad:
                shown = " ".join(f"{c!r} (U+{ord(c):04X})" for c in bad[:5])
                raise FormDataError(
                    f"Trường '{field_name_vi(key.split('.')[0])}' có ký tự không in được: "
                    f"{shown}. Hãy xoá ký tự đó (ví dụ biểu tượng cảm xúc) rồi in lại.",
                    field=key,
                )
