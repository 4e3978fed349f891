"""Working time: the unit's sessions, public holidays, and the legal clocks.

All datetimes are timezone-aware and handled in Vietnam time (Asia/Ho_Chi_Minh); a
naive datetime is refused with `NaiveDatetimeError`. Holidays come from the
`holidays` package (Tết and Hùng Kings' day follow the lunar calendar), plus the
per-year overrides the government announces and the portal sends: extra days off
and make-up working Saturdays.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise

import holidays

from desk_app.domain import TimeLimit, TimeUnit, Unit
from desk_app.textfmt import VN_TZ, NaiveDatetimeError, require_aware

__all__ = [
    "CalendarOverride",
    "NaiveDatetimeError",
    "OverrideKind",
    "Session",
    "WorkCalendar",
]

# The common day (07:00-11:30, 13:30-17:00) is 8 working hours; a unit with other hours
# has its own day: a working day is the unit's daily session total (Domain "Clocks").
HOURS_PER_WORKING_DAY = 8
RECEIPT_WINDOW = timedelta(minutes=60)  # Art. 12.1.a


class OverrideKind(enum.StrEnum):
    DAY_OFF = "day_off"  # an extra day off announced for the year
    WORKING_DAY = "working_day"  # a make-up working day (usually a Saturday)


@dataclass(frozen=True)
class CalendarOverride:
    day: date
    kind: OverrideKind
    note: str = ""


@dataclass(frozen=True)
class Session:
    """A working session (buổi làm việc): morning or afternoon."""

    start: time
    end: time


DEFAULT_SESSIONS = (Session(time(7, 0), time(11, 30)), Session(time(13, 30), time(17, 0)))


@lru_cache(maxsize=64)
def _vn_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


@dataclass
class WorkCalendar:
    """The working calendar of one unit.

    `sessions[weekday]` lists the sessions of that weekday (Monday = 0); a weekday
    with no sessions is a day off. A make-up working day uses `makeup_sessions`.
    """

    sessions: Mapping[int, tuple[Session, ...]]
    overrides: dict[date, CalendarOverride] = field(default_factory=dict)
    use_public_holidays: bool = True
    makeup_sessions: tuple[Session, ...] = DEFAULT_SESSIONS

    @classmethod
    def default(cls, overrides: Iterable[CalendarOverride] = ()) -> WorkCalendar:
        """Monday to Friday, 07:00–11:30 and 13:30–17:00, Vietnamese public holidays."""
        sessions = {wd: DEFAULT_SESSIONS for wd in range(5)}
        sessions.update({5: (), 6: ()})
        return cls(sessions=sessions, overrides={o.day: o for o in overrides})

    @classmethod
    def weekdays(cls, sessions: Iterable[Session],
                 overrides: Iterable[CalendarOverride] = ()) -> WorkCalendar:
        """Monday to Friday with the unit's own sessions (each unit sets its hours)."""
        day = tuple(sessions)
        if not day or any(s.start >= s.end for s in day) or any(
                a.end > b.start for a, b in pairwise(day)):
            raise ValueError("sessions must be non-empty, each ending after it starts, in order")
        return cls(sessions={**{wd: day for wd in range(5)}, 5: (), 6: ()},
                   overrides={o.day: o for o in overrides}, makeup_sessions=day)

    @classmethod
    def for_unit(cls, unit: Unit | None,
                 overrides: Iterable[CalendarOverride] = ()) -> WorkCalendar:
        """The calendar of `unit` from its session hours: the one place both the desk
        and the portal build a unit's clocks from."""
        if unit is None or not unit.sessions:
            return cls.default(overrides)
        return cls.weekdays((Session(*parse_session(t)) for t in unit.sessions), overrides)

    def with_overrides(self, overrides: Iterable[CalendarOverride]) -> WorkCalendar:
        merged = dict(self.overrides)
        merged.update({o.day: o for o in overrides})
        return WorkCalendar(
            self.sessions, merged, self.use_public_holidays, self.makeup_sessions
        )

    # --- days ---------------------------------------------------------------------

    def is_holiday(self, day: date) -> bool:
        return self.use_public_holidays and day in _vn_holidays(day.year)

    def sessions_of(self, day: date) -> tuple[Session, ...]:
        override = self.overrides.get(day)
        if override is not None:
            if override.kind is OverrideKind.DAY_OFF:
                return ()
            return self.sessions.get(day.weekday()) or self.makeup_sessions
        if self.is_holiday(day):
            return ()
        return tuple(self.sessions.get(day.weekday(), ()))

    def is_working_day(self, day: date) -> bool:
        return bool(self.sessions_of(day))

    def next_working_day(self, day: date) -> date:
        """The first working day on or after `day`."""
        for _ in range(3660):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no working day within ten years: check the calendar settings")

    def _intervals(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals from the day of `start` on, in order (unbounded)."""
        day = start.date()
        for _ in range(3660):
            for s in self.sessions_of(day):
                yield (
                    datetime.combine(day, s.start, VN_TZ),
                    datetime.combine(day, s.end, VN_TZ),
                )
            day += timedelta(days=1)
        raise ValueError("no working time within ten years: check the calendar settings")

    def is_working_time(self, at: datetime) -> bool:
        at = require_aware(at)
        return any(
            datetime.combine(at.date(), s.start, VN_TZ)
            <= at
            < datetime.combine(at.date(), s.end, VN_TZ)
            for s in self.sessions_of(at.date())
        )

    def next_session_start(self, at: datetime) -> datetime:
        """The start of the first session that begins strictly after `at`."""
        at = require_aware(at)
        for begin, _end in self._intervals(at):
            if begin > at:
                return begin
        raise AssertionError("unreachable")

    # --- the clocks -------------------------------------------------------------------

    def receipt_due(self, submitted_at: datetime) -> datetime:
        """Art. 12.1.a: when an online dossier must have been received.

        Registered during working hours: within 60 minutes. Registered outside working
        hours, or within the last 60 minutes of a session: within 60 minutes of the
        start of the next session.
        """
        at = require_aware(submitted_at, "submitted_at")
        for begin, end in self._intervals(at):
            if end <= at:
                continue
            if begin <= at and at + RECEIPT_WINDOW <= end:
                return at + RECEIPT_WINDOW
            if begin > at:
                return begin + RECEIPT_WINDOW
            # Within the last 60 minutes of this session: the next one counts.
        raise AssertionError("unreachable")

    def add(self, start: datetime, amount: float, unit: TimeUnit) -> datetime:
        """The deadline `amount` units of time after `start`.

        Working days and hours count only time inside sessions (the unit's daily session
        total makes a working day). A calendar-day deadline ends with the working day it falls on,
        moved forward to the next working day when it falls on a day off.
        """
        start = require_aware(start, "start")
        if amount < 0:
            raise ValueError("amount must not be negative")
        if unit is TimeUnit.CALENDAR_DAYS:
            day = self.next_working_day(start.date() + timedelta(days=round(amount)))
            last = self.sessions_of(day)[-1]
            return datetime.combine(day, last.end, VN_TZ)
        if unit is TimeUnit.WORKING_DAYS:
            return self.add_working_time(start, self.working_day * amount)
        return self.add_working_time(start, timedelta(hours=amount))

    @property
    def working_day(self) -> timedelta:
        """The length of one working day: the unit's usual daily sessions added up."""
        for wd in range(7):
            day = self.sessions.get(wd, ())
            if day:
                return sum((datetime.combine(date.min, s.end) - datetime.combine(date.min, s.start)
                            for s in day), timedelta(0))
        return timedelta(hours=HOURS_PER_WORKING_DAY)

    def add_limit(self, start: datetime, limit: TimeLimit) -> datetime:
        return self.add(start, limit.amount, limit.unit)

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """`start` moved on by `amount` of working time (ends inside a session)."""
        start = require_aware(start, "start")
        remaining = amount
        if remaining <= timedelta(0):
            return start
        for begin, end in self._intervals(start):
            if end <= start:
                continue
            begin = max(begin, start)
            available = end - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        raise AssertionError("unreachable")

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from `a` to `b` (negative when `b` is before `a`)."""
        a = require_aware(a, "a")
        b = require_aware(b, "b")
        if b < a:
            return -self.working_time_between(b, a)
        total = timedelta(0)
        for begin, end in self._intervals(a):
            if begin >= b:
                break
            overlap = min(end, b) - max(begin, a)
            if overlap > timedelta(0):
                total += overlap
        return total

    def working_hours_between(self, a: datetime, b: datetime) -> float:
        return self.working_time_between(a, b).total_seconds() / 3600

    def shift_for_pause(
        self, due: datetime, paused_at: datetime, resumed_at: datetime, unit: TimeUnit
    ) -> datetime:
        """The deadline moved on by the time a dossier spent waiting for a supplement.

        While the applicant corrects a dossier its clock is stopped (App. step 1-2):
        the working time (or, for calendar-day limits, the days) of the pause is added.
        """
        if unit is TimeUnit.CALENDAR_DAYS:
            days = (require_aware(resumed_at).date() - require_aware(paused_at).date()).days
            moved = require_aware(due) + timedelta(days=days)
            day = self.next_working_day(moved.date())
            return datetime.combine(day, self.sessions_of(day)[-1].end, VN_TZ)
        paused = self.working_time_between(paused_at, resumed_at)
        return self.add_working_time(due, paused) if paused > timedelta(0) else due


def parse_session(text: str) -> tuple[time, time]:
    """'07:30-11:30' → (07:30, 11:30); ValueError when it does not read."""
    start, _, end = text.strip().partition("-")
    try:
        begin = datetime.strptime(start.strip(), "%H:%M").time()
        finish = datetime.strptime(end.strip(), "%H:%M").time()
    except ValueError:
        raise ValueError(f"not a session: {text!r} (e.g. 07:30-11:30)") from None
    if begin >= finish:
        raise ValueError(f"a session must end after it starts: {text!r}")
    return begin, finish


def now_vn() -> datetime:
    """The current time in Vietnam (the one place the wall clock is read)."""
    return datetime.now(VN_TZ)
