"""The outbox end to end on the service desk: a request completed in the admin is told once,
delivered once however often its job runs; quiet hours, opt-outs, consent and ID numbers."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from licang.outbox import actions, tasks
from licang.outbox.models import Message, OptOut, QuietHours
from services.desk.actions.messages import requests_tell_overdue
from services.desk.models import ServiceRequest
from tests import factories
from tests.conftest import login
from tests.desk.conftest import desk  # noqa: F401  (the fixture)
from tests.desk.factories import complete, file_request
from tests.outbox.conftest import at

pytestmark = pytest.mark.django_db

DAYTIME = time_machine.travel(at(10), tick=False)


def completed_in_the_admin(desk, staff, django_capture_on_commit_callbacks, **fields):  # noqa: F811
    filed = file_request(desk.center, desk.booking, **fields)
    client = login(staff)
    url = reverse("admin:desk_servicerequest_transition", args=[filed.pk])
    with django_capture_on_commit_callbacks(execute=True) as deferred:
        for action in ["accept", "start", "complete"]:
            client.post(url, {"action": action, "text": "已电话告知"})
    filed.refresh_from_db()
    assert filed.state == "completed"
    return filed, deferred


@DAYTIME
def test_a_request_completed_in_the_admin_is_told_once_and_delivered_once_when_the_job_runs_twice(
    desk,  # noqa: F811
    center_staff,
    sms,
    django_capture_on_commit_callbacks,
):
    filed, deferred = completed_in_the_admin(desk, center_staff, django_capture_on_commit_callbacks)
    told = Message.objects.about(filed).get(event="request_completed")
    assert told.state == "pending" and told.channel == "sms" and told.address == "13912345678"
    assert filed.reference in told.body and "已办结" in told.body
    # the delivery jobs of "accepted" and "completed", after commit (beside the statistics
    # page's refreshes)
    deliveries = [c for c in deferred if c.__qualname__.startswith("message_queue.")]
    assert len(deliveries) == 2

    tasks.deliver(message_id=told.pk)
    tasks.deliver(message_id=told.pk)  # the job run a second time finds it sent

    told.refresh_from_db()
    assert (told.state, told.attempts, told.sent_at) == ("sent", 1, at(10))
    assert [m.body for m in sms] == [told.body]


@DAYTIME
def test_the_same_event_queued_twice_is_one_message(desk, center_staff):  # noqa: F811
    done = complete(file_request(desk.center, desk.booking), center_staff)
    first = Message.objects.about(done).get(event="request_completed")
    again = actions.message_queue(
        event="request_completed",
        body="【李沧区】再次",
        about=done,
        dedup_key=first.dedup_key,
        name=done.name,
        phone=done.phone,
    )
    assert again.pk == first.pk
    assert Message.objects.about(done).filter(event="request_completed").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(
            event="request_completed", body="x", about_app_label="desk", about_model="x",
            about_pk="1", dedup_key=first.dedup_key, name="x", channel="sms", address="13912345678",
        )  # fmt: skip


def test_a_message_in_the_quiet_hours_is_held_until_they_end_then_sent(desk, center_staff, sms):  # noqa: F811
    with time_machine.travel(at(22, 30), tick=False):
        done = complete(file_request(desk.center, desk.booking), center_staff)
        told = Message.objects.about(done).get(event="request_completed")
        tasks.deliver(message_id=told.pk)
        told.refresh_from_db()
        assert (told.state, told.next_attempt_at) == ("held", at(8, day=datetime.date(2026, 6, 16)))
        assert sms == []
        due = Message.objects.due(at(23, 59)).values_list("pk", flat=True)
        assert told.pk not in due  # not due before the morning
    with time_machine.travel(at(8, 1, day=datetime.date(2026, 6, 16)), tick=False):
        assert told.pk in Message.objects.due(at(8, 1, day=datetime.date(2026, 6, 16))).values_list(
            "pk", flat=True
        )
        tasks.deliver(message_id=told.pk)
    told.refresh_from_db()
    assert told.state == "sent" and len(sms) == 1


def test_the_quiet_hours_are_the_years_rule_and_staff_change_them(desk, center_staff):  # noqa: F811
    rule = QuietHours.objects.get(year=2026)
    assert (rule.starts, rule.ends) == (datetime.time(21), datetime.time(8))
    assert actions.quiet_until(at(7, 59)) == at(8)
    assert actions.quiet_until(at(8)) is None
    rule.starts, rule.ends = datetime.time(22), datetime.time(7)
    actions.quiet_hours_save(rule=rule)
    assert actions.quiet_until(at(21, 30)) is None
    # next year still has quiet nights until staff enter its rule
    assert actions.quiet_until(at(23, day=datetime.date(2027, 3, 1))) == at(
        7, day=datetime.date(2027, 3, 2)
    )


@DAYTIME
def test_an_opted_out_resident_gets_no_message(desk, center_staff, resident, sms):  # noqa: F811
    actions.opt_out_save(opt_out=OptOut(resident=resident, channel="sms"), by=center_staff)
    done = complete(file_request(desk.center, desk.booking, resident=resident), center_staff)
    told = Message.objects.about(done).get(event="request_completed")
    assert (told.state, told.skip_reason) == ("skipped", "no_consent")
    tasks.deliver(message_id=told.pk)
    assert sms == []


@DAYTIME
def test_a_resident_who_opts_out_after_the_message_was_queued_gets_none(
    desk,  # noqa: F811
    center_staff,
    resident,
    sms,
):
    done = complete(file_request(desk.center, desk.booking, resident=resident), center_staff)
    told = Message.objects.about(done).get(event="request_completed")
    actions.opt_out_save(opt_out=OptOut(resident=resident), by=center_staff)  # every channel
    tasks.deliver(message_id=told.pk)
    told.refresh_from_db()
    assert (told.state, told.skip_reason) == ("skipped", "no_consent")
    assert sms == []


@DAYTIME
def test_a_person_without_consent_or_without_an_address_is_skipped_with_the_reason(desk):  # noqa: F811
    filed = file_request(desk.center, desk.booking)
    refused = actions.message_queue(
        event="wish_fulfilled", body="【李沧区】谢谢", about=filed, dedup_key="t:1",
        name="王芳", phone="13700000001", consents=False,
    )  # fmt: skip
    nowhere = actions.message_queue(
        event="wish_fulfilled", body="【李沧区】谢谢", about=filed, dedup_key="t:2", name="王芳"
    )
    assert (refused.state, refused.skip_reason) == ("skipped", "no_consent")
    assert (nowhere.state, nowhere.skip_reason) == ("skipped", "no_address")


@DAYTIME
def test_an_e_mail_goes_through_djangos_email_backend(desk):  # noqa: F811
    filed = file_request(desk.center, desk.booking)
    message = actions.message_queue(
        event="request_accepted", body="【李沧区】您好", about=filed, dedup_key="t:mail",
        name="海心社工", email="office@haixin.example",
    )  # fmt: skip
    tasks.deliver(message_id=message.pk)
    assert [(m.to, m.body) for m in mail.outbox] == [(["office@haixin.example"], "【李沧区】您好")]
    assert mail.outbox[0].subject == "李沧区社区服务消息"


@DAYTIME
def test_no_message_holds_a_full_id_number(desk, center_staff):  # noqa: F811
    resident = factories.make_resident(desk.center.communities.first(), phone="13912345670")
    filed = file_request(desk.center, desk.booking, resident=resident)
    with pytest.raises(ValidationError):
        actions.message_queue(
            event="request_accepted", body=f"【李沧区】身份证{resident.id_number}",
            about=filed, dedup_key="t:id", resident=resident,
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(
            event="request_accepted", body=f"证件 {resident.id_number}", about_app_label="desk",
            about_model="servicerequest", about_pk="1", dedup_key="t:id2", resident=resident,
            channel="sms", address="13912345670",
        )  # fmt: skip
    complete(filed, center_staff)
    for message in Message.objects.all():
        assert resident.id_number not in message.body
        assert not actions._ID_NUMBER.search(message.body)


@DAYTIME
def test_the_message_is_chinese_even_when_staff_work_in_english(desk, center_staff):  # noqa: F811
    filed = file_request(desk.center, desk.booking)
    login(center_staff).post(
        reverse("admin:desk_servicerequest_transition", args=[filed.pk]),
        {"action": "accept"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    told = Message.objects.about(filed).get(event="request_accepted")
    assert told.body.startswith("【李沧区】您的服务申请")
    assert "代约挂号" in told.body and desk.center.name in told.body


def test_an_overdue_request_is_told_once_and_again_only_after_a_new_due_time(desk, center_staff):  # noqa: F811
    with time_machine.travel(at(9, day=datetime.date(2026, 3, 2)), tick=False):
        late = file_request(desk.center, desk.booking)
        on_time = file_request(desk.center, desk.booking)
        complete(on_time, center_staff)
    with time_machine.travel(at(10, day=datetime.date(2026, 3, 11)), tick=False):
        assert requests_tell_overdue() == 1
        assert requests_tell_overdue() == 0  # the job runs every quarter hour: told once
    told = Message.objects.about(late).get(event="request_overdue")
    assert late.reference in told.body and "超过承诺时限" in told.body
    assert not Message.objects.about(on_time).filter(event="request_overdue").exists()
    late = ServiceRequest.objects.get(pk=late.pk)
    assert late.state == "submitted"
