"""Races on one request, with real concurrent transactions on PostgreSQL.

The actions lock the request row (``select_for_update``): the second of two simultaneous
ratings or acceptances waits for the first to commit, then sees its result and is refused.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from licang.errors import ConflictError
from services.desk import actions
from services.desk.models import RequestStep
from tests.desk.factories import complete, file_request

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # the outcome is what the test inspects
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_simultaneous_ratings_leave_one_rating(desk, center_staff):
    done = complete(file_request(desk.center, desk.booking), center_staff)
    results = race(
        lambda: actions.request_rate(service_request=done, rating=5, comment="好"),
        lambda: actions.request_rate(service_request=done, rating=1, comment="差"),
    )
    refused = [r for r in results if isinstance(r, ConflictError)]
    rated = [r for r in results if not isinstance(r, Exception)]
    assert len(rated) == len(refused) == 1
    assert refused[0].code == "already_rated"
    done.refresh_from_db()
    assert done.rating == rated[0].rating
    assert RequestStep.objects.filter(request=done, action="rated").count() == 1


def test_two_staff_accepting_at_once_accept_it_once(desk, center_staff, district_admin):
    filed = file_request(desk.center, desk.booking)
    results = race(
        lambda: actions.request_accept(service_request=filed, actor=center_staff),
        lambda: actions.request_accept(service_request=filed, actor=district_admin),
    )
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(refused) == 1
    assert refused[0].code == "illegal_transition"
    assert RequestStep.objects.filter(request=filed, action="accepted").count() == 1
