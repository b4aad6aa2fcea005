"""Actions of the neighborhood centers: centers, facilities, opening hours and exceptions, the
working-day calendar and volunteers."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from licang.phones import normalise_phone
from licang.registry.models import Community
from services.centers.models import (
    CalendarDay,
    Center,
    Facility,
    OpeningException,
    OpeningHours,
    Volunteer,
)


@transaction.atomic
def center_save(*, center: Center, communities: Iterable[Community] | None = None) -> Center:
    """Save a center and, when ``communities`` is given, the communities it serves."""
    center.full_clean()
    center.save()
    if communities is not None:
        center.communities.set(communities)
    return center


@transaction.atomic
def center_close(*, center: Center, note: str = "") -> Center:
    """Close a center for good: it leaves the directory and takes no requests, while its
    records (volunteers, the desk's requests) stay. A center is never deleted."""
    center.status = Center.Status.CLOSED
    if note:
        center.status_note = note
    center.full_clean()
    center.save(update_fields=["status", "status_note"])
    return center


def _save(record: Any) -> Any:
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def facility_save(*, facility: Facility) -> Facility:
    return _save(facility)


@transaction.atomic
def opening_hours_save(*, hours: OpeningHours) -> OpeningHours:
    return _save(hours)


@transaction.atomic
def opening_hours_replace(
    *, owner: Center | Facility, periods: Iterable[tuple[int, datetime.time, datetime.time]]
) -> list[OpeningHours]:
    """Set the whole weekly timetable of a center's desk or of a facility at once."""
    key = "center" if isinstance(owner, Center) else "facility"
    rows = [
        OpeningHours(**{key: owner}, weekday=weekday, opens=opens, closes=closes)
        for weekday, opens, closes in periods
    ]
    errors = []
    for row in rows:
        # the checks the constraints make, here without a query per row and constraint
        row.full_clean(exclude=["center", "facility"], validate_constraints=False)
        if row.closes <= row.opens:
            errors.append(_("%(period)s closes before it opens.") % {"period": row})
    by_day = sorted(rows, key=lambda r: (r.weekday, r.opens))
    for earlier, later in itertools.pairwise(by_day):
        if earlier.weekday == later.weekday and later.opens < earlier.closes:
            errors.append(_("%(a)s overlaps %(b)s.") % {"a": earlier, "b": later})
    if errors:
        raise ValidationError(errors)
    OpeningHours.objects.filter(**{key: owner}).delete()
    return OpeningHours.objects.bulk_create(rows)


@transaction.atomic
def opening_exception_save(*, exception: OpeningException) -> OpeningException:
    return _save(exception)


@transaction.atomic
def calendar_day_save(*, day: CalendarDay) -> CalendarDay:
    """Enter a public holiday or a make-up working day; due times of new requests follow it."""
    return _save(day)


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay) -> None:
    """Remove a holiday or make-up working day entered by mistake; due times already set stay."""
    day.delete()


@transaction.atomic
def volunteer_save(*, volunteer: Volunteer) -> Volunteer:
    volunteer.phone = normalise_phone(volunteer.phone)
    return _save(volunteer)


@transaction.atomic
def volunteer_end(*, volunteer: Volunteer) -> Volunteer:
    """A volunteer stops: no new requests are assigned to them, and their past work keeps their
    name (a volunteer is never deleted)."""
    volunteer.is_active = False
    volunteer.full_clean()
    volunteer.save(update_fields=["is_active"])
    return volunteer


@transaction.atomic
def center_record_delete(*, record: Facility | OpeningHours | OpeningException) -> None:
    """Remove a facility, an opening period or an exception of a center."""
    record.delete()
