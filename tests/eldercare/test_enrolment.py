"""Enrolment of elders (60 and over by the ID number, under the year's rule), suspension and end;
standing orders and their pauses."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from eldercare import actions
from eldercare.models import Enrolment, Order, StandingOrder, StandingOrderPause
from licang.errors import ConflictError
from tests import factories
from tests.eldercare.conftest import TODAY, publish
from tests.eldercare.test_api_orders import order_body, post

pytestmark = pytest.mark.django_db


def test_a_resident_under_the_rules_age_is_not_enrolled(point, district):
    young = factories.make_resident(district.licun_a, birth=datetime.date(1970, 1, 1))
    with pytest.raises(ValidationError) as refused:
        actions.enrolment_create(resident=young, point=point, enrolled_on=TODAY)
    assert "resident" in refused.value.error_dict
    assert not Enrolment.objects.exists()


def test_an_elder_has_one_current_enrolment(enrolment, point):
    with pytest.raises(ConflictError) as refused:
        actions.enrolment_create(resident=enrolment.resident, point=point, enrolled_on=TODAY)
    assert refused.value.code == "already_enrolled"


def test_a_suspended_enrolment_pays_the_standard_price_until_resumed(caterer, menu, enrolment):
    actions.enrolment_suspend(enrolment=enrolment, reason="住院")
    body = order_body(menu.point, id_number=enrolment.resident.id_number)
    first = post(caterer, "/api/v1/eldercare/orders/", body).json()
    assert (first["subsidy"], first["reason_code"]) == ("0.00", "enrolment_suspended")
    post(caterer, f"/api/v1/eldercare/orders/{first['id']}/cancel/")
    actions.enrolment_resume(enrolment=enrolment)
    assert post(caterer, "/api/v1/eldercare/orders/", body).json()["subsidy"] == "5.00"


def test_an_ended_enrolment_ends_its_standing_orders_and_frees_the_elder_to_enrol_again(
    enrolment, point
):
    regular = actions.standing_order_save(
        standing_order=StandingOrder(
            enrolment=enrolment, weekdays=[1], meal="lunch", mode="dine_in"
        )
    )
    actions.enrolment_end(enrolment=enrolment, on=TODAY, reason="迁居")
    regular.refresh_from_db()
    assert not regular.is_active
    with pytest.raises(ConflictError):
        actions.enrolment_suspend(enrolment=enrolment, reason="x")
    again = actions.enrolment_create(resident=enrolment.resident, point=point, enrolled_on=TODAY)
    assert again.status == "active"


def test_a_pause_scheduled_ahead_stops_the_standing_orders_of_those_days(menu, enrolment):
    regular = actions.standing_order_save(
        standing_order=StandingOrder(
            enrolment=enrolment, weekdays=[1, 2], meal="lunch", mode="dine_in"
        )
    )
    actions.standing_order_pause_save(
        pause=StandingOrderPause(
            standing_order=regular, starts_on=TODAY, ends_on=TODAY, reason="去女儿家"
        )
    )
    assert actions.standing_orders_place(day=TODAY).placed == 0
    tuesday = TODAY + datetime.timedelta(days=1)
    publish(menu.point, day=tuesday)
    assert actions.standing_orders_place(day=tuesday).placed == 1
    assert Order.objects.get().date == tuesday


def test_standing_orders_are_not_placed_twice_nor_past_the_cut_off(menu, enrolment, frozen_time):
    actions.standing_order_save(
        standing_order=StandingOrder(
            enrolment=enrolment, weekdays=[1], meal="lunch", mode="dine_in"
        )
    )
    first = actions.standing_orders_place(day=TODAY)
    second = actions.standing_orders_place(day=TODAY)
    assert (first.placed, second.placed, second.already) == (1, 0, 1)
    assert Order.objects.count() == 1
