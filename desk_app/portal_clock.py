"""The portal's time, learnt from the HTTP `Date` header of its answers.

The receipt clock (Decision 89/2016, Art. 12.1.a) and the processing log are judged
on the portal's time, so a desk whose own clock is wrong stamps actions with the
portal's time instead: local time plus the offset last seen. The local reading is
kept beside it, so both stay on the record.

`Date` has a one-second resolution (RFC 9110 §6.6.1) and the portal writes it some
time between the request leaving and the answer arriving. The estimate takes the
middle of that window plus half a second; an offset within `NOISE` of zero is what
any correct clock would show, and is taken as zero.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from desk_app.calendar import now_vn
from desk_app.textfmt import VN_TZ

WARN_OFFSET = timedelta(minutes=2)  # the doctor warns above this
NOISE = timedelta(seconds=2)  # what Date's 1-second steps and the round trip can explain
MAX_ROUND_TRIP = timedelta(seconds=10)  # a slower answer says too little about the time


def parse_http_date(value: str | None) -> datetime | None:
    """An aware datetime from an HTTP date, or None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None


def estimate_offset(date_header: str | None, sent: datetime,
                    received: datetime) -> timedelta | None:
    """Portal time minus local time, from one answer; None when it tells nothing."""
    portal = parse_http_date(date_header)
    if portal is None or received < sent or received - sent > MAX_ROUND_TRIP:
        return None
    middle = sent + (received - sent) / 2
    offset = portal + timedelta(milliseconds=500) - middle
    return timedelta(0) if abs(offset) < NOISE else offset


class PortalClock:
    """Callable like `now_vn`: the corrected time; `local()` the machine's own reading.

    Fed by the sync client with each answer's `Date` header; shared across threads.
    """

    def __init__(self, local: Callable[[], datetime] = now_vn) -> None:
        self.local = local
        self._offset: timedelta | None = None
        self._lock = threading.Lock()

    def observe(self, date_header: str | None, sent: datetime,
                received: datetime) -> timedelta | None:
        """Learn from one answer; returns the offset now in use (None when none known)."""
        found = estimate_offset(date_header, sent, received)
        with self._lock:
            if found is not None:
                self._offset = found
            return self._offset

    @property
    def offset(self) -> timedelta | None:
        """Portal minus local, or None before any answer with a usable `Date`."""
        with self._lock:
            return self._offset

    @property
    def known(self) -> bool:
        return self.offset is not None

    def now(self) -> datetime:
        return self.reading()[0]

    __call__ = now

    def reading(self) -> tuple[datetime, datetime]:
        """(corrected, local) read together, for a stamp that keeps both."""
        local = self.local()
        offset = self.offset or timedelta(0)
        return (local + offset).astimezone(VN_TZ), local

    def describe_vi(self) -> str:
        offset = self.offset
        if offset is None:
            return "Chưa biết độ lệch đồng hồ so với Cổng dịch vụ công."
        return describe_offset_vi(offset)


def describe_offset_vi(offset: timedelta) -> str:
    seconds = round(offset.total_seconds())
    if seconds == 0:
        return "Đồng hồ máy khớp với Cổng dịch vụ công."
    way = "chậm" if seconds > 0 else "nhanh"
    minutes, secs = divmod(abs(seconds), 60)
    amount = f"{minutes} phút {secs} giây" if minutes else f"{secs} giây"
    return f"Đồng hồ máy {way} {amount} so với Cổng dịch vụ công."
