"""The public pages: meal points near a community, a point's menus with the elder's price and
the seats left, care centers with their classes and outings, sign-up."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from eldercare import actions
from eldercare.models import Activity, ActivitySignup, MealPointPause
from tests.eldercare.conftest import TODAY, make_care_center, make_point, publish
from tests.eldercare.test_api_orders import order_body, post

pytestmark = pytest.mark.django_db


def test_the_points_page_lists_the_nearest_points_to_a_community_first(caterer, district):
    near = make_point(caterer.partner, district.licun_a)
    far = make_point(caterer.partner, district.jiushui_a, latitude=Decimal("36.300000"))
    community = district.licun_a
    community.latitude, community.longitude = near.latitude, near.longitude
    community.save(update_fields=["latitude", "longitude"])
    page = Client().get(reverse("eldercare:points"), {"community": community.pk}).content.decode()
    assert page.index(near.name) < page.index(far.name)
    assert "约0米" in page or "约" in page


def test_a_point_shows_todays_and_tomorrows_menus_with_both_prices_and_the_seats_left(
    caterer, menu
):
    publish(menu.point, day=TODAY + datetime.timedelta(days=1))
    post(caterer, "/api/v1/eldercare/orders/", order_body(menu.point))
    page = Client().get(reverse("eldercare:point-detail", args=[menu.point.code])).content.decode()
    assert "今天" in page and "明天" in page
    assert "剩余44个座位" in page  # 45 less the order
    assert "¥15.00" in page  # the set meal's standard price
    # the elder's price: 15 less 10 (subsistence allowance) … 15 less 3 (aged 60–69)
    assert "¥5.00–12.00" in page
    assert "红烧肉" in page and "低盐" in page
    assert "如何登记助餐" in page


def test_a_paused_point_says_where_to_go_instead(caterer, menu, district):
    other = make_point(caterer.partner, district.licun_a)
    actions.pause_save(
        pause=MealPointPause(
            point=menu.point, starts_on=TODAY, ends_on=TODAY, reason="厨房检修", alternative=other
        )
    )
    page = Client().get(reverse("eldercare:point-detail", args=[menu.point.code])).content.decode()
    assert "厨房检修" in page and other.name in page
    response = post(caterer, "/api/v1/eldercare/orders/", order_body(menu.point))
    assert response.json()["code"] == "point_paused"
    assert response.json()["alternative"]["code"] == other.code


def test_the_pages_read_in_english(caterer, menu):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("eldercare:point-detail", args=[menu.point.code])).content.decode()
    assert "Today" in page and "seats left" in page and "Low salt" in page
    assert "How to enrol" in page


def test_an_unknown_point_is_404(db):
    assert Client().get("/meals/points/nope/").status_code == 404


@pytest.fixture
def outing(district):
    center = make_care_center(district.licun_a)
    return actions.activity_save(
        activity=Activity(
            center=center,
            kind=Activity.Kind.OUTING,
            title="崂山一日游",
            place="北九水",
            starts_on=TODAY + datetime.timedelta(days=10),
            ends_on=TODAY + datetime.timedelta(days=10),
            capacity=2,
            signup_closes_on=TODAY + datetime.timedelta(days=8),
        )
    )


def test_the_care_centers_page_lists_classes_and_outings_with_the_places_taken(outing):
    page = Client().get(reverse("eldercare:care-centers")).content.decode()
    assert outing.center.name in page
    assert "崂山一日游" in page and "已报名0人，共2个名额" in page


def test_signing_up_takes_a_place_and_a_full_outing_refuses(outing):
    url = reverse("eldercare:activity-signup", args=[outing.pk])
    assert Client().post(url, {"name": "张大爷", "phone": "13912345678"}).status_code == 302
    assert Client().post(url, {"name": "李奶奶", "phone": "139 1234 5679"}).status_code == 302
    full = Client().post(url, {"name": "王大爷", "phone": "13912345670"})
    assert full.status_code == 200 and "名额已满" in full.content.decode()
    assert ActivitySignup.objects.count() == 2


def test_a_bad_phone_is_refused_on_its_field(outing):
    response = Client().post(
        reverse("eldercare:activity-signup", args=[outing.pk]),
        {"name": "张\x00大爷", "phone": "123"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "phone"}
    assert not ActivitySignup.objects.exists()


@override_settings(SERVICES_PAGE_LIMITS={"activity_signup": "2/hour"})
def test_sign_ups_are_throttled_per_client(outing):
    url = reverse("eldercare:activity-signup", args=[outing.pk])
    for phone in ("13900000001", "13900000002"):
        Client().post(url, {"name": "甲", "phone": phone})
    response = Client().post(url, {"name": "乙", "phone": "13900000003"})
    assert response.status_code == 429
