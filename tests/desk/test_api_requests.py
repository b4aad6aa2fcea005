"""Partners file and follow requests through /api/v1/, with Idempotency-Key; staff read theirs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from licang.actions import token_issue
from services.desk import actions
from services.desk.models import ServiceRequest
from tests.conftest import login
from tests.desk.factories import complete, file_request

LIST = reverse("desk-api:service-request-list")


def detail(reference):
    return reverse("desk-api:service-request-detail", args=[reference])


@pytest.fixture
def social(partners):
    return partners["social_organisation"]


def body(desk, **changes):
    return {
        "center": desk.center.slug,
        "item": "YL01",
        "name": "王芳",
        "phone": "13912345678",
        "answers": {"hospital": "shili"},
        "description": "腿脚不便，请代约号",
    } | changes


def test_a_partner_files_a_request_and_reads_it_back(desk, social, client):
    response = client.post(LIST, body(desk), content_type="application/json", **social.auth)
    assert response.status_code == 201
    created = response.json()
    assert created["state"] == "submitted"
    assert created["channel"] == "api"
    assert created["phone"] == "139****5678"
    assert created["steps"][0]["by"] == "partner"
    filed = ServiceRequest.objects.get()
    assert filed.partner == social.partner
    again = client.get(detail(created["reference"]), **social.auth).json()
    assert again["reference"] == created["reference"]
    assert again["due_at"] == created["due_at"]


def test_a_retried_post_with_the_same_key_files_one_request(desk, social, client):
    headers = {**social.auth, "HTTP_IDEMPOTENCY_KEY": "retry-1"}
    first = client.post(LIST, body(desk), content_type="application/json", **headers)
    second = client.post(LIST, body(desk), content_type="application/json", **headers)
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert first.json()["reference"] == second.json()["reference"]
    assert ServiceRequest.objects.count() == 1
    other = client.post(LIST, body(desk, name="李四"), content_type="application/json", **headers)
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert ServiceRequest.objects.count() == 1


def test_a_partner_sees_only_its_own_requests(desk, partners, client):
    social, health = partners["social_organisation"], partners["health_institution"]
    mine = client.post(LIST, body(desk), content_type="application/json", **social.auth).json()
    theirs = client.post(LIST, body(desk), content_type="application/json", **health.auth).json()
    file_request(desk.center, desk.booking)  # a walk-in: no partner sees it
    listed = client.get(LIST, **social.auth).json()
    assert [r["reference"] for r in listed["results"]] == [mine["reference"]]
    response = client.get(detail(theirs["reference"]), **social.auth)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_partners_that_do_not_file_requests_are_refused(desk, partners, client):
    for kind in ["hospital", "insurer", "caterer", "registration_agent"]:
        response = client.get(LIST, **partners[kind].auth)
        assert response.status_code == 403, kind
        response = client.post(
            LIST, body(desk), content_type="application/json", **partners[kind].auth
        )
        assert response.status_code == 403, kind
    assert not ServiceRequest.objects.exists()


def test_staff_read_their_centers_requests_but_file_them_in_the_admin(
    desk, center_staff, jiushui_staff, client
):
    here = file_request(desk.center, desk.booking)
    file_request(desk.other, desk.booking)
    token = token_issue(user=center_staff, name="desk")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listed = client.get(LIST, **auth).json()
    assert [r["reference"] for r in listed["results"]] == [here.reference]
    assert login(jiushui_staff).get(detail(here.reference)).status_code == 404
    response = client.post(LIST, body(desk), content_type="application/json", **auth)
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"item": "XX99"}, "item", "does_not_exist"),
        ({"center": "nowhere"}, "center", "does_not_exist"),
        ({"phone": "12345"}, "phone", "invalid_phone"),
        ({"answers": {}}, "answers.hospital", "required"),
        ({"item": "YL03"}, "item", "not_offered"),
    ],
)
def test_invalid_requests_get_field_errors_and_save_nothing(
    desk, social, client, changes, field, code
):
    if changes.get("item") == "YL03":
        changes["center"] = desk.other.slug
    response = client.post(
        LIST, body(desk, **changes), content_type="application/json", **social.auth
    )
    assert response.status_code == 400
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in problem["errors"]
    ]
    assert not ServiceRequest.objects.exists()


def test_a_closed_center_is_a_conflict(desk, social, client):
    response = client.post(
        LIST,
        body(desk, center=desk.closed.slug, item="JX01", answers={"lamp": "tube"}, address="x"),
        content_type="application/json",
        **social.auth,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "center_closed"
    assert not ServiceRequest.objects.exists()


def test_the_request_list_runs_a_fixed_number_of_queries(desk, social, center_staff, client):
    client.post(LIST, body(desk), content_type="application/json", **social.auth)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST, **social.auth).status_code == 200
    for _number in range(8):
        client.post(LIST, body(desk), content_type="application/json", **social.auth)
    for filed in ServiceRequest.objects.all()[:4]:
        complete(filed, center_staff)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST, **social.auth).status_code == 200
    # token with its partner, throttle counter, count, the page of requests joined to center,
    # item and assignees, and their steps with their actors
    assert len(many) == len(few) == 5


def test_the_public_statistics_endpoint_sums_up_the_desks(desk, center_staff, client):
    done = complete(file_request(desk.center, desk.booking), center_staff)
    actions.request_rate(service_request=done, rating=4)
    file_request(desk.center, desk.lamp)
    figures = client.get(reverse("desk-api:service-statistics")).json()
    assert (figures["requests"], figures["completed"], figures["average_rating"]) == (2, 1, 4.0)
    assert figures["completed_within_target_share"] == 1.0
    assert sum(row["requests"] for row in figures["requests_per_category_and_month"]) == 2


def transition(reference):
    return reverse("desk-api:service-request-transition", args=[reference])


def test_staff_move_a_request_on_through_the_api_and_illegal_moves_are_409(
    desk, center_staff, client
):
    filed = file_request(desk.center, desk.booking)
    token = token_issue(user=center_staff, name="desk")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    early = client.post(
        transition(filed.reference), {"action": "complete"}, content_type="application/json", **auth
    )
    assert early.status_code == 409
    assert early["Content-Type"] == "application/problem+json"
    assert early.json()["code"] == "illegal_transition"
    for action in ["accept", "start", "complete"]:
        response = client.post(
            transition(filed.reference),
            {"action": action, "note": "已办结"},
            content_type="application/json",
            **auth,
        )
        assert response.status_code == 200, response.json()
    assert response.json()["state"] == "completed"
    assert [s["action"] for s in response.json()["steps"]] == [
        "submitted",
        "accepted",
        "started",
        "completed",
    ]
    no_reason = client.post(
        transition(filed.reference), {"action": "reject"}, content_type="application/json", **auth
    )
    assert no_reason.status_code == 400


def test_staff_cannot_move_another_centers_request(desk, jiushui_staff, client):
    filed = file_request(desk.center, desk.booking)
    response = login(jiushui_staff).post(
        transition(filed.reference), {"action": "accept"}, content_type="application/json"
    )
    assert response.status_code == 404
    filed.refresh_from_db()
    assert filed.state == "submitted"


def test_a_partner_passes_on_one_rating_and_a_second_is_409(desk, social, center_staff, client):
    created = client.post(LIST, body(desk), content_type="application/json", **social.auth).json()
    rating_url = reverse("desk-api:service-request-rating", args=[created["reference"]])
    too_early = client.post(
        rating_url, {"rating": 5}, content_type="application/json", **social.auth
    )
    assert (too_early.status_code, too_early.json()["code"]) == (409, "not_completed")
    complete(ServiceRequest.objects.get(), center_staff)
    first = client.post(
        rating_url, {"rating": 4, "comment": "好"}, content_type="application/json", **social.auth
    )
    assert (first.status_code, first.json()["rating"]) == (200, 4)
    second = client.post(rating_url, {"rating": 1}, content_type="application/json", **social.auth)
    assert (second.status_code, second.json()["code"]) == (409, "already_rated")


def test_a_partner_cancels_its_request_until_work_starts(desk, social, center_staff, client):
    created = client.post(LIST, body(desk), content_type="application/json", **social.auth).json()
    cancel_url = reverse("desk-api:service-request-cancel", args=[created["reference"]])
    filed = ServiceRequest.objects.get()
    actions.request_start(
        service_request=actions.request_accept(service_request=filed, actor=center_staff),
        actor=center_staff,
    )
    started = client.post(
        cancel_url, {"reason": "不需要了"}, content_type="application/json", **social.auth
    )
    assert (started.status_code, started.json()["code"]) == (409, "illegal_transition")
    other = file_request(desk.center, desk.booking)  # not this partner's: not found
    response = client.post(
        reverse("desk-api:service-request-cancel", args=[other.reference]),
        {"reason": "x"},
        content_type="application/json",
        **social.auth,
    )
    assert response.status_code == 404


def test_the_schema_documents_the_desk_but_not_open311(client, db):
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/service-requests/"])
    assert "409" in paths["/api/v1/service-requests/{reference}/rating/"]["post"]["responses"]
    assert "/api/v1/centers/" in paths
    assert not any(path.startswith("/open311/") for path in paths)
