"""Reminders before the statutory report deadlines, and the record of what was sent.

Art. 18.8: departments and districts send the monthly report before the 22nd and the
yearly report before 1 December. The application reminds the responsible officer
from `LEAD_DAYS` days before a deadline until the report has been sent, and says so
plainly once the deadline has passed. A report that could not reach the portal is
kept in `report_submissions` with no `sent_at`, and is sent again by `send_pending`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desk_app.calendar import now_vn
from desk_app.reports.errors import ReportError
from desk_app.reports.model import UnitReport
from desk_app.reports.periods import Period, report_month, report_year
from desk_app.store import Store
from desk_app.textfmt import require_aware

LEAD_DAYS = 5  # remind from the 17th for the 22nd, from 26 November for 1 December

# What sends a report: the sync layer's portal client (POST /api/v1/reports) or a test.
Sender = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Reminder:
    period: Period
    due: date
    overdue: bool

    @property
    def message(self) -> str:
        what = "báo cáo tháng" if self.period.kind == "report_month" else "báo cáo năm"
        if self.overdue:
            return (f"Đã quá hạn gửi {what} ({self.period.label}): hạn là trước ngày "
                    f"{self.due:%d/%m/%Y}. Hãy lập và gửi báo cáo ngay.")
        return (f"Sắp đến hạn gửi {what} ({self.period.label}): trước ngày "
                f"{self.due:%d/%m/%Y}. Báo cáo chưa được gửi.")


def candidate_periods(today: date) -> list[Period]:
    """The statutory reports that may need a reminder on `today`."""
    out = [report_month(today.year, today.month)]
    if today.day < 15:  # last month's report may still be unsent (and overdue)
        prev = today.replace(day=1) - timedelta(days=1)
        out.insert(0, report_month(prev.year, prev.month))
    out.append(report_year(today.year))
    return out


def sent_periods(store: Store, agency_id: str) -> set[str]:
    rows = store._query(
        "SELECT period FROM report_submissions WHERE agency_id = ? AND sent_at IS NOT NULL",
        (agency_id,))
    return {r[0] for r in rows}


def reminders(store: Store, agency_id: str, now: datetime | None = None,
              lead_days: int = LEAD_DAYS) -> list[Reminder]:
    """Reports due within `lead_days` (or overdue) that have not been sent."""
    today = require_aware(now or now_vn(), "now").date()
    sent = sent_periods(store, agency_id)
    out = []
    for period in candidate_periods(today):
        due = period.due_date()
        assert due is not None
        if period.code in sent or today < due - timedelta(days=lead_days):
            continue
        if period.kind == "report_year" and today.month == 12 and today.day > 14:
            continue  # the year's reporting is over; next year's report takes its place
        # "before the 22nd": the report is late on the 22nd itself.
        out.append(Reminder(period, due, overdue=today >= due))
    return out


def for_portal(report: UnitReport) -> dict[str, Any]:
    """What leaves the unit: no survey figures per officer (the leader's alone, Art. 8)
    and no applicant names in the late list (Art. 14.1: share only what is needed)."""
    payload = report.to_dict()
    if payload.get("survey"):
        payload["survey"] = {**payload["survey"], "per_officer": None}
    payload["late"] = [{**x, "applicant_name": ""} for x in payload["late"]]
    return payload


def record(store: Store, report: UnitReport, sent_at: datetime | None) -> None:
    """Keep the report (its payload) and when it reached the portal, if it did."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO report_submissions (agency_id, period, sent_at, payload) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (agency_id, period) DO UPDATE SET "
            "sent_at = COALESCE(excluded.sent_at, report_submissions.sent_at), "
            "payload = excluded.payload",
            (report.agency_id, report.period_code,
             require_aware(sent_at).isoformat() if sent_at else None,
             json.dumps(for_portal(report), ensure_ascii=False)),
        )


def send_report(store: Store, report: UnitReport, send: Sender,
                now: Callable[[], datetime] = now_vn) -> bool:
    """Send a report to the portal; True if it arrived, False if it waits for the network.

    The payload is stored first, so a report made offline is not lost.
    """
    record(store, report, None)
    try:
        send(for_portal(report))
    except ReportError:
        raise
    except Exception:  # the sync layer's PortalUnavailable and friends: try again later
        return False
    record(store, report, now())
    return True


def send_pending(store: Store, send: Sender, now: Callable[[], datetime] = now_vn) -> int:
    """Send the stored reports that have not reached the portal; returns how many did."""
    rows = store._query(
        "SELECT agency_id, period, payload FROM report_submissions WHERE sent_at IS NULL")
    done = 0
    for agency_id, period, payload in rows:
        try:
            send(json.loads(payload))
        except Exception:
            break  # still offline: keep the order, try the rest next time
        with store.transaction() as conn:
            conn.execute("UPDATE report_submissions SET sent_at = ? WHERE agency_id = ? "
                         "AND period = ?", (now().isoformat(), agency_id, period))
        done += 1
    return done
