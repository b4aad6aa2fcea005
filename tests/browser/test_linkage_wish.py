"""A wish walks from the public wish wall through a visitor's pledge, a staff member's acceptance
and fulfilment in the admin; no public page ever shows the child's name."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from services.linkage import actions
from services.linkage.models import Child, Pledge, Project, SocialWorker, Wish
from tests import factories
from tests.linkage.conftest import make_organisation

pytestmark = pytest.mark.browser

CHILD_NAME = "陈小明"
SCHOOL = "李村实验小学"


@pytest.fixture
def drum_wish(transactional_db, district):
    haixin = make_organisation("青岛心海公益服务中心", [district.licun_a], ["companionship"])
    commissioner = actions.social_worker_save(
        social_worker=SocialWorker(
            name="刘婷", organisation=haixin.organisation, phone="13600000009"
        )
    )
    household = factories.make_household(district.licun_a)
    resident = factories.make_resident(
        district.licun_a,
        name=CHILD_NAME,
        birth=datetime.date(2016, 4, 2),
        phone="",
        household=household,
        child_in_difficulty=True,
    )
    child = actions.child_save(
        child=Child(resident=resident, alias="小星星", school=SCHOOL, commissioner=commissioner)
    )
    visit = actions.visit_record(
        household=household, visited_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    project = actions.project_save(
        project=Project(
            name="变废为宝",
            level="district_key",
            lead_organisation=haixin.organisation,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
        )
    )
    actions.funding_set(project=project, source="district", amount=Decimal("10000"))
    return actions.wish_collect(child=child, visit=visit, wish="一套架子鼓", wish_en="A drum kit")


def public_pages(wish):
    return [
        reverse("home"),
        reverse("linkage:wish-wall"),
        reverse("linkage:wish-pledge", args=[wish.public_id]),
        reverse("linkage:organisations"),
        reverse("linkage:projects"),
        reverse("linkage:volunteer-sign-up"),
    ]


def assert_no_child_identified(page, wish):
    for url in public_pages(wish):
        page.goto(url)
        text = page.content()
        assert CHILD_NAME not in text and SCHOOL not in text, url


def test_a_wish_goes_from_the_wall_to_fulfilled(page, drum_wish, licun_staff):
    # a visitor on a phone finds the wish by alias, age band and subdistrict, and pledges
    page.goto(reverse("linkage:wish-wall"))
    card = page.locator("li.wish", has_text="一套架子鼓")
    assert "小星星" in card.inner_text() and "6至11岁" in card.inner_text()
    assert "李村街道" in card.inner_text()
    assert_no_child_identified(page, drum_wish)
    page.goto(reverse("linkage:wish-wall"))
    page.get_by_role("link", name="我来帮他实现").click()
    page.get_by_label("您的姓名").fill("热心市民")
    page.get_by_label("您的手机号码").fill("1390000")
    page.get_by_role("button", name="提交认领").click()
    # a short phone is refused on its field, and nothing is saved
    assert page.get_by_role("alert").count() >= 1
    assert not Pledge.objects.exists()
    page.get_by_label("您的手机号码").fill("13900000001")
    page.get_by_label("您打算怎么做").fill("买一套架子鼓，和工作人员一起送去")
    page.get_by_role("button", name="提交认领").click()
    page.get_by_role("heading", name="感谢您的爱心").wait_for()
    pledge = Pledge.objects.get()
    assert (pledge.status, pledge.name) == ("pending", "热心市民")

    # the subdistrict's staff accept it in the admin
    page.goto(reverse("admin:login"))
    page.get_by_label("用户名").fill("licun_staff")
    page.get_by_label("密码").fill("pw-for-tests-1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")
    page.goto(reverse("admin:linkage_pledge_changelist"))
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("accept")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    drum_wish.refresh_from_db()
    assert drum_wish.status == Wish.Status.ADOPTED
    assert drum_wish.adopted_by_donor == "热心市民"

    # and record its fulfilment
    page.goto(reverse("admin:linkage_wish_changelist"))
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("fulfil_today")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    drum_wish.refresh_from_db()
    assert drum_wish.status == Wish.Status.FULFILLED

    # the wall no longer offers it, and no public page names the child
    page.goto(reverse("linkage:wish-wall"))
    assert "一套架子鼓" not in page.content()
    assert_no_child_identified(page, drum_wish)
