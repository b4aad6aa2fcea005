import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def test_the_home_page_opens_in_chinese_and_switches_to_english(page, transactional_db):
    page.goto(reverse("home"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("heading", level=1).inner_text() == "李沧社区服务"
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Community services in Licang"


def test_a_staff_member_logs_into_the_admin(page, transactional_db, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-for-tests-1")
    page.goto(reverse("admin:login"))
    page.get_by_label("用户名").fill("boss")
    page.get_by_label("密码").fill("pw-for-tests-1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")
    assert "站点管理" in page.content() or "管理" in page.title()
    assert page.get_by_role("link", name="居民").count() >= 1
