"""Working time with concrete dates: Art. 12.1.a and the processing deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from core_samples import vn

from desk_app.calendar import CalendarOverride, NaiveDatetimeError, OverrideKind, WorkCalendar
from desk_app.domain import TimeUnit

CAL = WorkCalendar.default()


def test_tet_2027_is_off_from_the_holidays_package():
    # Tết Đinh Mùi: lunar new year on Saturday 6 February 2027.
    for day in range(4, 11):
        assert not CAL.is_working_day(date(2027, 2, day)), f"{day}/2/2027 should be off"
    assert CAL.is_working_day(date(2027, 2, 3))
    assert CAL.is_working_day(date(2027, 2, 11))


def test_fixed_holidays_and_weekends():
    assert not CAL.is_working_day(date(2026, 9, 2))  # Quốc khánh
    assert not CAL.is_working_day(date(2027, 4, 16))  # Giỗ Tổ Hùng Vương (lunar 10/3)
    assert not CAL.is_working_day(date(2026, 11, 28))  # Saturday
    assert CAL.is_working_day(date(2026, 11, 30))  # Monday


# --- Art. 12.1.a: the receipt clock ---------------------------------------------------

def test_receipt_within_working_hours_is_60_minutes():
    assert CAL.receipt_due(vn(2026, 11, 25, 9, 0)) == vn(2026, 11, 25, 10, 0)


def test_receipt_at_11_00_is_in_the_last_hour_so_afternoon_counts():
    # 11:00 is within 60 minutes of the 11:30 end of the morning session.
    assert CAL.receipt_due(vn(2026, 11, 25, 11, 0)) == vn(2026, 11, 25, 14, 30)


def test_receipt_exactly_60_minutes_before_the_end_is_still_inside():
    assert CAL.receipt_due(vn(2026, 11, 25, 10, 30)) == vn(2026, 11, 25, 11, 30)


def test_receipt_at_lunch_counts_from_the_afternoon():
    assert CAL.receipt_due(vn(2026, 11, 25, 12, 15)) == vn(2026, 11, 25, 14, 30)


def test_receipt_friday_16_10_goes_to_monday_morning():
    # 27/11/2026 is a Friday; 16:10 is within the last hour of the afternoon.
    assert CAL.receipt_due(vn(2026, 11, 27, 16, 10)) == vn(2026, 11, 30, 8, 0)


def test_receipt_on_sunday_goes_to_monday_08_00():
    assert CAL.receipt_due(vn(2026, 11, 29, 10, 0)) == vn(2026, 11, 30, 8, 0)


def test_receipt_before_opening_counts_from_the_first_session():
    assert CAL.receipt_due(vn(2026, 11, 25, 6, 30)) == vn(2026, 11, 25, 8, 0)


def test_receipt_before_tet_goes_after_tet():
    assert CAL.receipt_due(vn(2027, 2, 3, 16, 30)) == vn(2027, 2, 11, 8, 0)


def test_receipt_on_a_makeup_saturday():
    sat = date(2026, 11, 28)
    cal = WorkCalendar.default([CalendarOverride(sat, OverrideKind.WORKING_DAY, "làm bù")])
    assert cal.is_working_day(sat)
    assert cal.receipt_due(vn(2026, 11, 28, 9, 0)) == vn(2026, 11, 28, 10, 0)
    # Friday 16:10 now lands on the make-up Saturday morning.
    assert cal.receipt_due(vn(2026, 11, 27, 16, 10)) == vn(2026, 11, 28, 8, 0)


def test_announced_day_off_is_skipped():
    cal = WorkCalendar.default([CalendarOverride(date(2026, 11, 30), OverrideKind.DAY_OFF)])
    assert cal.receipt_due(vn(2026, 11, 27, 16, 10)) == vn(2026, 12, 1, 8, 0)


# --- processing deadlines ------------------------------------------------------------

def test_one_working_day_from_friday_16_10_is_monday_16_10():
    assert CAL.add(vn(2026, 11, 27, 16, 10), 1, TimeUnit.WORKING_DAYS) == vn(2026, 11, 30, 16, 10)


def test_working_days_skip_tet():
    # Received Wednesday 3/2/2027 at 09:00; 16 working hours: 6 h left on Wednesday,
    # Thursday 4 to Wednesday 10 are Tết, 8 h on Thursday 11, 2 h on Friday 12.
    assert CAL.add(vn(2027, 2, 3, 9, 0), 2, TimeUnit.WORKING_DAYS) == vn(2027, 2, 12, 9, 0)


def test_working_hours_cross_lunch():
    # 10:00 + 4 h: 1.5 h to 11:30, 2.5 h from 13:30 → 16:00.
    assert CAL.add(vn(2026, 11, 25, 10, 0), 4, TimeUnit.WORKING_HOURS) == vn(2026, 11, 25, 16, 0)


def test_eight_working_hours_make_a_day():
    start = vn(2026, 11, 25, 9, 0)
    assert CAL.add(start, 8, TimeUnit.WORKING_HOURS) == CAL.add(start, 1, TimeUnit.WORKING_DAYS)


def test_work_started_at_lunch_counts_from_the_afternoon():
    assert CAL.add(vn(2026, 11, 25, 12, 15), 1, TimeUnit.WORKING_HOURS) == vn(2026, 11, 25, 14, 30)


def test_calendar_days_never_land_on_a_day_off():
    # 1/12/2026 + 5 days = Sunday 6/12 → Monday 7/12, end of day.
    assert CAL.add(vn(2026, 12, 1, 9, 0), 5, TimeUnit.CALENDAR_DAYS) == vn(2026, 12, 7, 17, 0)


def test_makeup_saturday_counts_as_working_time():
    sat = date(2026, 11, 28)
    cal = WorkCalendar.default([CalendarOverride(sat, OverrideKind.WORKING_DAY)])
    assert cal.add(vn(2026, 11, 27, 16, 10), 1, TimeUnit.WORKING_DAYS) == vn(2026, 11, 28, 16, 10)
    assert cal.working_hours_between(vn(2026, 11, 27, 17, 0), vn(2026, 11, 30, 7, 0)) == 8


def test_working_hours_between():
    assert CAL.working_hours_between(vn(2026, 11, 27, 16, 0), vn(2026, 11, 30, 8, 0)) == 2
    assert CAL.working_hours_between(vn(2026, 11, 30, 8, 0), vn(2026, 11, 27, 16, 0)) == -2
    assert CAL.working_hours_between(vn(2026, 11, 28, 8, 0), vn(2026, 11, 29, 20, 0)) == 0


def test_add_and_between_agree():
    start = vn(2026, 11, 25, 9, 17)
    for hours in (0.5, 3, 8, 17, 40):
        end = CAL.add(start, hours, TimeUnit.WORKING_HOURS)
        assert CAL.working_hours_between(start, end) == pytest.approx(hours)


def test_naive_datetime_is_a_clear_error():
    with pytest.raises(NaiveDatetimeError, match="múi giờ"):
        CAL.receipt_due(datetime(2026, 11, 25, 9, 0))


def test_other_timezones_are_converted():
    from datetime import UTC
    # 02:00 UTC is 09:00 in Vietnam.
    assert CAL.receipt_due(datetime(2026, 11, 25, 2, 0, tzinfo=UTC)) == vn(2026, 11, 25, 10, 0)
    assert CAL.add(vn(2026, 11, 25, 9), 0, TimeUnit.WORKING_HOURS) == vn(2026, 11, 25, 9)
    assert timedelta(0) == CAL.working_time_between(vn(2026, 11, 25, 9), vn(2026, 11, 25, 9))


def test_dates_are_written_as_decree_30_asks():
    from desk_app.textfmt import vn_date, vn_datetime

    assert vn_date(date(2026, 11, 29)) == "ngày 29 tháng 11 năm 2026"
    assert vn_date(date(2027, 2, 5)) == "ngày 05 tháng 02 năm 2027"
    assert vn_date(date(2027, 3, 5)) == "ngày 05 tháng 3 năm 2027"
    assert vn_datetime(vn(2026, 11, 29, 16, 10)) == "16 giờ 10 phút, ngày 29 tháng 11 năm 2026"


def test_a_unit_with_its_own_hours():
    from datetime import time

    from desk_app.calendar import Session

    cal = WorkCalendar.weekdays([Session(time(7, 30), time(11, 30)),
                                 Session(time(13, 0), time(17, 0))])
    # 10:45 is within the last hour of a morning that ends at 11:30.
    assert cal.receipt_due(vn(2026, 11, 25, 10, 45)) == vn(2026, 11, 25, 14, 0)
    assert cal.receipt_due(vn(2026, 11, 27, 16, 10)) == vn(2026, 11, 30, 8, 30)
    with pytest.raises(ValueError):
        WorkCalendar.weekdays([Session(time(13, 0), time(17, 0)), Session(time(7, 0), time(11, 0))])
