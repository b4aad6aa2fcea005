"""Capacity holds when orders arrive at the same moment: real HTTP requests to a live server, each
on its own PostgreSQL connection."""

from __future__ import annotations

import datetime
import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from eldercare import actions
from eldercare.models import Order, StandingOrder, WaitlistEntry
from licang.registry.models import Subdistrict
from tests import factories
from tests.eldercare.conftest import TODAY, make_point, publish

URL = "/api/v1/eldercare/orders/"


@pytest.fixture
def subdistricts(transactional_db):
    """The data migrations' rows, which tests/conftest.py restores for transactional tests."""
    assert Subdistrict.objects.count() == 11


def send_at_once(base: str, secret: str, bodies: list[dict[str, Any]]) -> list[tuple[int, Any]]:
    """POST each body over HTTP from its own thread, released together by a barrier.

    The test server's listen queue is short: a connection it drops is retried, as a partner's
    client would, with the request's own Idempotency-Key, so a retry never orders twice.
    """
    barrier = threading.Barrier(len(bodies))
    results: list[Any] = [None] * len(bodies)

    def send(index: int, body: dict[str, Any]) -> None:
        request = urllib.request.Request(
            base + URL,
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {secret}",
                "Idempotency-Key": f"concurrent-{index}",
            },
            method="POST",
        )
        barrier.wait(timeout=20)
        for attempt in range(20):
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    results[index] = (response.status, json.loads(response.read()))
                return
            except urllib.error.HTTPError as error:
                results[index] = (error.code, json.loads(error.read()))
                return
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.05 * (attempt + 1))

    threads = [threading.Thread(target=send, args=(i, b)) for i, b in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_sixty_orders_at_once_for_forty_five_seats_leave_forty_five_orders_and_fifteen_refusals(
    subdistricts, live_server, caterer, district
):
    point = make_point(caterer.partner, district.licun_a, capacity=45)
    publish(point)
    body = {"point": point.code, "date": TODAY.isoformat(), "meal": "lunch", "mode": "dine_in"}
    results = send_at_once(live_server.url, caterer.secret, [body] * 60)
    statuses = [status for status, _body in results]
    assert statuses.count(201) == 45
    assert statuses.count(409) == 15
    assert {body["code"] for status, body in results if status == 409} == {"meal_full"}
    assert Order.objects.filter(point=point).count() == 45


def test_a_cancellation_gives_the_seat_to_the_first_regular_waiting(
    subdistricts, caterer, district
):
    point = make_point(caterer.partner, district.licun_a, capacity=1)
    menu = publish(point)
    regulars = []
    for name in ("赵大爷", "钱奶奶", "孙大爷"):
        elder = _elder(district, name)
        enrolment = actions.enrolment_create(resident=elder, point=point, enrolled_on=TODAY)
        regulars.append(actions.standing_order_save(standing_order=_standing(enrolment)))
    outcome = actions.standing_orders_place(day=TODAY)
    assert (outcome.placed, outcome.waiting) == (1, 2)
    assert str(actions.standing_orders_place(day=TODAY)).startswith(
        "0 orders placed"
    )  # twice: nothing more
    seated = Order.objects.get(menu=menu)
    assert seated.standing_order == regulars[0]
    actions.order_cancel(order=seated)
    now_seated = Order.objects.get(menu=menu, status="placed")
    assert now_seated.standing_order == regulars[1]
    assert WaitlistEntry.objects.get(standing_order=regulars[1]).status == "seated"
    assert WaitlistEntry.objects.get(standing_order=regulars[2]).status == "waiting"


def _elder(district: Any, name: str) -> Any:
    return factories.make_resident(district.licun_a, name=name, birth=datetime.date(1948, 1, 1))


def _standing(enrolment: Any) -> Any:
    return StandingOrder(
        enrolment=enrolment, weekdays=[1, 2, 3, 4, 5], meal="lunch", mode="dine_in"
    )
