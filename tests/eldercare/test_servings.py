"""Walk-in servings in a batch of up to 500 lines: all or nothing, each bad line reported."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from eldercare.models import Order
from tests import factories
from tests.eldercare.conftest import at, publish
from tests.eldercare.test_api_orders import order_body, post

pytestmark = pytest.mark.django_db

URL = "/api/v1/eldercare/servings/"


def walk_in(point, **fields):
    return {"point": point.code, "date": "2026-06-15", "meal": "lunch", **fields}


def test_a_good_batch_records_every_line(caterer, menu, enrolment, frozen_time):
    placed = post(caterer, "/api/v1/eldercare/orders/", order_body(menu.point)).json()
    frozen_time.move_to(at(12))
    lines = [{"order": placed["id"]}, walk_in(menu.point, id_number=enrolment.resident.id_number)]
    lines += [walk_in(menu.point, dishes=["红烧肉"]) for _ in range(3)]
    response = post(caterer, URL, {"lines": lines})
    body = response.json()
    assert response.status_code == 201, body
    assert body["recorded"] == 5
    assert Order.objects.filter(status="served").count() == 5
    elder = Order.objects.get(resident=enrolment.resident)
    assert (elder.subsidy, elder.source) == (5, "walk_in")


def test_a_batch_with_bad_lines_records_nothing_and_lists_each_bad_line(
    caterer, menu, other_point, frozen_time
):
    frozen_time.move_to(at(12))
    stranger = factories.id_number_for(datetime.date(1950, 1, 1))
    lines = [walk_in(menu.point) for _ in range(497)]
    lines[10] = walk_in(menu.point, dishes=["佛跳墙"])  # not on the menu
    lines[20] = walk_in(other_point)  # another caterer's point
    lines[30] = walk_in(menu.point, id_number="370213195001011234")  # a bad check digit
    lines[40] = walk_in(menu.point, id_number=stranger)  # fine: a stranger pays the standard price
    response = post(caterer, URL, {"lines": lines})
    body = response.json()
    assert response.status_code == 400
    assert body["code"] in {"invalid", "batch_refused"}
    assert Order.objects.count() == 0


def test_the_lines_refused_by_the_rules_are_reported_by_index_and_nothing_is_kept(
    caterer, menu, frozen_time
):
    frozen_time.move_to(at(12))
    lines = [walk_in(menu.point) for _ in range(5)]
    lines[1] = walk_in(menu.point, dishes=["佛跳墙"])
    lines[3] = walk_in(menu.point, date="2026-06-20")  # no menu that day
    response = post(caterer, URL, {"lines": lines})
    body = response.json()
    assert (response.status_code, body["code"]) == (400, "batch_refused")
    assert [line["line"] for line in body["lines"]] == [1, 3]
    assert "佛跳墙" in body["lines"][0]["detail"]
    assert Order.objects.count() == 0


def test_a_batch_of_more_than_five_hundred_lines_is_refused(caterer, menu):
    response = post(caterer, URL, {"lines": [walk_in(menu.point)] * 501})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "lines"


def test_a_line_with_an_order_and_a_walk_in_is_refused(caterer, menu):
    line = {"order": "5f0c3c0e-2f0a-4c6b-9a3c-1d2e3f4a5b6c", **walk_in(menu.point)}
    response = post(caterer, URL, {"lines": [line]})
    assert response.status_code == 400


def test_another_caterers_order_cannot_be_marked_served(caterer, other_caterer, menu, frozen_time):
    placed = post(caterer, "/api/v1/eldercare/orders/", order_body(menu.point)).json()
    frozen_time.move_to(at(12))
    response = post(other_caterer, URL, {"lines": [{"order": placed["id"]}]})
    assert (response.status_code, response.json()["code"]) == (400, "batch_refused")
    assert Order.objects.get().status == "placed"


def test_a_serving_in_the_future_is_refused(caterer, point):
    publish(point, day=datetime.date(2026, 6, 16))
    response = post(caterer, URL, {"lines": [walk_in(point, date="2026-06-16")]})
    assert response.status_code == 400
    assert Client().get("/api/v1/eldercare/orders/", **caterer.auth).json()["results"] == []
