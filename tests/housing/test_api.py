"""The partner API: the agent reads and moves its estates' cases, with the same rules as staff."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from housing import actions
from housing.models import STEPS, Case, HoldReason, Step
from tests.housing.conftest import complete_documents

pytestmark = pytest.mark.django_db

LIST = "/api/v1/housing/cases/"


def transition(client, case_number, to, note="", **headers):
    return client.post(
        f"/api/v1/housing/cases/{case_number}/transition/",
        {"to": to, "note": note},
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def api(agent):
    return Client(**agent.auth)


def test_the_agent_walks_a_case_to_its_certificate_and_is_refused_skips_and_steps_back(
    api, estate, make_case, housing_staff
):
    case = make_case(estate)
    # a missing document: refused with the items named
    refused = transition(api, case.case_number, Step.DOCUMENTS_COMPLETE)
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "documents_missing"
    assert "身份证" in refused.json()["detail"]
    # a skipped step
    refused = transition(api, case.case_number, Step.TAX_ASSESSED)
    assert refused.status_code == 409 and refused.json()["code"] == "step_skipped"
    complete_documents(case, housing_staff)
    for step in STEPS[1:]:
        response = transition(api, case.case_number, step, note="代办公司现场办理")
        assert response.status_code == 200, response.json()
        assert response.json()["step"] == step
    body = response.json()
    assert body["case_number"] == case.case_number and body["next_step"] is None
    # going back without a correction
    refused = transition(api, case.case_number, Step.REGISTERED)
    assert refused.status_code == 409 and refused.json()["code"] == "step_skipped"
    moves = case.moves.order_by("at", "pk")
    assert all(m.by_partner_id == estate.agent_id for m in moves)


def test_a_held_case_is_refused_with_on_hold(api, estate, make_case, housing_staff):
    case = make_case(estate)
    actions.case_hold(case=case, reason=HoldReason.OWNER_ABROAD, by=housing_staff)
    refused = transition(api, case.case_number, Step.DOCUMENTS_COMPLETE)
    assert refused.status_code == 409 and refused.json()["code"] == "on_hold"


def test_a_bad_step_is_a_field_error(api, estate, make_case):
    case = make_case(estate)
    response = transition(api, case.case_number, "flying")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "to"


def test_the_list_shows_the_contract_fields_and_filters(api, estate, make_case, housing_staff):
    held = make_case(estate, kind="shop")
    actions.case_hold(case=held, reason=HoldReason.UNPAID_BALANCE, by=housing_staff)
    ready = make_case(estate)
    complete_documents(ready, housing_staff)
    body = api.get(LIST).json()
    assert body["count"] == 2
    row = next(r for r in body["results"] if r["case_number"] == held.case_number)
    assert row["estate"] == "ygz-north"
    assert row["unit"] == {
        "building": "1",
        "entrance": "1",
        "room": held.unit.room,
        "kind": "shop",
        "floor_area": "68.50",
    }
    assert row["step"] == "not_started" and row["on_hold"] is True
    assert row["hold_reason"] == "unpaid_balance"
    assert [d["code"] for d in row["missing_documents"]] == [
        "id_card",
        "household_book",
        "agreement",
    ]
    assert "owners" not in row and "id_number" not in str(row)
    assert api.get(LIST, {"on_hold": "true"}).json()["count"] == 1
    assert api.get(LIST, {"step": "not_started", "estate": "ygz-north"}).json()["count"] == 2
    assert api.get(LIST, {"estate": "other"}).json()["count"] == 0
    ready_row = api.get(LIST, {"on_hold": "false"}).json()["results"][0]
    assert ready_row["missing_documents"] == []


def test_the_agent_cannot_see_or_move_another_estates_cases(
    api, estate, other_estate, make_case, housing_staff
):
    mine = make_case(estate)
    theirs = make_case(other_estate)
    complete_documents(theirs, housing_staff)
    numbers = [r["case_number"] for r in api.get(LIST).json()["results"]]
    assert numbers == [mine.case_number]
    assert api.get(LIST, {"estate": "other"}).json()["count"] == 0
    assert api.get(f"{LIST}{theirs.case_number}/").status_code == 404
    moved = transition(api, theirs.case_number, Step.DOCUMENTS_COMPLETE)
    assert moved.status_code == 404 and moved.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.step == Step.NOT_STARTED


def test_other_partners_and_anonymous_callers_are_kept_out(partners, estate, make_case):
    case = make_case(estate)
    hospital = Client(**partners["hospital"].auth)
    assert hospital.get(LIST).status_code == 403
    assert transition(hospital, case.case_number, Step.DOCUMENTS_COMPLETE).status_code == 403
    assert Client().get(LIST).status_code == 401


def test_staff_of_another_subdistrict_see_nothing_of_the_estate(
    jiushui_staff, estate, make_case, staff_token
):
    make_case(estate)
    client = Client()
    client.force_login(jiushui_staff)
    assert client.get(LIST).json()["count"] == 0


def test_a_repeated_idempotency_key_replays_the_move(api, estate, make_case, housing_staff):
    case = make_case(estate)
    complete_documents(case, housing_staff)
    key = {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}
    first = transition(api, case.case_number, Step.DOCUMENTS_COMPLETE, **key)
    again = transition(api, case.case_number, Step.DOCUMENTS_COMPLETE, **key)
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert first.json() == again.json()
    assert case.moves.count() == 1
    other = transition(api, case.case_number, Step.TAX_ASSESSED, **key)
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"


def test_the_problem_codes_are_explained(client):
    for code in ["step_skipped", "documents_missing", "on_hold"]:
        assert client.get(f"/api/problems/{code}").status_code == 200


def test_the_case_list_runs_a_fixed_number_of_queries(api, estate, make_case, housing_staff):
    make_case(estate)
    api.get(LIST)
    with CaptureQueriesContext(connection) as one:
        assert api.get(LIST).json()["count"] == 1
    for _ in range(5):
        case = make_case(estate)
        complete_documents(case, housing_staff)
    with CaptureQueriesContext(connection) as six:
        assert api.get(LIST).json()["count"] == 6
    # token, count, the page of cases with unit and estate, their estates' checklists, their
    # documents
    assert len(one) == len(six)


def test_every_change_of_a_case_keeps_an_audit_history(api, estate, make_case, housing_staff):
    case = make_case(estate)
    complete_documents(case, housing_staff)
    transition(api, case.case_number, Step.DOCUMENTS_COMPLETE)
    events = Case.pgh_event_model.objects.filter(pgh_obj=case).order_by("pgh_id")
    assert [e.step for e in events] == ["not_started", "documents_complete"]
    assert events.last().pgh_context.metadata["partner"] == estate.agent.name
