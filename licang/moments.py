"""Which parsed dates and times the database can hold.

Python parses offsets up to ±23:59 and every year from 1 to 9999; PostgreSQL refuses a time zone
displacement beyond ±15:59, and a moment near year 1 or 9999 can leave Python's range once moved
to UTC. Both were server errors; the parsing layers (filters, the Open311 reader) ask here first.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

MAX_OFFSET = datetime.timedelta(hours=15, minutes=59)  # PostgreSQL's limit
ONE_DAY = datetime.timedelta(days=1)


def moment_problem(value: datetime.datetime) -> str | None:
    """Why ``value`` cannot be stored or compared in the database, or ``None`` if it can."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        return str(_("The time zone offset must be between -15:59 and +15:59."))
    try:
        in_utc = value.astimezone(datetime.UTC) if offset is not None else value
        # a day of room either side: local dates and ranges are computed from it
        in_utc.replace(tzinfo=None) - ONE_DAY, in_utc.replace(tzinfo=None) + ONE_DAY
    except OverflowError:
        return str(_("The date is too far in the past or the future."))
    return None
