"""The public pages on a 390-pixel phone: one navigation, nothing to scroll sideways, Chinese
punctuation next to Chinese, and the nearest center found from the phone's location."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from health import actions as health_actions
from health.models import CataractRule, CheckupRule, InsuranceRule
from tests.desk import factories

pytestmark = pytest.mark.browser

CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
# an ASCII comma, colon, semicolon or bracket touching a Chinese character (a space between them
# counts as touching): "电话: " or "(今天)" instead of "电话：" and "（今天）"
HALF_WIDTH_NEXT_TO_CHINESE = re.compile(rf"[{CJK}] ?[,:;()]|[,:;()] ?[{CJK}]")


@pytest.fixture
def centers(district):
    center = district.center
    center.latitude, center.longitude = "36.160000", "120.433000"
    center.address, center.phone, center.postcode = "李沧区书院路88号", "0532-88886666", "266100"
    center.save(update_fields=["latitude", "longitude", "address", "phone", "postcode"])
    factories.add_weekday_hours(center, "08:30", "17:30")
    other = factories.make_desk_center(
        "jiushui", [district.jiushui_a], name="九水测试中心", lat="36.172", lng="120.453"
    )
    home = factories.make_category("home", "居家维修")
    health = factories.make_category("health", "健康医疗")
    factories.make_item(home, "JX01", name="更换灯管灯泡", centers=[center, other])
    factories.make_item(health, "YL03", name="血压测量", centers=[center])
    factories.make_item(health, "YL05", name="家庭医生签约咨询与慢性病随访服务", centers=[other])
    year = timezone.localdate().year
    for model in (InsuranceRule, CheckupRule, CataractRule):
        health_actions.rule_save(rule=model(year=year))
    return center


def public_pages(center):
    return [
        reverse("home"),
        reverse("centers:center-list"),
        reverse("centers:center-detail", args=[center.slug]),
        reverse("centers:nearest"),
        reverse("desk:catalogue"),
        reverse("desk:item-detail", args=["JX01"]),
        reverse("desk:request-new"),
        reverse("desk:request-new") + "?item=JX01",
        reverse("desk:status-lookup"),
        reverse("health:index"),
        reverse("health:eligibility")
        + "?birth_date=1950-01-01&registered_in_licang=yes&special_family=yes",
        reverse("health:eligibility") + "?birth_date=&on_date=",
        reverse("statistics"),
        reverse("eldercare:points"),
        reverse("eldercare:care-centers"),
        reverse("linkage:wish-wall"),
        reverse("housing:index"),
        reverse("housing:case-lookup"),
    ]


def test_no_public_page_scrolls_sideways_on_a_phone(page, transactional_db, centers):
    for url in public_pages(centers):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} pixels wide"


def test_the_services_table_fits_a_phone_and_names_the_centers(page, transactional_db, centers):
    page.goto(reverse("desk:catalogue"))
    for table in page.locator("table").all():
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # one card per service, as wide as the screen allows, not a squeezed four-column table
    for row in page.locator("table.stacked tbody tr").all():
        assert row.bounding_box()["width"] >= 330
    row = page.get_by_role("row").filter(has_text="血压测量")
    assert row.get_by_role("link", name=centers.name).is_visible()
    assert (
        "所有开放的邻里中心" in page.get_by_role("row").filter(has_text="更换灯管灯泡").inner_text()
    )


def test_chinese_text_on_public_pages_uses_full_width_punctuation(page, transactional_db, centers):
    for url in public_pages(centers):
        page.goto(url)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        lines = [page.title(), *page.locator("body").inner_text().splitlines()]
        wrong = [line for line in lines if HALF_WIDTH_NEXT_TO_CHINESE.search(line)]
        assert wrong == [], url


def test_every_public_page_has_the_same_navigation(page, transactional_db, centers):
    expected = ["首页", "邻里中心", "服务事项", "我要办事", "办理进度查询", "老年助餐", "微心愿",
                "不动产权证", "健康补贴", "数据统计"]  # fmt: skip
    for url in public_pages(centers):
        page.goto(url)
        nav = page.get_by_role("navigation", name="主导航")
        assert nav.get_by_role("link").all_inner_texts() == expected, url
        icon = page.locator("link[rel=icon]").get_attribute("href")
        assert page.request.get(icon).ok


def test_the_nearest_center_is_found_from_the_phones_location(
    browser, live_server, transactional_db, centers
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        base_url=live_server.url,
        geolocation={"latitude": 36.1605, "longitude": 120.4335},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.goto(reverse("centers:nearest"))
    page.get_by_role("button", name="使用我的位置").click()
    page.get_by_role("heading", name="按步行距离排列的中心").wait_for()
    assert page.get_by_label("纬度").input_value() == "36.160500"
    first = page.locator("ol.cards > li").first
    assert centers.name in first.inner_text()
    context.close()


def test_without_location_the_community_choice_still_works(page, transactional_db, centers):
    page.goto(reverse("centers:nearest"))
    # the page's own browser context grants no location: the button says so and the choice stays
    page.get_by_role("button", name="使用我的位置").click()
    page.get_by_text("请改为选择您所在的社区").wait_for()
    assert page.get_by_role("combobox", name="您所在的社区").is_visible()


def test_the_statistics_tables_fit_a_phone_without_one_character_lines(
    page, transactional_db, centers
):
    factories.file_request(centers, centers.service_items.get(code="YL03"))
    page.goto(reverse("statistics"))
    scrolling = page.evaluate(
        "[...document.querySelectorAll('.table-scroll')]"
        ".filter(box => box.scrollWidth > box.clientWidth).length"
    )
    assert scrolling == 0
    # every column heading is at least two characters wide
    narrowest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('th[scope=col]')].map(th => "
        "th.clientWidth / parseFloat(getComputedStyle(th).fontSize)))"
    )
    assert narrowest >= 2
