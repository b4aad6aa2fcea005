"""Every state change of the health programs. Admin, pages, API, commands and the demo call these.

Invalid input raises ``ValidationError`` (a field-keyed dict); a request that conflicts with the
current state (a cap used up, a second check in a year, the same eye twice, a budget exceeded)
raises ``ConflictError`` whose message is the plain-language reason.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from health import eligibility
from health.access import can_override_budget, is_designated_hospital
from health.models import (
    BENEFIT_PROGRAM,
    Benefit,
    Budget,
    BudgetOverride,
    CataractCase,
    CheckSite,
    Checkup,
    ClaimType,
    HospitalDesignation,
    InsuranceClaim,
    InsurancePolicy,
    Program,
    SpecialFamily,
    UsageLedger,
    YearRule,
    age_band_of,
)
from health.rules import rule_for
from licang.errors import ConflictError
from licang.models import Partner
from licang.registry.models import Resident

logger = logging.getLogger("health")

ZERO = Decimal("0.00")


# --- Rules, budgets and places ------------------------------------------------------------------


@transaction.atomic
def rule_save(*, rule: YearRule) -> YearRule:
    """Create or change a program's rules for a year; every change is a new version.

    Decisions already made keep the version and values they were made with.
    """
    if rule.pk:
        # lock the row so that two staff editing at once get two versions, not one
        current = type(rule).objects.select_for_update().get(pk=rule.pk)
        rule.version = current.version + 1
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def budget_save(*, budget: Budget) -> Budget:
    """Set a program's budget for a year (committed and paid amounts are kept by approvals)."""
    budget.full_clean()
    if budget.pk:
        budget.save(update_fields=["program", "year", "amount", "updated_at"])
    else:
        budget.save()
    return budget


def _locked_budget(program: str, year: int) -> Budget:
    # Lock the program's budget row for the year: two approvals at once must not both fit
    # into the same remaining amount.
    budget = Budget.objects.select_for_update().filter(program=program, year=year).first()
    if budget is None:
        raise ConflictError(
            _("No budget has been set for %(program)s in %(year)d.")
            % {"program": Program(program).label, "year": year},
            code="no_budget",
        )
    return budget


@transaction.atomic
def budget_override(
    *,
    budget: Budget,
    by: Any,
    amount: Decimal,
    subject: str,
    subject_id: uuid.UUID,
    reason: str,
) -> BudgetOverride:
    """Log a district administrator's approval of ``amount`` beyond ``budget``."""
    if not can_override_budget(by):
        raise PermissionDenied(_("Only a district administrator may approve beyond the budget."))
    if not reason.strip():
        raise ValidationError(
            {"override_reason": _("Say why the budget is overridden.")}, code="required"
        )
    record = BudgetOverride(
        budget=budget,
        subject=subject[:200],
        subject_id=subject_id,
        amount=amount,
        committed_before=budget.committed,
        exceeded_by=budget.committed + amount - budget.amount,
        reason=reason.strip(),
        by=by,
    )
    record.full_clean()
    record.save()
    logger.warning(
        "Budget %s overridden by %s: %s yuan for %s (%s over). Reason: %s",
        budget,
        by,
        amount,
        subject,
        record.exceeded_by,
        record.reason,
    )
    return record


def _budget_commit(
    *,
    program: str,
    year: int,
    amount: Decimal,
    subject: str,
    subject_id: uuid.UUID,
    by: Any = None,
    override_reason: str = "",
    pay: bool = False,
) -> Budget:
    budget = _locked_budget(program, year)
    if budget.committed + amount > budget.amount:
        if not override_reason:
            raise ConflictError(
                _(
                    "Approving %(amount)s yuan would exceed the %(year)d budget of %(program)s: "
                    "%(committed)s of %(budget)s yuan are already committed. A district "
                    "administrator may override."
                )
                % {
                    "amount": amount,
                    "year": year,
                    "program": Program(program).label,
                    "committed": budget.committed,
                    "budget": budget.amount,
                },
                code="budget_exceeded",
            )
        budget_override(
            budget=budget,
            by=by,
            amount=amount,
            subject=subject,
            subject_id=subject_id,
            reason=override_reason,
        )
    budget.committed += amount
    fields = ["committed", "updated_at"]
    if pay:
        budget.paid += amount
        fields.append("paid")
    budget.save(update_fields=fields)
    return budget


def _budget_pay(*, program: str, year: int, amount: Decimal) -> None:
    budget = _locked_budget(program, year)
    budget.paid += amount
    budget.save(update_fields=["paid", "updated_at"])


@transaction.atomic
def designation_save(*, designation: HospitalDesignation) -> HospitalDesignation:
    if designation.partner_id and designation.partner.kind != Partner.Kind.HOSPITAL:
        raise ValidationError({"partner": _("Only a hospital can be designated.")})
    designation.full_clean()
    designation.save()
    return designation


@transaction.atomic
def check_site_save(*, site: CheckSite) -> CheckSite:
    if site.partner_id and site.partner.kind != Partner.Kind.HEALTH_INSTITUTION:
        raise ValidationError(
            {"partner": _("A check site reports through a health-institution partner.")}
        )
    site.full_clean()
    site.save()
    return site


# --- Ledger -------------------------------------------------------------------------------------


def _locked_ledger(resident: Resident, year: int, benefit: str) -> UsageLedger:
    """The person's ledger row for ``benefit`` in ``year``, created if needed, locked.

    The row is inserted with ON CONFLICT DO NOTHING, then read with SELECT … FOR UPDATE: a second
    request for the same person and benefit waits here until the first commits, then reads the
    balance the first left. This is what keeps caps when two claims arrive at once.
    """
    UsageLedger.objects.bulk_create(
        [
            UsageLedger(
                resident=resident, year=year, benefit=benefit, program=BENEFIT_PROGRAM[benefit]
            )
        ],
        ignore_conflicts=True,
    )
    return UsageLedger.objects.select_for_update().get(
        resident=resident, year=year, benefit=benefit
    )


def _ledger_add(ledger: UsageLedger, *, units: int, amount: Decimal, paid: Decimal = ZERO) -> None:
    ledger.used_units += units
    ledger.used_amount += amount
    ledger.paid_amount += paid
    ledger.full_clean()
    ledger.save(update_fields=["used_units", "used_amount", "paid_amount", "updated_at"])


# --- Insurance ----------------------------------------------------------------------------------


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
    ledger = _locked_ledger(resident, year, claim_type)
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
    _ledger_add(
        ledger,
        units=payable.days if payable.days is not None else 1,
        amount=payable.amount,
    )
    return claim


def _locked(model: Any, obj: Any) -> Any:
    # lock the record: two staff deciding at once must not both move it
    return model.objects.select_for_update().get(pk=obj.pk)


def _transition_refused(status_label: Any, action: str) -> ConflictError:
    return ConflictError(
        _("This cannot be %(action)s: it is %(status)s.")
        % {"action": action, "status": status_label},
        code="invalid_transition",
    )


@transaction.atomic
def claim_approve(*, claim: InsuranceClaim, by: Any, override_reason: str = "") -> InsuranceClaim:
    """Approve a submitted claim, committing its payable amount against the year's budget."""
    claim = _locked(InsuranceClaim, claim)
    if claim.status != InsuranceClaim.Status.SUBMITTED:
        raise _transition_refused(claim.get_status_display(), _("approved"))
    _budget_commit(
        program=Program.INSURANCE,
        year=claim.year,
        amount=claim.amount_payable,
        subject=f"{_('insurance claim')} {claim.public_id}",
        subject_id=claim.public_id,
        by=by,
        override_reason=override_reason,
    )
    claim.status = InsuranceClaim.Status.APPROVED
    claim.decided_at = timezone.now()
    claim.decided_by = by
    claim.full_clean()
    claim.save(update_fields=["status", "decided_at", "decided_by"])
    return claim


@transaction.atomic
def claim_reject(*, claim: InsuranceClaim, by: Any, reason: str) -> InsuranceClaim:
    """Reject a submitted claim with a reason; what it reserved goes back to the person's cap."""
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why the claim is rejected.")})
    claim = _locked(InsuranceClaim, claim)
    if claim.status != InsuranceClaim.Status.SUBMITTED:
        raise _transition_refused(claim.get_status_display(), _("rejected"))
    ledger = _locked_ledger(claim.policy.resident, claim.year, claim.claim_type)
    _ledger_add(
        ledger,
        units=-(claim.days_payable if claim.days_payable is not None else 1),
        amount=-claim.amount_payable,
    )
    claim.status = InsuranceClaim.Status.REJECTED
    claim.rejection_reason = reason.strip()
    claim.decided_at = timezone.now()
    claim.decided_by = by
    claim.full_clean()
    claim.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by"])
    return claim


@transaction.atomic
def claim_pay(
    *, claim: InsuranceClaim, paid_on: datetime.date, payment_reference: str = ""
) -> InsuranceClaim:
    """Record the insurer's payment of an approved claim."""
    claim = _locked(InsuranceClaim, claim)
    if claim.status != InsuranceClaim.Status.APPROVED:
        raise _transition_refused(claim.get_status_display(), _("paid"))
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The payment date is in the future.")})
    _budget_pay(program=Program.INSURANCE, year=claim.year, amount=claim.amount_payable)
    ledger = _locked_ledger(claim.policy.resident, claim.year, claim.claim_type)
    _ledger_add(ledger, units=0, amount=ZERO, paid=claim.amount_payable)
    claim.status = InsuranceClaim.Status.PAID
    claim.paid_on = paid_on
    claim.payment_reference = payment_reference
    claim.full_clean()
    claim.save(update_fields=["status", "paid_on", "payment_reference"])
    return claim


# --- Health checks ------------------------------------------------------------------------------


def _checkup_decision(
    resident: Resident, check_date: datetime.date, used: int
) -> tuple[Any, eligibility.Decision]:
    rule = rule_for(Program.CHECKUP, check_date.year)
    if rule is None:
        raise ValidationError(
            {
                "check_date": _("No health-check rules have been set for %(year)d.")
                % {"year": check_date.year}
            }
        )
    decision = eligibility.checkup(eligibility.Facts.of(resident, check_date), rule, used=used)
    if not decision.eligible:
        used_up = used >= rule.checks_per_year
        raise ConflictError(
            decision.reason, code="already_checked_this_year" if used_up else "not_eligible"
        )
    return rule, decision


@transaction.atomic
def checkup_record(
    *,
    resident: Resident,
    site: CheckSite,
    check_date: datetime.date,
    booked: bool = False,
    family_doctor_signed: bool = False,
    recorded_by: Partner | None = None,
) -> Checkup:
    """Book (``booked=True``) or record a completed free check for an eligible person.

    Eligibility is measured on the check date; one check a year (the rule's number) counts
    bookings and completions alike. A completed check commits the rule's fee to the budget.
    """
    if not site.is_active:
        raise ValidationError({"site": _("This check site is closed.")})
    if recorded_by is not None and site.partner_id != recorded_by.pk:
        raise ValidationError({"site": _("This check site reports through another institution.")})
    if not booked and check_date > timezone.localdate():
        raise ValidationError({"check_date": _("A completed check cannot be in the future.")})
    year = check_date.year
    # Lock the person's check ledger for the year: two institutions recording the same person
    # at once must not both use the one free check.
    ledger = _locked_ledger(resident, year, Benefit.CHECKUP)
    rule, decision = _checkup_decision(resident, check_date, ledger.used_units)
    age = resident.age_on(check_date)
    checkup = Checkup(
        resident=resident,
        site=site,
        check_date=check_date,
        year=year,
        status=Checkup.Status.BOOKED if booked else Checkup.Status.COMPLETED,
        age_on_check=age,
        age_band=age_band_of(age),
        registered_in_licang=resident.registered_in_licang,
        family_doctor_signed=family_doctor_signed,
        fee=ZERO if booked else rule.fee_per_check,
        decision=decision.as_json(),
        recorded_by=recorded_by,
        completed_at=None if booked else timezone.now(),
    )
    checkup.full_clean()
    checkup.save()
    if not booked and checkup.fee:
        _budget_commit(
            program=Program.CHECKUP,
            year=year,
            amount=checkup.fee,
            subject=f"{_('health check')} {checkup.public_id}",
            subject_id=checkup.public_id,
            pay=True,
        )
    _ledger_add(ledger, units=1, amount=checkup.fee, paid=checkup.fee)
    return checkup


@transaction.atomic
def checkup_complete(
    *,
    checkup: Checkup,
    check_date: datetime.date | None = None,
    family_doctor_signed: bool | None = None,
) -> Checkup:
    """Record that a booked check took place (on its booked date unless another is given)."""
    checkup = _locked(Checkup, checkup)
    if checkup.status != Checkup.Status.BOOKED:
        raise _transition_refused(checkup.get_status_display(), _("completed"))
    check_date = check_date or checkup.check_date
    if check_date.year != checkup.year:
        raise ValidationError({"check_date": _("A booked check is completed in its own year.")})
    if check_date > timezone.localdate():
        raise ValidationError({"check_date": _("A completed check cannot be in the future.")})
    ledger = _locked_ledger(checkup.resident, checkup.year, Benefit.CHECKUP)
    # the booking already counts in the ledger; eligibility is measured again on the real date
    rule, decision = _checkup_decision(checkup.resident, check_date, ledger.used_units - 1)
    age = checkup.resident.age_on(check_date)
    checkup.status = Checkup.Status.COMPLETED
    checkup.check_date = check_date
    checkup.age_on_check = age
    checkup.age_band = age_band_of(age)
    checkup.fee = rule.fee_per_check
    checkup.decision = decision.as_json()
    checkup.completed_at = timezone.now()
    if family_doctor_signed is not None:
        checkup.family_doctor_signed = family_doctor_signed
    checkup.full_clean()
    checkup.save()
    if checkup.fee:
        _budget_commit(
            program=Program.CHECKUP,
            year=checkup.year,
            amount=checkup.fee,
            subject=f"{_('health check')} {checkup.public_id}",
            subject_id=checkup.public_id,
            pay=True,
        )
    _ledger_add(ledger, units=0, amount=checkup.fee, paid=checkup.fee)
    return checkup


@transaction.atomic
def checkup_cancel(*, checkup: Checkup) -> Checkup:
    """Cancel a booked check; the person's free check for the year is available again."""
    checkup = _locked(Checkup, checkup)
    if checkup.status != Checkup.Status.BOOKED:
        raise _transition_refused(checkup.get_status_display(), _("cancelled"))
    ledger = _locked_ledger(checkup.resident, checkup.year, Benefit.CHECKUP)
    _ledger_add(ledger, units=-1, amount=ZERO)
    checkup.status = Checkup.Status.CANCELLED
    checkup.save(update_fields=["status"])
    return checkup


@dataclass(frozen=True)
class CheckupRow:
    resident: Resident
    site: CheckSite
    check_date: datetime.date
    family_doctor_signed: bool = False


@transaction.atomic
def checkups_import(
    *, rows: Iterable[CheckupRow], recorded_by: Partner | None = None
) -> list[Checkup]:
    """Record many completed checks at once (an institution's monthly upload, the demo).

    The same rules as ``checkup_record``; every row is decided before anything is written, so a
    refused row saves nothing.
    """
    rows = list(rows)
    if not rows:
        return []
    years = {row.check_date.year for row in rows}
    rules = {year: rule_for(Program.CHECKUP, year) for year in years}
    keys = {(row.resident.pk, row.check_date.year) for row in rows}
    UsageLedger.objects.bulk_create(
        [
            UsageLedger(resident_id=pk, year=year, benefit=Benefit.CHECKUP, program=Program.CHECKUP)
            for pk, year in keys
        ],
        ignore_conflicts=True,
    )
    # lock every person's check ledger for the years concerned (see _locked_ledger)
    ledgers = {
        (ledger.resident_id, ledger.year): ledger
        for ledger in UsageLedger.objects.select_for_update()
        .filter(benefit=Benefit.CHECKUP, resident_id__in={pk for pk, _y in keys})
        .filter(year__in=years)
        .order_by("pk")
    }
    errors: dict[str, list[str]] = {}
    checkups = []
    now = timezone.now()
    fees: dict[int, Decimal] = {}
    for index, row in enumerate(rows):
        year = row.check_date.year
        rule = rules[year]
        ledger = ledgers[(row.resident.pk, year)]
        label = _("row %(number)d") % {"number": index + 1}
        if rule is None:
            errors[label] = [
                _("No health-check rules have been set for %(year)d.") % {"year": year}
            ]
            continue
        if row.check_date > timezone.localdate():
            errors[label] = [_("A completed check cannot be in the future.")]
            continue
        decision = eligibility.checkup(
            eligibility.Facts.of(row.resident, row.check_date), rule, used=ledger.used_units
        )
        if not decision.eligible:
            errors[label] = [decision.reason]
            continue
        age = row.resident.age_on(row.check_date)
        ledger.used_units += 1
        ledger.used_amount += rule.fee_per_check
        ledger.paid_amount += rule.fee_per_check
        fees[year] = fees.get(year, ZERO) + rule.fee_per_check
        checkups.append(
            Checkup(
                resident=row.resident,
                site=row.site,
                check_date=row.check_date,
                year=year,
                status=Checkup.Status.COMPLETED,
                age_on_check=age,
                age_band=age_band_of(age),
                registered_in_licang=row.resident.registered_in_licang,
                family_doctor_signed=row.family_doctor_signed,
                fee=rule.fee_per_check,
                decision=decision.as_json(),
                recorded_by=recorded_by,
                completed_at=now,
            )
        )
    if errors:
        raise ValidationError(errors)
    for year, fee in fees.items():
        if fee:
            batch_id = uuid.uuid4()
            _budget_commit(
                program=Program.CHECKUP,
                year=year,
                amount=fee,
                subject=_("%(count)d health checks") % {"count": len(checkups)},
                subject_id=batch_id,
                pay=True,
            )
    created = Checkup.objects.bulk_create(checkups, batch_size=500)
    UsageLedger.objects.bulk_update(
        list(ledgers.values()), ["used_units", "used_amount", "paid_amount", "updated_at"]
    )
    return created


# --- Cataract aid -------------------------------------------------------------------------------


@transaction.atomic
def cataract_case_file(
    *,
    resident: Resident,
    hospital: Partner,
    eye: str,
    surgery_date: datetime.date,
    indication_confirmed: bool,
    consent_confirmed: bool,
    diagnosis: str = "",
) -> CataractCase:
    """A designated hospital files one eye's surgery for a resident registered in Licang.

    The subsidy comes from the year's rule; each eye has aid once (a rejected case does not
    count).
    """
    errors: dict[str, str] = {}
    if eye not in CataractCase.Eye.values:
        errors["eye"] = _("Choose the left or the right eye.")
    if not indication_confirmed:
        errors["indication_confirmed"] = _("The surgeon must confirm the surgical indication.")
    if not consent_confirmed:
        errors["consent_confirmed"] = _("The patient's consent must be confirmed.")
    if not is_designated_hospital(hospital):
        errors["hospital"] = _("%(hospital)s is not a designated cataract-surgery hospital.") % {
            "hospital": hospital.name
        }
    elif not is_designated_hospital(hospital, surgery_date):
        errors["surgery_date"] = _(
            "%(hospital)s is not a designated cataract-surgery hospital on %(date)s."
        ) % {"hospital": hospital.name, "date": surgery_date.isoformat()}
    if errors:
        raise ValidationError(errors)
    year = surgery_date.year
    rule = rule_for(Program.CATARACT, year)
    if rule is None:
        raise ValidationError(
            {
                "surgery_date": _("No cataract-aid rules have been set for %(year)d.")
                % {"year": year}
            }
        )
    # Lock the person's cataract ledger for the year: a parallel filing for the same person
    # waits here, then sees the first case. Across years the unique constraint
    # health_cataractcase_one_per_eye holds.
    ledger = _locked_ledger(resident, year, Benefit.CATARACT)
    treated = list(
        CataractCase.objects.filter(resident=resident)
        .exclude(status=CataractCase.Status.REJECTED)
        .values_list("eye", flat=True)
    )
    decision = eligibility.cataract(
        eligibility.Facts.of(resident, surgery_date), rule, treated_eyes=treated, eye=eye
    )
    if not decision.eligible:
        code = "eye_already_treated" if eye in treated else "not_eligible"
        raise ConflictError(decision.reason, code=code)
    case = CataractCase(
        resident=resident,
        hospital=hospital,
        eye=eye,
        surgery_date=surgery_date,
        indication_confirmed=indication_confirmed,
        consent_confirmed=consent_confirmed,
        diagnosis=diagnosis,
        subsidy_amount=rule.subsidy_per_case,
        decision=decision.as_json(),
    )
    case.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise ConflictError(
            eligibility.explain(
                {
                    "eligible": False,
                    "findings": [{"code": "eye_treated", "passed": False, "params": {"eye": eye}}],
                }
            ),
            code="eye_already_treated",
        ) from None
    _ledger_add(ledger, units=1, amount=case.subsidy_amount)
    return case


@transaction.atomic
def cataract_case_approve(
    *, case: CataractCase, by: Any, override_reason: str = ""
) -> CataractCase:
    """Approve a filed case, committing its subsidy against the year's budget."""
    case = _locked(CataractCase, case)
    if case.status != CataractCase.Status.FILED:
        raise _transition_refused(case.get_status_display(), _("approved"))
    _budget_commit(
        program=Program.CATARACT,
        year=case.year,
        amount=case.subsidy_amount,
        subject=f"{_('cataract case')} {case.public_id}",
        subject_id=case.public_id,
        by=by,
        override_reason=override_reason,
    )
    case.status = CataractCase.Status.APPROVED
    case.decided_at = timezone.now()
    case.decided_by = by
    case.full_clean(validate_constraints=False)
    case.save(update_fields=["status", "decided_at", "decided_by"])
    return case


@transaction.atomic
def cataract_case_reject(*, case: CataractCase, by: Any, reason: str) -> CataractCase:
    """Reject a filed case with a reason; the eye may be filed again."""
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why the case is rejected.")})
    case = _locked(CataractCase, case)
    if case.status != CataractCase.Status.FILED:
        raise _transition_refused(case.get_status_display(), _("rejected"))
    ledger = _locked_ledger(case.resident, case.year, Benefit.CATARACT)
    _ledger_add(ledger, units=-1, amount=-case.subsidy_amount)
    case.status = CataractCase.Status.REJECTED
    case.rejection_reason = reason.strip()
    case.decided_at = timezone.now()
    case.decided_by = by
    case.full_clean(validate_constraints=False)
    case.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by"])
    return case


@transaction.atomic
def cataract_case_pay(
    *, case: CataractCase, paid_on: datetime.date, payment_reference: str = ""
) -> CataractCase:
    """Mark an approved case's subsidy as paid to the hospital."""
    case = _locked(CataractCase, case)
    if case.status != CataractCase.Status.APPROVED:
        raise _transition_refused(case.get_status_display(), _("paid"))
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The payment date is in the future.")})
    _budget_pay(program=Program.CATARACT, year=case.year, amount=case.subsidy_amount)
    ledger = _locked_ledger(case.resident, case.year, Benefit.CATARACT)
    _ledger_add(ledger, units=0, amount=ZERO, paid=case.subsidy_amount)
    case.status = CataractCase.Status.PAID
    case.paid_on = paid_on
    case.payment_reference = payment_reference
    case.full_clean(validate_constraints=False)
    case.save(update_fields=["status", "paid_on", "payment_reference"])
    return case
