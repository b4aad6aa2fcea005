"""Budgets: approvals commit against the year's budget; only a district administrator may go
beyond it, and that is logged."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from health import actions
from health.models import Budget, BudgetOverride, CataractCase, InsuranceClaim
from licang.errors import ConflictError
from tests.conftest import login
from tests.factories import make_resident


@pytest.fixture
def tight_budget(rules):
    budget = Budget.objects.get(program="insurance", year=2026)
    budget.amount = Decimal("5000.00")
    return actions.budget_save(budget=budget)


def submit(resident, days):
    return actions.claim_submit(
        resident=resident,
        claim_type="hospital_care",
        incident_date=datetime.date(2026, 3, 1),
        days=days,
    )


def test_an_approval_within_the_budget_commits_it(insured, tight_budget, health_staff):
    actions.claim_approve(claim=submit(insured, 20), by=health_staff)
    tight_budget.refresh_from_db()
    assert (tight_budget.committed, tight_budget.remaining) == (
        Decimal("4000.00"),
        Decimal("1000.00"),
    )


def test_an_approval_beyond_the_budget_is_refused(insured, tight_budget, health_staff):
    actions.claim_approve(claim=submit(insured, 20), by=health_staff)
    claim = submit(insured, 10)
    with pytest.raises(ConflictError) as info:
        actions.claim_approve(claim=claim, by=health_staff)
    assert info.value.code == "budget_exceeded"
    assert "5000.00元中已承诺4000.00元" in str(info.value)
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_health_staff_cannot_override_the_budget(insured, tight_budget, health_staff):
    claim = submit(insured, 30)
    with pytest.raises(PermissionDenied):
        actions.claim_approve(claim=claim, by=health_staff, override_reason="急需")
    assert not BudgetOverride.objects.exists()


def test_a_district_administrator_overrides_and_it_is_logged(insured, tight_budget, district_admin):
    claim = submit(insured, 30)
    actions.claim_approve(claim=claim, by=district_admin, override_reason="追加预算已批复")
    override = BudgetOverride.objects.get()
    assert (override.by, override.amount, override.exceeded_by) == (
        district_admin,
        Decimal("6000.00"),
        Decimal("1000.00"),
    )
    assert override.reason == "追加预算已批复"
    assert override.subject_id == claim.public_id
    tight_budget.refresh_from_db()
    assert tight_budget.committed == Decimal("6000.00")


def test_an_approval_without_a_budget_is_refused(district, rules, hospital, health_staff):
    Budget.objects.filter(program="cataract").delete()
    patient = make_resident(
        district.licun_a, birth=datetime.date(1950, 1, 1), registered_in_licang=True
    )
    case = actions.cataract_case_file(
        resident=patient,
        hospital=hospital.partner,
        eye="left",
        surgery_date=datetime.date(2026, 5, 1),
        indication_confirmed=True,
        consent_confirmed=True,
    )
    with pytest.raises(ConflictError) as info:
        actions.cataract_case_approve(case=case, by=health_staff)
    assert info.value.code == "no_budget"


def test_the_review_page_offers_the_override_to_district_administrators_only(
    insured, tight_budget, health_staff, district_admin
):
    claim = submit(insured, 30)
    url = reverse("admin:health_insuranceclaim_review", args=[claim.pk])
    refused = login(health_staff).post(url, {"decision": "approve"}, follow=True)
    assert "override_reason" not in refused.context["form"].fields
    assert any("将超出" in str(m) for m in refused.context["messages"])
    claim.refresh_from_db()
    assert claim.status == "submitted"

    admin_client = login(district_admin)
    assert "override_reason" in admin_client.get(url).context["form"].fields
    response = admin_client.post(url, {"decision": "approve", "override_reason": "区里同意追加"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "approved"
    assert BudgetOverride.objects.get().by == district_admin


def test_the_review_page_rejects_with_a_reason_and_marks_paid(insured, health_staff, district):
    claim = submit(insured, 5)
    client = login(health_staff)
    url = reverse("admin:health_insuranceclaim_review", args=[claim.pk])
    missing = client.post(url, {"decision": "reject"}, follow=True)
    assert InsuranceClaim.objects.get().status == "submitted"
    assert missing.status_code == 200
    client.post(url, {"decision": "approve"})
    client.post(url, {"decision": "pay", "paid_on": "2026-06-10", "payment_reference": "B-1"})
    claim.refresh_from_db()
    assert (claim.status, claim.paid_on, claim.payment_reference) == (
        "paid",
        datetime.date(2026, 6, 10),
        "B-1",
    )


def test_cases_are_approved_and_paid_in_bulk_from_the_changelist(
    district, rules, hospital, health_staff
):
    for i in range(2):
        patient = make_resident(
            district.licun_a, birth=datetime.date(1950, 1, 1 + i), registered_in_licang=True
        )
        actions.cataract_case_file(
            resident=patient,
            hospital=hospital.partner,
            eye="left",
            surgery_date=datetime.date(2026, 5, 1),
            indication_confirmed=True,
            consent_confirmed=True,
        )
    client = login(health_staff)
    changelist = reverse("admin:health_cataractcase_changelist")
    ids = [str(pk) for pk in CataractCase.objects.values_list("pk", flat=True)]
    client.post(changelist, {"action": "approve_selected", "_selected_action": ids})
    client.post(changelist, {"action": "pay_selected", "_selected_action": ids})
    assert set(CataractCase.objects.values_list("status", flat=True)) == {"paid"}
    budget = Budget.objects.get(program="cataract", year=2026)
    assert (budget.committed, budget.paid) == (Decimal("2400.00"), Decimal("2400.00"))
