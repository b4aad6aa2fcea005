"""Background jobs, run by a real procrastinate worker on the test database.

The tests are transactional: the worker takes jobs with SELECT … FOR UPDATE on connections of its
own, so it sees only what the test has committed, exactly as in production.
"""

from __future__ import annotations

import asyncio
import datetime
import io
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import croniter
import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone
from procrastinate import App
from procrastinate.contrib.django import DjangoApp, app
from procrastinate.contrib.django.models import ProcrastinateJob

from licang import tasks
from licang.models import IdempotencyRecord, ThrottleCounter

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = "licang-tests"
# A worker that has not emptied its queue by then fails the test instead of hanging it.
WORKER_TIMEOUT_SECONDS = 10


def close_connections_after(call_next: Any, context: Any, worker: Any) -> Any:
    """A job's thread ends with the test's worker, so its persistent Django connection
    (CONN_MAX_AGE) must close with the job, or it keeps the test database from being dropped."""
    try:
        return call_next()
    finally:
        connections.close_all()


def run_worker(worker_app: App, **options: Any) -> None:
    """Run a real worker until its queues are empty, in a thread of its own as in production (and
    because the browser tests leave an event loop running in the main thread)."""
    middleware = [*worker_app.worker_defaults.get("task_middleware", []), close_connections_after]
    worker_connector = worker_app.connector.get_worker_connector()
    failures: list[BaseException] = []

    async def work() -> None:
        async with worker_app.open_async():
            await worker_app.run_worker_async(
                wait=False,
                install_signal_handlers=False,
                listen_notify=False,
                task_middleware=middleware,
                **options,
            )

    def worker_thread() -> None:
        try:
            asyncio.run(asyncio.wait_for(work(), WORKER_TIMEOUT_SECONDS))
        except BaseException as exc:  # re-raised in the test's thread
            failures.append(exc)

    with worker_app.replace_connector(worker_connector):
        thread = threading.Thread(target=worker_thread, name="procrastinate-worker")
        thread.start()
        thread.join(WORKER_TIMEOUT_SECONDS + 5)
    assert not thread.is_alive(), "the worker did not stop"
    if failures:
        raise failures[0]


@pytest.fixture(autouse=True)
def _empty_queue(transactional_db: Any) -> Iterator[None]:
    """procrastinate's tables are not Django-managed, so the flush between tests skips them."""

    def empty() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE procrastinate_jobs, procrastinate_periodic_defers, "
                "procrastinate_workers CASCADE"
            )

    empty()
    yield
    empty()


@dataclass
class Recorder:
    """A throwaway app whose one task records each run, so that no test task outlives its test."""

    app: DjangoApp
    record: Any
    runs: list[str] = field(default_factory=list)


@pytest.fixture
def recorder() -> Recorder:
    test_app = DjangoApp(connector=app.connector)
    runs: list[str] = []

    @test_app.task(name="tests.record_run", queue=QUEUE)
    def record(label: str) -> None:
        runs.append(label)

    return Recorder(app=test_app, record=record, runs=runs)


class Rollback(Exception):
    pass


def test_a_job_deferred_in_a_transaction_that_rolls_back_never_runs(recorder):
    with pytest.raises(Rollback), transaction.atomic():
        recorder.record.defer(label="rolled back")
        # the job is a row of the same transaction as the change that caused it
        assert ProcrastinateJob.objects.filter(queue_name=QUEUE).count() == 1
        raise Rollback

    assert not ProcrastinateJob.objects.filter(queue_name=QUEUE).exists()
    run_worker(recorder.app, queues=[QUEUE])
    assert recorder.runs == []


def test_a_committed_job_is_run_exactly_once_by_a_worker(recorder):
    with transaction.atomic():
        job_id = recorder.record.defer(label="committed")
        run_worker(recorder.app, queues=[QUEUE])
        assert recorder.runs == [], "the worker must not see a job before its transaction commits"

    run_worker(recorder.app, queues=[QUEUE])
    run_worker(recorder.app, queues=[QUEUE])  # a second worker finds nothing left to do

    assert recorder.runs == ["committed"]
    job = ProcrastinateJob.objects.get(id=job_id)
    assert (job.status, job.attempts) == ("succeeded", 1)


def test_the_prune_job_is_scheduled_daily_at_half_past_three_in_shanghai():
    periodic = app.periodic_registry.periodic_tasks[("licang.prune_api_records", "daily")]
    assert periodic.task is tasks.prune_api_records_daily

    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    start = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=shanghai).timestamp()
    ticks = croniter.croniter(periodic.cron, start)
    first, second = ticks.get_next(float), ticks.get_next(float)
    assert datetime.datetime.fromtimestamp(first, shanghai) == datetime.datetime(
        2026, 3, 2, 3, 30, tzinfo=shanghai
    )
    assert second - first == datetime.timedelta(days=1).total_seconds()


def by_the_daily_job(now: datetime.datetime) -> None:
    job_id = tasks.prune_api_records_daily.defer(timestamp=int(now.timestamp()))
    run_worker(app)
    assert ProcrastinateJob.objects.get(id=job_id).status == "succeeded"


def by_the_command(now: datetime.datetime) -> None:
    call_command("prune_api_records", stdout=io.StringIO())


@pytest.mark.parametrize("prune", [by_the_daily_job, by_the_command])
def test_api_records_that_can_no_longer_matter_are_pruned(
    partners, prune: Callable[[datetime.datetime], None]
):
    now = timezone.now()
    token = partners["caterer"].token
    for key, age in [
        ("last-week", datetime.timedelta(days=8)),
        ("retryable", datetime.timedelta(days=6)),
    ]:
        record = IdempotencyRecord.objects.create(token=token, key=key, fingerprint="f")
        IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=now - age)
    ThrottleCounter.objects.create(key="caterer", window_start=now - datetime.timedelta(days=2))
    ThrottleCounter.objects.create(key="caterer", window_start=now.replace(second=0, microsecond=0))

    prune(now)

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["retryable"]
    assert list(ThrottleCounter.objects.values_list("window_start", flat=True)) == [
        now.replace(second=0, microsecond=0)
    ]
