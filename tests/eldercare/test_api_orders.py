"""Orders over the partner API: prices and subsidies by the rules, the one-subsidised-meal rule,
cut-off, cancellation, capacity, the caterer's reach."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from eldercare import actions
from eldercare.models import Order
from tests import factories
from tests.eldercare.conftest import at, make_point, publish

pytestmark = pytest.mark.django_db

URL = "/api/v1/eldercare/orders/"


def post(persona: Any, url: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
    return Client().post(
        url, json.dumps(body or {}), content_type="application/json", **persona.auth, **headers
    )


def order_body(point: Any, **fields: Any) -> dict[str, Any]:
    return {"point": point.code, "date": "2026-06-15", "meal": "lunch", "mode": "dine_in", **fields}


def test_a_member_of_the_public_pays_the_standard_price(caterer, menu):
    response = post(caterer, URL, order_body(menu.point))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "placed"
    assert body["price_charged"] == "15.00"
    assert body["subsidy"] == "0.00"
    assert body["reason_code"] == "public"
    assert body["id_number"] is None


def test_an_enrolled_elder_pays_the_set_price_less_the_age_band_subsidy(caterer, menu, enrolment):
    response = post(caterer, URL, order_body(menu.point, id_number=enrolment.resident.id_number))
    body = response.json()
    assert response.status_code == 201, body
    # 76 years old: the 70–79 band, 5 yuan off 15
    assert (body["subsidy"], body["price_charged"], body["tier"]) == ("5.00", "10.00", "age-70-79")
    assert body["rule"] == {"year": 2026, "version": 1}
    assert (
        body["id_number"].count("*") > 0
        and enrolment.resident.id_number not in response.content.decode()
    )


def test_a_hardship_tier_gives_the_larger_subsidy(caterer, menu, enrolment):
    enrolment.hardship = "subsistence"
    actions.enrolment_save(enrolment=enrolment)
    body = post(caterer, URL, order_body(menu.point, id_number=enrolment.resident.id_number)).json()
    assert (body["subsidy"], body["price_charged"], body["tier"]) == (
        "10.00",
        "5.00",
        "subsistence",
    )


def test_a_second_order_of_the_same_meal_time_is_charged_the_standard_price_and_says_why(
    caterer, menu, enrolment
):
    first = post(caterer, URL, order_body(menu.point, id_number=enrolment.resident.id_number))
    second = post(caterer, URL, order_body(menu.point, id_number=enrolment.resident.id_number))
    assert first.json()["subsidy"] == "5.00"
    body = second.json()
    assert second.status_code == 201
    assert (body["subsidy"], body["price_charged"]) == ("0.00", "15.00")
    assert body["reason_code"] == "already_subsidised"
    assert "补贴" in body["reason"]


def test_an_id_number_without_enrolment_pays_the_standard_price_and_learns_nothing_more(
    caterer, menu, resident
):
    known = post(caterer, URL, order_body(menu.point, id_number=resident.id_number)).json()
    stranger = factories.id_number_for(datetime.date(1950, 1, 1))
    unknown = post(caterer, URL, order_body(menu.point, id_number=stranger)).json()
    assert known["reason_code"] == unknown["reason_code"] == "not_enrolled"
    assert known["id_number"] is None and unknown["id_number"] is None


def test_chosen_dishes_set_the_price_and_a_dish_against_the_diet_is_flagged_not_refused(
    caterer, menu, enrolment
):
    response = post(
        caterer,
        URL,
        order_body(menu.point, id_number=enrolment.resident.id_number, dishes=["红烧肉", "蒸南瓜"]),
    )
    body = response.json()
    assert response.status_code == 201, body
    assert body["standard_price"] == "10.00"  # 4 + 6
    assert body["dietary_conflicts"] == [{"dish": "红烧肉", "restrictions": ["low_salt"]}]
    assert body["dishes"] == ["红烧肉", "蒸南瓜"]


def test_a_dish_not_on_the_menu_is_refused_with_its_name(caterer, menu):
    response = post(caterer, URL, order_body(menu.point, dishes=["佛跳墙"]))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "dishes"
    assert "佛跳墙" in response.json()["errors"][0]["detail"]


def test_orders_close_at_the_cut_off(caterer, menu, frozen_time):
    frozen_time.move_to(at(9, 30))
    response = post(caterer, URL, order_body(menu.point))
    assert response.status_code == 409
    assert response.json()["code"] == "past_cutoff"
    assert Order.objects.count() == 0


def test_a_cancellation_until_the_cut_off_returns_the_seat(caterer, point):
    menu = publish(point)
    small = make_point(caterer.partner, point.community, capacity=1)
    publish(small)
    first = post(caterer, URL, order_body(small)).json()
    assert post(caterer, URL, order_body(small)).json()["code"] == "meal_full"
    cancelled = post(caterer, f"{URL}{first['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert post(caterer, URL, order_body(small)).status_code == 201
    assert menu.orders.count() == 0


def test_a_cancellation_after_the_cut_off_is_refused(caterer, menu, frozen_time):
    order = post(caterer, URL, order_body(menu.point)).json()
    frozen_time.move_to(at(9, 31))
    response = post(caterer, f"{URL}{order['id']}/cancel/")
    assert (response.status_code, response.json()["code"]) == (409, "past_cutoff")
    assert Order.objects.get().status == "placed"


def test_a_full_meal_says_when_the_next_meal_with_seats_is(caterer, point):
    small = make_point(caterer.partner, point.community, capacity=1)
    publish(small)
    publish(small, meal="dinner")
    post(caterer, URL, order_body(small))
    response = post(caterer, URL, order_body(small))
    body = response.json()
    assert (response.status_code, body["code"]) == (409, "meal_full")
    assert body["next_available"] == {"date": "2026-06-15", "meal": "dinner"}
    assert "晚餐" in body["detail"] or "dinner" in body["detail"].lower()


def test_a_meal_without_a_menu_is_refused_with_no_menu(caterer, point):
    response = post(caterer, URL, order_body(point))
    assert (response.status_code, response.json()["code"]) == (409, "no_menu")


def test_a_caterer_cannot_order_read_or_cancel_at_another_caterers_point(
    caterer, other_caterer, menu, other_point
):
    publish(other_point)
    theirs = post(other_caterer, URL, order_body(other_point)).json()
    refused = post(caterer, URL, order_body(other_point))
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid")
    assert refused.json()["errors"][0]["code"] == "unknown_point"
    assert post(caterer, f"{URL}{theirs['id']}/cancel/").status_code == 404
    listed = Client().get(URL, **caterer.auth).json()["results"]
    assert theirs["id"] not in [row["id"] for row in listed]
    for path in ("kitchen-counts", "delivery-lists"):
        response = Client().get(
            f"/api/v1/eldercare/{path}/",
            {"point": other_point.code, "date": "2026-06-15", "meal": "lunch"},
            **caterer.auth,
        )
        assert response.status_code == 400, path


def test_other_partners_and_anonymous_callers_cannot_order(partners, menu):
    assert Client().post(URL, {}, content_type="application/json").status_code == 401
    insurer = partners["insurer"]
    assert post(insurer, URL, order_body(menu.point)).status_code == 403


def test_the_same_idempotency_key_creates_one_order(caterer, menu):
    first = post(caterer, URL, order_body(menu.point), HTTP_IDEMPOTENCY_KEY="k-1")
    again = post(caterer, URL, order_body(menu.point), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.json() == again.json()
    assert Order.objects.count() == 1


def test_the_orders_list_filters_by_point_date_meal_and_status(caterer, menu, point):
    publish(point, meal="dinner")
    post(caterer, URL, order_body(point))
    post(caterer, URL, order_body(point, meal="dinner"))
    rows = Client().get(URL, {"meal": "dinner", "point": point.code}, **caterer.auth).json()
    assert [row["meal"] for row in rows["results"]] == ["dinner"]
    assert Client().get(URL, {"status": "cancelled"}, **caterer.auth).json()["results"] == []
