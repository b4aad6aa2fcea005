"""Delivery by a real procrastinate worker: a message whose job is in the queue twice is sent
once; the periodic job re-queues what is due."""

from __future__ import annotations

import pytest
import time_machine
from django.db import transaction
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from licang.outbox import actions, tasks
from licang.outbox.models import Message
from tests.desk.conftest import desk  # noqa: F401  (the fixture)
from tests.desk.factories import complete, file_request
from tests.licang.test_jobs import _empty_queue, run_worker  # noqa: F401  (the fixture)
from tests.outbox.conftest import at

pytestmark = pytest.mark.django_db(transaction=True)


@time_machine.travel(at(10), tick=True)
def test_a_message_whose_job_is_queued_twice_is_sent_once_by_a_worker(desk, center_staff, sms):  # noqa: F811
    with transaction.atomic():
        done = complete(file_request(desk.center, desk.booking), center_staff)
    told = Message.objects.about(done).get(event="request_completed")
    tasks.deliver.defer(message_id=told.pk)  # a second job beside the one deferred on commit
    run_worker(app, queues=["outbox"])
    told.refresh_from_db()
    assert told.state == "sent"
    assert [m.body for m in sms].count(told.body) == 1


@time_machine.travel(at(10), tick=True)
def test_the_periodic_job_requeues_a_message_whose_job_was_lost(desk, sms):  # noqa: F811
    filed = file_request(desk.center, desk.booking)
    with transaction.atomic():
        message = actions.message_queue(
            event="request_accepted", body="【李沧区】您好", about=filed, dedup_key="lost:1",
            name=filed.name, phone=filed.phone,
        )  # fmt: skip
    ProcrastinateJob.objects.filter(queue_name="outbox").delete()  # the job lost
    assert actions.messages_requeue_due() == 1
    run_worker(app, queues=["outbox"])
    message.refresh_from_db()
    assert message.state == "sent" and len(sms) == 1
