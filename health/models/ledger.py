"""What each person has used of each benefit per year."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from health.access import partner_kind_filter
from health.models.amounts import ZERO, money
from health.programs import Benefit, Program
from licang.registry.models import Resident


class UsageLedgerQuerySet(models.QuerySet["UsageLedger"]):
    def for_listing(self) -> UsageLedgerQuerySet:
        return self.select_related("resident__community")

    def visible_to(self, actor: object) -> UsageLedgerQuerySet:
        """Staff see the ledgers of their scope; partners and anyone else nothing."""
        return partner_kind_filter(self, actor, community_path="resident__community")


@pghistory.track()
class UsageLedger(models.Model):
    """What a person has used of one benefit in one year: the balance is cap minus this.

    ``used_units`` counts hospital-care days, or checks, or cases; ``used_amount`` counts yuan of
    claims and cases that are submitted, approved or paid (a rejection gives them back);
    ``paid_amount`` is what has been paid. Actions lock the row (``select_for_update``) before
    reading it, so two requests for the same person and benefit never both spend the same balance.
    """

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    program = models.CharField(_("program"), max_length=16, choices=Program.choices)
    benefit = models.CharField(_("benefit"), max_length=32, choices=Benefit.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    used_units = models.PositiveIntegerField(_("used (days, checks or cases)"), default=0)
    used_amount = money(_("used amount"), default=ZERO)
    paid_amount = money(_("paid amount"), default=ZERO)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UsageLedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("usage ledger")
        verbose_name_plural = _("usage ledgers")
        ordering = ["-year", "resident_id", "benefit"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "year", "benefit"], name="health_usageledger_one_per_benefit"
            ),
            models.CheckConstraint(
                condition=Q(used_amount__gte=0)
                & Q(paid_amount__gte=0)
                & Q(paid_amount__lte=F("used_amount")),
                name="health_usageledger_paid_within_used",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident.name} · {self.get_benefit_display()} {self.year}"
