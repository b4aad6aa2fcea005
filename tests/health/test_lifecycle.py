"""One decision lifecycle for claims and cataract cases, one reach rule for partners' lookups,
age bands from the year's rule, and an admin that refuses on the form and deletes nothing."""

import datetime

import pytest
from django.contrib import admin as django_admin
from django.contrib.messages import SUCCESS
from django.urls import reverse

from health import actions, eligibility
from health.actions.decisions import decision_moves
from health.models import (
    AgeBand,
    CataractCase,
    CheckSite,
    Checkup,
    CheckupRule,
    HospitalDesignation,
    InsuranceClaim,
    age_band_label,
    age_band_of,
)
from licang.errors import ConflictError
from tests.conftest import login
from tests.factories import make_partner, make_resident
from tests.health.conftest import post

BALANCE = reverse("health-api:balance")
CHECKUPS = reverse("health-api:checkup-list")
ELIGIBILITY = reverse("health-api:eligibility")


def claim_of(resident):
    return actions.claim_submit(
        resident=resident,
        claim_type="hospital_care",
        incident_date=datetime.date(2026, 3, 1),
        days=2,
    )


def case_of(district, hospital):
    return actions.cataract_case_file(
        resident=make_resident(
            district.licun_a, birth=datetime.date(1950, 1, 1), registered_in_licang=True
        ),
        hospital=hospital.partner,
        eye="left",
        surgery_date=datetime.date(2026, 5, 1),
        indication_confirmed=True,
        consent_confirmed=True,
    )


# --- One lifecycle ------------------------------------------------------------------------------


def test_claims_and_cases_move_through_the_same_lifecycle(
    district, insured, hospital, health_staff
):
    for record in [claim_of(insured), case_of(district, hospital)]:
        assert decision_moves(record) == ["approve", "reject"]
        record = actions.decision_approve(record=record, by=health_staff)
        assert decision_moves(record) == ["pay"]
        record = actions.decision_pay(record=record, paid_on=datetime.date(2026, 6, 1))
        assert decision_moves(record) == []
        with pytest.raises(ConflictError) as refused:
            actions.decision_reject(record=record, by=health_staff, reason="晚了")
        assert refused.value.code == "invalid_transition"
    assert set(InsuranceClaim.objects.values_list("status", flat=True)) == {"paid"}
    assert set(CataractCase.objects.values_list("status", flat=True)) == {"paid"}


def test_the_review_page_offers_only_the_moves_the_lifecycle_allows(insured, health_staff):
    claim = claim_of(insured)
    client = login(health_staff)
    review = reverse("admin:health_insuranceclaim_review", args=[claim.pk])
    change = reverse("admin:health_insuranceclaim_change", args=[claim.pk])
    choices = client.get(review).context["form"].fields["decision"].choices
    assert [value for value, _label in choices] == ["approve", "reject"]
    actions.claim_approve(claim=claim, by=health_staff)
    choices = client.get(review).context["form"].fields["decision"].choices
    assert [value for value, _label in choices] == ["pay"]
    actions.claim_pay(claim=claim, paid_on=datetime.date(2026, 6, 1))
    assert review not in client.get(change).content.decode()  # no Review button when paid
    refused = client.post(review, {"decision": "approve"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["decision"]


# --- Partners reach whom they serve or may enrol ------------------------------------------------


def test_the_insurer_reaches_only_special_family_parents_and_its_insured(
    district, rules, insurer, insured, client
):
    neighbour = make_resident(district.licun_a, birth=datetime.date(1958, 1, 1), name="邻居")
    refused = post(client, BALANCE, insurer, {"id_number": neighbour.id_number, "year": 2026})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "id_number"
    assert (
        post(client, BALANCE, insurer, {"id_number": insured.id_number, "year": 2026}).status_code
        == 200
    )


def test_an_institution_reaches_only_people_of_check_age_by_the_end_of_the_year(
    district, rules, site, institution, client
):
    young = make_resident(district.licun_a, birth=datetime.date(1980, 1, 1), name="年轻人")
    turning = make_resident(
        district.licun_a,
        birth=datetime.date(1966, 12, 31),
        registered_in_licang=True,
        name="年底满60",
    )
    body = {"check_date": "2026-06-01", "site": site.code}
    refused = post(client, CHECKUPS, institution, {**body, "id_number": young.id_number})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "id_number"
    # reachable: the decision itself says why not yet (59 on the check date)
    too_young = post(client, CHECKUPS, institution, {**body, "id_number": turning.id_number})
    assert too_young.status_code == 409
    asked = post(client, ELIGIBILITY, institution, {"id_number": young.id_number}).json()
    assert asked["in_registry"] is False


def test_staff_still_reach_everyone_in_their_scope(district, rules, staff_token, client):
    young = make_resident(district.licun_a, birth=datetime.date(1980, 1, 1))
    body = post(client, ELIGIBILITY, staff_token, {"id_number": young.id_number}).json()
    assert body["in_registry"] is True


def test_the_page_and_the_api_build_facts_the_same_way(district, rules):
    resident = make_resident(district.licun_a, birth=datetime.date(1950, 1, 1))
    on = datetime.date(2026, 6, 1)
    assert eligibility.facts_for(on, resident=resident) == eligibility.Facts.of(resident, on)
    unknown = eligibility.facts_for(on, birth_date=datetime.date(1950, 1, 1), in_registry=False)
    assert (unknown.in_registry, unknown.age) == (False, 76)


# --- Age bands from the rule --------------------------------------------------------------------


def test_the_age_bands_come_from_the_years_rule(district, rules, site):
    rule = rules["checkup"]
    assert (rule.oldest_band_from, age_band_of(82, rule)) == (80, AgeBand.OLDEST)
    later = actions.rule_save(
        rule=CheckupRule(year=2027, min_age_anyone=66, min_age_registered=61, oldest_band_from=85)
    )
    assert age_band_of(82, later) == AgeBand.ANYONE
    assert age_band_of(65, later) == AgeBand.REGISTERED_ONLY
    assert age_band_of(60, later) == AgeBand.OTHER
    assert age_band_label(AgeBand.ANYONE, later) == "66–84岁"
    assert age_band_label(AgeBand.OLDEST, later) == "85岁及以上"


def test_a_check_is_banded_by_its_years_rule(district, rules, site):
    rule = rules["checkup"]
    rule.oldest_band_from = 90
    actions.rule_save(rule=rule)
    elder = make_resident(
        district.licun_a, birth=datetime.date(1940, 1, 1), registered_in_licang=True
    )
    check = actions.checkup_record(resident=elder, site=site, check_date=datetime.date(2026, 5, 1))
    assert (check.age_on_check, check.age_band) == (86, AgeBand.ANYONE)


def test_the_api_describes_the_check_rule_without_its_numbers(db, client):
    english = client.get(reverse("api-schema"), {"lang": "en"})
    schema = " ".join(english.content.decode().split())
    start = schema.index("Eligibility is measured on")
    description = schema[start : start + 500]
    assert "65" not in description and "60–64" not in description
    assert "health-check rule" in description


# --- The admin deletes nothing and refuses on the form ------------------------------------------


def test_no_health_record_can_be_deleted_from_the_admin(rules, site, district_admin):
    client = login(district_admin)
    delete = reverse("admin:health_checksite_delete", args=[site.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert CheckSite.objects.filter(pk=site.pk).exists()
    for model, model_admin in django_admin.site._registry.items():
        if model._meta.app_label == "health":
            assert not model_admin.has_delete_permission(type("R", (), {"user": district_admin}))


def test_sites_close_and_designations_end_through_their_actions(site, hospital, health_staff):
    client = login(health_staff)
    client.post(
        reverse("admin:health_checksite_changelist"),
        {"action": "close_selected", "_selected_action": [site.pk]},
    )
    assert CheckSite.objects.get(pk=site.pk).is_active is False
    designation = HospitalDesignation.objects.get(partner=hospital.partner)
    client.post(
        reverse("admin:health_hospitaldesignation_changelist"),
        {"action": "end_selected", "_selected_action": [designation.pk]},
    )
    designation.refresh_from_db()
    assert designation.valid_until == datetime.date(2026, 6, 15)


def test_a_refused_save_answers_the_form_and_saves_nothing(district, rules, health_staff):
    partner, _token, _secret = make_partner("hospital", name="新定点医院")
    actions.designation_save(
        designation=HospitalDesignation(partner=partner, valid_from=datetime.date(2026, 6, 1))
    )
    patient = make_resident(district.licun_a, registered_in_licang=True)
    response = login(health_staff).post(
        reverse("admin:health_cataractcase_add"),
        {
            "resident": patient.pk,
            "hospital": partner.pk,
            "eye": "left",
            "surgery_date": "2026-05-01",
            "diagnosis": "",
            "indication_confirmed": "on",
            "consent_confirmed": "on",
        },
    )
    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["surgery_date"]
    assert "2026-05-01" in error
    assert not CataractCase.objects.exists()
    assert not any(m.level == SUCCESS for m in response.context["messages"])


def test_a_second_check_in_a_year_is_refused_on_the_form(district, rules, site, health_staff):
    elder = make_resident(
        district.licun_a, birth=datetime.date(1950, 1, 1), registered_in_licang=True
    )
    actions.checkup_record(resident=elder, site=site, check_date=datetime.date(2026, 5, 1))
    response = login(health_staff).post(
        reverse("admin:health_checkup_add"),
        {"resident": elder.pk, "site": site.pk, "check_date": "2026-05-02"},
    )
    assert response.status_code == 200
    assert "已体检1次" in " ".join(response.context["adminform"].form.non_field_errors())
    assert Checkup.objects.count() == 1
