"""The housing admin: the case form moves, refuses with reasons, holds and corrects; the batch on
a processing day; the estate's progress; masked exports; lists of a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from housing import actions
from housing.models import STEPS, HoldReason, ProcessingDay, Step, Unit
from licang.models import AccessLog
from tests import factories
from tests.conftest import login
from tests.housing.conftest import complete_documents

pytestmark = pytest.mark.django_db


def change(client, case, **data):
    url = reverse("admin:housing_case_change", args=[case.pk])
    return client.post(url, {"note": "", **data})


def test_staff_walk_a_case_in_the_admin_and_are_refused_with_reasons(
    housing_staff, estate, make_case
):
    client = login(housing_staff)
    case = make_case(estate)
    refused = change(client, case, move_to=Step.DOCUMENTS_COMPLETE)
    assert refused.status_code == 200
    assert "身份证" in refused.content.decode()  # documents missing, named on the form
    refused = change(client, case, move_to=Step.TAX_ASSESSED)
    assert refused.status_code == 200
    assert "不能跳过" in refused.content.decode() or "cannot be skipped" in refused.content.decode()
    case.refresh_from_db()
    assert case.step == Step.NOT_STARTED and not case.moves.exists()
    complete_documents(case, housing_staff)
    for step in STEPS[1:]:
        response = change(client, case, move_to=step, note="窗口办理")
        assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.step == Step.CERTIFICATE_ISSUED
    # going back without a correction is refused; with one and its reason it is recorded
    refused = change(client, case, move_to=Step.REGISTERED)
    assert refused.status_code == 200
    assert (
        change(client, case, move_to=Step.REGISTERED, correction="on", note="").status_code == 200
    )
    done = change(client, case, move_to=Step.REGISTERED, correction="on", note="证书信息有误")
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.step == Step.REGISTERED
    history = client.get(reverse("admin:housing_case_change", args=[case.pk])).content.decode()
    assert "证书信息有误" in history and "housing_staff" in history


def test_staff_hold_and_resume_a_case(housing_staff, estate, make_case):
    client = login(housing_staff)
    case = make_case(estate)
    assert (
        change(client, case, hold_reason_new=HoldReason.OWNER_ABROAD, note="旅居澳洲").status_code
        == 302
    )
    case.refresh_from_db()
    assert case.on_hold and case.hold_reason == HoldReason.OWNER_ABROAD
    assert change(client, case, resume="on").status_code == 302
    case.refresh_from_db()
    assert not case.on_hold


def test_the_processing_day_batch_moves_what_may_move_and_reports_the_rest(
    housing_staff, estate, make_case
):
    client = login(housing_staff)
    day = actions.processing_day_save(
        day=ProcessingDay(estate=estate, day=datetime.date(2022, 6, 14), place="社区广场")
    )
    cases = [make_case(estate) for _ in range(5)]
    for case in cases[:4]:
        complete_documents(case, housing_staff)
    url = reverse("admin:housing_case_changelist")
    selected = [c.pk for c in cases]
    form = client.post(url, {"action": "apply_on_processing_day", ACTION_CHECKBOX_NAME: selected})
    assert form.status_code == 200 and "2022-06-14" in form.content.decode()
    done = client.post(
        url,
        {
            "action": "apply_on_processing_day",
            ACTION_CHECKBOX_NAME: selected,
            "apply": "1",
            "day": day.pk,
            "to": "",
            "note": "现场受理",
        },
        follow=True,
    )
    page = done.content.decode()
    assert done.status_code == 200
    assert cases[4].case_number in page  # reported with its reason on the day's report
    listed = ProcessingDay.objects.for_listing().get(pk=day.pk)
    assert (listed.moved, listed.refused) == (4, 1)


def test_the_estate_page_shows_progress_at_a_glance(housing_staff, estate, make_case):
    client = login(housing_staff)
    case = make_case(estate)
    actions.case_hold(case=case, reason=HoldReason.INHERITANCE_DISPUTE, by=housing_staff)
    page = client.get(reverse("admin:housing_estate_change", args=[estate.pk])).content.decode()
    assert "0 / 290" in page
    # each step's count opens the case list filtered to it
    assert f"?unit__estate__id__exact={estate.pk}&amp;step__exact=not_started" in page
    assert "已发证" in page or "Certificates issued" in page
    assert "继承纠纷" in page or "Inheritance dispute" in page


def test_the_export_masks_owners_id_numbers_and_is_logged(
    housing_staff, estate, make_case, resident
):
    case = make_case(estate)
    client = login(housing_staff)
    for file_format in ("csv", "xlsx"):
        response = client.post(reverse("admin:housing_case_spreadsheet"), {"format": file_format})
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if file_format == "csv":
            text = body.decode("utf-8-sig")
            assert case.case_number in text
            assert resident.masked_id_number in text
            assert resident.id_number not in text
    assert AccessLog.objects.filter(user=housing_staff, list_label="housing.Case").count() == 2


def test_staff_of_another_subdistrict_see_no_case(jiushui_staff, estate, make_case):
    make_case(estate)
    # even holding the housing permissions, a subdistrict's staff see only their own estates
    jiushui_staff.groups.add(*Group.objects.filter(name="住房项目人员"))
    client = login(jiushui_staff)
    response = client.get(reverse("admin:housing_case_changelist"))
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert response.context["cl"].result_count == 0


def test_the_case_list_runs_a_fixed_number_of_queries(housing_staff, estate, make_case):
    client = login(housing_staff)
    url = reverse("admin:housing_case_changelist")
    make_case(estate)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(6):
        complete_documents(make_case(estate), housing_staff)
    with CaptureQueriesContext(connection) as seven:
        client.get(url)
    assert len(one) == len(seven)


def test_staff_record_a_unit_with_its_owners_and_shares(housing_staff, estate, district):
    first = factories.make_resident(district.licun_a, name="王建国")
    second = factories.make_resident(district.licun_a, name="王秀兰")
    client = login(housing_staff)
    url = reverse("admin:housing_unit_add")
    base = {
        "estate": estate.pk, "building": "9", "entrance": "1", "room": "301", "kind": "home",
        "floor_area": "66.60", "ownerships-TOTAL_FORMS": "2", "ownerships-INITIAL_FORMS": "0",
        "ownerships-0-resident": first.pk, "ownerships-1-resident": second.pk,
    }  # fmt: skip
    refused = client.post(url, {**base, "ownerships-0-share": "50", "ownerships-1-share": "40"})
    assert refused.status_code == 200
    assert "100%" in refused.content.decode()
    assert not Unit.objects.filter(building="9").exists()
    done = client.post(url, {**base, "ownerships-0-share": "50", "ownerships-1-share": "50"})
    assert done.status_code == 302, done.content.decode()[:3000]
    unit = Unit.objects.get(building="9")
    assert sorted(o.resident.name for o in unit.ownerships.all()) == ["王建国", "王秀兰"]
    assert unit.case.step == Step.NOT_STARTED


def test_the_case_list_filters_by_step_building_and_hold_reason(housing_staff, estate, make_case):
    client = login(housing_staff)
    held = make_case(estate)
    actions.case_hold(case=held, reason=HoldReason.UNPAID_BALANCE, by=housing_staff)
    ready = make_case(estate)
    complete_documents(ready, housing_staff)
    actions.case_advance(case=ready, to=Step.DOCUMENTS_COMPLETE, by=housing_staff)
    url = reverse("admin:housing_case_changelist")

    def shown(**params):
        return [c.case_number for c in client.get(url, params).context["cl"].result_list]

    assert shown(step="documents_complete") == [ready.case_number]
    assert shown(hold_reason="unpaid_balance") == [held.case_number]
    assert sorted(shown(unit__building="1")) == sorted([held.case_number, ready.case_number])
    assert shown(unit__building="99") == []
    # the estate page's links
    linked = {"unit__estate__id__exact": estate.pk, "step__exact": "documents_complete"}
    assert shown(**linked) == [ready.case_number]


def test_staff_put_selected_cases_on_hold_with_a_reason(housing_staff, estate, make_case):
    client = login(housing_staff)
    cases = [make_case(estate) for _ in range(2)]
    url = reverse("admin:housing_case_changelist")
    selected = [c.pk for c in cases]
    form = client.post(url, {"action": "hold_selected", ACTION_CHECKBOX_NAME: selected})
    assert form.status_code == 200 and "继承纠纷" in form.content.decode()
    done = client.post(
        url,
        {
            "action": "hold_selected",
            ACTION_CHECKBOX_NAME: selected,
            "apply": "1",
            "reason": HoldReason.UNPAID_BALANCE,
            "note": "差价款待结清",
        },
    )
    assert done.status_code == 302
    for case in cases:
        case.refresh_from_db()
        assert case.on_hold and case.hold_reason == HoldReason.UNPAID_BALANCE
        assert case.moves.get().note == "差价款待结清"
