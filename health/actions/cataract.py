"""Cataract-surgery aid: a designated hospital files a case."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from health import eligibility
from health.access import is_designated_hospital
from health.actions.decisions import decision_approve, decision_pay, decision_reject
from health.actions.ledger import ledger_add, locked_ledger
from health.models import (
    Benefit,
    CataractCase,
    Program,
)
from health.rules import rule_for
from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate
from licang.models import Partner
from licang.registry.models import Resident


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
    snapshots_invalidate(app_label="health")  # the public figures count it
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
    ledger = locked_ledger(resident, year, Benefit.CATARACT)
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
    ledger_add(ledger, units=1, amount=case.subsidy_amount)
    return case


@transaction.atomic
def cataract_case_approve(
    *, case: CataractCase, by: Any, override_reason: str = ""
) -> CataractCase:
    """Approve a filed case, committing its subsidy against the year's budget."""
    return decision_approve(record=case, by=by, override_reason=override_reason)  # type: ignore[no-any-return]


def cataract_case_reject(*, case: CataractCase, by: Any, reason: str) -> CataractCase:
    """Reject a filed case with a reason; the eye may be filed again."""
    return decision_reject(record=case, by=by, reason=reason)  # type: ignore[no-any-return]


def cataract_case_pay(
    *, case: CataractCase, paid_on: datetime.date, payment_reference: str = ""
) -> CataractCase:
    """Mark an approved case's subsidy as paid to the hospital."""
    return decision_pay(  # type: ignore[no-any-return]
        record=case, paid_on=paid_on, payment_reference=payment_reference
    )
