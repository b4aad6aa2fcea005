"""Each program's budget for a year, and the approvals beyond it."""

from __future__ import annotations

from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from health.models.amounts import ZERO, money
from health.programs import Program


class BudgetQuerySet(models.QuerySet["Budget"]):
    def for_listing(self) -> BudgetQuerySet:
        return self.annotate(override_count=models.Count("overrides"))


@pghistory.track()
class Budget(models.Model):
    """A program's budget for a year. ``committed`` counts approved amounts (paid included)."""

    program = models.CharField(_("program"), max_length=16, choices=Program.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    amount = money(_("budget"))
    committed = money(_("committed"), default=ZERO, editable=False)
    paid = money(_("paid"), default=ZERO, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "program"]
        permissions = [("override_budget", _("Can approve beyond a program's budget"))]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"], name="health_budget_one_per_program_year"
            ),
            models.CheckConstraint(
                condition=Q(program__in=["insurance", "checkup", "cataract"]),
                name="health_budget_program_known",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(paid__gte=0) & Q(paid__lte=F("committed")),
                name="health_budget_paid_within_committed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_program_display()} {self.year}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed

    @property
    def use_percent(self) -> Decimal | None:
        if not self.amount:
            return None
        return (self.committed * 100 / self.amount).quantize(Decimal("0.1"))


class BudgetOverrideQuerySet(models.QuerySet["BudgetOverride"]):
    def for_listing(self) -> BudgetOverrideQuerySet:
        return self.select_related("budget", "by")


@pghistory.track()
class BudgetOverride(models.Model):
    """A district administrator's approval beyond a budget: who, when, what and why."""

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="overrides"
    )
    subject = models.CharField(_("approved record"), max_length=200)
    subject_id = models.UUIDField(_("record ID"))
    amount = money(_("amount approved"))
    committed_before = money(_("committed before"))
    exceeded_by = money(_("over the budget by"))
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = BudgetOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget override")
        verbose_name_plural = _("budget overrides")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exceeded_by__gt=0), name="health_budgetoverride_exceeds_budget"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="health_budgetoverride_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} · {self.subject}"
