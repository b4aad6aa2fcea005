"""The staff queue in the admin: scoping, counts, filters, bulk actions, transitions, history."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.desk import actions
from services.desk.models import ServiceRequest
from tests.conftest import login
from tests.desk.factories import complete, file_request, make_volunteer

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
QUEUE = reverse("admin:desk_servicerequest_changelist")


def queue_references(user, **params):
    response = login(user).get(QUEUE, params)
    assert response.status_code == 200
    return {r.reference for r in response.context["cl"].result_list}


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def requests_at_two_centers(desk):
    return {
        "here": file_request(desk.center, desk.booking),
        "there": file_request(desk.other, desk.booking),
    }


def test_center_staff_work_only_their_centers_queue(requests_at_two_centers, center_staff):
    assert queue_references(center_staff) == {requests_at_two_centers["here"].reference}


def test_subdistrict_staff_see_their_subdistricts_centers(
    requests_at_two_centers, licun_staff, jiushui_staff, district_admin
):
    here, there = requests_at_two_centers["here"], requests_at_two_centers["there"]
    assert queue_references(licun_staff) == {here.reference}
    assert queue_references(jiushui_staff) == {there.reference}
    assert queue_references(district_admin) == {here.reference, there.reference}


def test_program_staff_and_staff_without_a_role_have_no_queue(
    requests_at_two_centers, health_staff, outsider
):
    assert login(health_staff).get(QUEUE).status_code == 403
    assert login(outsider).get(QUEUE).status_code == 403


def test_another_centers_request_is_not_found(requests_at_two_centers, center_staff):
    there = requests_at_two_centers["there"]
    client = login(center_staff)
    assert (
        client.get(reverse("admin:desk_servicerequest_change", args=[there.pk])).status_code == 302
    )  # the admin sends "does not exist" back to its index
    response = client.post(
        reverse("admin:desk_servicerequest_transition", args=[there.pk]), {"action": "accept"}
    )
    assert response.status_code == 404
    there.refresh_from_db()
    assert there.state == "submitted"


def test_the_queue_runs_a_fixed_number_of_queries(desk, center_staff):
    client = login(center_staff)
    file_request(desk.center, desk.booking)
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE).status_code == 200
    volunteer = make_volunteer(desk.center)
    for number in range(12):
        filed = file_request(desk.center, desk.lamp if number % 2 else desk.booking)
        if number % 3 == 0:
            actions.request_assign(service_request=filed, actor=center_staff, volunteer=volunteer)
        if number % 4 == 0:
            complete(filed, center_staff)
    with CaptureQueriesContext(connection) as many:
        assert client.get(QUEUE).status_code == 200
    # session, user, staff profile, counts at a glance (one aggregate), calendar years entered,
    # the user's and the groups' permissions, the item filter's items, the assignee filter's
    # staff, the center filter's centers, the count, and the page of requests joined to their
    # center, item, category and assignees
    assert len(many) == len(few) == 12


@time_machine.travel(datetime.datetime(2026, 3, 11, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_the_queue_shows_counts_at_a_glance(desk, center_staff):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        file_request(desk.center, desk.booking)  # due Tuesday 3 March: overdue
        old = file_request(desk.center, desk.booking)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 15, 0, tzinfo=SHANGHAI), tick=False):
        complete(old, center_staff)  # last week, six hours
    monday = file_request(desk.center, desk.measure)
    with time_machine.travel(datetime.datetime(2026, 3, 11, 12, 0, tzinfo=SHANGHAI), tick=False):
        actions.request_rate(service_request=complete(monday, center_staff), rating=4)
    file_request(desk.center, desk.booking)  # open, not overdue
    figures = login(center_staff).get(QUEUE).context["figures"]
    assert (figures.open, figures.overdue, figures.completed_this_week) == (2, 1, 1)
    assert figures.median_completion == datetime.timedelta(hours=4)
    assert figures.average_rating == 4


@time_machine.travel(datetime.datetime(2026, 3, 11, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_the_queue_filters_by_state_overdue_item_and_assignee(desk, center_staff):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        late = file_request(desk.center, desk.booking)
    lamp = file_request(desk.center, desk.lamp)
    mine = actions.request_assign(
        service_request=file_request(desk.center, desk.booking),
        actor=center_staff,
        staff=center_staff,
    )
    volunteer = actions.request_assign(
        service_request=file_request(desk.center, desk.measure),
        actor=center_staff,
        volunteer=make_volunteer(desk.center),
    )
    accepted = actions.request_accept(service_request=lamp, actor=center_staff)
    assert queue_references(center_staff, overdue="yes") == {late.reference}
    assert late.reference not in queue_references(center_staff, overdue="no")
    assert queue_references(center_staff, state="accepted") == {accepted.reference}
    assert queue_references(center_staff, item__id__exact=desk.lamp.pk) == {lamp.reference}
    assert queue_references(center_staff, assignee="me") == {mine.reference}
    assert queue_references(center_staff, assignee="volunteer") == {volunteer.reference}
    assert queue_references(center_staff, assignee="none") == {late.reference, lamp.reference}


def test_staff_accept_several_requests_at_once(desk, center_staff):
    first, second = file_request(desk.center, desk.booking), file_request(desk.center, desk.lamp)
    done = complete(file_request(desk.center, desk.measure), center_staff)
    response = login(center_staff).post(
        QUEUE,
        {"action": "accept_selected", "_selected_action": [first.pk, second.pk, done.pk]},
        follow=True,
    )
    assert set(ServiceRequest.objects.filter(state="accepted").values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    shown = " ".join(messages_of(response))
    assert done.reference in shown  # the completed one is reported, not changed


def test_staff_assign_several_requests_to_a_volunteer(desk, center_staff):
    volunteer = make_volunteer(desk.center, name="张志愿")
    first, second = file_request(desk.center, desk.booking), file_request(desk.center, desk.lamp)
    client = login(center_staff)
    selected = {"action": "assign_selected", "_selected_action": [first.pk, second.pk]}
    page = client.post(QUEUE, selected)
    assert page.status_code == 200
    assert "张志愿" in page.content.decode()
    client.post(QUEUE, {**selected, "apply": "1", "assignee": f"volunteer-{volunteer.pk}"})
    assert ServiceRequest.objects.filter(assigned_volunteer=volunteer).count() == 2


def test_staff_move_a_request_on_from_its_page_and_see_its_history(desk, center_staff):
    filed = file_request(desk.center, desk.booking)
    client = login(center_staff)
    url = reverse("admin:desk_servicerequest_transition", args=[filed.pk])
    for action in ["accept", "start", "complete"]:
        client.post(url, {"action": action, "text": "已电话告知"})
    filed.refresh_from_db()
    assert filed.state == "completed"
    page = client.get(reverse("admin:desk_servicerequest_change", args=[filed.pk]))
    history = [step.action for step in page.context["inline_admin_formsets"][0].formset.queryset]
    assert history == ["submitted", "accepted", "started", "completed"]


def test_an_illegal_transition_in_the_admin_shows_a_clear_message(desk, center_staff):
    filed = file_request(desk.center, desk.booking)
    client = login(center_staff)
    url = reverse("admin:desk_servicerequest_transition", args=[filed.pk])
    response = client.post(url, {"action": "complete"}, follow=True)
    assert "状态为“已提交”的申请不能办结。" in messages_of(response)
    response = client.post(url, {"action": "reject", "text": ""}, follow=True)
    assert messages_of(response)
    filed.refresh_from_db()
    assert filed.state == "submitted"


def test_staff_file_a_request_from_a_phone_call_with_the_items_questions(desk, center_staff):
    client = login(center_staff)
    add = reverse("admin:desk_servicerequest_add")
    data = {
        "center": desk.center.pk,
        "item": desk.booking.pk,
        "channel": "phone",
        "name": "赵大爷",
        "phone": "13812340000",
        "address": "",
        "description": "电话来约号",
    }
    first = client.post(add, data)
    assert first.status_code == 200  # back with the item's questions to answer
    assert "q_hospital" in first.context["adminform"].form.errors
    response = client.post(add, {**data, "q_hospital": "shili"})
    assert response.status_code == 302
    filed = ServiceRequest.objects.get()
    assert (filed.channel, filed.submitted_by, filed.answers) == (
        "phone",
        center_staff,
        {"hospital": "shili"},
    )


def test_staff_cannot_file_at_a_closed_center(desk, district_admin):
    response = login(district_admin).post(
        reverse("admin:desk_servicerequest_add"),
        {
            "center": desk.closed.pk,
            "item": desk.lamp.pk,
            "channel": "desk",
            "name": "赵",
            "phone": "13812340000",
            "address": "x",
            "q_lamp": "tube",
        },
    )
    assert response.status_code == 200
    assert not ServiceRequest.objects.exists()


def test_the_admin_statistics_page_shows_the_figures(desk, center_staff):
    actions.request_rate(
        service_request=complete(file_request(desk.center, desk.booking), center_staff), rating=5
    )
    page = login(center_staff).get(reverse("admin:desk_servicerequest_statistics"))
    assert page.status_code == 200
    stats = page.context["stats"]
    assert (stats.total, stats.completed, stats.average_rating) == (1, 1, 5)
    assert "健康医疗" in page.content.decode()


@time_machine.travel(datetime.datetime(2026, 3, 11, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_an_overdue_request_shows_as_overdue_in_red_never_as_a_green_tick(desk, center_staff):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        late = file_request(desk.center, desk.booking)
    client = login(center_staff)
    queue = client.get(QUEUE).content.decode()
    assert '<strong class="overdue">3月3日 23:59 · 超期</strong>' in queue
    page = client.get(reverse("admin:desk_servicerequest_change", args=[late.pk]))
    shown = page.content.decode()
    assert '<strong class="overdue">已超期</strong>' in shown
    assert "icon-yes.svg" not in shown


def test_the_queue_keeps_references_and_deadlines_on_one_line_and_drops_columns_on_a_phone(
    desk, center_staff, district_admin
):
    file_request(desk.center, desk.booking)
    page = login(center_staff).get(QUEUE).content.decode()
    assert "#result_list .field-reference" in page and "white-space: nowrap" in page
    assert "@media (max-width: 767px)" in page
    # a center's own staff work one center: no center column
    assert "column-center" not in page
    assert "column-center" in login(district_admin).get(QUEUE).content.decode()
