"""After a change is committed: tell the applicant by e-mail, and journal the attempt."""

from __future__ import annotations

from sqlalchemy import text

from desk_app.domain import Dossier
from desk_app.workflow import Action
from server_stub import records
from server_stub.mail import Mail, dossier_mail
from server_stub.state import Portal


def journal(portal: Portal, mail: Mail, status: str) -> None:
    with portal.db.write() as conn:
        conn.execute(text("INSERT INTO mails (recipient, subject, kind, dossier_code, status, "
                          "created_at) VALUES (:r, :s, :k, :c, :st, :t)"),
                     {"r": mail.to, "s": mail.subject, "k": mail.kind, "c": mail.dossier_code,
                      "st": status, "t": portal.now().isoformat()})


def _deliver(portal: Portal, mail: Mail) -> None:
    journal(portal, mail, portal.mailer.send(mail))


def send(portal: Portal, mail: Mail) -> None:
    """Queue the mail: a slow or absent mail server never holds up an officer's answer."""
    portal.mail_queue.submit(_deliver, portal, mail)


def after_action(portal: Portal, dossier: Dossier, action: Action) -> None:
    """Art. 12.2, 13.2: received, supplement requested, refused, result ready."""
    if action not in (Action.RECEIVE, Action.REQUEST_SUPPLEMENT, Action.REFUSE,
                      Action.SEAL_AND_REGISTER):
        return
    with portal.db.read() as conn:
        procedure = records.get_procedure(conn, dossier.procedure_code, dossier.agency_id)
        blobs = {f.sha256: records.load_blob(conn, f.sha256) for f in dossier.result_files}
    mail = dossier_mail(dossier, action, procedure, blobs.get)
    if mail is not None:
        send(portal, mail)
