import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from health import actions
from health.models import CataractRule, CheckupRule, InsuranceRule

pytestmark = pytest.mark.browser


def health_rows():
    return sum(model.objects.count() for model in apps.get_app_config("health").get_models())


def test_a_resident_checks_eligibility_in_chinese_then_english(page, transactional_db):
    year = timezone.localdate().year
    for model in (InsuranceRule, CheckupRule, CataractRule):
        actions.rule_save(rule=model(year=year))
    rows_before = health_rows()

    page.goto(reverse("health:eligibility"))
    assert page.get_by_role("heading", level=1).inner_text() == "我可以享受哪些健康补贴？"
    page.get_by_label("出生日期").fill(f"{year - 70}-01-01")
    page.get_by_role("group", name="您的户籍是否在李沧区？").get_by_label("否").check()
    page.get_by_role("group", name="您是否为计划生育特殊家庭的父母？").get_by_label("否").check()
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    answer = page.locator(".answer")
    assert "老年人免费健康体检：您可以申请" in answer.inner_text()
    assert "白内障手术补助：暂不符合条件" in answer.inner_text()
    assert "身份证" in answer.inner_text()

    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    answer = page.locator(".answer")
    assert "Free health check for elders: you can use it" in answer.inner_text()
    assert "Cataract-surgery aid: not for you" in answer.inner_text()
    assert (
        "requires household registration in Licang, and you answered that yours is elsewhere"
        in (answer.inner_text())
    )

    assert health_rows() == rows_before  # the page stores nothing
