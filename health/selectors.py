"""Reads that span the registry and the health programs: people, balances, outreach, figures."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from health import eligibility
from health.access import (
    access_insurance_balance,
    program_of,
    programs_visible_to,
    residents_reachable,
)
from health.models import (
    AgeBand,
    Budget,
    CataractCase,
    Checkup,
    ClaimType,
    HospitalDesignation,
    InsuranceClaim,
    InsurancePolicy,
    Program,
    UsageLedger,
    age_band_label,
)
from health.rules import rule_for
from licang import idnumber
from licang.registry import overview
from licang.registry.models import Resident, years_before

ZERO = Decimal("0.00")


SERVED_BY_PROGRAM: dict[str, Any] = {
    Program.INSURANCE: InsurancePolicy,
    Program.CHECKUP: Checkup,
    Program.CATARACT: CataractCase,
}


def resident_for(actor: Any, id_number: str, *, on: datetime.date | None = None) -> Resident | None:
    """The resident with ``id_number`` whom ``actor`` may act on (``health.access.
    residents_reachable`` says who: staff their scope; a partner those it serves or may newly
    enrol under its program's rule for the year of ``on``, today by default)."""
    on = on or timezone.localdate()
    program = program_of(actor)
    served = rule = None
    if program is not None:
        served = SERVED_BY_PROGRAM[program].objects.visible_to(actor).values("resident_id")
        rule = rule_for(program, on.year)
    residents = residents_reachable(Resident.objects.all(), actor, served=served, rule=rule, on=on)
    value = idnumber.normalise(id_number)
    return residents.select_related("community").filter(id_number=value).first()


# --- Balances ----------------------------------------------------------------------------------


def insurance_balance(resident: Resident, year: int) -> dict[str, Any]:
    """What is left of each of the person's insurance caps in ``year``, from the usage ledger."""
    rule = rule_for(Program.INSURANCE, year)
    policy = InsurancePolicy.objects.filter(resident=resident, year=year).first()
    ledgers = {
        ledger.benefit: ledger
        for ledger in UsageLedger.objects.filter(
            resident=resident, year=year, program=Program.INSURANCE
        )
    }
    caps = []
    if rule is not None:
        for claim_type in ClaimType:
            ledger = ledgers.get(claim_type.value)
            used_units = ledger.used_units if ledger else 0
            used = ledger.used_amount if ledger else ZERO
            paid = ledger.paid_amount if ledger else ZERO
            cap = rule.cap_for(claim_type)
            row: dict[str, Any] = {
                "claim_type": claim_type.value,
                "label": str(claim_type.label),
                "cap": cap,
                "used": used,
                "paid": paid,
                "left": max(cap - used, ZERO),
            }
            if claim_type == ClaimType.HOSPITAL_CARE:
                days_left = max(rule.max_hospital_days - used_units, 0)
                row.update(
                    days_cap=rule.max_hospital_days,
                    days_used=used_units,
                    days_left=days_left,
                    daily_allowance=rule.daily_allowance,
                    left=rule.daily_allowance * days_left,
                )
            caps.append(row)
    return {
        "year": year,
        "insured": policy is not None,
        "policy_number": policy.policy_number if policy else "",
        "rule": {"year": rule.year, "version": rule.version} if rule else None,
        "caps": caps,
    }


def insurance_balance_for(actor: Any, resident: Resident, year: int) -> dict[str, Any] | None:
    """The person's balance for ``actor``, or ``None`` when ``actor`` may not read it
    (``health.access.access_insurance_balance``)."""
    policies = InsurancePolicy.objects.visible_to(actor).filter(resident=resident, year=year)
    if not access_insurance_balance(actor, policies=policies):
        return None
    return insurance_balance(resident, year)


# --- Outreach: eligible but not yet served this year -------------------------------------------


def checkup_outreach(actor: Any, *, on: datetime.date) -> QuerySet[Resident]:
    """Residents in ``actor``'s scope who may have the free check on ``on`` but have had none
    (neither booked nor completed) this year."""
    rule = rule_for(Program.CHECKUP, on.year)
    if rule is None:
        return Resident.objects.none()
    served = Checkup.objects.counting().filter(year=on.year, resident=OuterRef("pk"))
    return (
        Resident.objects.visible_to(actor)
        .for_listing()
        .filter(
            Q(birth_date__lte=years_before(on, rule.min_age_anyone))
            | Q(
                birth_date__lte=years_before(on, rule.min_age_registered),
                registered_in_licang=True,
            )
        )
        .filter(~Exists(served))
        .order_by("community__subdistrict__sort_order", "community__name", "name", "pk")
    )


def insurance_outreach(actor: Any, *, on: datetime.date) -> QuerySet[Resident]:
    """Special family-planning parents in ``actor``'s scope who qualify but have no policy for
    the year of ``on``."""
    rule = rule_for(Program.INSURANCE, on.year)
    if rule is None:
        return Resident.objects.none()
    insured = InsurancePolicy.objects.filter(year=on.year, resident=OuterRef("pk"))
    residents = (
        Resident.objects.visible_to(actor).for_listing().filter(special_family_planning=True)
    )
    if rule.requires_licang_registration:
        residents = residents.filter(registered_in_licang=True)
    return residents.filter(~Exists(insured)).order_by(
        "community__subdistrict__sort_order", "community__name", "name", "pk"
    )


OUTREACH_LISTS = {
    "checkup": checkup_outreach,
    "insurance": insurance_outreach,
}


# --- Figures -----------------------------------------------------------------------------------


def figures_year(today: datetime.date) -> int:
    """The year the figures show by default: the latest up to today with completed checks."""
    latest = (
        Checkup.objects.filter(year__lte=today.year, status=Checkup.Status.COMPLETED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or today.year


def _percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def figures(year: int) -> dict[str, Any]:
    """The program figures of ``year``: claims by type, checks against the target by age band
    and registration, cataract cases by hospital, budget use. A fixed number of queries."""
    claims: dict[str, dict[str, Any]] = {
        t.value: {
            "claim_type": t.value,
            "label": str(t.label),
            "claims": 0,
            "paid_count": 0,
            "paid_amount": ZERO,
        }
        for t in ClaimType
    }
    by_status = {status.value: 0 for status in InsuranceClaim.Status}
    for row in (
        InsuranceClaim.objects.filter(incident_date__year=year)
        .values("claim_type", "status")
        .annotate(count=Count("pk"), amount=Sum("amount_payable"))
        .order_by()
    ):
        entry = claims[row["claim_type"]]
        entry["claims"] += row["count"]
        by_status[row["status"]] += row["count"]
        if row["status"] == InsuranceClaim.Status.PAID:
            entry["paid_count"] += row["count"]
            entry["paid_amount"] += row["amount"] or ZERO

    rule = rule_for(Program.CHECKUP, year)
    bands = {
        band.value: {
            "band": band.value,
            "label": age_band_label(band, rule),
            "done": 0,
            "registered": 0,
        }
        for band in AgeBand
    }
    done = registered = family_doctor = 0
    for row in (
        Checkup.objects.filter(year=year, status=Checkup.Status.COMPLETED)
        .values("age_band", "registered_in_licang")
        .annotate(count=Count("pk"), signed=Count("pk", filter=Q(family_doctor_signed=True)))
        .order_by()
    ):
        bands[row["age_band"]]["done"] += row["count"]
        done += row["count"]
        family_doctor += row["signed"]
        if row["registered_in_licang"]:
            bands[row["age_band"]]["registered"] += row["count"]
            registered += row["count"]
    target = rule.target if rule else 0

    designated = {
        d.partner_id: d.partner.name
        for d in HospitalDesignation.objects.on(datetime.date(year, 12, 31))
        .select_related("partner")
        .order_by("partner__name")
    }
    hospitals: dict[int, dict[str, Any]] = {
        pk: {"hospital": name, "cases": 0, "amount": ZERO, "designated": True}
        for pk, name in designated.items()
    }
    for row in (
        CataractCase.objects.filter(surgery_date__year=year)
        .exclude(status=CataractCase.Status.REJECTED)
        .values("hospital_id", "hospital__name")
        .annotate(count=Count("pk"), amount=Sum("subsidy_amount"))
        .order_by()
    ):
        entry = hospitals.setdefault(
            row["hospital_id"],
            {"hospital": row["hospital__name"], "cases": 0, "amount": ZERO, "designated": False},
        )
        entry["cases"] += row["count"]
        entry["amount"] += row["amount"] or ZERO

    budgets = [
        {
            "program": budget.program,
            "label": str(budget.get_program_display()),
            "amount": budget.amount,
            "committed": budget.committed,
            "paid": budget.paid,
            "use_percent": budget.use_percent,
        }
        for budget in Budget.objects.filter(year=year).order_by("program")
    ]
    paid_count = sum(c["paid_count"] for c in claims.values())
    paid_amount = sum((c["paid_amount"] for c in claims.values()), ZERO)
    return {
        "year": year,
        "note": rule.note if rule else "",
        "insurance": {
            "paid_count": paid_count,
            "paid_amount": paid_amount,
            "by_status": by_status,
            "by_type": list(claims.values()),
        },
        "checkups": {
            "target": target,
            "done": done,
            "percent_of_target": _percent(done, target),
            "registered_in_licang": registered,
            "not_registered_in_licang": done - registered,
            "family_doctor_signed": family_doctor,
            "by_age_band": [b for b in bands.values() if b["band"] != AgeBand.OTHER or b["done"]],
        },
        "cataract": {
            "cases": sum(h["cases"] for h in hospitals.values()),
            "amount": sum((h["amount"] for h in hospitals.values()), ZERO),
            "by_hospital": sorted(hospitals.values(), key=lambda h: (-h["cases"], h["hospital"])),
        },
        "budgets": budgets,
    }


def monthly(year: int) -> dict[str, list[int]]:
    """The year's checks done, claims paid and cataract cases per month (twelve counts each, for
    the statistics page's charts): three queries."""

    def per_month(rows: Any) -> list[int]:
        counts = dict(rows.annotate(n=Count("pk")).values_list("m", "n"))
        return [counts.get(month, 0) for month in range(1, 13)]

    return {
        "checkups": per_month(
            Checkup.objects.filter(year=year, status=Checkup.Status.COMPLETED)
            .annotate(m=ExtractMonth("check_date"))
            .values("m")
            .order_by()
        ),
        "claims_paid": per_month(
            InsuranceClaim.objects.filter(status=InsuranceClaim.Status.PAID, paid_on__year=year)
            .annotate(m=ExtractMonth("paid_on"))
            .values("m")
            .order_by()
        ),
        "cataract_cases": per_month(
            CataractCase.objects.filter(surgery_date__year=year)
            .exclude(status=CataractCase.Status.REJECTED)
            .annotate(m=ExtractMonth("surgery_date"))
            .values("m")
            .order_by()
        ),
    }


def yuan(amount: Decimal) -> str:
    return _("%(amount)s yuan") % {"amount": f"{amount:,.2f}"}


# --- the resident page (``licang.registry.overview``) ------------------------------------------

# The record that shows a program to a role: a role that may not view it sees nothing of the
# program on the resident page, its eligibility included (center staff: no insurance).
PROGRAM_RECORDS: dict[str, Any] = {
    Program.INSURANCE: InsurancePolicy,
    Program.CHECKUP: Checkup,
    Program.CATARACT: CataractCase,
}


def resident_overview(
    resident: Resident, viewer: Any, *, today: datetime.date
) -> overview.Section | None:
    """The health programs' part of the resident page: insurance policies and claims, health
    checks and cataract cases within ``viewer``'s scope (``access.partner_kind_filter``), each
    list only for a role that may view its records, and what the eligibility service says they
    could still use this year. Queries: one per list, and the eligibility service's (the year's
    rules, the usage ledger, the year's policy and the treated eyes)."""
    lists = []
    policies: list[InsurancePolicy] = []
    if overview.may_view(viewer, InsurancePolicy):
        policies, total = overview.latest(
            InsurancePolicy.objects.visible_to(viewer)
            .filter(resident=resident)
            .select_related("insurer")
            .order_by("-year", "-pk")
        )
        lists.append(
            overview.entry_list(
                "policies",
                _("Insurance policies"),
                policies,
                total,
                lambda policy: overview.Entry(
                    title=f"{policy.policy_number} · {policy.insurer.name}",
                    state=_("Insured for %(year)d") % {"year": policy.year},
                    date=policy.starts_on,
                    url=overview.change_url(policy),
                ),
                more_url=overview.list_url(InsurancePolicy, resident__id__exact=resident.pk),
            )
        )
    if overview.may_view(viewer, InsuranceClaim):
        claims, total = overview.latest(
            InsuranceClaim.objects.visible_to(viewer)
            .filter(policy__resident=resident)
            .order_by("-submitted_at", "-pk")
        )
        lists.append(
            overview.entry_list(
                "claims",
                _("Insurance claims"),
                claims,
                total,
                lambda claim: overview.Entry(
                    title=f"{claim.get_claim_type_display()} · {yuan(claim.amount_payable)}",
                    state=str(claim.get_status_display()),
                    date=claim.submitted_at,
                    url=overview.change_url(claim),
                    detail=claim.rejection_reason,
                    tone="warning" if claim.status == InsuranceClaim.Status.REJECTED else "",
                ),
                # a person's claims are those of their policies (one a year)
                more_url=overview.list_url(
                    InsuranceClaim, policy__id__in=",".join(str(p.pk) for p in policies)
                )
                if policies
                else "",
            )
        )
    if overview.may_view(viewer, Checkup):
        checkups, total = overview.latest(
            Checkup.objects.visible_to(viewer)
            .filter(resident=resident)
            .select_related("site")
            .order_by("-check_date", "-created_at", "-pk")
        )
        lists.append(
            overview.entry_list(
                "checkups",
                _("Health checks"),
                checkups,
                total,
                lambda checkup: overview.Entry(
                    title=checkup.site.name,
                    state=str(checkup.get_status_display()),
                    date=checkup.check_date,
                    url=overview.change_url(checkup),
                ),
                more_url=overview.list_url(Checkup, resident__id__exact=resident.pk),
            )
        )
    if overview.may_view(viewer, CataractCase):
        cases, total = overview.latest(
            CataractCase.objects.visible_to(viewer)
            .filter(resident=resident)
            .select_related("hospital")
            .order_by("-surgery_date", "-filed_at", "-pk")
        )
        lists.append(
            overview.entry_list(
                "cataract",
                _("Cataract-aid cases"),
                cases,
                total,
                lambda case: overview.Entry(
                    title=f"{case.get_eye_display()} · {case.hospital.name}",
                    state=str(case.get_status_display()),
                    date=case.surgery_date,
                    url=overview.change_url(case),
                    detail=yuan(case.subsidy_amount),
                    tone="warning" if case.status == CataractCase.Status.REJECTED else "",
                ),
                more_url=overview.list_url(CataractCase, resident__id__exact=resident.pk),
            )
        )
    if not lists:
        return None
    return overview.Section(
        "health",
        _("Health subsidies"),
        lists=lists,
        opportunities=_opportunities(resident, viewer, today),
    )


def _opportunities(resident: Resident, viewer: Any, today: datetime.date) -> list[Any]:
    """The programs the eligibility service says ``resident`` qualifies for on ``today`` and
    has not used yet: insurance without this year's policy, a free check left, cataract aid."""
    programs = [
        program
        for program in programs_visible_to(viewer)
        if overview.may_view(viewer, PROGRAM_RECORDS[program])
    ]
    if not programs:
        return []
    decisions = eligibility.evaluate(
        eligibility.facts_for(today, resident=resident), resident=resident, programs=programs
    )
    url = reverse("health:staff-eligibility", args=[resident.public_id])
    return [
        overview.Opportunity(
            program=eligibility.program_label(decision.program),
            reason=decision.reason,
            url=url,
            action=_("Check eligibility"),
        )
        for decision in decisions
        if decision.eligible
        and not (decision.program == Program.INSURANCE and decision.extra_facts.get("insured"))
    ]
