"""Filing a request and moving it from first call to rating, through the actions."""

import datetime
import itertools
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError

from licang.errors import ConflictError
from services.desk import actions
from services.desk.models import REFERENCE_RE, RequestStep, ServiceRequest
from tests.desk.factories import complete, file_request, make_volunteer

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
FRIDAY_MORNING = datetime.datetime(2026, 3, 6, 10, 0, tzinfo=SHANGHAI)


@time_machine.travel(FRIDAY_MORNING, tick=False)
def test_a_walk_in_request_gets_a_reference_and_a_due_time_in_working_days(desk):
    filed = file_request(desk.center, desk.booking, name="王芳", phone="139 1234 5678")
    filed.refresh_from_db()
    assert filed.state == ServiceRequest.State.SUBMITTED
    assert filed.phone == "13912345678"
    assert filed.due_at == datetime.datetime(2026, 3, 9, 23, 59, 59, tzinfo=SHANGHAI)
    step = filed.steps.get()
    assert (step.action, step.to_state, step.actor_kind) == ("submitted", "submitted", "resident")
    assert step.at == FRIDAY_MORNING


def test_references_are_random_not_sequential(desk):
    references = [file_request(desk.center, desk.measure).reference for _ in range(5)]
    assert len(set(references)) == 5
    assert all(re.match(REFERENCE_RE, r) for r in references)
    # nothing shared between consecutive references beyond the fixed prefix
    assert len({r[3:] for r in references}) == 5
    assert not any(a[3:7] == b[3:7] for a, b in itertools.pairwise(references))


def test_a_registered_residents_name_and_phone_come_from_the_registry(desk, resident):
    filed = actions.request_submit(
        center=desk.center, item=desk.measure, resident=resident, channel="desk"
    )
    assert (filed.name, filed.phone) == ("李秀英", "13912345678")


@pytest.mark.parametrize("phone", ["1391234567", "02888888888", "", "139123456789"])
def test_a_bad_phone_is_refused_and_nothing_is_saved(desk, phone):
    with pytest.raises(ValidationError) as info:
        file_request(desk.center, desk.measure, phone=phone)
    assert "phone" in info.value.message_dict
    assert not ServiceRequest.objects.exists()
    assert not RequestStep.objects.exists()


def test_an_item_the_center_does_not_offer_is_refused(desk):
    with pytest.raises(ValidationError) as info:
        file_request(desk.other, desk.measure)
    assert info.value.error_dict["item"][0].code == "not_offered"


def test_a_closed_center_takes_no_requests(desk):
    with pytest.raises(ConflictError) as info:
        file_request(desk.closed, desk.lamp)
    assert info.value.code == "center_closed"
    assert "装修中" in str(info.value)
    assert not ServiceRequest.objects.exists()


def test_answers_are_checked_against_the_items_questions(desk):
    with pytest.raises(ValidationError) as info:
        file_request(
            desk.center,
            desk.lamp,
            answers={"lamp": "neon", "count": "many", "colour": "red"},
            address="",
        )
    errors = info.value.message_dict
    assert set(errors) == {"answers.lamp", "answers.count", "answers.colour", "address"}
    with pytest.raises(ValidationError) as info:
        file_request(desk.center, desk.lamp, answers={})
    assert set(info.value.message_dict) == {"answers.lamp"}


def test_answers_are_normalised(desk):
    filed = file_request(
        desk.center, desk.booking, answers={"hospital": "shili", "date": "2026-03-09 09:30"}
    )
    assert filed.answers == {"hospital": "shili", "date": "2026-03-09T09:30:00+08:00"}


def test_a_request_moves_from_submitted_to_completed_and_each_step_records_who_and_when(
    desk, center_staff
):
    with time_machine.travel(FRIDAY_MORNING, tick=False):
        filed = file_request(desk.center, desk.booking)
    with time_machine.travel(datetime.datetime(2026, 3, 6, 11, 0, tzinfo=SHANGHAI), tick=False):
        done = complete(filed, center_staff)
    assert done.state == ServiceRequest.State.COMPLETED
    assert done.completed_at == datetime.datetime(2026, 3, 6, 11, 0, tzinfo=SHANGHAI)
    steps = list(done.steps.order_by("at", "pk"))
    assert [(s.action, s.from_state, s.to_state) for s in steps] == [
        ("submitted", "", "submitted"),
        ("accepted", "submitted", "accepted"),
        ("started", "accepted", "in_progress"),
        ("completed", "in_progress", "completed"),
    ]
    assert {s.actor_user for s in steps[1:]} == {center_staff}
    assert steps[-1].note == "已办结"


@pytest.mark.parametrize(
    ("move", "code"),
    [
        (lambda r, s: actions.request_start(service_request=r, actor=s), "illegal_transition"),
        (lambda r, s: actions.request_complete(service_request=r, actor=s), "illegal_transition"),
        (lambda r, s: actions.request_reopen(service_request=r, comment="x"), "illegal_transition"),
    ],
)
def test_illegal_transitions_are_refused_with_a_conflict(desk, center_staff, move, code):
    filed = file_request(desk.center, desk.booking)
    with pytest.raises(ConflictError) as info:
        move(filed, center_staff)
    assert info.value.code == code
    filed.refresh_from_db()
    assert filed.state == ServiceRequest.State.SUBMITTED
    assert filed.steps.count() == 1


def test_a_completed_request_cannot_be_accepted_again(desk, center_staff):
    done = complete(file_request(desk.center, desk.booking), center_staff)
    with pytest.raises(ConflictError) as info:
        actions.request_accept(service_request=done, actor=center_staff)
    assert str(info.value) == "状态为“已办结”的申请不能受理。"  # Chinese by default


def test_rejecting_and_cancelling_need_a_reason(desk, center_staff):
    filed = file_request(desk.center, desk.booking)
    with pytest.raises(ValidationError):
        actions.request_reject(service_request=filed, actor=center_staff, reason="  ")
    rejected = actions.request_reject(service_request=filed, actor=center_staff, reason="材料不全")
    assert (rejected.state, rejected.state_note) == ("rejected", "材料不全")
    assert rejected.closed_at is not None
    with pytest.raises(ConflictError):
        actions.request_cancel(service_request=rejected, actor=center_staff, reason="x")


def test_a_resident_may_cancel_only_until_work_starts(desk, center_staff):
    filed = file_request(desk.center, desk.booking)
    accepted = actions.request_accept(service_request=filed, actor=center_staff)
    started = actions.request_start(service_request=accepted, actor=center_staff)
    with pytest.raises(ConflictError):
        actions.request_cancel(service_request=started, actor=None, reason="不需要了")
    cancelled = actions.request_cancel(
        service_request=started, actor=center_staff, reason="居民来电"
    )
    assert cancelled.state == "cancelled"
    assert cancelled.steps.last().actor_kind == "staff"


def test_a_completed_request_is_rated_once(desk, center_staff):
    done = complete(file_request(desk.center, desk.booking), center_staff)
    rated = actions.request_rate(service_request=done, rating=5, comment="很满意")
    assert (rated.rating, rated.rating_comment) == (5, "很满意")
    with pytest.raises(ConflictError) as info:
        actions.request_rate(service_request=done, rating=1)
    assert info.value.code == "already_rated"
    rated.refresh_from_db()
    assert rated.rating == 5


@pytest.mark.parametrize("rating", [0, 6, "5", None, True])
def test_a_rating_is_a_whole_number_from_one_to_five(desk, center_staff, rating):
    done = complete(file_request(desk.center, desk.booking), center_staff)
    with pytest.raises(ValidationError):
        actions.request_rate(service_request=done, rating=rating)


def test_an_open_request_cannot_be_rated(desk):
    filed = file_request(desk.center, desk.booking)
    with pytest.raises(ConflictError) as info:
        actions.request_rate(service_request=filed, rating=4)
    assert info.value.code == "not_completed"


def test_not_solved_reopens_the_request_for_staff_with_the_residents_words(desk, center_staff):
    with time_machine.travel(datetime.datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI), tick=False):
        done = complete(file_request(desk.center, desk.lamp), center_staff)
    with time_machine.travel(datetime.datetime(2026, 3, 6, 9, 0, tzinfo=SHANGHAI), tick=False):
        reopened = actions.request_reopen(service_request=done, comment="灯还是不亮")
    assert reopened.state == ServiceRequest.State.IN_PROGRESS
    assert (reopened.state_note, reopened.reopened_count) == ("灯还是不亮", 1)
    assert reopened.completed_at is None
    assert reopened.due_at == datetime.datetime(2026, 3, 9, 23, 59, 59, tzinfo=SHANGHAI)
    assert reopened.steps.last().action == "reopened"
    rated = actions.request_rate(
        service_request=actions.request_complete(service_request=reopened, actor=center_staff),
        rating=4,
    )
    with pytest.raises(ConflictError) as info:
        actions.request_reopen(service_request=rated, comment="again")
    assert info.value.code == "already_rated"


def test_a_request_is_assigned_to_its_centers_staff_or_volunteers(
    desk, center_staff, jiushui_staff
):
    filed = file_request(desk.center, desk.booking)
    volunteer = make_volunteer(desk.center)
    assigned = actions.request_assign(service_request=filed, actor=center_staff, staff=center_staff)
    assert assigned.assigned_staff == center_staff
    assigned = actions.request_assign(
        service_request=filed, actor=center_staff, volunteer=volunteer
    )
    assert (assigned.assigned_staff, assigned.assigned_volunteer) == (None, volunteer)
    assert "志愿者甲" in assigned.steps.last().note
    with pytest.raises(ValidationError):
        actions.request_assign(service_request=filed, actor=center_staff, staff=jiushui_staff)
    with pytest.raises(ValidationError):
        actions.request_assign(
            service_request=filed, actor=center_staff, volunteer=make_volunteer(desk.other)
        )
    with pytest.raises(ValidationError):
        actions.request_assign(service_request=filed, actor=center_staff)


def test_open_requests_past_their_due_time_are_overdue(desk, center_staff):
    with time_machine.travel(FRIDAY_MORNING, tick=False):
        late = file_request(desk.center, desk.booking)
        done = complete(file_request(desk.center, desk.booking), center_staff)
    tuesday = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)
    assert late.is_overdue(tuesday)
    assert not done.is_overdue(tuesday)
    assert list(ServiceRequest.objects.overdue(tuesday)) == [late]
    assert not ServiceRequest.objects.overdue(FRIDAY_MORNING).exists()
