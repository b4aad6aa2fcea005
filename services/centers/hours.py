"""Opening hours: whether a center's desk or a facility is open at a moment, and weekly tables.

Times are local (Asia/Shanghai). A date with an opening exception (a holiday, an event) follows
the exception instead of the weekly hours. Facilities without hours of their own keep the desk's.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from services.centers.models import Center, Facility, OpeningException, OpeningHours


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def _exceptions(center: Center) -> list[OpeningException]:
    prefetched = getattr(center, "upcoming_exceptions", None)
    if prefetched is not None:
        return list(prefetched)
    today = timezone.localdate()
    return list(center.exceptions.filter(date__gte=today).order_by("date")[:31])


def _within(periods: Iterable[OpeningHours], weekday: int, at: datetime.time) -> bool:
    return any(p.weekday == weekday and p.opens <= at < p.closes for p in periods)


def desk_open_at(center: Center, moment: datetime.datetime) -> bool:
    local = timezone.localtime(moment)
    for exception in _exceptions(center):
        if exception.date == local.date():
            if exception.closed or exception.opens is None or exception.closes is None:
                return False
            return exception.opens <= local.time() < exception.closes
    return _within(center.hours.all(), local.weekday(), local.time())


def facility_open_at(facility: Facility, center: Center, moment: datetime.datetime) -> bool:
    if facility.open_all_day:
        return True
    periods = list(facility.hours.all())
    if not periods:
        return desk_open_at(center, moment)
    local = timezone.localtime(moment)
    return _within(periods, local.weekday(), local.time())


@dataclass(frozen=True)
class DayHours:
    weekday: str
    periods: str  # "08:30–12:00, 13:30–17:30", or "closed"
    is_today: bool


def weekly_table(periods: Iterable[OpeningHours], today: datetime.date) -> list[DayHours]:
    """One row per weekday, Monday first, for the hours tables of the public pages."""
    by_day: dict[int, list[str]] = {day: [] for day in Weekday.values}
    for period in sorted(periods, key=lambda p: (p.weekday, p.opens)):
        by_day[period.weekday].append(f"{period.opens:%H:%M}–{period.closes:%H:%M}")
    return [
        DayHours(
            weekday=str(Weekday(day).label),
            periods=", ".join(by_day[day]) or str(_("closed")),
            is_today=day == today.weekday(),
        )
        for day in Weekday.values
    ]
