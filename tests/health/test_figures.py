"""Figures for the admin, the public statistics page and the JSON endpoint."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health import actions
from health.models import HospitalDesignation
from tests.factories import make_partner, make_resident
from tests.health.conftest import make_insured

FIGURES = reverse("health-api:figures")


def build_year(district, site, hospital, insurer, health_staff):
    for i, (birth, registered) in enumerate(
        [
            (datetime.date(1963, 1, 1), True),
            (datetime.date(1950, 1, 1), False),
            (datetime.date(1940, 1, 1), True),
        ]
    ):
        person = make_resident(
            district.licun_a, birth=birth, registered_in_licang=registered, name=f"体检{i}"
        )
        actions.checkup_record(resident=person, site=site, check_date=datetime.date(2026, 4, 1))
    patient = make_resident(
        district.licun_a, birth=datetime.date(1950, 5, 5), registered_in_licang=True
    )
    for eye in ["left", "right"]:
        actions.cataract_case_file(
            resident=patient,
            hospital=hospital.partner,
            eye=eye,
            surgery_date=datetime.date(2026, 5, 1),
            indication_confirmed=True,
            consent_confirmed=True,
        )
    person = make_insured(district.licun_b, insurer)
    paid = actions.claim_submit(
        resident=person,
        claim_type="hospital_care",
        incident_date=datetime.date(2026, 2, 1),
        days=10,
    )
    actions.claim_approve(claim=paid, by=health_staff)
    actions.claim_pay(claim=paid, paid_on=datetime.date(2026, 3, 1))
    actions.claim_submit(
        resident=person,
        claim_type="major_disease",
        incident_date=datetime.date(2026, 3, 1),
        amount_claimed=1000,
    )


def test_the_figures_count_claims_checks_cases_and_budgets(
    district, rules, site, hospital, insurer, health_staff, client
):
    build_year(district, site, hospital, insurer, health_staff)
    body = client.get(FIGURES, {"year": 2026}).json()
    assert body["insurance"]["paid_count"] == 1
    assert body["insurance"]["paid_amount"] == "2000.00"
    assert body["insurance"]["by_status"] == {
        "submitted": 1,
        "approved": 0,
        "rejected": 0,
        "paid": 1,
    }
    checks = body["checkups"]
    assert (checks["target"], checks["done"], checks["percent_of_target"]) == (10, 3, "30.0")
    assert {b["band"]: b["done"] for b in checks["by_age_band"]} == {
        "60-64": 1,
        "65-79": 1,
        "80+": 1,
    }
    assert checks["not_registered_in_licang"] == 1
    hospitals = body["cataract"]["by_hospital"]
    assert hospitals == [
        {"hospital": hospital.partner.name, "designated": True, "cases": 2, "amount": "2400.00"}
    ]
    budgets = {b["program"]: b for b in body["budgets"]}
    assert budgets["insurance"]["committed"] == "2000.00"
    assert budgets["checkup"]["paid"] == "300.00"


def test_a_designated_hospital_without_cases_is_listed(district, rules, hospital, client):
    partner, _t, _s = make_partner("hospital", name="青岛新视界眼科医院")
    actions.designation_save(
        designation=HospitalDesignation(partner=partner, valid_from=datetime.date(2020, 1, 1))
    )
    body = client.get(FIGURES, {"year": 2026}).json()
    assert {h["hospital"] for h in body["cataract"]["by_hospital"]} == {
        hospital.partner.name,
        "青岛新视界眼科医院",
    }


def test_the_figures_run_a_fixed_number_of_queries(
    district, rules, site, hospital, insurer, health_staff, client
):
    with CaptureQueriesContext(connection) as few:
        client.get(FIGURES, {"year": 2026})
    build_year(district, site, hospital, insurer, health_staff)
    with CaptureQueriesContext(connection) as many:
        client.get(FIGURES, {"year": 2026})
    # throttle counter, claims by type and status, check rule, checks by band, designations,
    # cases by hospital, budgets
    assert len(many) == len(few) == 7


def test_the_public_statistics_page_shows_the_health_programs(
    district, rules, site, hospital, insurer, health_staff, client
):
    build_year(district, site, hospital, insurer, health_staff)
    page = client.get(reverse("statistics"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Health subsidies 2026" in page
    assert "Cataract cases by hospital" in page
    assert "30.0%" in page
    assert reverse("health-api:figures") in page


def test_the_home_page_links_to_the_eligibility_check(rules, client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("health:eligibility") in page
    assert "Health checks in 2026" in page


def test_the_programs_page_states_this_years_rules(rules, hospital, site, client):
    page = client.get(reverse("health:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "200.00 yuan a day in hospital, at most 90 days a year" in page
    assert "1200.00 yuan per eye" in page
    assert hospital.partner.name in page
    assert site.name in page


def test_the_public_statistics_page_groups_digits_and_shows_no_internal_note(
    district, rules, site, hospital, insurer, health_staff, client
):
    checkup_rule = rules["checkup"]
    checkup_rule.note = "演示数据：目标按辖区人数缩放"
    actions.rule_save(rule=checkup_rule)
    build_year(district, site, hospital, insurer, health_staff)
    page = client.get(reverse("statistics")).content.decode()
    assert "1,000,000.00" in page  # each program's budget
    assert "2,000.00" in page  # ten hospital days paid at 200 yuan
    assert "1000000.00" not in page
    assert "演示数据" not in page
