"""Each caterer's monthly settlement: meals served, the subsidy owed per tier, adjustments.

An approved settlement is locked in the database too (triggers refuse to change or delete it and
its lines): a correction goes into the next month as an adjustment.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eldercare.access import district_or_caterer_filter
from eldercare.models.amounts import money
from licang.models import Partner


class SettlementQuerySet(models.QuerySet["Settlement"]):
    def for_listing(self) -> SettlementQuerySet:
        return self.select_related("caterer", "approved_by")

    def visible_to(self, actor: object) -> SettlementQuerySet:
        return district_or_caterer_filter(self, actor, caterer="caterer")


@pghistory.track()
class Settlement(models.Model):
    """What the district owes a caterer for a month of subsidised meals."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    caterer = models.ForeignKey(
        Partner,
        verbose_name=_("caterer"),
        on_delete=models.PROTECT,
        related_name="meal_settlements",
        limit_choices_to={"kind": Partner.Kind.CATERER},
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    meals_served = models.PositiveIntegerField(_("meals served"), default=0, editable=False)
    subsidised_meals = models.PositiveIntegerField(_("subsidised meals"), default=0, editable=False)
    subsidy_total = money(_("subsidy owed"), default=0, editable=False)
    adjustments_total = models.DecimalField(
        _("adjustments"), max_digits=10, decimal_places=2, default=0, editable=False
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    objects = SettlementQuerySet.as_manager()

    class Meta:
        verbose_name = _("caterer settlement")
        verbose_name_plural = _("caterer settlements")
        ordering = ["-month", "caterer__name"]
        permissions = [("approve_settlement", _("Can approve caterer settlements"))]
        constraints = [
            models.UniqueConstraint(
                fields=["caterer", "month"], name="eldercare_settlement_one_per_caterer_month"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="eldercare_settlement_month_starts_on_day_one"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(approved_at__isnull=False, approved_by__isnull=False),
                name="eldercare_settlement_approved_has_approver",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="eldercare_settlement_locked_once_approved",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="approved"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.caterer} · {self.month:%Y-%m}"

    @property
    def amount_due(self):  # type: ignore[no-untyped-def]
        return self.subsidy_total + self.adjustments_total


class SettlementLine(models.Model):
    """Meals served and the subsidy owed in one tier of a settlement."""

    settlement = models.ForeignKey(
        Settlement, verbose_name=_("settlement"), on_delete=models.CASCADE, related_name="lines"
    )
    tier_code = models.CharField(_("tier"), max_length=32)
    tier_name = models.CharField(_("tier name"), max_length=50)
    meals = models.PositiveIntegerField(_("meals"))
    subsidy = money(_("subsidy owed"))
    locked = models.BooleanField(_("locked"), default=False, editable=False)

    class Meta:
        verbose_name = _("settlement line")
        verbose_name_plural = _("settlement lines")
        ordering = ["settlement", "tier_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["settlement", "tier_code"], name="eldercare_settlementline_one_per_tier"
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="eldercare_settlementline_locked",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__locked=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.settlement} · {self.tier_name}"


@pghistory.track()
class SettlementAdjustment(models.Model):
    """An amount added to (or taken from) a month's settlement, with its reason; a correction of
    an approved month names that month and lands in the next one."""

    settlement = models.ForeignKey(
        Settlement,
        verbose_name=_("settlement"),
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    corrects = models.ForeignKey(
        Settlement,
        verbose_name=_("corrects the month"),
        on_delete=models.PROTECT,
        related_name="corrections",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("settlement adjustment")
        verbose_name_plural = _("settlement adjustments")
        ordering = ["settlement", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0), name="eldercare_settlementadjustment_not_zero"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="eldercare_settlementadjustment_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.settlement} · {self.amount}"
