"""The admin as each role: scoped lists, saves through actions, the printable pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from eldercare import actions
from eldercare.models import Enrolment, Order, SubdistrictPopulation
from tests import factories
from tests.eldercare.conftest import TODAY, at, make_point, publish
from tests.eldercare.test_api_orders import order_body, post

pytestmark = pytest.mark.django_db


def test_subdistrict_staff_see_only_their_subdistricts_points_and_orders(
    caterer, other_caterer, point, other_point, as_user, licun_staff, jiushui_staff
):
    publish(point)
    publish(other_point)
    post(caterer, "/api/v1/eldercare/orders/", order_body(point))
    post(other_caterer, "/api/v1/eldercare/orders/", order_body(other_point))
    licun = as_user(licun_staff).get(reverse("admin:eldercare_mealpoint_changelist"))
    assert point.code in licun.content.decode() and other_point.code not in licun.content.decode()
    orders = as_user(jiushui_staff).get(reverse("admin:eldercare_order_changelist"))
    assert list(orders.context["cl"].result_list) == [Order.objects.get(point=other_point)]


def test_staff_enrol_an_elder_in_the_admin_and_a_refusal_saves_nothing(
    as_user, licun_staff, point, elder, district
):
    client = as_user(licun_staff)
    url = reverse("admin:eldercare_enrolment_add")
    young = factories.make_resident(district.licun_a)
    refused = client.post(
        url, {"resident": young.pk, "point": point.pk, "enrolled_on": "2026-06-15"}
    )
    assert refused.status_code == 200
    assert not Enrolment.objects.exists()
    done = client.post(
        url,
        {
            "resident": elder.pk,
            "point": point.pk,
            "enrolled_on": "2026-06-15",
            "dietary_restrictions": "low_salt",
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    enrolment = Enrolment.objects.get()
    assert enrolment.enrolled_by == licun_staff and enrolment.dietary_restrictions == ["low_salt"]


def test_the_kitchen_count_and_the_delivery_list_print_from_the_menu(
    as_user, district_admin, menu, enrolment
):
    actions.order_place(menu=menu, mode="delivery", enrolment=enrolment, source="admin")
    client = as_user(district_admin)
    kitchen = client.get(reverse("admin:eldercare_menu_kitchen", args=[menu.pk]))
    assert kitchen.status_code == 200 and "@page" in kitchen.content.decode()
    delivery = client.get(reverse("admin:eldercare_menu_delivery", args=[menu.pk]))
    assert delivery.status_code == 200
    assert enrolment.resident.name in delivery.content.decode()


def test_the_center_worker_of_other_communities_cannot_open_a_menus_printouts(
    as_user, center_staff, caterer, district
):
    elsewhere = make_point(caterer.partner, district.licun_c)
    menu = publish(elsewhere)
    response = as_user(center_staff).get(reverse("admin:eldercare_menu_kitchen", args=[menu.pk]))
    assert response.status_code in {403, 404}


def test_the_planning_report_shows_the_shortfall_against_the_norms(as_user, district_admin, point):
    actions.population_save(
        population=SubdistrictPopulation(
            year=TODAY.year, subdistrict=point.subdistrict, population=2000, households=800
        )
    )
    page = as_user(district_admin).get(reverse("admin:eldercare_planning_report")).content.decode()
    # 2,000 residents × 50 per 1,000 = 100 beds against the care center's 30: 70 short;
    # 800 households × 20 m² per 100 = 160 m² against 120: 40 short
    assert "<strong>70</strong>" in page
    assert "<strong>40.0</strong>" in page


def test_servings_are_recorded_in_the_admin_all_or_nothing(
    as_user, district_admin, menu, frozen_time
):
    frozen_time.move_to(at(12))
    client = as_user(district_admin)
    url = reverse("admin:eldercare_order_servings")
    code = menu.point.code
    bad = client.post(url, {"lines": f"{code},2026-06-15,lunch,,\n{code},2026-06-15,lunch,,佛跳墙"})
    assert "第2行" in bad.content.decode()
    assert not Order.objects.exists()
    good = client.post(
        url, {"lines": f"{code},2026-06-15,lunch,,\n{code}，2026-06-15，lunch，，红烧肉"}
    )
    assert good.status_code == 302
    assert Order.objects.filter(status="served").count() == 2
