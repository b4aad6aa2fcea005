"""The meal program tells an elder of a full meal's waiting list and of a failed delivery."""

from __future__ import annotations

import datetime

import pytest

from eldercare import actions
from eldercare.models import Delivery, StandingOrder
from licang.outbox.models import Message
from tests import factories
from tests.eldercare.conftest import (  # noqa: F401  (the fixtures)
    TODAY,
    at,
    caterer,
    elder,
    enrolment,
    frozen_time,
    make_point,
    menu,
    point,
    publish,
)

pytestmark = pytest.mark.django_db


def test_a_regular_put_on_a_full_meals_waiting_list_is_told(caterer, district):  # noqa: F811
    small = make_point(caterer.partner, district.licun_a, capacity=1)
    publish(small)
    elders = [
        factories.make_resident(
            district.licun_a, name=name, phone=phone, birth=datetime.date(1948, 1, 1)
        )
        for name, phone in [("赵大爷", "13900000001"), ("钱奶奶", "13900000002")]
    ]
    for elder_ in elders:
        enrolled = actions.enrolment_create(resident=elder_, point=small, enrolled_on=TODAY)
        actions.standing_order_save(
            standing_order=StandingOrder(
                enrolment=enrolled, weekdays=[1, 2, 3, 4, 5], meal="lunch", mode="dine_in"
            )
        )
    actions.standing_orders_place(day=TODAY)
    actions.standing_orders_place(day=TODAY)  # again: nothing more
    (told,) = Message.objects.filter(event="meal_order_refused")
    assert told.resident == elders[1] and told.address == "13900000002"
    assert "候补" in told.body and "6月15日" in told.body and "午餐" in told.body


def test_an_elder_whose_delivery_failed_is_told_once(menu, enrolment, frozen_time):  # noqa: F811
    order = actions.order_place(menu=menu, mode="delivery", enrolment=enrolment, source="api")
    frozen_time.move_to(at(12))
    delivery = Delivery.objects.get(order=order)
    for _ in range(2):
        actions.delivery_record(delivery=delivery, status="failed", failure="not_home")
    (told,) = Message.objects.filter(event="delivery_failed")
    assert told.resident == enrolment.resident
    assert "未能送达" in told.body and "家中无人" in told.body
