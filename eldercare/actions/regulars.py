"""Regulars: standing orders, the pauses scheduled ahead, and the daily placing of their orders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from eldercare.actions.messages import tell_waitlisted
from eldercare.actions.orders import order_place
from eldercare.models import (
    Enrolment,
    Menu,
    Mode,
    Order,
    StandingOrder,
    StandingOrderPause,
    WaitlistEntry,
)
from licang.errors import ConflictError


@transaction.atomic
def standing_order_save(*, standing_order: StandingOrder) -> StandingOrder:
    enrolment = standing_order.enrolment
    if standing_order.meal and standing_order.meal not in enrolment.point.meals:
        raise ValidationError({"meal": _("The elder's point does not serve this meal.")})
    if standing_order.mode == Mode.DELIVERY and enrolment.point.delivery_radius_m == 0:
        raise ValidationError({"mode": _("The elder's point does not deliver.")})
    standing_order.weekdays = sorted(set(standing_order.weekdays or []))
    standing_order.full_clean()
    standing_order.save()
    return standing_order


@transaction.atomic
def standing_order_pause_save(*, pause: StandingOrderPause) -> StandingOrderPause:
    pause.full_clean()
    pause.save()
    return pause


@dataclass(frozen=True)
class PlacedStandingOrders:
    placed: int
    waiting: int
    already: int
    skipped: int

    def __str__(self) -> str:
        return (
            f"{self.placed} orders placed, {self.waiting} on waiting lists, "
            f"{self.already} already there, {self.skipped} skipped"
        )


def standing_orders_place(
    *, day: datetime.date, now: datetime.datetime | None = None
) -> PlacedStandingOrders:
    """Turn the standing orders of ``day`` into orders, before each meal's cut-off.

    Safe to run twice (or by two workers at once): a standing order has at most one live order
    and one waiting-list entry per meal (unique indexes), and each is placed in its own
    transaction with the menu locked. A full meal puts the regular on its waiting list, in order
    of the standing orders' age; a paused standing order, a suspended enrolment, a meal without
    a published menu or past its cut-off is skipped.
    """
    now = now or timezone.now()
    placed = waiting = already = skipped = 0
    paused = StandingOrderPause.objects.filter(starts_on__lte=day, ends_on__gte=day).values(
        "standing_order"
    )
    regulars = (
        StandingOrder.objects.filter(
            is_active=True,
            weekdays__contains=[day.isoweekday()],
            enrolment__status=Enrolment.Status.ACTIVE,
        )
        .exclude(pk__in=paused)
        .select_related("enrolment__point")
        .order_by("created_at", "id")
    )
    menus = {
        (menu.point_id, menu.meal): menu
        for menu in Menu.objects.published().filter(date=day).select_related("point")
    }
    for standing in regulars:
        menu = menus.get((standing.enrolment.point_id, standing.meal))
        if menu is None or now >= menu.cutoff():
            skipped += 1
            continue
        outcome = _place_one(standing, menu, now)
        placed += outcome == "placed"
        waiting += outcome == "waiting"
        already += outcome == "already"
        skipped += outcome == "skipped"
    return PlacedStandingOrders(placed, waiting, already, skipped)


@transaction.atomic
def _place_one(standing: StandingOrder, menu: Menu, now: datetime.datetime) -> str:
    Menu.objects.select_for_update().get(pk=menu.pk)  # one placing per meal at a time
    if (
        Order.objects.filter(standing_order=standing, menu=menu)
        .exclude(status=Order.Status.CANCELLED)
        .exists()
        or WaitlistEntry.objects.filter(standing_order=standing, menu=menu).exists()
    ):
        return "already"
    if (
        Order.objects.filter(
            Q(resident_id=standing.enrolment.resident_id), date=menu.date, meal=menu.meal
        )
        .exclude(status=Order.Status.CANCELLED)
        .exists()
    ):
        return "already"  # the elder ordered this meal themselves
    try:
        with transaction.atomic():
            order_place(
                menu=menu,
                mode=standing.mode,
                enrolment=standing.enrolment,
                source=Order.Source.STANDING,
                standing_order=standing,
                now=now,
            )
        return "placed"
    except ConflictError as refusal:
        if refusal.code != "meal_full":
            return "skipped"
    entry = WaitlistEntry.objects.create(menu=menu, standing_order=standing)
    tell_waitlisted(entry)  # the outbox row is written in this transaction
    return "waiting"
