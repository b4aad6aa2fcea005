"""Background jobs of the service desk (procrastinate; see ``licang.tasks``)."""

from __future__ import annotations

import datetime
import logging

from procrastinate.contrib.django import app

from services.desk.actions.messages import requests_tell_overdue

logger = logging.getLogger(__name__)


# Every quarter of an hour: the people whose requests passed their due time are told, once per
# due time (the outbox's key and the check in ``requests_tell_overdue`` keep it to once).
@app.periodic(cron="*/15 * * * *", periodic_id="desk-overdue")
@app.task(name="desk.tell_overdue", queueing_lock="desk.tell_overdue")
def tell_overdue(timestamp: int) -> None:
    told = requests_tell_overdue(now=datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC))
    if told:
        logger.info("Told %s people their requests are overdue", told)
