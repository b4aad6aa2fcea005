"""Publishing menus: the year's minimum of dishes, the caterer's own points, changes until the
first order."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from eldercare import actions
from eldercare.models import MealRule, Menu
from tests.eldercare.conftest import dishes
from tests.eldercare.test_api_orders import order_body, post

pytestmark = pytest.mark.django_db

URL = "/api/v1/eldercare/menus/"


def menu_body(point: Any, count: int, **fields: Any) -> dict[str, Any]:
    return {
        "point": point.code,
        "date": "2026-06-16",
        "meal": "lunch",
        "dishes": [{**d, "price": str(d["price"])} for d in dishes(count)],
        **fields,
    }


def test_a_menu_with_nine_dishes_is_refused_with_too_few_dishes_and_the_minimum(caterer, point):
    response = post(caterer, URL, menu_body(point, 9))
    body = response.json()
    assert response.status_code == 400
    assert (body["code"], body["minimum"]) == ("too_few_dishes", 10)
    assert body["errors"][0]["field"] == "dishes"
    assert "10" in body["detail"]
    assert not Menu.objects.exists()


def test_a_menu_with_ten_dishes_publishes(caterer, point):
    response = post(caterer, URL, menu_body(point, 10, set_price="15.00"))
    body = response.json()
    assert response.status_code == 201, body
    assert body["status"] == "published"
    assert len(body["dishes"]) == 10
    assert body["set_price"] == "15.00"
    assert Menu.objects.get().dishes.count() == 10


def test_the_minimum_is_the_years_rule_that_staff_change(caterer, point):
    rule = MealRule.objects.get(year=2026)
    rule.min_dishes = 11
    actions.rule_save(rule=rule)
    assert MealRule.objects.get(year=2026).version == 2
    response = post(caterer, URL, menu_body(point, 10))
    assert (response.status_code, response.json()["minimum"]) == (400, 11)
    assert post(caterer, URL, menu_body(point, 11)).status_code == 201


def test_a_published_menu_changes_until_it_has_orders(caterer, point):
    assert post(caterer, URL, menu_body(point, 10, date="2026-06-15")).status_code == 201
    again = post(caterer, URL, menu_body(point, 12, date="2026-06-15"))
    assert again.status_code == 201
    assert len(again.json()["dishes"]) == 12
    ordered = post(caterer, "/api/v1/eldercare/orders/", order_body(point, dishes=["红烧肉"]))
    assert ordered.status_code == 201
    refused = post(caterer, URL, menu_body(point, 10, date="2026-06-15"))
    assert (refused.status_code, refused.json()["code"]) == (409, "menu_has_orders")
    assert Menu.objects.get().dishes.count() == 12


def test_a_caterer_cannot_publish_for_another_caterers_point(caterer, other_point):
    response = post(caterer, URL, menu_body(other_point, 10))
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "unknown_point"
    assert not Menu.objects.exists()


def test_a_caterer_reads_only_its_own_menus(caterer, other_caterer, point, other_point):
    day = point.created_at.date()
    actions.menu_publish(point=point, date=day, meal="lunch", dishes=dishes())
    actions.menu_publish(point=other_point, date=day, meal="lunch", dishes=dishes())
    mine = Client().get(URL, **caterer.auth).json()["results"]
    assert [row["point"] for row in mine] == [point.code]


def test_a_meal_the_point_does_not_serve_is_refused(caterer, point):
    point.meals = ["lunch"]
    actions.meal_point_save(point=point)
    response = post(caterer, URL, menu_body(point, 10, meal="dinner"))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "meal"


@pytest.mark.parametrize(
    "dish,field",
    [
        ({"name": "红烧肉", "price": "-1"}, "dishes[0].price"),
        ({"name": "红烧肉", "price": "NaN"}, "dishes[0].price"),
        ({"name": "红\u0000烧肉", "price": "5"}, "dishes[0].name"),
        ({"name": "红烧肉", "price": "5", "tags": ["spicy"]}, "dishes[0].tags"),
    ],
)
def test_bad_dishes_are_refused_on_their_field(caterer, point, dish, field):
    body = menu_body(point, 10)
    body["dishes"][0] = dish
    response = post(caterer, URL, body)
    assert response.status_code == 400
    assert any(error["field"].startswith(field) for error in response.json()["errors"])


def test_two_dishes_of_the_same_name_are_refused(caterer, point):
    body = menu_body(point, 10)
    body["dishes"][1]["name"] = body["dishes"][0]["name"]
    response = post(caterer, URL, body)
    assert response.status_code == 400
    assert not Menu.objects.exists()


def test_the_set_price_is_optional_and_then_orders_choose_dishes(caterer, point):
    assert post(caterer, URL, menu_body(point, 10, date="2026-06-15")).status_code == 201
    refused = post(caterer, "/api/v1/eldercare/orders/", order_body(point))
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "dishes"
    chosen = post(caterer, "/api/v1/eldercare/orders/", order_body(point, dishes=["土豆丝"]))
    assert chosen.json()["standard_price"] == "8.00"  # the fifth dish: 4 + 4
