"""The receipt clock watch (Art. 12.1.a: an online dossier is received within 60 working
minutes): which online dossiers are new to the desk, and which have under 15 working
minutes left (the list's "soon" tier) or none. Read on a worker; the window only says it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from desk_app.domain import Status
from ui.models import Urgency, left_vi, tier, working_left

Short = tuple[str, str, timedelta]  # code, applicant's name, working time left


def watch(session: Any) -> tuple[set[str], list[Short]]:
    """(codes of the online dossiers awaiting receipt, those short of time)."""
    if session.officer is None:
        return set(), []
    rows = session.store.dossier_summaries(session.agency_id, (Status.SUBMITTED,))
    online = {r.code for r in rows if r.channel.value == "online"}
    now = session.clock()
    calendar = session.calendar()
    short = []
    for r in rows:
        if r.receipt_due_at is None or r.receipt_due_at - now > timedelta(days=30):
            continue
        left = working_left(r.receipt_due_at, now, calendar)
        if tier(left) in (Urgency.LATE, Urgency.SOON):
            short.append((r.code, r.applicant_name, left))
    return online, short


def warning(code: str, name: str, left: timedelta) -> str:
    """The breach warning the desk keeps on screen until seen."""
    said = left_vi(left).lower()  # "quá 2 giờ 00 phút", "còn 8 phút"
    if left < timedelta(0):
        by = f": {said} làm việc" if left <= -timedelta(minutes=1) else ""
        return (f"Hồ sơ {code} ({name}) đã quá hạn tiếp nhận{by}. "
                "Hãy tiếp nhận hoặc xử lý ngay.")
    return f"Hồ sơ {code} ({name}) chỉ {said} làm việc để tiếp nhận."
