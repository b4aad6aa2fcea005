"""A district administrator reads the audit log (审计记录) in a browser: Chinese headings and
filters, and a change that reads "field: before → after", at 1,366 pixels and on a phone."""

import pytest
from django.urls import reverse

from licang.registry import actions as registry_actions
from tests.conftest import login

pytestmark = pytest.mark.browser


def sign_in(page, live_server, user):
    session = login(user).cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def test_a_district_admin_reads_a_residents_change_as_before_and_after(
    page, live_server, transactional_db, resident, district_admin
):
    resident.name = "李秀兰"
    registry_actions.resident_save(resident=resident)
    sign_in(page, live_server, district_admin)

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{reverse('admin:licang_auditevent_changelist')}?event_model=registry.residentevent")
    assert page.get_by_role("heading", level=1).inner_text() == "审计记录"
    headings = [text.strip() for text in page.locator("#result_list thead th").all_inner_texts()]
    assert headings == ["时间", "记录类型", "记录", "操作", "变更内容", "操作人"]
    filters = page.locator("#changelist-filter").inner_text()
    assert "以 操作" in filters and "以 记录类型" in filters and "修改" in filters
    change = page.locator("ul.audit-changes li", has_text="姓名")
    assert change.inner_text() == "姓名：李秀英 → 李秀兰"
    row = page.locator("#result_list tbody tr", has=change)
    assert "居民" in row.inner_text() and "修改" in row.inner_text()
    assert resident.id_number not in page.content()  # the record's name masks the ID number
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    page.set_viewport_size({"width": 390, "height": 844})
    assert change.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
