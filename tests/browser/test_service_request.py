"""A resident files a request on the public site, staff complete it in the admin, and the
resident finds the new status by reference number and phone digits, and rates it."""

import pytest
from django.urls import reverse

from services.desk.models import ServiceRequest
from tests.conftest import login
from tests.desk import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def lamp(district):
    factories.add_weekday_hours(district.center, "08:30", "17:30")
    category = factories.make_category("home", "居家维修")
    return factories.make_item(
        category,
        "JX01",
        name="更换灯管灯泡",
        centers=[district.center],
        needs_address=True,
        questions=[
            {
                "code": "lamp",
                "prompt": "灯具类型",
                "datatype": "singlevaluelist",
                "required": True,
                "choices": [("tube", "日光灯管"), ("ceiling", "吸顶灯")],
            }
        ],
    )


def test_a_resident_files_follows_and_rates_a_request(
    page, transactional_db, district, lamp, center_staff
):
    # the resident files the request on a phone-sized screen, without an account
    page.goto(reverse("home"))
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="我要办事").click()
    page.get_by_label("服务事项").select_option("JX01")
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("combobox", name="邻里中心").select_option(label=district.center.name)
    page.get_by_label("您的姓名").fill("李秀英")
    page.get_by_label("手机号码").fill("139 1234 5678")
    page.get_by_label("地址").fill("李村社区3号楼2单元501户")
    page.get_by_label("灯具类型").select_option(label="日光灯管")
    page.get_by_label("需要办理什么？").fill("客厅的日光灯管不亮了")
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("heading", name="申请已提交").wait_for()
    reference = page.locator("#reference").inner_text().strip()
    filed = ServiceRequest.objects.get(reference=reference)
    assert (filed.state, filed.channel, filed.name) == ("submitted", "web", "李秀英")

    # center staff move it to completed from its page in the admin
    admin = login(center_staff)
    transition = reverse("admin:desk_servicerequest_transition", args=[filed.pk])
    for action in ["accept", "start", "complete"]:
        assert admin.post(transition, {"action": action, "text": "已更换灯管"}).status_code == 302
    filed.refresh_from_db()
    assert filed.state == "completed"

    # later, in a fresh visit, the resident finds it by reference and the last four digits
    page.context.clear_cookies()
    page.goto(reverse("home"))
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="办理进度查询").click()
    page.get_by_label("受理编号").fill(reference.lower().replace("-", " "))
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    assert page.locator("#state").inner_text() == "已办结"
    assert "已更换灯管" in page.content()

    page.get_by_label("5分 – 非常满意").check()
    page.get_by_label("留言（选填）").fill("师傅很准时")
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("感谢您的评价。").wait_for()
    assert "5 / 5" in page.content()
    filed.refresh_from_db()
    assert (filed.rating, filed.rating_comment) == (5, "师傅很准时")
