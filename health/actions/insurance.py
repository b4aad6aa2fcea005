"""The hospital-accompany insurance: special families, policies and claims."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from health import eligibility
from health.actions.decisions import decision_approve, decision_pay, decision_reject
from health.actions.ledger import ledger_add, locked_ledger
from health.models import (
    ClaimType,
    InsuranceClaim,
    InsurancePolicy,
    Program,
    SpecialFamily,
)
from health.rules import rule_for
from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate
from licang.models import Partner
from licang.registry.models import Resident


@transaction.atomic
def special_family_save(*, family: SpecialFamily) -> SpecialFamily:
    family.full_clean()
    family.save()
    return family


@transaction.atomic
def policy_issue(
    *,
    resident: Resident,
    year: int,
    insurer: Partner,
    family: SpecialFamily | None = None,
    policy_number: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> InsurancePolicy:
    """Insure a special family-planning parent registered in Licang for ``year``."""
    starts_on = starts_on or datetime.date(year, 1, 1)
    ends_on = ends_on or datetime.date(year, 12, 31)
    if insurer.kind != Partner.Kind.INSURER:
        raise ValidationError({"insurer": _("Choose an insurer.")})
    if starts_on.year != year or ends_on.year != year:
        raise ValidationError({"starts_on": _("A policy covers days of its own year only.")})
    decision = eligibility.insurance(
        eligibility.Facts.of(resident, starts_on), rule_for(Program.INSURANCE, year)
    )
    if not decision.eligible:
        raise ConflictError(decision.reason, code="not_eligible")
    if InsurancePolicy.objects.filter(resident=resident, year=year).exists():
        raise ConflictError(
            _("%(name)s is already insured for %(year)d.") % {"name": resident.name, "year": year},
            code="already_insured",
        )
    policy = InsurancePolicy(
        resident=resident,
        year=year,
        insurer=insurer,
        family=family,
        policy_number=policy_number or f"LC{year}-{secrets.token_hex(4).upper()}",
        starts_on=starts_on,
        ends_on=ends_on,
        decision=decision.as_json(),
    )
    policy.full_clean()
    policy.save()
    return policy


def _hospital_days(
    days: int | None,
    admission_date: datetime.date | None,
    discharge_date: datetime.date | None,
) -> int | None:
    """Days in hospital: given, or the nights between admission and discharge (at least one)."""
    if days is not None:
        return days
    if admission_date and discharge_date and discharge_date >= admission_date:
        return max((discharge_date - admission_date).days, 1)
    return None


@transaction.atomic
def claim_submit(
    *,
    resident: Resident,
    claim_type: str,
    incident_date: datetime.date,
    days: int | None = None,
    admission_date: datetime.date | None = None,
    discharge_date: datetime.date | None = None,
    amount_claimed: Decimal | None = None,
    submitted_by: Partner | None = None,
) -> InsuranceClaim:
    """File a claim on the person's policy for the incident's year.

    The payable amount is the claimed amount (hospital care: days × the daily allowance) limited
    by what is left of the person's yearly cap; it is reserved in the ledger at once, so the
    balance the next claim sees already counts this one. A claim with nothing left to pay is
    refused with the reason.
    """
    snapshots_invalidate(app_label="health")  # the public figures count it
    errors: dict[str, str] = {}
    if amount_claimed is not None:
        amount_claimed = Decimal(str(amount_claimed))
    if claim_type not in ClaimType.values:
        errors["claim_type"] = _("Unknown claim type.")
    elif claim_type == ClaimType.HOSPITAL_CARE:
        if admission_date and discharge_date and discharge_date < admission_date:
            errors["discharge_date"] = _("The discharge date is before the admission date.")
        days = _hospital_days(days, admission_date, discharge_date)
        if days is None:
            errors["days"] = _("Give the number of days in hospital, or admission and discharge.")
        elif days < 1:
            errors["days"] = _("At least one day in hospital.")
        if amount_claimed is not None:
            errors["amount_claimed"] = _(
                "A hospital-care claim is paid per day; send days instead of an amount."
            )
    else:
        if amount_claimed is None or amount_claimed <= 0:
            errors["amount_claimed"] = _("Give the amount claimed, in yuan.")
        if days is not None:
            errors["days"] = _("Only hospital-care claims count days.")
    if incident_date > timezone.localdate():
        errors["incident_date"] = _("The incident date is in the future.")
    if errors:
        raise ValidationError(errors)

    year = incident_date.year
    rule = rule_for(Program.INSURANCE, year)
    if rule is None:
        raise ValidationError(
            {"incident_date": _("No insurance rules have been set for %(year)d.") % {"year": year}}
        )
    policy = (
        InsurancePolicy.objects.filter(
            resident=resident, year=year, starts_on__lte=incident_date, ends_on__gte=incident_date
        )
        .select_related("insurer")
        .first()
    )
    if policy is None:
        raise ConflictError(
            _("%(name)s has no insurance policy covering %(date)s.")
            % {"name": resident.name, "date": incident_date.isoformat()},
            code="not_insured",
        )
    if submitted_by is not None and policy.insurer_id != submitted_by.pk:
        raise ConflictError(
            _("This person's policy for %(year)d is with another insurer.") % {"year": year},
            code="other_insurer",
        )
    ledger = locked_ledger(resident, year, claim_type)
    payable = eligibility.insurance_payable(
        facts=eligibility.Facts.of(resident, incident_date),
        rule=rule,
        policy=policy,
        claim_type=claim_type,
        days=days,
        amount_claimed=amount_claimed,
        ledger=ledger,
    )
    if payable.amount <= 0:
        raise ConflictError(payable.decision.reason, code="cap_exhausted")
    claim = InsuranceClaim(
        policy=policy,
        claim_type=claim_type,
        incident_date=incident_date,
        admission_date=admission_date,
        discharge_date=discharge_date,
        days=days if claim_type == ClaimType.HOSPITAL_CARE else None,
        amount_claimed=(
            rule.daily_allowance * days
            if claim_type == ClaimType.HOSPITAL_CARE and days
            else amount_claimed
        ),
        days_payable=payable.days,
        amount_payable=payable.amount,
        decision=payable.decision.as_json(),
        submitted_by=submitted_by,
    )
    claim.full_clean()
    claim.save()
    ledger_add(
        ledger,
        units=payable.days if payable.days is not None else 1,
        amount=payable.amount,
    )
    return claim


def claim_approve(*, claim: InsuranceClaim, by: Any, override_reason: str = "") -> InsuranceClaim:
    """Approve a submitted claim, committing its payable amount against the year's budget."""
    return decision_approve(record=claim, by=by, override_reason=override_reason)  # type: ignore[no-any-return]


def claim_reject(*, claim: InsuranceClaim, by: Any, reason: str) -> InsuranceClaim:
    """Reject a submitted claim with a reason; what it reserved goes back to the person's cap."""
    return decision_reject(record=claim, by=by, reason=reason)  # type: ignore[no-any-return]


def claim_pay(
    *, claim: InsuranceClaim, paid_on: datetime.date, payment_reference: str = ""
) -> InsuranceClaim:
    """Record the insurer's payment of an approved claim."""
    return decision_pay(  # type: ignore[no-any-return]
        record=claim, paid_on=paid_on, payment_reference=payment_reference
    )
