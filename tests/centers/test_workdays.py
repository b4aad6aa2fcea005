"""Due times count working days of the Chinese calendar, kept as data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from services.centers import actions
from services.centers.models import CalendarDay
from services.centers.workdays import due_at, due_date

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_the_official_2025_and_2026_holidays_and_make_up_days_are_loaded(db):
    workdays = set(
        CalendarDay.objects.filter(kind=CalendarDay.Kind.WORKDAY).values_list("date", flat=True)
    )
    assert workdays == {
        day(d)
        for d in [
            "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
            "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
        ]
    }  # fmt: skip
    spring_2026 = CalendarDay.objects.filter(name="春节", date__year=2026)
    assert [d.date for d in spring_2026] == [
        day("2026-02-15") + datetime.timedelta(i) for i in range(9)
    ]
    assert CalendarDay.objects.filter(date__year=2025, kind="holiday").count() == 28
    assert CalendarDay.objects.filter(date__year=2026, kind="holiday").count() == 33


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-03-02", 1, "2026-03-03"),  # Monday → Tuesday
        ("2026-03-06", 1, "2026-03-09"),  # Friday → Monday: the weekend does not count
        ("2026-03-07", 0, "2026-03-09"),  # a same-day target on Saturday → Monday
        ("2026-03-04", 0, "2026-03-04"),  # a same-day target on a working day
        ("2026-02-13", 1, "2026-02-14"),  # Friday → Saturday 14 February, a make-up working day
        ("2026-02-13", 2, "2026-02-24"),  # then nine days of Spring Festival
        ("2025-09-30", 1, "2025-10-09"),  # National Day and Mid-Autumn, 1–8 October 2025
        ("2025-12-31", 2, "2026-01-05"),  # New Year 2026, then Sunday 4 January is worked
    ],
)
def test_targets_count_working_days_after_the_day_of_the_request(db, start, days, due):
    assert due_date(day(start), days) == day(due)


def test_the_due_time_is_the_end_of_the_last_working_day_in_beijing(db):
    submitted = datetime.datetime(2026, 3, 6, 16, 30, tzinfo=datetime.UTC)  # Saturday 00:30 local
    assert due_at(submitted, 1) == datetime.datetime(2026, 3, 9, 23, 59, 59, tzinfo=SHANGHAI)


def test_staff_entering_next_years_holidays_changes_new_due_dates(db):
    assert due_date(day("2027-01-29"), 1) == day("2027-02-01")
    actions.calendar_day_save(day=CalendarDay(date=day("2027-02-01"), kind="holiday", name="测试"))
    assert due_date(day("2027-01-29"), 1) == day("2027-02-02")


def test_a_make_up_working_day_must_fall_on_a_weekend(db):
    with pytest.raises(ValidationError):
        actions.calendar_day_save(day=CalendarDay(date=day("2027-03-03"), kind="workday", name="x"))
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(date=day("2027-03-03"), kind="workday", name="x")
