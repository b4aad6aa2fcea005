"""Test residents for partners' developers: one per kind of health partner, with a first call.

The API docs' test-residents page (``licang.api_docs``) shows these: a partner of the district,
a resident its program lets it reach today, and an operation with a body that succeeds for
that resident. Each resident is checked against the same eligibility service the API answers
with, so the example is not a guess. Nothing here decides whether ID numbers are shown in full;
the page does.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from health import eligibility
from health.models import (
    CataractCase,
    CheckSite,
    Checkup,
    CheckupRule,
    HospitalDesignation,
    InsurancePolicy,
    Program,
)
from licang.registry.models import Resident, years_before

# a few candidates are checked with the eligibility service; the first that qualifies is shown
CANDIDATES = 20


def _eligible(resident: Resident, program: str, on: datetime.date) -> bool:
    facts = eligibility.facts_for(on, resident=resident)
    (decision,) = eligibility.evaluate(facts, resident=resident, programs=[program])
    return decision.eligible


def _first_eligible(residents: Any, program: str, on: datetime.date) -> Resident | None:
    for resident in residents.select_related("community")[:CANDIDATES]:
        if _eligible(resident, program, on):
            return resident
    return None


def _entry(
    *, partner: Any, resident: Resident, why: str, path: str, body: dict[str, Any]
) -> dict[str, Any]:
    return {
        "partner": partner.name,
        "partner_kind": partner.get_kind_display(),
        "resident": resident.name,
        "community": resident.community.name,
        "id_number": resident.id_number,
        "why": why,
        "method": "POST",
        "path": path,
        "body": body,
    }


def _hospital_example(on: datetime.date) -> dict[str, Any] | None:
    designation = HospitalDesignation.objects.on(on).for_listing().order_by("partner__name").first()
    if designation is None:
        return None
    treated = CataractCase.objects.filter(resident=OuterRef("pk"))
    elders = (
        Resident.objects.filter(birth_date__lte=years_before(on, 65), registered_in_licang=True)
        .filter(~Exists(treated))
        .order_by("pk")
    )
    patient = _first_eligible(elders, Program.CATARACT, on)
    if patient is None:
        return None
    return _entry(
        partner=designation.partner,
        resident=patient,
        why=_("A cataract patient with household registration in Licang, no eye treated yet."),
        path="/api/v1/health/cataract-cases/",
        body={
            "id_number": patient.id_number,
            "eye": CataractCase.Eye.LEFT,
            "surgery_date": on.isoformat(),
            "indication_confirmed": True,
            "consent_confirmed": True,
            "diagnosis": "年龄相关性白内障",
        },
    )


def _institution_example(on: datetime.date) -> dict[str, Any] | None:
    rule = CheckupRule.objects.for_year(on.year)
    site = (
        CheckSite.objects.filter(partner__isnull=False, partner__is_active=True)
        .select_related("partner")
        .order_by("code")
        .first()
    )
    if rule is None or site is None:
        return None
    checked = Checkup.objects.filter(year=on.year, resident=OuterRef("pk"))
    elders = (
        Resident.objects.filter(birth_date__lte=years_before(on, rule.min_age_anyone))
        .filter(~Exists(checked))
        .order_by("pk")
    )
    elder = _first_eligible(elders, Program.CHECKUP, on)
    if elder is None:
        return None
    return _entry(
        partner=site.partner,
        resident=elder,
        why=_("An elder of %(age)d or older with no free check this year.")
        % {"age": rule.min_age_anyone},
        path="/api/v1/health/checkups/",
        body={
            "id_number": elder.id_number,
            "check_date": on.isoformat(),
            "site": site.code,
            "status": Checkup.Status.COMPLETED,
            "family_doctor_signed": True,
        },
    )


def _insurer_example(on: datetime.date) -> dict[str, Any] | None:
    policy = (
        InsurancePolicy.objects.filter(year=on.year, insurer__is_active=True)
        .select_related("resident__community", "insurer")
        .order_by("pk")
        .first()
    )
    if policy is None:
        return None
    return _entry(
        partner=policy.insurer,
        resident=policy.resident,
        why=_("A parent of a special family-planning family, insured this year."),
        path="/api/v1/health/balance/",
        body={"id_number": policy.resident.id_number, "year": on.year},
    )


def example_residents(*, on: datetime.date) -> list[dict[str, Any]]:
    """For each kind of health partner with a fitting resident on ``on``: the example call."""
    found = [_hospital_example(on), _institution_example(on), _insurer_example(on)]
    return [entry for entry in found if entry is not None]
