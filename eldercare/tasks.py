"""Background jobs of the meal program (procrastinate; see ``licang.tasks``)."""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from procrastinate.contrib.django import app

from eldercare import actions

logger = logging.getLogger(__name__)


# 06:00 and 14:00 Asia/Shanghai (procrastinate reads cron in UTC).
@app.periodic(cron="0 22,6 * * *", periodic_id="eldercare-standing-orders")
@app.task(name="eldercare.place_standing_orders", queueing_lock="eldercare-standing-orders")
def place_standing_orders(timestamp: int) -> None:
    """Turn today's and tomorrow's standing orders into orders: at 06:00 (before the lunch
    cut-offs) and at 14:00 (before dinner's, and tomorrow's before anyone thinks of it). Safe to
    run twice; a meal past its cut-off is skipped."""
    now = timezone.now()
    today = timezone.localdate(now)
    for day in (today, today + datetime.timedelta(days=1)):
        result = actions.standing_orders_place(day=day, now=now)
        logger.info("Standing orders of %s: %s", day, result)
