"""A resident on a phone finds a meal point near their community, reads today's menu with the
elder's and the standard price, and sees the seats left drop after a caterer takes an order."""

from __future__ import annotations

import json
import urllib.request
from decimal import Decimal

import pytest
import time_machine

from eldercare.models import MealPoint
from licang.models import Partner
from tests import factories
from tests.eldercare.conftest import at, make_care_center, make_point, publish

pytestmark = pytest.mark.browser


@pytest.fixture
def frozen_morning():
    # before the lunch cut-off (09:30) wherever CI's clock stands
    with time_machine.travel(at(8), tick=True):
        yield


def test_a_resident_finds_a_point_reads_todays_menu_and_sees_the_seats_left_drop(
    page, live_server, transactional_db, district, frozen_morning
):
    caterer, _token, secret = factories.make_partner(Partner.Kind.CATERER, "颐佳餐饮")
    home = district.licun_a
    home.latitude, home.longitude = Decimal("36.160000"), Decimal("120.430000")
    home.save(update_fields=["latitude", "longitude"])
    far = make_point(caterer, district.jiushui_a, latitude=Decimal("36.300000"))
    near = make_point(caterer, home, center=make_care_center(home))
    MealPoint.objects.filter(pk=far.pk).update(name="远处长者食堂", name_zh_hans="远处长者食堂")
    MealPoint.objects.filter(pk=near.pk).update(name="李村助餐点", name_zh_hans="李村助餐点")
    publish(near)

    page.goto("/meals/")
    page.get_by_label("您所在的社区").select_option(label=str(home))
    page.get_by_role("button", name="查找附近的助餐点").click()
    cards = page.locator("li.meal-point")
    assert cards.first.locator("h3").inner_text() == "李村助餐点"
    assert "今日剩余45个座位" in cards.first.inner_text()

    cards.first.get_by_role("link", name="李村助餐点").click()
    today = page.locator("article.menu").first
    assert "剩余45个座位" in today.inner_text()
    assert "红烧肉" in today.inner_text()
    assert "¥15.00" in today.inner_text()  # the set meal's standard price
    assert "登记老人 ¥5.00–12.00" in today.inner_text()  # less the subsidies of the tiers
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    body = {
        "point": near.code,
        "date": at(8).date().isoformat(),
        "meal": "lunch",
        "mode": "dine_in",
    }
    request = urllib.request.Request(
        live_server.url + "/api/v1/eldercare/orders/",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {secret}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201

    page.reload()
    assert "剩余44个座位" in page.locator("article.menu").first.inner_text()
