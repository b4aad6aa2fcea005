"""The free yearly health check: book, record, complete, cancel, import."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from health import eligibility
from health.actions.budgets import budget_commit
from health.actions.decisions import locked, transition_refused
from health.actions.ledger import ledger_add, locked_ledger
from health.models import (
    ZERO,
    Benefit,
    CheckSite,
    Checkup,
    Program,
    UsageLedger,
    age_band_of,
)
from health.rules import rule_for
from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate
from licang.models import Partner
from licang.registry.models import Resident


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
    snapshots_invalidate(app_label="health")  # the public figures count it
    if not site.is_active:
        raise ValidationError({"site": _("This check site is closed.")})
    if recorded_by is not None and site.partner_id != recorded_by.pk:
        raise ValidationError({"site": _("This check site reports through another institution.")})
    if not booked and check_date > timezone.localdate():
        raise ValidationError({"check_date": _("A completed check cannot be in the future.")})
    year = check_date.year
    # Lock the person's check ledger for the year: two institutions recording the same person
    # at once must not both use the one free check.
    ledger = locked_ledger(resident, year, Benefit.CHECKUP)
    rule, decision = _checkup_decision(resident, check_date, ledger.used_units)
    age = resident.age_on(check_date)
    checkup = Checkup(
        resident=resident,
        site=site,
        check_date=check_date,
        year=year,
        status=Checkup.Status.BOOKED if booked else Checkup.Status.COMPLETED,
        age_on_check=age,
        age_band=age_band_of(age, rule),
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
        budget_commit(
            program=Program.CHECKUP,
            year=year,
            amount=checkup.fee,
            subject=f"{_('health check')} {checkup.public_id}",
            subject_id=checkup.public_id,
            pay=True,
        )
    ledger_add(ledger, units=1, amount=checkup.fee, paid=checkup.fee)
    return checkup


@transaction.atomic
def checkup_complete(
    *,
    checkup: Checkup,
    check_date: datetime.date | None = None,
    family_doctor_signed: bool | None = None,
) -> Checkup:
    """Record that a booked check took place (on its booked date unless another is given)."""
    snapshots_invalidate(app_label="health")  # the public figures count it
    checkup = locked(Checkup, checkup)
    if checkup.status != Checkup.Status.BOOKED:
        raise transition_refused(checkup.get_status_display(), _("completed"))
    check_date = check_date or checkup.check_date
    if check_date.year != checkup.year:
        raise ValidationError({"check_date": _("A booked check is completed in its own year.")})
    if check_date > timezone.localdate():
        raise ValidationError({"check_date": _("A completed check cannot be in the future.")})
    ledger = locked_ledger(checkup.resident, checkup.year, Benefit.CHECKUP)
    # the booking already counts in the ledger; eligibility is measured again on the real date
    rule, decision = _checkup_decision(checkup.resident, check_date, ledger.used_units - 1)
    age = checkup.resident.age_on(check_date)
    checkup.status = Checkup.Status.COMPLETED
    checkup.check_date = check_date
    checkup.age_on_check = age
    checkup.age_band = age_band_of(age, rule)
    checkup.fee = rule.fee_per_check
    checkup.decision = decision.as_json()
    checkup.completed_at = timezone.now()
    if family_doctor_signed is not None:
        checkup.family_doctor_signed = family_doctor_signed
    checkup.full_clean()
    checkup.save()
    if checkup.fee:
        budget_commit(
            program=Program.CHECKUP,
            year=checkup.year,
            amount=checkup.fee,
            subject=f"{_('health check')} {checkup.public_id}",
            subject_id=checkup.public_id,
            pay=True,
        )
    ledger_add(ledger, units=0, amount=checkup.fee, paid=checkup.fee)
    return checkup


@transaction.atomic
def checkup_cancel(*, checkup: Checkup) -> Checkup:
    """Cancel a booked check; the person's free check for the year is available again."""
    checkup = locked(Checkup, checkup)
    if checkup.status != Checkup.Status.BOOKED:
        raise transition_refused(checkup.get_status_display(), _("cancelled"))
    ledger = locked_ledger(checkup.resident, checkup.year, Benefit.CHECKUP)
    ledger_add(ledger, units=-1, amount=ZERO)
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
    snapshots_invalidate(app_label="health")  # the public figures count it
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
    # lock every person's check ledger for the years concerned (see locked_ledger)
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
                age_band=age_band_of(age, rule),
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
            budget_commit(
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
