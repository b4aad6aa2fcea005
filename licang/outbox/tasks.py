"""The outbox's jobs (procrastinate; see ``licang.tasks``): one delivery job per message, and a
periodic job that re-queues messages whose time has come."""

from __future__ import annotations

import datetime
import logging

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from licang.outbox import actions

logger = logging.getLogger(__name__)


# A failed attempt raises ``DeliveryFailed`` after recording itself; the queue retries with an
# exponential wait (10 s, 100 s, 17 min, 2.8 h), as ``actions.backoff`` records it on the message.
# The row lock in ``message_deliver`` makes a run twice send once.
@app.task(
    name=actions.DELIVER_TASK,
    queue="outbox",
    retry=RetryStrategy(
        max_attempts=actions.MAX_ATTEMPTS,
        exponential_wait=actions.BACKOFF_BASE_SECONDS,
        retry_exceptions=[actions.DeliveryFailed],
    ),
)
def deliver(message_id: int) -> None:
    message = actions.message_deliver(message_id=message_id)
    logger.info("Message %s: %s", message.pk, message.state)


# Every five minutes: held messages whose quiet hours ended, failed ones due for another
# attempt, and any whose job was lost (a crash between the commit and the defer).
@app.periodic(cron="*/5 * * * *", periodic_id="outbox-requeue")
@app.task(name="licang.outbox.requeue_due", queueing_lock="licang.outbox.requeue_due")
def requeue_due(timestamp: int) -> None:
    count = actions.messages_requeue_due(
        now=datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
    )
    if count:
        logger.info("Re-queued %s messages", count)
