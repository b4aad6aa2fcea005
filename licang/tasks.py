"""Background jobs of the shared plumbing, run by procrastinate workers.

procrastinate's Django app imports every installed app's ``tasks`` module at start-up, so a program
adds its jobs in its own ``tasks.py``. The queue lives in the portal's database: a job deferred
inside a transaction is enqueued only if that transaction commits. Workers run
``manage.py procrastinate worker`` (``make run`` starts one beside the web server).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from procrastinate.contrib.django import app

from licang.models import IdempotencyRecord, ThrottleCounter

logger = logging.getLogger(__name__)

# How long a partner may retry a POST with the same Idempotency-Key (the README promises a week).
IDEMPOTENCY_DAYS = 7


@dataclass(frozen=True)
class PrunedApiRecords:
    idempotency_records: int
    throttle_counters: int

    def __str__(self) -> str:
        return (
            f"Deleted {self.idempotency_records} idempotency records "
            f"and {self.throttle_counters} throttle counters."
        )


@transaction.atomic
def prune_api_records(
    *, now: datetime.datetime, idempotency_days: int = IDEMPOTENCY_DAYS
) -> PrunedApiRecords:
    """Delete the idempotency records and throttle counters that can no longer matter at ``now``.

    The daily job and ``manage.py prune_api_records`` both call this. A throttle counter matters
    only during its window (a minute at most), so a day's margin keeps every live one.
    """
    keys, _ = IdempotencyRecord.objects.filter(
        created_at__lt=now - datetime.timedelta(days=idempotency_days)
    ).delete()
    counters, _ = ThrottleCounter.objects.filter(
        window_start__lt=now - datetime.timedelta(days=1)
    ).delete()
    return PrunedApiRecords(idempotency_records=keys, throttle_counters=counters)


# Daily at 03:30 Asia/Shanghai, the quietest hour of the partner API (procrastinate reads cron in
# UTC). However many workers run, the database lets only one of them defer each day's job, and the
# queueing lock keeps a second one out of the queue while one still waits there.
@app.periodic(cron="30 19 * * *", periodic_id="daily")
@app.task(name="licang.prune_api_records", queueing_lock="licang.prune_api_records")
def prune_api_records_daily(timestamp: int) -> None:
    """The periodic job: prune as of the scheduled time, so a late run removes the same rows."""
    pruned = prune_api_records(now=datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC))
    logger.info("%s", pruned)
