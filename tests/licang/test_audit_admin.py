"""The audit log (审计记录) reads as a history: translated headings and filters, the record's type
and name, each change as "field: before → after", and ID numbers and phones masked for a reader
who may not see them in full."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from licang.models import AuditEvent
from licang.registry import actions as registry_actions
from tests.conftest import login
from tests.factories import make_resident

CHANGELIST = reverse("admin:licang_auditevent_changelist")
RESIDENT_EVENTS = {"event_model": "registry.residentevent"}


def rename_and_rephone(resident: Any, *, name: str, phone: str) -> Any:
    resident.name = name
    resident.phone = phone
    return registry_actions.resident_save(resident=resident)


@pytest.fixture
def audit_reader(db: Any) -> Any:
    """Staff who may read the audit log but not full ID numbers and phones."""
    user = get_user_model().objects.create_user(
        username="auditor", password="pw-for-tests-1", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    return user


def page_of(client: Any, query: dict[str, str]) -> str:
    response = client.get(CHANGELIST, query, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response.content.decode()


def headings_of(page: str) -> list[str]:
    start = page.index("<thead>")
    head = page[start : page.index("</thead>", start)]
    return [text.strip() for text in re.sub(r"<[^>]+>", "\n", head).split("\n") if text.strip()]


def test_the_headings_and_filters_are_in_chinese(resident, district_admin):
    page = page_of(login(district_admin), RESIDENT_EVENTS)
    assert headings_of(page) == ["时间", "记录类型", "记录", "操作", "变更内容", "操作人"]
    assert "以 操作" in page and "以 记录类型" in page
    for raw in ["pgh_", "PGH", "event model", ">label<", ">insert<", ">update<"]:
        assert raw not in page.replace("pghistory", "")


def test_a_change_reads_field_before_after_with_the_models_field_names(resident, district_admin):
    rename_and_rephone(resident, name="李秀兰", phone=resident.phone)
    page = page_of(login(district_admin), RESIDENT_EVENTS)
    assert "居民" in page  # the record's type
    assert "修改" in page and "新建" in page  # what happened, translated
    assert '<span class="audit-field">姓名</span>：李秀英 → 李秀兰' in page


def test_a_reader_without_full_identity_sees_phones_masked(resident, audit_reader):
    rename_and_rephone(resident, name=resident.name, phone="13700001111")
    page = page_of(login(audit_reader), RESIDENT_EVENTS)
    assert "139****5678 → 137****1111" in page
    assert "13912345678" not in page and "13700001111" not in page
    assert resident.id_number not in page  # the record's name masks it too


def test_a_district_admin_sees_the_phones_in_full(resident, district_admin):
    rename_and_rephone(resident, name=resident.name, phone="13700001111")
    page = page_of(login(district_admin), RESIDENT_EVENTS)
    assert "13912345678 → 13700001111" in page


def test_an_events_page_names_its_records_with_queries_that_do_not_grow_with_its_rows(
    district, district_admin
):
    client = login(district_admin)
    make_resident(district.licun_a, name="王芳", phone="13600000001")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page_of(client, RESIDENT_EVENTS)
        return len(queries)

    # the test's one transaction keeps the admin's history context, so the rows created after a
    # page is read name the district admin: read once first, so both counts name a staff member
    page_of(client, RESIDENT_EVENTS)
    make_resident(district.licun_a, name="赵敏", phone="13600000002")
    one = count()
    for i in range(5):
        make_resident(district.licun_b, name=f"居民{i}", phone=f"1360000001{i}")
    # session, user, permissions (2), the history context (3), the events, and one UNION ALL
    # naming the records, the records their changes link to and the staff members: the same for
    # 2 rows as for 7
    assert count() == one


def test_an_event_page_shows_the_same_history(resident, district_admin):
    rename_and_rephone(resident, name="李秀兰", phone=resident.phone)
    client = login(district_admin)
    event = resident.events.order_by("-pgh_id").first()
    slug = f"registry.ResidentEvent:{event.pgh_id}"
    response = client.get(
        reverse("admin:licang_auditevent_change", args=[slug]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert "李秀英 → 李秀兰" in response.content.decode()


def test_nobody_can_add_change_or_delete_an_event(resident, district_admin):
    client = login(district_admin)
    assert client.get(reverse("admin:licang_auditevent_add")).status_code == 403


def test_a_changed_link_names_the_records_linked_and_a_flag_reads_yes_or_no(
    resident, district, district_admin
):
    resident.community = district.licun_b
    resident.limited_mobility = True
    registry_actions.resident_save(resident=resident)
    page = page_of(login(district_admin), RESIDENT_EVENTS)
    assert f"：{district.licun_a.name} → {district.licun_b.name}</li>" in page
    assert "行动不便</span>：否 → 是" in page


def test_an_event_is_named_by_its_records_type_and_what_happened(resident):
    event = AuditEvent.objects.filter(pgh_obj_model="registry.Resident").get()
    assert str(event) == f"居民 #{resident.pk} · 新建"
