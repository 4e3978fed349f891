"""Reporting periods: month, quarter, year, custom, and the periods the law's reports cover.

A period is a closed range of calendar days in Vietnam time. Its `code` is what an
officer types on the command line and what the portal stores a submission under:

    2026-11              calendar month          2026-Q4   calendar quarter
    2026                 calendar year           2026-11-01..2026-11-15   custom
    BC-2026-11           the monthly report sent before 22/11/2026 (Art. 18.8)
    BC-2026              the yearly report sent before 01/12/2026 (Art. 17.1, 18.8)

The statutory reports follow the cut-off days of Decree 09/2019/NĐ-CP Art. 12.2: a
monthly report covers the 15th of the previous month to the 14th of the month, a
yearly report 15 December of the previous year to 14 December. A yearly report is
due on 1 December, before its period ends: its figures are as of the day it is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desk_app.reports.errors import ReportError
from desk_app.textfmt import VN_TZ

MONTHLY_DUE_DAY = 22  # Art. 18.8: before the 22nd of every month
YEARLY_DUE = (12, 1)  # Art. 17.1, 18.8: before 1 December


@dataclass(frozen=True)
class Period:
    kind: str  # month / quarter / year / custom / report_month / report_year
    start: date
    end: date  # inclusive
    code: str

    @property
    def label(self) -> str:
        """What a report's title says, in Vietnamese."""
        span = f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"
        if self.kind == "month":
            return f"Tháng {self.start.month:02d}/{self.start.year}"
        if self.kind == "quarter":
            return f"Quý {(self.start.month - 1) // 3 + 1}/{self.start.year}"
        if self.kind == "year":
            return f"Năm {self.start.year}"
        if self.kind == "report_month":
            return f"Báo cáo tháng {self.end.month:02d}/{self.end.year} ({span})"
        if self.kind == "report_year":
            return f"Báo cáo năm {self.end.year} ({span})"
        return f"Từ {span.replace(' – ', ' đến ')}"

    @property
    def start_text(self) -> str:
        """Lower bound for ISO times stored in Vietnam time (text comparison)."""
        return self.start.isoformat()

    @property
    def end_text(self) -> str:
        """Exclusive upper bound: the day after `end` (text comparison with ISO times)."""
        return (self.end + timedelta(days=1)).isoformat()

    def end_moment(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), datetime.min.time(), VN_TZ)

    def due_date(self) -> date | None:
        """The last day to send this period's statutory report, if it is one."""
        if self.kind == "report_month":
            return date(self.end.year, self.end.month, MONTHLY_DUE_DAY)
        if self.kind == "report_year":
            return date(self.end.year, *YEARLY_DUE)
        return None


def month(year: int, m: int) -> Period:
    nxt = date(year + (m == 12), m % 12 + 1, 1)
    return Period("month", date(year, m, 1), nxt - timedelta(days=1), f"{year}-{m:02d}")


def quarter(year: int, q: int) -> Period:
    first = month(year, 3 * q - 2)
    last = month(year, 3 * q)
    return Period("quarter", first.start, last.end, f"{year}-Q{q}")


def year(y: int) -> Period:
    return Period("year", date(y, 1, 1), date(y, 12, 31), str(y))


def custom(start: date, end: date) -> Period:
    if end < start:
        raise ReportError(
            f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}",
            "The period ends before it starts",
        )
    return Period("custom", start, end, f"{start.isoformat()}..{end.isoformat()}")


def report_month(year_: int, m: int) -> Period:
    """Decree 09/2019 Art. 12.2: the 15th of the previous month to the 14th."""
    prev = date(year_ - (m == 1), (m - 2) % 12 + 1, 15)
    return Period("report_month", prev, date(year_, m, 14), f"BC-{year_}-{m:02d}")


def report_year(y: int) -> Period:
    """Decree 09/2019 Art. 12.2: 15 December of the previous year to 14 December."""
    return Period("report_year", date(y - 1, 12, 15), date(y, 12, 14), f"BC-{y}")


_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"BC-(\d{4})-(\d{2})", "report_month"),
    (r"BC-(\d{4})", "report_year"),
    (r"(\d{4})-Q([1-4])", "quarter"),
    (r"(\d{4})-(\d{2})", "month"),
    (r"(\d{4})", "year"),
    (r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", "custom"),
)


def parse(code: str) -> Period:
    """A period from its code (see the module docstring); a clear message otherwise."""
    text = code.strip().upper()
    for pattern, kind in _PATTERNS:
        m = re.fullmatch(pattern, text)
        if not m:
            continue
        try:
            if kind == "report_month":
                return report_month(int(m[1]), int(m[2]))
            if kind == "report_year":
                return report_year(int(m[1]))
            if kind == "quarter":
                return quarter(int(m[1]), int(m[2]))
            if kind == "month":
                return month(int(m[1]), int(m[2]))
            if kind == "year":
                return year(int(m[1]))
            return custom(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
        except ValueError:
            break
    raise ReportError(
        f"Kỳ báo cáo không hợp lệ: {code!r}. Ví dụ: 2026-11 (tháng), 2026-Q4 (quý), "
        "2026 (năm), 2026-11-01..2026-11-15 (tùy chọn), BC-2026-11 (báo cáo tháng), "
        "BC-2026 (báo cáo năm)",
        f"Invalid period {code!r}",
    )
