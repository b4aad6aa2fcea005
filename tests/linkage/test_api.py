"""The partner API over HTTP with real tokens: a social organisation sees only what is matched to
it (checked against another organisation's records), moves its needs on, logs its volunteers'
hours; anyone reads the figures."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.linkage import actions
from services.linkage.models import Need, VolunteerHours
from tests.linkage.conftest import post

pytestmark = pytest.mark.django_db

NEEDS = reverse("linkage-api:need-list")
WISHES = reverse("linkage-api:wish-list")
HOURS = reverse("linkage-api:hours-list")
FIGURES = reverse("linkage-api:figures")


def progress_url(need):
    return reverse("linkage-api:need-progress", args=[need.public_id])


@pytest.fixture
def matched(need, haixin):
    return actions.need_match(need=need, organisation=haixin.organisation)


@pytest.fixture
def theirs(visit, chuangyi, other_volunteer):
    """A need matched to the other organisation's volunteer."""
    other = actions.need_add(visit=visit, category="repairs", description="修水龙头")
    return actions.need_match(need=other, volunteer=other_volunteer)


def test_an_organisation_lists_the_needs_matched_to_it_and_no_others(
    client, matched, theirs, haixin, chuangyi
):
    mine = client.get(NEEDS, **haixin.auth).json()
    assert [row["id"] for row in mine["results"]] == [str(matched.public_id)]
    row = mine["results"][0]
    assert {"id", "category", "urgency", "status", "community"} <= set(row)
    assert row["community"] == "李村社区" and row["status"] == "matched"
    other = client.get(NEEDS, **chuangyi.auth).json()
    assert [row["id"] for row in other["results"]] == [str(theirs.public_id)]


def test_needs_through_a_volunteer_or_a_led_project_are_matched_to_the_organisation(
    client, visit, volunteer, project, haixin
):
    by_volunteer = actions.need_match(
        need=actions.need_add(visit=visit, category="study", description="辅导"),
        volunteer=volunteer,
    )
    by_project = actions.need_match(
        need=actions.need_add(visit=visit, category="material", description="旧物"), project=project
    )
    ids = {row["id"] for row in client.get(NEEDS, **haixin.auth).json()["results"]}
    assert ids == {str(by_volunteer.public_id), str(by_project.public_id)}


def test_no_answer_names_a_child(client, matched, child, wish, haixin, volunteer):
    actions.wish_adopt(wish=wish, organisation=haixin.organisation)
    for url in (NEEDS, WISHES):
        body = client.get(url, **haixin.auth).content.decode()
        assert "陈小明" not in body and "李村小学" not in body
    wishes = client.get(WISHES, **haixin.auth).json()["results"]
    assert wishes == [
        {
            "id": str(wish.public_id),
            "alias": "小星星",
            "age_band": "6-11",
            "subdistrict": "李村街道",
            "wish": "一套架子鼓",
            "status": "adopted",
        }
    ]


def test_another_organisations_need_is_not_found(client, theirs, haixin):
    response = client.get(
        reverse("linkage-api:need-detail", args=[theirs.public_id]), **haixin.auth
    )
    assert response.status_code == 404
    moved = post(client, progress_url(theirs), haixin, {"status": "in_progress"})
    assert moved.status_code == 404
    assert moved["Content-Type"] == "application/problem+json"
    theirs.refresh_from_db()
    assert theirs.status == Need.Status.MATCHED


def test_an_organisation_moves_its_need_on(client, matched, haixin):
    response = post(
        client, progress_url(matched), haixin, {"status": "in_progress", "note": "已上门"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_progress"
    step = matched.steps.order_by("-pk").first()
    assert step.by_partner == "青岛心海公益服务中心" and step.note == "已上门"


def test_an_illegal_move_is_409(client, matched, haixin):
    assert post(client, progress_url(matched), haixin, {"status": "met"}).status_code == 200
    response = post(client, progress_url(matched), haixin, {"status": "in_progress"})
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_an_unknown_status_is_a_field_error(client, matched, haixin):
    response = post(client, progress_url(matched), haixin, {"status": "done"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"


def test_closing_without_a_reason_is_a_field_error(client, matched, haixin):
    response = post(client, progress_url(matched), haixin, {"status": "closed"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "note"


def test_a_repeated_move_with_the_same_idempotency_key_is_replayed(client, matched, haixin):
    key = {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}
    first = post(client, progress_url(matched), haixin, {"status": "in_progress"}, **key)
    again = post(client, progress_url(matched), haixin, {"status": "in_progress"}, **key)
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert matched.steps.filter(status="in_progress").count() == 1


def test_an_organisation_logs_its_volunteers_hours(client, haixin, volunteer):
    body = {"volunteer": str(volunteer.public_id), "date": "2026-06-14", "hours": "2.5",
            "activity": "陪伴阅读"}  # fmt: skip
    response = post(client, HOURS, haixin, body)
    assert response.status_code == 201, response.json()
    record = VolunteerHours.objects.get()
    assert record.organisation == haixin.organisation and record.status == "logged"
    listed = client.get(HOURS, **haixin.auth).json()["results"]
    assert [row["id"] for row in listed] == [str(record.public_id)]


def test_an_organisation_cannot_log_another_organisations_volunteer(
    client, haixin, other_volunteer
):
    body = {"volunteer": str(other_volunteer.public_id), "date": "2026-06-14", "hours": "2",
            "activity": "陪伴"}  # fmt: skip
    response = post(client, HOURS, haixin, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "volunteer"
    assert not VolunteerHours.objects.exists()


@pytest.mark.parametrize(
    "change,field",
    [({"date": "2026-06-16"}, "date"), ({"hours": "0"}, "hours"), ({"hours": "25"}, "hours"),
     ({"activity": ""}, "activity"), ({"volunteer": "x"}, "volunteer")],
)  # fmt: skip
def test_bad_hours_are_field_errors(client, haixin, volunteer, change, field):
    body = {"volunteer": str(volunteer.public_id), "date": "2026-06-14", "hours": "2",
            "activity": "陪伴", **change}  # fmt: skip
    response = post(client, HOURS, haixin, body)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_other_partners_and_anonymous_callers_are_kept_out(client, partners, matched):
    assert client.get(NEEDS).status_code == 401
    assert client.get(NEEDS, **partners["hospital"].auth).status_code == 403
    # a social organisation without an organisation record sees nothing
    bare = partners["social_organisation"]
    assert client.get(NEEDS, **bare.auth).json()["count"] == 0


def test_staff_see_the_needs_of_their_scope(client, matched, licun_staff, jiushui_staff):
    client.force_login(licun_staff)
    assert client.get(NEEDS).json()["count"] == 1
    client.force_login(jiushui_staff)
    assert client.get(NEEDS).json()["count"] == 0


def test_the_figures_are_open_to_anyone(client, wish, visit, project, haixin):
    body = client.get(FIGURES).json()
    assert body["wishes_collected"] == 1 and body["wishes_fulfilled"] == 0
    assert body["children_visited"] == 1
    assert body["companionship_hours"] == "2.0"
    assert body["organisations"] == 1
    assert body["district_key_projects"] == 1
    assert body["invested"] == {
        "district_key": "10000.00", "subdistrict": "0.00", "community": "0.00"
    }  # fmt: skip


def test_the_list_runs_the_same_queries_for_many_needs(client, visit, haixin):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(NEEDS, **haixin.auth).status_code == 200
        return len(queries)

    actions.need_match(
        need=actions.need_add(visit=visit, category="care", description="x"),
        organisation=haixin.organisation,
    )
    count()  # the token's first use is written down once
    one = count()
    for index in range(5):
        actions.need_match(
            need=actions.need_add(visit=visit, category="care", description=f"x{index}"),
            organisation=haixin.organisation,
        )
    # the token, the throttle counter, the count, the page of needs with their community and
    # subdistrict
    assert count() == one == 4


def fulfilment_url(wish):
    return reverse("linkage-api:wish-fulfilment", args=[wish.public_id])


def test_an_organisation_records_that_its_adopted_wish_came_true(client, wish, haixin):
    actions.wish_adopt(wish=wish, organisation=haixin.organisation)
    body = {"fulfilled_on": "2026-06-14", "note": "鼓已送到"}
    response = post(client, fulfilment_url(wish), haixin, body)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "fulfilled"
    again = post(client, fulfilment_url(wish), haixin, body)
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_a_wish_adopted_by_another_organisation_is_not_found(client, wish, haixin, chuangyi):
    actions.wish_adopt(wish=wish, organisation=chuangyi.organisation)
    response = post(client, fulfilment_url(wish), haixin, {"fulfilled_on": "2026-06-14"})
    assert response.status_code == 404
    assert client.get(WISHES, **haixin.auth).json()["count"] == 0


def test_a_fulfilment_in_the_future_is_a_field_error(client, wish, haixin):
    actions.wish_adopt(wish=wish, organisation=haixin.organisation)
    response = post(client, fulfilment_url(wish), haixin, {"fulfilled_on": "2026-06-16"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "fulfilled_on"
