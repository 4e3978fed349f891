"""What the applicant is told after each transition they must know of (Art. 12.2, 12.3, 13.2).

`notice_for` is pure: from the dossier after the action, it writes the notice the applicant
gets on their dossier page and by e-mail — received (with the appointment), supplement
requested (the list), refused (the reason), fees due, apology with a new appointment,
stopped, withdrawn, result ready, returned at the counter or handed to the post (with the
postal item number). A notice names an attachment only when it carries one.
"""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.domain import Dossier, FileRef, Procedure, ResultDelivery
from desk_app.payloads import Payload
from desk_app.textfmt import vn_datetime
from desk_app.workflow import Action


@dataclass(frozen=True)
class Notice:
    kind: str
    subject: str
    body: str
    attachments: tuple[FileRef, ...] = ()


def _head(d: Dossier, p: Procedure | None) -> str:
    name = p.name if p else d.procedure_code
    who = d.applicant.name if d.applicant.kind.value != "citizen" else \
        f"Ông/Bà {d.applicant.name}"
    return f"Kính gửi {who},\n\nHồ sơ mã số {d.code} – thủ tục “{name}”"


def _appointment(d: Dossier) -> str:
    due = d.effective_due_at
    return f"\nThời gian hẹn trả kết quả: {vn_datetime(due)}." if due else ""


def notice_for(d: Dossier, action: Action, procedure: Procedure | None,
               payload: Payload | None = None, *, result_sent: bool = False) -> Notice | None:
    """The notice for `action` on `d` (the dossier after it), or None when the applicant
    need not be told. `result_sent`: the signed result already went out by e-mail."""
    head = _head(d, procedure)
    code = d.code
    if action is Action.RECEIVE:
        return Notice("received", f"Hồ sơ {code} đã được tiếp nhận",
                      f"{head} đã được tiếp nhận.{_appointment(d)}")
    if action is Action.REQUEST_SUPPLEMENT and d.supplements:
        req = d.supplements[-1]
        names = {c.code: c.name for c in d.components}
        if procedure:
            names.update({c.code: c.name for c in procedure.components})
        body = f"{head} cần được bổ sung, hoàn thiện."
        if req.missing:
            body += "\nThành phần cần bổ sung:\n" + "\n".join(
                f"  - {names.get(c, c)}" for c in req.missing)
        if req.reason:
            body += f"\nNội dung cần bổ sung, hoàn thiện: {req.reason}"
        if d.apologies and d.apologies[-1].cause == "supplement" \
                and d.apologies[-1].issued_at == req.requested_at:
            a = d.apologies[-1]
            body += (f"\n\nĐơn vị thành thật xin lỗi Ông/Bà vì đã phải hướng dẫn bổ sung lại "
                     f"(thư xin lỗi số {a.number or '…'}): {a.reason}")
        body += "\nVui lòng bổ sung trên Cổng dịch vụ công hoặc tại Bộ phận một cửa."
        return Notice("supplement_requested", f"Yêu cầu bổ sung hồ sơ {code}", body)
    if action is Action.REFUSE:
        return Notice("refused", f"Hồ sơ {code} không được tiếp nhận",
                      f"{head} không được tiếp nhận giải quyết.\nLý do: {d.refusal_reason}")
    if action is Action.REQUEST_FEES:
        amount = getattr(payload, "amount", 0) or (procedure.fee_amount if procedure else 0)
        body = f"{head} cần thực hiện nghĩa vụ tài chính (phí, lệ phí)"
        body += f": {amount:,} đồng.".replace(",", ".") if amount else "."
        body += "\nÔng/Bà có thể nộp trực tuyến trên Cổng hoặc tại Bộ phận một cửa."
        return Notice("fees_due", f"Hồ sơ {code}: yêu cầu nộp phí, lệ phí", body)
    if action is Action.APOLOGISE and d.apologies:
        a = d.apologies[-1]
        return Notice("apology", f"Thư xin lỗi và hẹn lại ngày trả kết quả – hồ sơ {code}",
                      f"{head} chưa có kết quả đúng hẹn. Đơn vị thành thật xin lỗi Ông/Bà "
                      f"(thư số {a.number or '…'}).\nLý do: {a.reason}\n"
                      f"Thời gian hẹn trả kết quả mới: {vn_datetime(a.new_due_at)}.")
    if action is Action.STOP:
        return Notice("stopped", f"Hồ sơ {code} dừng giải quyết",
                      f"{head} đã dừng giải quyết.\nLý do: {getattr(payload, 'reason', '')}")
    if action is Action.WITHDRAW:
        return Notice("withdrawn", f"Hồ sơ {code} đã được rút",
                      f"{head} đã được rút theo đề nghị của Ông/Bà.")
    if action is Action.SEAL_AND_REGISTER:
        body = f"{head} đã có kết quả (số {d.register_number})."
        files: tuple[FileRef, ...] = ()
        if d.result_delivery is ResultDelivery.POST:
            # Art. 13.2: for a postal return the signed electronic result goes out first.
            files = d.result_files
            body += f"\nKết quả sẽ được gửi qua dịch vụ bưu chính đến: {d.postal_address}."
        else:
            body += "\nMời Ông/Bà đến Bộ phận một cửa để nhận kết quả."
        body += "\nBản điện tử của kết quả, đã ký số, có trên trang hồ sơ của Ông/Bà tại Cổng."
        return Notice("result_ready", f"Hồ sơ {code} đã có kết quả", body, files)
    if action is Action.RETURN_AT_COUNTER:
        return Notice("returned", f"Hồ sơ {code} đã trả kết quả",
                      f"{head} đã được trả kết quả tại Bộ phận một cửa.")
    if action is Action.HAND_TO_POST:
        item = getattr(payload, "postal_item_number", "")
        body = f"{head}: kết quả đã được giao cho dịch vụ bưu chính"
        body += f", số hiệu bưu gửi {item}." if item else "."
        body += f"\nĐịa chỉ nhận: {d.postal_address}."
        files = () if result_sent else d.result_files
        body += "\nBản điện tử của kết quả, đã ký số, có trên trang hồ sơ của Ông/Bà tại Cổng."
        return Notice("handed_to_post", f"Hồ sơ {code} đã giao bưu chính", body, files)
    return None


def with_attachment_line(body: str, attached: int) -> str:
    """The e-mail's body: it says a file is attached only when one is."""
    if attached:
        return body + f"\n(Đính kèm thư này: {attached} tệp kết quả đã ký số.)"
    return body
