"""E-mail to applicants over SMTP (Art. 12.2, 13.2) and account verification (Art. 10).

The portal sends after the change is committed: a mail server that is down never
undoes an officer's action; the attempt is journalled in `mails`.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from desk_app.domain import Dossier, Procedure
from desk_app.textfmt import vn_datetime
from desk_app.workflow import Action

log = logging.getLogger("server_stub.mail")

SENDER = "Cổng dịch vụ công Thừa Thiên Huế <khongtraloi@dichvucong.thuathienhue.gov.vn>"
SIGNATURE = ("\n\n--\nCổng dịch vụ công tỉnh Thừa Thiên Huế\n"
             "Thư này được gửi tự động, vui lòng không trả lời.\n")


@dataclass(frozen=True)
class Attachment:
    filename: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()
    kind: str = ""
    dossier_code: str = ""


class Mailer:
    """Sends through one SMTP server; with none configured, mails are only journalled."""

    def __init__(self, smtp: tuple[str, int] | None = None, sender: str = SENDER) -> None:
        self.smtp = smtp
        self.sender = sender

    def send(self, mail: Mail) -> str:
        """'sent', 'failed' or 'no_smtp'; never raises (the action is already done)."""
        if self.smtp is None:
            return "no_smtp"
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = mail.to
        msg["Subject"] = mail.subject
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(domain="dichvucong.thuathienhue.gov.vn")
        msg.set_content(mail.body + SIGNATURE)
        for a in mail.attachments:
            maintype, _, subtype = a.media_type.partition("/")
            msg.add_attachment(a.data, maintype=maintype, subtype=subtype or "octet-stream",
                               filename=a.filename)
        try:
            with smtplib.SMTP(self.smtp[0], self.smtp[1], timeout=15) as client:
                client.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("mail %s for %s not sent: %s", mail.kind, mail.dossier_code,
                        type(exc).__name__)
            return "failed"
        return "sent"


def _head(d: Dossier, p: Procedure | None) -> str:
    name = p.name if p else d.procedure_code
    who = d.applicant.name if d.applicant.kind.value != "citizen" else \
        f"Ông/Bà {d.applicant.name}"
    return (f"Kính gửi {who},\n\n"
            f"Hồ sơ mã số {d.code} – thủ tục “{name}”")


def dossier_mail(d: Dossier, action: Action, procedure: Procedure | None,
                 load_blob: Callable[[str], bytes | None]) -> Mail | None:
    """The mail an applicant gets after `action`, if any and if they gave an address."""
    to = d.applicant.email.strip()
    if not to:
        return None
    head = _head(d, procedure)
    if action is Action.RECEIVE:
        due = d.effective_due_at
        body = f"{head} đã được tiếp nhận."
        if due is not None:
            body += f"\nThời gian hẹn trả kết quả: {vn_datetime(due)}."
        return Mail(to, f"Hồ sơ {d.code} đã được tiếp nhận", body, kind="received",
                    dossier_code=d.code)
    if action is Action.REQUEST_SUPPLEMENT and d.supplements:
        req = d.supplements[-1]
        names = {c.code: c.name for c in d.components}
        if procedure:
            names.update({c.code: c.name for c in procedure.components})
        lines = "\n".join(f"  - {names.get(c, c)}" for c in req.missing)
        body = f"{head} cần được bổ sung, hoàn thiện."
        if lines:
            body += f"\nThành phần cần bổ sung:\n{lines}"
        if req.reason:
            body += f"\nLý do: {req.reason}"
        body += "\nVui lòng bổ sung trên Cổng dịch vụ công hoặc tại Bộ phận một cửa."
        return Mail(to, f"Yêu cầu bổ sung hồ sơ {d.code}", body, kind="supplement_requested",
                    dossier_code=d.code)
    if action is Action.REFUSE:
        body = f"{head} không được tiếp nhận giải quyết.\nLý do: {d.refusal_reason}"
        return Mail(to, f"Hồ sơ {d.code} không được tiếp nhận", body, kind="refused",
                    dossier_code=d.code)
    if action is Action.SEAL_AND_REGISTER:
        body = f"{head} đã có kết quả (số {d.register_number})."
        attachments: Sequence[Attachment] = ()
        if d.result_delivery.value == "post":
            # Art. 13.2: for postal return the signed electronic result goes out first.
            attachments = tuple(
                Attachment(f.filename, f.media_type, data) for f in d.result_files
                if (data := load_blob(f.sha256)) is not None)
            body += (f"\nKết quả sẽ được gửi qua dịch vụ bưu chính đến: {d.postal_address}."
                     "\nBản điện tử của kết quả, đã ký số, được đính kèm thư này.")
        else:
            body += "\nMời Ông/Bà đến Bộ phận một cửa để nhận kết quả, hoặc tải về trên Cổng."
        return Mail(to, f"Hồ sơ {d.code} đã có kết quả", body, tuple(attachments),
                    kind="result_ready", dossier_code=d.code)
    return None


def verification_mail(to: str, name: str, code: str) -> Mail:
    body = (f"Kính gửi Ông/Bà {name},\n\nMã xác thực tài khoản Cổng dịch vụ công của Ông/Bà là: "
            f"{code}\nTài khoản chưa xác thực sẽ bị xoá sau 7 ngày (Điều 10).")
    return Mail(to, "Xác thực tài khoản Cổng dịch vụ công", body, kind="verify")
