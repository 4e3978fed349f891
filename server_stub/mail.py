"""E-mail to applicants over SMTP (Art. 12.2, 13.2) and account verification (Art. 10).

The portal sends after the change is committed: a mail server that is down never
undoes an officer's action; the attempt is journalled in `mails`.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

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


def verification_mail(to: str, name: str, code: str) -> Mail:
    body = (f"Kính gửi Ông/Bà {name},\n\nMã xác thực tài khoản Cổng dịch vụ công của Ông/Bà là: "
            f"{code}\nTài khoản chưa xác thực sẽ bị xoá sau 7 ngày (Điều 10).")
    return Mail(to, "Xác thực tài khoản Cổng dịch vụ công", body, kind="verify")
