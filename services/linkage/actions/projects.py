"""Projects: funding, spending against the budget (overrides logged), milestones and progress."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from licang.errors import ConflictError
from services.linkage.access import can_override_budget
from services.linkage.models import ZERO, BudgetOverride, Funding, Milestone, Project, Spending

logger = logging.getLogger("linkage")


@transaction.atomic
def project_save(*, project: Project) -> Project:
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def funding_set(*, project: Project, source: str, amount: Decimal) -> Funding:
    """Set what ``source`` puts into ``project``; the budget becomes the sum of its funding and
    is never set below what is already spent."""
    # lock the project: spending recorded at the same moment must see the new budget
    locked = Project.objects.select_for_update().get(pk=project.pk)
    funding = Funding.objects.filter(project=locked, source=source).first() or Funding(
        project=locked, source=source
    )
    funding.amount = amount
    funding.full_clean()
    funding.save()
    budget = Funding.objects.filter(project=locked).aggregate(total=Sum("amount"))["total"] or ZERO
    if budget < locked.spent:
        raise ValidationError(
            {
                "amount": _("%(spent)s yuan are already spent; the budget cannot be less.")
                % {"spent": locked.spent}
            },
            code="below_spent",
        )
    locked.budget = budget
    locked.save(update_fields=["budget"])
    project.budget = budget
    return funding


@transaction.atomic
def spending_record(
    *,
    project: Project,
    source: str,
    amount: Decimal,
    spent_on: Any,
    description: str,
    by: Any = None,
    override_reason: str = "",
) -> Spending:
    """Record money spent on ``project``. Beyond the budget only with a district administrator's
    override, logged with its reason."""
    if spent_on > timezone.localdate():
        raise ValidationError({"spent_on": _("Spending cannot be dated in the future.")})
    # Lock the project row: two spendings at once must not both fit into the same amount left.
    locked = Project.objects.select_for_update().get(pk=project.pk)
    spending = Spending(
        project=locked,
        source=source,
        amount=amount,
        spent_on=spent_on,
        description=description,
        recorded_by=by if getattr(by, "_meta", None) else None,
    )
    spending.full_clean()
    if locked.spent + amount > locked.budget:
        if not override_reason.strip():
            raise ConflictError(
                _(
                    "Spending %(amount)s yuan would exceed the budget of %(project)s: "
                    "%(spent)s of %(budget)s yuan are already spent. A district administrator "
                    "may override with a reason."
                )
                % {
                    "amount": amount,
                    "project": locked.name,
                    "spent": locked.spent,
                    "budget": locked.budget,
                },
                code="budget_exceeded",
            )
        if not can_override_budget(by):
            raise PermissionDenied(
                _("Only a district administrator may spend beyond a project's budget.")
            )
        spending.override = budget_override_log(
            project=locked, amount=amount, by=by, reason=override_reason
        )
    spending.save()
    locked.spent += amount
    locked.save(update_fields=["spent"])
    project.spent = locked.spent
    return spending


@transaction.atomic
def budget_override_log(
    *, project: Project, amount: Decimal, by: Any, reason: str
) -> BudgetOverride:
    record = BudgetOverride(
        project=project,
        amount=amount,
        spent_before=project.spent,
        exceeded_by=project.spent + amount - project.budget,
        reason=reason.strip(),
        by=by,
    )
    record.full_clean()
    record.save()
    logger.warning(
        "Budget of %s overridden by %s: %s yuan (%s over). Reason: %s",
        project,
        by,
        amount,
        record.exceeded_by,
        record.reason,
    )
    return record


@transaction.atomic
def milestone_save(*, milestone: Milestone) -> Milestone:
    milestone.full_clean()
    milestone.save()
    project_progress_update(project=milestone.project)
    return milestone


@transaction.atomic
def milestone_reach(*, milestone: Milestone, on: Any) -> Milestone:
    if on > timezone.localdate():
        raise ValidationError({"reached_on": _("A milestone cannot be reached in the future.")})
    milestone.reached_on = on
    milestone.full_clean()
    milestone.save(update_fields=["reached_on"])
    project_progress_update(project=milestone.project)
    return milestone


@transaction.atomic
def project_progress_update(*, project: Project) -> Project:
    """A project's progress: the mean of its milestones (reached 100, not yet 0) and its
    sub-projects' progress; then its parent's, up to the top."""
    parts = [
        100 if reached else 0 for reached in project.milestones.values_list("reached_on", flat=True)
    ]
    parts += list(project.sub_projects.values_list("progress", flat=True))
    project.progress = round(sum(parts) / len(parts)) if parts else 0
    project.save(update_fields=["progress"])
    if project.parent_id:
        project_progress_update(project=Project.objects.get(pk=project.parent_id))
    return project
