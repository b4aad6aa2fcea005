"""The standing-orders job, run by a real procrastinate worker on the test database."""

from __future__ import annotations

import pytest
from procrastinate.contrib.django import app

from eldercare import actions
from eldercare.models import Order, StandingOrder
from eldercare.tasks import place_standing_orders
from licang.registry.models import Subdistrict
from tests.eldercare.conftest import TODAY, publish
from tests.licang.test_jobs import _empty_queue, run_worker  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_job_places_todays_and_tomorrows_standing_orders_once_however_often_it_runs(
    point, enrolment
):
    assert Subdistrict.objects.count() == 11
    publish(point)
    publish(point, day=TODAY.replace(day=16))
    actions.standing_order_save(
        standing_order=StandingOrder(
            enrolment=enrolment, weekdays=[1, 2], meal="lunch", mode="dine_in"
        )
    )
    for run in range(2):
        place_standing_orders.defer(timestamp=run)
        run_worker(app, queues=["default"])
    placed = Order.objects.filter(source="standing").order_by("date")
    assert [o.date.day for o in placed] == [15, 16]
    assert all(o.subsidy > 0 for o in placed)


def test_the_job_is_scheduled_before_the_lunch_and_the_dinner_cut_offs():
    periodic = app.periodic_registry.periodic_tasks[
        ("eldercare.place_standing_orders", "eldercare-standing-orders")
    ]
    # 22:00 and 06:00 UTC: 06:00 and 14:00 in Shanghai
    assert periodic.cron == "0 22,6 * * *"
