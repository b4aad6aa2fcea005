"""Two roles sign in on a phone and find the cards of their own work on the admin's first page:
a center's staff their desk queue, the health staff the claims to review; each card is a link
to its filtered list, and the page fits the phone's width."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.desk import factories as desk_factories
from tests.licang.test_staff_home import _health

pytestmark = pytest.mark.browser


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    session = login(user).cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def card(page, key):
    return page.locator(f"li.staff-card-{key} a")


def test_a_center_worker_and_a_health_officer_each_see_their_cards_on_a_phone(
    page, live_server, transactional_db, district, center_staff, health_staff
):
    item = desk_factories.make_item(
        desk_factories.make_category(), "JX01", centers=[district.center], days=1
    )
    for _ in range(2):
        desk_factories.file_request(district.center, item)
    _health(district, health_staff)

    sign_in(page, live_server, center_staff)
    page.goto(reverse("admin:index"))
    assert page.get_by_role("heading", name="我的工作").is_visible()
    open_requests = card(page, "desk-open")
    assert open_requests.is_visible()
    assert open_requests.locator(".staff-card-figure").inner_text() == "2"
    assert "未办结的服务申请" in open_requests.inner_text()
    assert card(page, "linkage-needs").is_visible()
    assert card(page, "health-claims").count() == 0  # a center worker reviews no claims
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    open_requests.click()
    page.wait_for_url("**/admin/desk/servicerequest/?state__in=*")
    assert page.locator("#result_list tbody tr").count() == 2

    sign_in(page, live_server, health_staff)
    page.goto(reverse("admin:index"))
    claims = card(page, "health-claims")
    assert claims.is_visible()
    assert claims.locator(".staff-card-figure").inner_text() == "2"
    assert "待审核的保险理赔" in claims.inner_text()
    assert card(page, "desk-open").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the menu below the cards starts with the health programs
    first_app = page.locator("#content-main .module caption a").first
    assert first_app.inner_text().strip().startswith("健康")
