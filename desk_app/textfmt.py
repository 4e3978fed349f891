"""Vietnamese text as officers write and search it: dates, times, folded search keys."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class NaiveDatetimeError(ValueError):
    """A datetime without a time zone reached code that needs Vietnam time."""


def require_aware(value: datetime, what: str = "datetime") -> datetime:
    """Return `value` in Vietnam time; refuse a naive datetime plainly."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{what} không có múi giờ / {what} has no time zone: {value.isoformat()} "
            "(use an aware datetime, e.g. tzinfo=ZoneInfo('Asia/Ho_Chi_Minh'))"
        )
    return value.astimezone(VN_TZ)


def vn_date(value: date | datetime) -> str:
    """'ngày 29 tháng 11 năm 2026', as forms write a date.

    Decree 30/2020, Appendix I: days below 10 and the months 1 and 2 take a leading
    zero ('ngày 05 tháng 02'); the other months do not ('tháng 3').
    """
    if isinstance(value, datetime):
        value = require_aware(value).date()
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def vn_time(value: datetime) -> str:
    """'16 giờ 10 phút'."""
    value = require_aware(value)
    return f"{value.hour:02d} giờ {value.minute:02d} phút"


def vn_datetime(value: datetime) -> str:
    """'16 giờ 10 phút, ngày 29 tháng 11 năm 2026' (Circular 01/2018 form 01)."""
    return f"{vn_time(value)}, {vn_date(value)}"


def short_datetime(value: datetime) -> str:
    """'29/11/2026 16:10', for lists and tables."""
    value = require_aware(value)
    return value.strftime("%d/%m/%Y %H:%M")


def fold(text: str) -> str:
    """A search key without tone marks or diacritics, lower case: 'Đăng ký' → 'dang ky'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
