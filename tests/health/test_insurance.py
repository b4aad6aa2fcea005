"""Hospital-accompany insurance: claims against yearly caps, over the insurer's API."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health import actions
from health.models import InsuranceClaim, InsuranceRule, UsageLedger
from licang.errors import ConflictError
from tests import factories
from tests.health.conftest import make_insured, post

CLAIMS = reverse("health-api:claim-list")
BALANCE = reverse("health-api:balance")


def hospital_care(resident, days, incident="2026-03-01"):
    return {
        "id_number": resident.id_number,
        "claim_type": "hospital_care",
        "incident_date": incident,
        "days": days,
    }


def test_a_person_is_walked_through_the_hospital_care_cap(insured, insurer, client):
    first = post(client, CLAIMS, insurer, hospital_care(insured, 30))
    assert first.status_code == 201
    assert first.json()["amount_payable"] == "6000.00"
    assert first.json()["status"] == "submitted"

    balance = post(client, BALANCE, insurer, {"id_number": insured.id_number, "year": 2026})
    care = balance.json()["caps"][0]
    assert (care["claim_type"], care["days_left"], care["left"]) == (
        "hospital_care",
        60,
        "12000.00",
    )

    second = post(client, CLAIMS, insurer, hospital_care(insured, 70, "2026-04-10"))
    assert second.status_code == 201
    body = second.json()
    assert body["amount_payable"] == "12000.00"
    assert body["days_payable"] == 60
    assert "90天中还剩60天" in body["reason"]  # Chinese is the default language

    third = post(client, CLAIMS, insurer, hospital_care(insured, 5, "2026-05-20"))
    assert third.status_code == 409
    assert third["Content-Type"] == "application/problem+json"
    assert third.json()["code"] == "cap_exhausted"
    assert "2026年90天住院护理补贴已全部用完" in third.json()["detail"]
    assert InsuranceClaim.objects.count() == 2

    balance = post(client, BALANCE, insurer, {"id_number": insured.id_number, "year": 2026})
    assert balance.json()["caps"][0]["days_left"] == 0
    assert balance.json()["caps"][0]["left"] == "0.00"


def test_admission_and_discharge_dates_give_the_days(insured, insurer, client):
    response = post(
        client,
        CLAIMS,
        insurer,
        {
            "id_number": insured.id_number,
            "claim_type": "hospital_care",
            "incident_date": "2026-02-01",
            "admission_date": "2026-02-01",
            "discharge_date": "2026-02-11",
        },
    )
    assert response.status_code == 201
    assert response.json()["days"] == 10
    assert response.json()["amount_payable"] == "2000.00"


def test_an_amount_claim_is_limited_by_what_is_left_of_its_cap(insured, insurer, client):
    def claim(amount):
        return post(
            client,
            CLAIMS,
            insurer,
            {
                "id_number": insured.id_number,
                "claim_type": "accidental_medical",
                "incident_date": "2026-05-01",
                "amount_claimed": amount,
            },
        )

    assert claim("1500.00").json()["amount_payable"] == "1500.00"
    assert claim("1000.00").json()["amount_payable"] == "500.00"
    refused = claim("10.00")
    assert refused.status_code == 409
    assert "2000.00元年度限额已用完" in refused.json()["detail"]
    # the other caps are untouched
    caps = {
        c["claim_type"]: c["left"]
        for c in post(
            client, BALANCE, insurer, {"id_number": insured.id_number, "year": 2026}
        ).json()["caps"]
    }
    assert caps == {
        "hospital_care": "18000.00",
        "accidental_death": "11000.00",
        "accidental_disability": "11000.00",
        "accidental_medical": "0.00",
        "major_disease": "1000.00",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"claim_type": "hospital_care"}, "days"),
        ({"claim_type": "hospital_care", "days": 3, "amount_claimed": "10.00"}, "amount_claimed"),
        ({"claim_type": "major_disease"}, "amount_claimed"),
        ({"claim_type": "major_disease", "amount_claimed": "100.00", "days": 2}, "days"),
        ({"claim_type": "flood", "days": 2}, "claim_type"),
        (
            {"claim_type": "hospital_care", "days": 2, "incident_date": "2026-07-01"},
            "incident_date",
        ),
    ],
)
def test_an_invalid_claim_is_refused_with_field_errors(insured, insurer, client, body, field):
    payload = {"id_number": insured.id_number, "incident_date": "2026-03-01", **body}
    response = post(client, CLAIMS, insurer, payload)
    assert response.status_code == 400
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not InsuranceClaim.objects.exists()


def test_an_unknown_or_malformed_id_number_is_a_field_error(insured, insurer, client):
    unknown = factories.id_number_for(datetime.date(1950, 1, 1))
    response = post(client, CLAIMS, insurer, {**hospital_care(insured, 3), "id_number": unknown})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "id_number"
    response = post(client, CLAIMS, insurer, {**hospital_care(insured, 3), "id_number": "1234"})
    assert response.status_code == 400


def test_a_person_without_a_policy_is_refused_with_the_reason(district, rules, insurer, client):
    parent = factories.make_resident(
        district.licun_a, special_family_planning=True, registered_in_licang=True
    )
    response = post(client, CLAIMS, insurer, hospital_care(parent, 3))
    assert response.status_code == 409
    assert response.json()["code"] == "not_insured"


def test_only_the_insurer_submits_claims(insured, partners, client, district_admin):
    for kind in ["hospital", "health_institution", "caterer"]:
        assert post(client, CLAIMS, partners[kind], hospital_care(insured, 3)).status_code == 403
    assert client.post(CLAIMS, {}, content_type="application/json").status_code == 401


def test_a_retried_claim_with_the_same_key_is_filed_once(insured, insurer, client):
    body = hospital_care(insured, 30)
    first = post(client, CLAIMS, insurer, body, HTTP_IDEMPOTENCY_KEY="claim-42")
    again = post(client, CLAIMS, insurer, body, HTTP_IDEMPOTENCY_KEY="claim-42")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert InsuranceClaim.objects.count() == 1
    assert UsageLedger.objects.get(benefit="hospital_care").used_units == 30
    other = post(
        client, CLAIMS, insurer, hospital_care(insured, 31), HTTP_IDEMPOTENCY_KEY="claim-42"
    )
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"


def test_claims_move_from_submitted_to_approved_to_paid(insured, insurer, health_staff, client):
    claim = actions.claim_submit(
        resident=insured,
        claim_type="hospital_care",
        incident_date=datetime.date(2026, 3, 1),
        days=10,
        submitted_by=insurer.partner,
    )
    payment = reverse("health-api:claim-payment", args=[claim.public_id])
    early = post(client, payment, insurer, {"paid_on": "2026-06-01"})
    assert early.status_code == 409
    assert early.json()["code"] == "invalid_transition"

    actions.claim_approve(claim=claim, by=health_staff)
    paid = post(client, payment, insurer, {"paid_on": "2026-06-01", "payment_reference": "TX-1"})
    assert paid.status_code == 200
    assert paid.json()["status"] == "paid"
    assert paid.json()["paid_on"] == "2026-06-01"
    ledger = UsageLedger.objects.get(benefit="hospital_care")
    assert (ledger.used_units, ledger.used_amount, ledger.paid_amount) == (
        10,
        Decimal("2000.00"),
        Decimal("2000.00"),
    )
    # the history of every change is kept
    assert [e.status for e in claim.events.order_by("pgh_id")] == ["submitted", "approved", "paid"]


def test_a_rejected_claim_gives_its_days_back(insured, insurer, health_staff):
    claim = actions.claim_submit(
        resident=insured,
        claim_type="hospital_care",
        incident_date=datetime.date(2026, 3, 1),
        days=90,
    )
    with pytest.raises(ConflictError):
        actions.claim_submit(
            resident=insured,
            claim_type="hospital_care",
            incident_date=datetime.date(2026, 4, 1),
            days=1,
        )
    actions.claim_reject(claim=claim, by=health_staff, reason="出院记录与住院天数不符")
    again = actions.claim_submit(
        resident=insured,
        claim_type="hospital_care",
        incident_date=datetime.date(2026, 4, 1),
        days=80,
    )
    assert again.amount_payable == Decimal("16000.00")
    claim.refresh_from_db()
    assert claim.status == "rejected"
    assert claim.rejection_reason == "出院记录与住院天数不符"


def test_next_years_cap_is_an_admin_edit_and_past_decisions_keep_their_rule(
    insured, insurer, health_staff, client
):
    first = post(client, CLAIMS, insurer, hospital_care(insured, 10)).json()
    rule = InsuranceRule.objects.get(year=2026)
    rule.daily_allowance = Decimal("250.00")
    client.force_login(health_staff)
    response = client.post(
        reverse("admin:health_insurancerule_change", args=[rule.pk]),
        {
            **{f.name: getattr(rule, f.attname) for f in rule._meta.concrete_fields},
            "requires_licang_registration": "on",
            "note": "",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.daily_allowance, rule.version) == (Decimal("250.00"), 2)

    second = post(client, CLAIMS, insurer, hospital_care(insured, 10, "2026-04-01")).json()
    assert second["amount_payable"] == "2500.00"
    assert second["rule"] == {"year": 2026, "version": 2}
    past = client.get(reverse("health-api:claim-detail", args=[first["id"]]), **insurer.auth).json()
    assert past["amount_payable"] == "2000.00"
    assert past["rule"] == {"year": 2026, "version": 1}
    assert "× 200.00元" in past["reason"]


def test_the_insurer_sees_only_claims_on_its_own_policies(district, rules, insurer, client):
    mine = make_insured(district.licun_a, insurer, name="甲")
    other_insurer = factories.make_partner("insurer", name="另一家保险公司")
    from tests.conftest import PartnerPersona

    other = PartnerPersona(*other_insurer)
    theirs = make_insured(district.licun_b, other, name="乙")
    mine_claim = post(client, CLAIMS, insurer, hospital_care(mine, 3)).json()
    theirs_claim = post(client, CLAIMS, other, hospital_care(theirs, 3)).json()
    names = [c["name"] for c in client.get(CLAIMS, **insurer.auth).json()["results"]]
    assert names == ["甲"]
    assert (
        client.get(
            reverse("health-api:claim-detail", args=[theirs_claim["id"]]), **insurer.auth
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("health-api:claim-detail", args=[mine_claim["id"]]), **other.auth
        ).status_code
        == 404
    )
    # the other insurer cannot file on a person insured elsewhere, nor read their balance
    assert post(client, CLAIMS, other, hospital_care(mine, 3)).json()["code"] == "other_insurer"
    assert (
        post(client, BALANCE, other, {"id_number": mine.id_number, "year": 2026}).status_code == 404
    )


def test_responses_mask_id_numbers(insured, insurer, client):
    body = post(client, CLAIMS, insurer, hospital_care(insured, 3)).json()
    assert body["id_number"] == insured.masked_id_number
    listing = client.get(CLAIMS, **insurer.auth).content.decode()
    assert insured.id_number not in listing


def test_the_claim_list_filters_by_date_and_status(insured, insurer, health_staff, client):
    for day, days in [("2026-01-10", 3), ("2026-03-10", 4), ("2026-05-10", 5)]:
        post(client, CLAIMS, insurer, hospital_care(insured, days, day))
    actions.claim_approve(claim=InsuranceClaim.objects.get(days=4), by=health_staff)

    def days_of(**params):
        body = client.get(CLAIMS, params, **insurer.auth).json()
        return sorted(c["days"] for c in body["results"])

    assert days_of(date_from="2026-02-01") == [4, 5]
    assert days_of(date_to="2026-04-01") == [3, 4]
    assert days_of(status="approved") == [4]
    assert days_of(status="submitted", date_from="2026-02-01") == [5]


def test_the_claim_list_runs_a_fixed_number_of_queries(district, rules, insurer, client):
    first = make_insured(district.licun_a, insurer, name="一")
    post(client, CLAIMS, insurer, hospital_care(first, 3))
    with CaptureQueriesContext(connection) as few:
        assert client.get(CLAIMS, **insurer.auth).status_code == 200
    for i in range(6):
        person = make_insured(district.licun_b, insurer, name=f"多{i}")
        post(client, CLAIMS, insurer, hospital_care(person, 3))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(CLAIMS, **insurer.auth).json()["results"]) == 7
    # token, throttle counter, count, page of claims joined to policy, resident, community,
    # insurer and decider
    assert len(many) == len(few) == 4
