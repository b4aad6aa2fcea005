"""Working days of the Chinese calendar, for the due time of requests.

Monday to Friday are working days, except public holidays; Saturdays and Sundays are not,
except the official make-up working days (调休上班). Both exceptions are rows of
``CalendarDay``, which staff enter each year from the State Council's notice.

A target of N working days is due at the end (23:59:59 Beijing time) of the N-th working day
after the day of the request; a target of 0 is due at the end of that day if it is a working
day, or else of the next working day.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from services.centers.models import CalendarDay

END_OF_DAY = datetime.time(23, 59, 59)


def _overrides(first: datetime.date, last: datetime.date) -> dict[datetime.date, str]:
    return dict(CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind"))


def is_working_day(day: datetime.date, overrides: dict[datetime.date, str]) -> bool:
    kind = overrides.get(day)
    if kind == CalendarDay.Kind.HOLIDAY:
        return False
    if kind == CalendarDay.Kind.WORKDAY:
        return True
    return day.weekday() < 5


def due_date(start: datetime.date, working_days: int) -> datetime.date:
    """The day on which a target of ``working_days`` counted from ``start`` runs out."""
    # the longest official break is nine days, so twice the target plus two months is ample
    horizon = start + datetime.timedelta(days=working_days * 2 + 60)
    overrides = _overrides(start, horizon)
    day, remaining = start, working_days
    if remaining == 0:
        while not is_working_day(day, overrides):
            day += datetime.timedelta(days=1)
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if day > horizon:
            horizon = day + datetime.timedelta(days=60)
            overrides |= _overrides(day, horizon)
        if is_working_day(day, overrides):
            remaining -= 1
    return day


def due_at(submitted_at: datetime.datetime, working_days: int) -> datetime.datetime:
    local_day = timezone.localtime(submitted_at).date()
    return datetime.datetime.combine(
        due_date(local_day, working_days), END_OF_DAY, tzinfo=timezone.get_default_timezone()
    )


def years_missing(years: list[int]) -> list[int]:
    """Which of ``years`` have no calendar entries yet (for a warning to staff)."""
    present = set(
        CalendarDay.objects.filter(date__year__in=years)
        .order_by()
        .values_list("date__year", flat=True)
        .distinct()
    )
    return [year for year in years if year not in present]
