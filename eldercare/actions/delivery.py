"""Delivery outcomes and the follow-ups for elders who live alone."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eldercare.actions.messages import tell_delivery_failed
from eldercare.models import Delivery, FollowUp, Order
from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate
from licang.registry.models import Resident


def lives_alone(resident: Resident) -> bool:
    """One registered person in the household (no household on record counts as alone: better a
    visit too many than an elder left without a meal unnoticed)."""
    if resident.household_id is None:
        return True
    return (
        not Resident.objects.filter(household_id=resident.household_id)
        .exclude(pk=resident.pk)
        .exists()
    )


@transaction.atomic
def delivery_record(
    *,
    delivery: Delivery,
    status: str,
    failure: str = "",
    note: str = "",
    now: datetime.datetime | None = None,
) -> Delivery:
    """Record a delivery's outcome. A failed delivery to an elder who lives alone raises a
    follow-up for their community (once), since nobody else may notice that they did not eat.
    A delivered meal marks the order served."""
    snapshots_invalidate(app_label="eldercare")  # the public figures count it
    now = now or timezone.now()
    # of the delivery row only: the elder is on the nullable side of the join
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("order__resident")
        .get(pk=delivery.pk)
    )
    order = delivery.order
    if order.status == Order.Status.CANCELLED:
        raise ConflictError(_("The order was cancelled: nothing to deliver."), code="order_closed")
    if status not in (Delivery.Status.DELIVERED, Delivery.Status.FAILED):
        raise ValidationError({"status": _("A delivery is delivered or failed.")})
    if status == Delivery.Status.FAILED and failure not in Delivery.Failure.values:
        raise ValidationError({"failure": _("Say why the delivery failed.")})
    delivery.status = status
    delivery.failure = failure if status == Delivery.Status.FAILED else ""
    delivery.note = note
    delivery.recorded_at = now
    delivery.full_clean()
    delivery.save(update_fields=["status", "failure", "note", "recorded_at"])
    if status == Delivery.Status.DELIVERED and order.status == Order.Status.PLACED:
        order.status = Order.Status.SERVED
        order.status_changed_at = now
        order.save(update_fields=["status", "status_changed_at"])
    resident = order.resident
    if (
        status == Delivery.Status.FAILED
        and resident is not None
        and lives_alone(resident)
        and not FollowUp.objects.filter(delivery=delivery).exists()
    ):
        FollowUp.objects.create(delivery=delivery, community_id=resident.community_id)
    if status == Delivery.Status.FAILED:
        tell_delivery_failed(delivery)  # the outbox row is written in this transaction
    return delivery


@transaction.atomic
def follow_up_close(*, follow_up: FollowUp, outcome: str, by: Any) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.closed_at is not None:
        raise ConflictError(_("This follow-up is already closed."), code="illegal_transition")
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say what the visit found.")})
    follow_up.outcome = outcome
    follow_up.closed_at = timezone.now()
    follow_up.closed_by = by
    follow_up.full_clean()
    follow_up.save(update_fields=["outcome", "closed_at", "closed_by"])
    return follow_up
