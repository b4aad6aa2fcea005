"""Monthly caterer settlements: computed from the meals served, adjusted with reasons, approved
and locked; a correction of an approved month goes into the next one."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from eldercare.access import can_approve_settlements
from eldercare.models import ZERO, Order, Settlement, SettlementAdjustment, SettlementLine
from licang.errors import ConflictError
from licang.models import Partner


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _refuse_if_approved(settlement: Settlement) -> None:
    if settlement.status == Settlement.Status.APPROVED:
        raise ConflictError(
            _(
                "The settlement of %(month)s is approved and locked; record a correction, which "
                "goes into the next month."
            )
            % {"month": f"{settlement.month:%Y-%m}"},
            code="month_settled",
        )


def _locked(caterer: Partner, month: datetime.date) -> Settlement:
    settlement, _created = Settlement.objects.get_or_create(caterer=caterer, month=month)
    return Settlement.objects.select_for_update().get(pk=settlement.pk)


@transaction.atomic
def settlement_compute(*, caterer: Partner, month: datetime.date) -> Settlement:
    """(Re)compute a draft settlement from the meals served at the caterer's points in ``month``:
    meals and subsidy per tier, with the adjustments recorded so far."""
    if caterer.kind != Partner.Kind.CATERER:
        raise ValidationError({"caterer": _("Settlements are for caterers.")})
    month = month.replace(day=1)
    settlement = _locked(caterer, month)
    _refuse_if_approved(settlement)
    served = Order.objects.filter(
        point__operator=caterer,
        date__gte=month,
        date__lt=_next_month(month),
        status=Order.Status.SERVED,
    )
    per_tier = (
        served.filter(subsidy__gt=0)
        .values("tier__code", "tier__name")
        .annotate(meals=Count("id"), subsidy=Sum("subsidy"))
        .order_by("tier__code")
    )
    settlement.lines.all().delete()
    lines = [
        SettlementLine(
            settlement=settlement,
            tier_code=row["tier__code"],
            tier_name=row["tier__name"],
            meals=row["meals"],
            subsidy=row["subsidy"],
        )
        for row in per_tier
    ]
    SettlementLine.objects.bulk_create(lines)
    settlement.meals_served = served.count()
    settlement.subsidised_meals = sum(line.meals for line in lines)
    settlement.subsidy_total = sum((line.subsidy for line in lines), ZERO)
    settlement.adjustments_total = settlement.adjustments.aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal("0.00")
    settlement.computed_at = timezone.now()
    settlement.save()
    return settlement


@transaction.atomic
def settlement_approve(*, settlement: Settlement, by: Any) -> Settlement:
    """Approve a settlement after computing it once more: from now on it, its lines and its
    month's orders are locked (the database refuses to change them)."""
    if not can_approve_settlements(by):
        raise PermissionDenied(_("Only a district administrator approves settlements."))
    settlement = settlement_compute(caterer=settlement.caterer, month=settlement.month)
    settlement.lines.update(locked=True)
    settlement.status = Settlement.Status.APPROVED
    settlement.approved_at = timezone.now()
    settlement.approved_by = by
    settlement.full_clean()
    settlement.save(update_fields=["status", "approved_at", "approved_by"])
    return settlement


@transaction.atomic
def settlement_adjust(
    *,
    settlement: Settlement,
    amount: Decimal,
    reason: str,
    by: Any,
    corrects: Settlement | None = None,
) -> SettlementAdjustment:
    """Add an adjustment with its reason to a draft settlement."""
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    _refuse_if_approved(settlement)
    adjustment = SettlementAdjustment(
        settlement=settlement,
        amount=amount,
        reason=reason.strip(),
        corrects=corrects,
        created_by=by,
    )
    adjustment.full_clean()
    adjustment.save()
    settlement.adjustments_total = settlement.adjustments.aggregate(total=Sum("amount"))["total"]
    settlement.save(update_fields=["adjustments_total"])
    return adjustment


@transaction.atomic
def settlement_correct(
    *, settlement: Settlement, amount: Decimal, reason: str, by: Any
) -> SettlementAdjustment:
    """Correct an approved month: the amount goes into the next month's settlement as an
    adjustment naming the month it corrects; the approved month stays as it was paid."""
    if settlement.status != Settlement.Status.APPROVED:
        raise ConflictError(
            _("This month is not approved yet: adjust it directly."), code="illegal_transition"
        )
    following = _next_month(settlement.month)
    while True:
        target = _locked(settlement.caterer, following)
        if target.status != Settlement.Status.APPROVED:
            break
        following = _next_month(following)
    return settlement_adjust(
        settlement=target, amount=amount, reason=reason, by=by, corrects=settlement
    )
