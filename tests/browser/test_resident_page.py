"""A staff member opens the demo's one-stop resident (张三 of 杨哥庄社区, ``licang.registry.demo``)
in a browser: after searching ``zs`` in the residents list, one page shows his household and every
program he takes part in, on a desktop screen and on a phone."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from licang.registry.demo import (
    ONE_STOP_ID_NUMBER,
    load_communities,
    load_one_stop_family,
    load_staff,
)
from licang.registry.models import Resident
from services.centers.demo import load_centers
from services.desk.demo import load_catalogue, load_one_stop_requests
from tests.conftest import login
from tests.registry.test_resident_page import history, make_places

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_resident(transactional_db, partners):
    """The demo's one-stop resident with his requests as the desk's demo files them, and a record
    of each other program (the meal, health and housing demos take minutes to load whole)."""
    load_communities()
    load_staff()
    resident = load_one_stop_family()
    centers = load_centers()
    load_one_stop_requests(centers, load_catalogue(centers))
    center = next(c for c in centers if c.slug == "licun-hepan")
    history(resident, 1, make_places(resident.community, center, partners), center)
    return Resident.objects.get(id_number=ONE_STOP_ID_NUMBER)


def sign_in(page, live_server, user):
    session = login(user).cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def test_a_subdistrict_staff_member_finds_zhang_san_and_sees_every_program_on_one_page(
    page, live_server, demo_resident
):
    sign_in(page, live_server, get_user_model().objects.get(username="licun_staff"))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{reverse('admin:registry_resident_changelist')}?q=zs")
    row = page.locator("#result_list tbody tr", has_text="张三")
    assert row.count() == 1
    assert ONE_STOP_ID_NUMBER not in row.inner_text()  # lists mask the ID number
    row.get_by_role("link", name="各项目情况").click()

    assert page.get_by_role("heading", level=1).inner_text() == "张三：一站式概览"
    sections = page.locator(".overview-section h2").all_inner_texts()
    assert sections == [
        "住户与社区",
        "一站式服务台",
        "五社联动",
        "老年助餐与照护",
        "健康补贴",
        "不动产权证办理",
    ]
    desk = page.locator("#overview-desk")
    assert "水龙头阀门维修" in desk.inner_text() and "代约医院挂号" in desk.inner_text()
    assert "李桂兰" in page.locator("#overview-registry").inner_text()
    assert "一套画笔" in page.locator("#overview-linkage").inner_text()
    assert "保险理赔" in page.locator("#overview-health").inner_text()
    assert "可享受但尚未享受" in page.locator("#overview-eligibility").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    # each record links to its own admin page
    desk.get_by_role("link", name="水龙头阀门维修").first.click()
    assert "/admin/desk/servicerequest/" in page.url
    page.go_back()

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator("#overview-housing").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
