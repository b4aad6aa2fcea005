"""The outbox in the admin: the list within scope, masked, in a fixed number of queries; "retry
now"; opt-outs recorded by staff; the quiet hours kept as a rule per year."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from licang.outbox import actions
from licang.outbox.models import Message, OptOut, QuietHours
from tests import factories
from tests.conftest import login
from tests.desk.conftest import desk  # noqa: F401  (the fixture)
from tests.desk.factories import file_request
from tests.outbox.conftest import at

pytestmark = pytest.mark.django_db
LIST = reverse("admin:outbox_message_changelist")


def queue_for(resident, about, key, **fields):
    return actions.message_queue(
        event="request_accepted", body="【李沧区】您好", about=about, dedup_key=key,
        resident=resident, **fields,
    )  # fmt: skip


def test_the_list_is_masked_scoped_and_runs_a_fixed_number_of_queries(
    desk,  # noqa: F811
    district,
    licun_staff,
    jiushui_staff,
):
    filed = file_request(desk.center, desk.booking)
    client = login(licun_staff)
    queue_for(factories.make_resident(district.licun_a, phone="13911110000"), filed, "a:0")
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for number in range(1, 12):
        community = district.licun_b if number % 2 else district.licun_a
        resident = factories.make_resident(community, phone=f"139111100{number:02d}")
        queue_for(resident, filed, f"a:{number}")
    queue_for(None, filed, "a:volunteer", name="王芳", phone="13700000001")
    queue_for(factories.make_resident(district.jiushui_a), filed, "a:jiushui")
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST, {"state": "pending", "channel": "sms"})
    # session, user, staff profile (the scope), the user's and the groups' permissions, the
    # count, the unfiltered count, and the page of messages joined to their residents
    assert len(many) == len(few) == 8
    shown = response.context["cl"].result_list
    assert len(shown) == 12  # licun's residents; not 九水's, not the volunteer (district-wide)
    page = response.content.decode()
    assert "139****0001" in page and "13911110001" not in page
    assert login(jiushui_staff).get(LIST).context["cl"].result_count == 1


def test_staff_without_a_role_and_program_staff_see_no_outbox(outsider, health_staff):
    assert login(outsider).get(LIST).status_code == 403
    assert login(health_staff).get(LIST).status_code == 403


@time_machine.travel(at(10), tick=False)
def test_retry_now_queues_a_failed_message_again(
    desk,  # noqa: F811
    district_admin,
    django_capture_on_commit_callbacks,
):
    filed = file_request(desk.center, desk.booking)
    message = queue_for(None, filed, "r:1", name="李秀英", phone="13912345678")
    Message.objects.filter(pk=message.pk).update(
        state="failed", attempts=actions.MAX_ATTEMPTS, next_attempt_at=None, last_error="500"
    )
    sent = queue_for(None, filed, "r:2", name="李秀英", phone="13912345678")
    Message.objects.filter(pk=sent.pk).update(state="sent", sent_at=at(9))
    with django_capture_on_commit_callbacks(execute=True) as deferred:
        login(district_admin).post(
            LIST, {"action": "retry_now", "_selected_action": [message.pk]}, follow=True
        )
    message.refresh_from_db()
    assert (message.state, message.attempts, message.next_attempt_at) == ("pending", 0, at(10))
    assert len(deferred) == 1
    page = login(district_admin).post(
        LIST, {"action": "retry_now", "_selected_action": [sent.pk]}, follow=True
    )
    assert "不能重新发送" in page.content.decode()


def test_the_message_page_is_read_only_and_shows_the_address_only_to_who_may_see_it(
    desk,  # noqa: F811
    district_admin,
    center_staff,
    resident,
):
    message = queue_for(resident, file_request(desk.center, desk.booking), "p:1")
    url = reverse("admin:outbox_message_change", args=[message.pk])
    # center staff may not see full phones (registry.view_full_identity); district admins may
    masked = login(center_staff).get(url).content.decode()
    assert "139****5678" in masked and "13912345678" not in masked
    assert "13912345678" in login(district_admin).get(url).content.decode()
    assert login(district_admin).get(reverse("admin:outbox_message_add")).status_code == 403


def test_staff_record_an_opt_out_for_a_resident_in_their_scope(licun_staff, resident, district):
    client = login(licun_staff)
    add = reverse("admin:outbox_optout_add")
    client.post(add, {"resident": resident.pk, "channel": "sms", "note": "本人电话要求"})
    opt_out = OptOut.objects.get(resident=resident)
    assert (opt_out.channel, opt_out.recorded_by) == ("sms", licun_staff)
    elsewhere = factories.make_resident(district.jiushui_a, phone="13911112222")
    page = client.post(add, {"resident": elsewhere.pk, "channel": ""})
    assert page.status_code == 200 and not OptOut.objects.filter(resident=elsewhere).exists()


def test_district_admins_keep_the_quiet_hours_of_each_year(district_admin):
    client = login(district_admin)
    client.post(
        reverse("admin:outbox_quiethours_add"), {"year": 2027, "starts": "22:00", "ends": "07:30"}
    )
    rule = QuietHours.objects.get(year=2027)
    assert (rule.starts, rule.ends) == (datetime.time(22), datetime.time(7, 30))
