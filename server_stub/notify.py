"""Notices to the applicant: recorded with the action, sent after it, retried when sending fails.

A notice is written in the same transaction as the action that causes it (so it is never
lost and always shown on the applicant's dossier page), then e-mailed by the portal's one
mail thread after the commit. A mail server that is down never blocks or undoes the
action: the notice stays `failed` and is sent again later (after the next batch of
commands and at each start), with a growing pause, up to `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import Connection, text

from desk_app.domain import Dossier, FileRef, to_dict
from desk_app.payloads import Payload
from desk_app.workflow import Action
from server_stub import records
from server_stub.mail import Attachment, Mail
from server_stub.notices import notice_for, with_attachment_line
from server_stub.reference import Reference
from server_stub.state import Portal

MAX_ATTEMPTS = 8
FIRST_PAUSE = timedelta(minutes=1)


def journal(portal: Portal, mail: Mail, status: str) -> None:
    with portal.db.write() as conn:
        conn.execute(text("INSERT INTO mails (recipient, subject, kind, dossier_code, status, "
                          "created_at) VALUES (:r, :s, :k, :c, :st, :t)"),
                     {"r": mail.to, "s": mail.subject, "k": mail.kind, "c": mail.dossier_code,
                      "st": status, "t": portal.now().isoformat()})


def _deliver(portal: Portal, mail: Mail) -> None:
    journal(portal, mail, portal.mailer.send(mail))


def send(portal: Portal, mail: Mail) -> None:
    """Queue a mail that is not a dossier notice (account verification)."""
    portal.mail_queue.submit(_deliver, portal, mail)


# --- dossier notices -----------------------------------------------------------------


def record(conn: Connection, portal: Portal, d: Dossier, action: Action,
           payload: Payload | None = None, ref: Reference | None = None) -> int | None:
    """Write the notice `action` causes, inside the action's transaction; its id."""
    procedure = (ref or Reference()).procedure(conn, d.procedure_code, d.agency_id)
    # Only the postal handover asks whether the signed result went out already.
    result_sent = action is Action.HAND_TO_POST and conn.execute(text(
        "SELECT 1 FROM notices WHERE dossier_code = :c AND kind = 'result_ready' AND "
        "email_status = 'sent' AND attachments <> '[]'"), {"c": d.code}).first() is not None
    notice = notice_for(d, action, procedure, payload, result_sent=result_sent)
    if notice is None:
        return None
    to = d.applicant.email.strip()
    now = portal.now().isoformat()
    row = conn.execute(text(
        "INSERT INTO notices (dossier_code, kind, subject, body, attachments, recipient, "
        "email_status, attempts, created_at, next_attempt_at) VALUES (:c, :k, :s, :b, :a, "
        ":r, :st, 0, :t, :t) RETURNING id"),
        {"c": d.code, "k": notice.kind, "s": notice.subject, "b": notice.body,
         "a": json.dumps([to_dict(f) for f in notice.attachments]), "r": to,
         "st": "pending" if to else "no_address", "t": now}).first()
    return int(row[0]) if row else None


def dispatch(portal: Portal, notice_id: int | None) -> None:
    """After the commit: e-mail the notice on the mail thread (never waits for it)."""
    if notice_id is not None:
        portal.mail_queue.submit(_send_notice, portal, notice_id)


def _send_notice(portal: Portal, notice_id: int) -> None:
    with portal.db.read() as conn:
        row = conn.execute(text(
            "SELECT dossier_code, kind, subject, body, attachments, recipient, email_status, "
            "attempts FROM notices WHERE id = :i"), {"i": notice_id}).first()
        if row is None or row[6] not in ("pending", "failed") or not row[5]:
            return
        files = [FileRef(**f) for f in json.loads(row[4])]
        attached = tuple(Attachment(f.filename, f.media_type, data) for f in files
                         if (data := records.load_blob(conn, f.sha256)) is not None)
    mail = Mail(row[5], row[2], with_attachment_line(row[3], len(attached)), attached,
                kind=row[1], dossier_code=row[0])
    status = portal.mailer.send(mail)
    attempts = int(row[7]) + 1
    pause = FIRST_PAUSE * (2 ** min(attempts - 1, 10))
    with portal.db.write() as conn:
        conn.execute(text(
            "UPDATE notices SET email_status = :s, attempts = :n, next_attempt_at = :t, "
            "attached = :att WHERE id = :i"),
            {"s": "failed" if status == "failed" and attempts < MAX_ATTEMPTS
             else "gave_up" if status == "failed" else status,
             "n": attempts, "t": (portal.now() + pause).isoformat(), "att": len(attached),
             "i": notice_id})


def retry_due(portal: Portal) -> int:
    """Queue the notices whose last send failed and whose pause is over; how many."""
    with portal.db.read() as conn:
        rows = conn.execute(text(
            "SELECT id FROM notices WHERE email_status IN ('failed', 'pending') AND "
            "next_attempt_at <= :t ORDER BY id LIMIT 200"),
            {"t": portal.now().isoformat()}).all()
    for r in rows:
        dispatch(portal, int(r[0]))
    return len(rows)


def notices_of(conn: Connection, code: str) -> list[dict[str, object]]:
    """The notices of a dossier, for the applicant's dossier page (Art. 12.2)."""
    rows = conn.execute(text(
        "SELECT kind, subject, body, created_at, email_status FROM notices WHERE "
        "dossier_code = :c ORDER BY id"), {"c": code}).all()
    return [{"kind": r[0], "subject": r[1], "body": r[2],
             "created_at": datetime.fromisoformat(r[3]).isoformat(), "email_status": r[4]}
            for r in rows]
