"""Cataract-surgery aid: cases filed by designated hospitals, once per eye."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health import actions
from health.models import Budget, CataractCase, HospitalDesignation
from tests.conftest import PartnerPersona
from tests.factories import make_partner, make_resident
from tests.health.conftest import post

CASES = reverse("health-api:cataract-list")


@pytest.fixture
def patient(district, rules):
    return make_resident(
        district.licun_a, birth=datetime.date(1950, 8, 8), registered_in_licang=True, name="赵玉兰"
    )


def case_body(person, eye="left", **extra):
    return {
        "id_number": person.id_number,
        "eye": eye,
        "surgery_date": "2026-05-20",
        "indication_confirmed": True,
        "consent_confirmed": True,
        **extra,
    }


def test_a_non_designated_hospitals_token_cannot_file_a_case(
    patient, undesignated_hospital, client
):
    response = post(client, CASES, undesignated_hospital, case_body(patient))
    assert response.status_code == 403
    assert response.json()["code"] == "hospital_not_designated"
    assert "定点医院" in response.json()["detail"]
    assert not CataractCase.objects.exists()


def test_a_designated_hospital_files_a_case_once_per_eye(patient, hospital, client):
    first = post(client, CASES, hospital, case_body(patient, "left"))
    assert first.status_code == 201
    assert first.json()["subsidy_amount"] == "1200.00"
    assert first.json()["status"] == "filed"

    again = post(client, CASES, hospital, case_body(patient, "left", surgery_date="2026-06-01"))
    assert again.status_code == 409
    assert again.json()["code"] == "eye_already_treated"
    assert again.json()["detail"] == "左眼已有白内障手术补助病例。"

    other_eye = post(client, CASES, hospital, case_body(patient, "right"))
    assert other_eye.status_code == 201
    assert CataractCase.objects.count() == 2


def test_a_retried_filing_with_the_same_key_files_one_case(patient, hospital, client):
    first = post(client, CASES, hospital, case_body(patient), HTTP_IDEMPOTENCY_KEY="op-7")
    retry = post(client, CASES, hospital, case_body(patient), HTTP_IDEMPOTENCY_KEY="op-7")
    assert first.status_code == retry.status_code == 201
    assert retry.json()["id"] == first.json()["id"]
    assert CataractCase.objects.count() == 1
    different = post(
        client, CASES, hospital, case_body(patient, "right"), HTTP_IDEMPOTENCY_KEY="op-7"
    )
    assert different.status_code == 409
    assert CataractCase.objects.count() == 1


def test_a_resident_registered_elsewhere_is_refused(district, rules, hospital, client):
    person = make_resident(
        district.licun_a,
        birth=datetime.date(1950, 1, 1),
        region="410102",
        registered_in_licang=False,
    )
    response = post(client, CASES, hospital, case_body(person))
    assert response.status_code == 409
    assert response.json()["code"] == "not_eligible"
    assert "户籍不在李沧区" in response.json()["detail"]


@pytest.mark.parametrize("field", ["indication_confirmed", "consent_confirmed"])
def test_indication_and_consent_must_be_confirmed(patient, hospital, client, field):
    response = post(client, CASES, hospital, case_body(patient, **{field: False}))
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_a_surgery_outside_the_designation_period_is_refused(patient, client, db):
    partner, _token, secret = make_partner("hospital", name="青岛眼科医院北院区")
    actions.designation_save(
        designation=HospitalDesignation(partner=partner, valid_from=datetime.date(2026, 6, 1))
    )
    response = post(client, CASES, PartnerPersona(partner, _token, secret), case_body(patient))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "surgery_date"


def test_staff_approve_and_mark_a_case_paid(patient, hospital, health_staff, client):
    case = actions.cataract_case_file(
        resident=patient,
        hospital=hospital.partner,
        eye="right",
        surgery_date=datetime.date(2026, 5, 2),
        indication_confirmed=True,
        consent_confirmed=True,
    )
    actions.cataract_case_approve(case=case, by=health_staff)
    actions.cataract_case_pay(case=case, paid_on=datetime.date(2026, 6, 1))
    budget = Budget.objects.get(program="cataract", year=2026)
    assert (budget.committed, budget.paid) == (Decimal("1200.00"), Decimal("1200.00"))
    detail = client.get(
        reverse("health-api:cataract-detail", args=[case.public_id]), **hospital.auth
    )
    assert detail.json()["status"] == "paid"


def test_a_rejected_case_lets_the_eye_be_filed_again(patient, hospital, health_staff):
    case = actions.cataract_case_file(
        resident=patient,
        hospital=hospital.partner,
        eye="left",
        surgery_date=datetime.date(2026, 5, 2),
        indication_confirmed=True,
        consent_confirmed=True,
    )
    actions.cataract_case_reject(case=case, by=health_staff, reason="诊断不符合手术指征")
    again = actions.cataract_case_file(
        resident=patient,
        hospital=hospital.partner,
        eye="left",
        surgery_date=datetime.date(2026, 6, 2),
        indication_confirmed=True,
        consent_confirmed=True,
    )
    assert again.status == "filed"


def test_a_hospital_sees_only_its_own_cases(patient, hospital, district, client):
    other, token, secret = make_partner("hospital", name="青岛市第三人民医院")
    actions.designation_save(
        designation=HospitalDesignation(partner=other, valid_from=datetime.date(2020, 1, 1))
    )
    other_persona = PartnerPersona(other, token, secret)
    mine = post(client, CASES, hospital, case_body(patient, "left")).json()
    theirs = post(client, CASES, other_persona, case_body(patient, "right")).json()
    assert [c["id"] for c in client.get(CASES, **hospital.auth).json()["results"]] == [mine["id"]]
    detail = reverse("health-api:cataract-detail", args=[theirs["id"]])
    assert client.get(detail, **hospital.auth).status_code == 404
    assert client.get(detail, **other_persona.auth).status_code == 200


def test_the_case_list_filters_by_date_and_status(district, rules, hospital, client):
    for i, day in enumerate(["2026-01-05", "2026-03-05", "2026-05-05"]):
        person = make_resident(
            district.licun_a, birth=datetime.date(1950, 1, 1 + i), registered_in_licang=True
        )
        post(client, CASES, hospital, case_body(person, surgery_date=day))

    def dates(**params):
        return sorted(
            c["surgery_date"] for c in client.get(CASES, params, **hospital.auth).json()["results"]
        )

    assert dates(date_from="2026-02-01") == ["2026-03-05", "2026-05-05"]
    assert dates(date_to="2026-02-01", status="filed") == ["2026-01-05"]
    assert dates(status="paid") == []


def test_the_case_list_runs_a_fixed_number_of_queries(district, rules, hospital, client):
    first = make_resident(district.licun_a, name="一", registered_in_licang=True)
    post(client, CASES, hospital, case_body(first))
    with CaptureQueriesContext(connection) as few:
        assert client.get(CASES, **hospital.auth).status_code == 200
    for i in range(6):
        person = make_resident(
            district.licun_b,
            birth=datetime.date(1950, 2, 1 + i),
            name=f"多{i}",
            registered_in_licang=True,
        )
        post(client, CASES, hospital, case_body(person, "right"))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(CASES, **hospital.auth).json()["results"]) == 7
    # token, throttle counter, count, page of cases joined to resident, community, hospital and
    # decider
    assert len(many) == len(few) == 4
