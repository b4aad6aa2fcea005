"""Home delivery: the day's list in walking order, outcomes, follow-ups for elders who live alone;
the kitchen count."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from eldercare import actions
from eldercare.models import Delivery, FollowUp, Order
from tests import factories
from tests.eldercare.conftest import TODAY, at
from tests.eldercare.test_api_orders import order_body, post

pytestmark = pytest.mark.django_db

QUERY = {"date": "2026-06-15", "meal": "lunch"}


def elder_at(point: Any, community: Any, address: str, *, alone: bool = True) -> Any:
    household = factories.make_household(community, address=address)
    person = factories.make_resident(
        community, birth=datetime.date(1944, 4, 4), household=household, name="送餐老人"
    )
    if not alone:
        factories.make_resident(community, household=household, name="老伴")
    return actions.enrolment_create(
        resident=person, point=point, enrolled_on=TODAY, needs_delivery=True
    )


def test_the_delivery_list_is_in_walking_order_nearest_communities_first(caterer, menu, district):
    point = menu.point
    far = district.licun_c
    far.latitude, far.longitude = point.latitude + 1, point.longitude
    far.save(update_fields=["latitude", "longitude"])
    near = district.licun_a
    near.latitude, near.longitude = point.latitude, point.longitude
    near.save(update_fields=["latitude", "longitude"])
    for community, address in [
        (far, "书院路10号楼1单元101"),
        (near, "李村路10号楼2单元301"),
        (near, "李村路2号楼1单元101"),
    ]:
        enrolment = elder_at(point, community, address)
        actions.order_place(menu=menu, mode="delivery", enrolment=enrolment, source="api")
    response = Client().get(
        "/api/v1/eldercare/delivery-lists/", {"point": point.code, **QUERY}, **caterer.auth
    )
    body = response.json()
    assert response.status_code == 200, body
    assert [stop["address"] for stop in body["stops"]] == [
        "李村路2号楼1单元101",
        "李村路10号楼2单元301",
        "书院路10号楼1单元101",
    ]
    assert [stop["stop"] for stop in body["stops"]] == [1, 2, 3]
    assert all("*" in stop["phone"] for stop in body["stops"])


def test_a_failed_delivery_to_an_elder_living_alone_raises_one_follow_up(
    caterer, menu, district, frozen_time
):
    alone = elder_at(menu.point, district.licun_a, "李村路1号")
    together = elder_at(menu.point, district.licun_a, "李村路3号", alone=False)
    orders = [
        actions.order_place(menu=menu, mode="delivery", enrolment=e, source="api")
        for e in (alone, together)
    ]
    frozen_time.move_to(at(12))
    for order in orders:
        response = post(
            caterer,
            f"/api/v1/eldercare/orders/{order.public_id}/delivery/",
            {"status": "failed", "failure": "not_home"},
        )
        assert response.status_code == 200, response.json()
    follow_up = FollowUp.objects.get()
    assert follow_up.delivery.order == orders[0]
    assert follow_up.community == district.licun_a
    # recorded twice, still one follow-up
    post(caterer, f"/api/v1/eldercare/orders/{orders[0].public_id}/delivery/",
         {"status": "failed", "failure": "refused"})  # fmt: skip
    assert FollowUp.objects.count() == 1


def test_a_failure_needs_its_reason_and_a_delivered_meal_is_served(caterer, menu, district):
    order = actions.order_place(
        menu=menu,
        mode="delivery",
        enrolment=elder_at(menu.point, district.licun_a, "李村路5号"),
        source="api",
    )
    url = f"/api/v1/eldercare/orders/{order.public_id}/delivery/"
    refused = post(caterer, url, {"status": "failed"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "failure"
    assert post(caterer, url, {"status": "delivered"}).json()["status"] == "served"
    assert Delivery.objects.get().status == "delivered"


def test_a_dine_in_order_has_no_delivery_to_record(caterer, menu):
    order = post(caterer, "/api/v1/eldercare/orders/", order_body(menu.point)).json()
    response = post(
        caterer, f"/api/v1/eldercare/orders/{order['id']}/delivery/", {"status": "delivered"}
    )
    assert response.status_code == 404


def test_delivery_is_refused_for_the_public_and_at_points_that_do_not_deliver(
    caterer, menu, enrolment
):
    public = post(caterer, "/api/v1/eldercare/orders/", order_body(menu.point, mode="delivery"))
    assert (public.status_code, public.json()["code"]) == (409, "delivery_not_offered")
    menu.point.delivery_radius_m = 0
    actions.meal_point_save(point=menu.point)
    body = order_body(menu.point, mode="delivery", id_number=enrolment.resident.id_number)
    assert post(caterer, "/api/v1/eldercare/orders/", body).json()["code"] == "delivery_not_offered"
    assert Order.objects.count() == 0


def test_the_kitchen_count_gives_each_dish_by_mode_and_the_diets(caterer, menu, enrolment):
    post(caterer, "/api/v1/eldercare/orders/", order_body(menu.point, dishes=["红烧肉", "蒸南瓜"]))
    post(
        caterer,
        "/api/v1/eldercare/orders/",
        order_body(
            menu.point, mode="delivery", id_number=enrolment.resident.id_number, dishes=["红烧肉"]
        ),
    )
    post(caterer, "/api/v1/eldercare/orders/", order_body(menu.point))
    body = (
        Client()
        .get(
            "/api/v1/eldercare/kitchen-counts/", {"point": menu.point.code, **QUERY}, **caterer.auth
        )
        .json()
    )
    assert (body["orders"], body["dine_in"], body["delivery"]) == (3, 2, 1)
    assert body["set_meals_dine_in"] == 1
    pork = next(line for line in body["dishes"] if line["dish"] == "红烧肉")
    assert (pork["dine_in"], pork["delivery"], pork["total"]) == (1, 1, 2)
    assert body["restrictions"] == {"low_salt": 1}
    assert body["conflicts"] == 1


def test_the_kitchen_count_of_a_meal_without_a_menu_is_404(caterer, point):
    response = Client().get(
        "/api/v1/eldercare/kitchen-counts/", {"point": point.code, **QUERY}, **caterer.auth
    )
    assert response.status_code == 404


def test_the_kitchen_count_query_string_is_checked(caterer, point):
    response = Client().get(
        "/api/v1/eldercare/kitchen-counts/",
        {"point": point.code, "date": "2026-02-30", "meal": "supper"},
        **caterer.auth,
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"date", "meal"}
