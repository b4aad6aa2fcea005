"""Rules and budgets: every rule change is a new version; approvals commit against a budget."""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from health.access import can_override_budget
from health.models import (
    Budget,
    BudgetOverride,
    Program,
    YearRule,
)
from licang.errors import ConflictError

logger = logging.getLogger("health")


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


def locked_budget(program: str, year: int) -> Budget:
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


def budget_commit(
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
    budget = locked_budget(program, year)
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


def budget_pay(*, program: str, year: int, amount: Decimal) -> None:
    budget = locked_budget(program, year)
    budget.paid += amount
    budget.save(update_fields=["paid", "updated_at"])
