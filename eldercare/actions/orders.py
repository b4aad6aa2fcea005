"""Orders: placed with a hard capacity, cancelled until the cut-off (the seat going to the first
regular waiting), marked served or no-show after the meal, and walk-in servings in batches."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eldercare import pricing
from eldercare.models import (
    Delivery,
    Dish,
    Enrolment,
    MealPoint,
    MealPointPause,
    Menu,
    Mode,
    Order,
    Settlement,
    StandingOrder,
    WaitlistEntry,
    conflicts,
)
from eldercare.selectors import next_meal_with_seats
from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate
from licang.models import Partner
from licang.registry.models import Resident


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def refuse_if_settled(point: MealPoint, day: datetime.date) -> None:
    """Orders of a month whose settlement is approved are locked with it."""
    if Settlement.objects.filter(
        caterer_id=point.operator_id, month=_month(day), status=Settlement.Status.APPROVED
    ).exists():
        raise ConflictError(
            _(
                "The settlement of %(month)s is approved: its orders are locked. Record a "
                "correction in the next month instead."
            )
            % {"month": f"{day:%Y-%m}"},
            code="month_settled",
        )


def _check_pause(point: MealPoint, day: datetime.date) -> None:
    pause = MealPointPause.objects.on(day).filter(point=point).select_related("alternative").first()
    if pause is None:
        return
    extra: dict[str, Any] = {"pause_reason": pause.reason}
    message = _("The point serves no meals on %(date)s: %(reason)s.") % {
        "date": f"{day:%Y-%m-%d}",
        "reason": pause.reason,
    }
    if pause.alternative is not None:
        extra["alternative"] = {"code": pause.alternative.code, "name": pause.alternative.name}
        message += " " + _("Go to %(point)s instead.") % {"point": pause.alternative.name}
    raise ConflictError(message, code="point_paused", extra=extra)


def _dishes_of(menu: Menu, dish_names: list[str] | None, dishes: list[Dish] | None) -> list[Dish]:
    if dishes is not None:
        if any(dish.menu_id != menu.pk for dish in dishes):
            raise ValidationError({"dishes": _("A dish chosen is not on this menu.")})
        return dishes
    if not dish_names:
        return []
    offered = {dish.name: dish for dish in menu.dishes.all()}
    offered.update({dish.name_en: dish for dish in menu.dishes.all() if dish.name_en})  # type: ignore[attr-defined]
    unknown = [name for name in dish_names if name not in offered]
    if unknown:
        raise ValidationError(
            {"dishes": _("Not on this menu: %(names)s.") % {"names": "、".join(unknown)}}
        )
    if len(set(dish_names)) != len(dish_names):
        raise ValidationError({"dishes": _("Each dish is chosen once.")})
    return [offered[name] for name in dish_names]


@transaction.atomic
def order_place(
    *,
    menu: Menu,
    mode: str,
    enrolment: Enrolment | None = None,
    claimed_elder: bool = False,
    dish_names: list[str] | None = None,
    dishes: list[Dish] | None = None,
    source: str,
    partner: Partner | None = None,
    user: Any = None,
    standing_order: StandingOrder | None = None,
    now: datetime.datetime | None = None,
) -> Order:
    """Place an order for a published meal, within its seats and before its cut-off.

    The menu row is locked for the count and the insert: two orders for the last seat queue on
    it, and the second finds the meal full (409 ``meal_full``, with the next meal with seats).
    The elder's row is locked too, so that two points pricing the same elder's meal at once
    agree on which one is subsidised.
    """
    now = now or timezone.now()
    menu = Menu.objects.select_for_update().select_related("point").get(pk=menu.pk)
    point = menu.point
    if menu.status != Menu.Status.PUBLISHED:
        raise ConflictError(_("No menu is published for this meal yet."), code="no_menu")
    _check_pause(point, menu.date)
    if now >= menu.cutoff():
        raise ConflictError(
            _("Orders for this meal closed at %(time)s.")
            % {"time": timezone.localtime(menu.cutoff()).strftime("%Y-%m-%d %H:%M")},
            code="past_cutoff",
        )
    resident: Resident | None = None
    if enrolment is not None:
        enrolment = Enrolment.objects.select_related("resident").get(pk=enrolment.pk)
        resident = Resident.objects.select_for_update().get(pk=enrolment.resident_id)
    if resident is None and not point.open_to_public:
        raise ValidationError(
            {"id_number": _("This point serves enrolled elders only.")}, code="elders_only"
        )
    if mode == Mode.DELIVERY and (point.delivery_radius_m == 0 or enrolment is None):
        raise ConflictError(
            _("Home delivery is for enrolled elders at points that deliver."),
            code="delivery_not_offered",
        )
    chosen = _dishes_of(menu, dish_names, dishes)
    if not chosen and menu.set_price is None:
        raise ValidationError({"dishes": _("This menu has no set meal: choose dishes.")})
    taken = menu.orders.filter(status__in=Order.SEAT_HOLDING).count()
    if taken >= point.capacity_for(menu.meal):
        after = next_meal_with_seats(point, after=menu, now=now)
        extra: dict[str, Any] = {"next_available": None}
        message = _("Every seat of this meal is taken.")
        if after is not None:
            extra["next_available"] = {"date": after.date.isoformat(), "meal": after.meal}
            message += " " + _("The next meal with seats is %(meal)s on %(date)s.") % {
                "meal": after.get_meal_display(),
                "date": f"{after.date:%Y-%m-%d}",
            }
        raise ConflictError(message, code="meal_full", extra=extra)
    return _create(
        menu=menu,
        mode=mode,
        enrolment=enrolment,
        resident=resident,
        claimed_elder=claimed_elder,
        chosen=chosen,
        source=source,
        partner=partner,
        user=user,
        standing_order=standing_order,
        status=Order.Status.PLACED,
        now=now,
    )


def _create(
    *,
    menu: Menu,
    mode: str,
    enrolment: Enrolment | None,
    resident: Resident | None,
    claimed_elder: bool,
    chosen: list[Dish],
    source: str,
    partner: Partner | None,
    user: Any,
    standing_order: StandingOrder | None,
    status: str,
    now: datetime.datetime,
) -> Order:
    snapshots_invalidate(app_label="eldercare")  # the public figures count it
    price = pricing.price_for(
        menu=menu,
        dishes=chosen,
        resident=resident,
        enrolment=enrolment,
        claimed_elder=claimed_elder,
    )
    restrictions = enrolment.dietary_restrictions if enrolment else []
    order = Order(
        menu=menu,
        point=menu.point,
        date=menu.date,
        meal=menu.meal,
        mode=mode,
        resident=resident,
        enrolment=enrolment,
        status=status,
        source=source,
        standard_price=price.standard,
        subsidy=price.subsidy,
        price_charged=price.charged,
        tier=price.tier,
        rule_year=price.rule.year if price.rule else None,
        rule_version=(price.tier.version if price.tier else None),
        reason=price.reason,
        dietary_conflicts=[
            {"dish": dish.name, "restrictions": missing}
            for dish in chosen
            if (missing := conflicts(restrictions, dish.tags))
        ],
        standing_order=standing_order,
        placed_by_partner=partner,
        placed_by_user=user if getattr(user, "_meta", None) else None,
        status_changed_at=now if status != Order.Status.PLACED else None,
    )
    order.full_clean(exclude=["dishes"], validate_unique=False, validate_constraints=False)
    order.save()
    if chosen:
        order.dishes.set(chosen)
    if mode == Mode.DELIVERY:
        Delivery.objects.create(order=order)
    return order


@transaction.atomic
def order_cancel(*, order: Order, now: datetime.datetime | None = None) -> Order:
    """Cancel a placed order until the meal's cut-off; its seat goes to the first regular on the
    meal's waiting list, in the same transaction."""
    snapshots_invalidate(app_label="eldercare")  # the public figures count it
    now = now or timezone.now()
    menu = Menu.objects.select_for_update().select_related("point").get(pk=order.menu_id)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != Order.Status.PLACED:
        raise ConflictError(
            _("Only a placed order can be cancelled; this one is %(status)s.")
            % {"status": order.get_status_display()},
            code="order_closed",
        )
    if now >= menu.cutoff():
        raise ConflictError(
            _("Cancellations for this meal closed at %(time)s.")
            % {"time": timezone.localtime(menu.cutoff()).strftime("%Y-%m-%d %H:%M")},
            code="past_cutoff",
        )
    order.status = Order.Status.CANCELLED
    order.status_changed_at = now
    order.save(update_fields=["status", "status_changed_at"])
    _seat_first_waiting(menu, now)
    return order


def _seat_first_waiting(menu: Menu, now: datetime.datetime) -> None:
    """Give a freed seat to the first regular still waiting whose standing order holds."""
    for entry in menu.waitlist.waiting().select_related("standing_order__enrolment"):
        standing = entry.standing_order
        if not standing.is_active or standing.enrolment.status != Enrolment.Status.ACTIVE:
            entry.status = WaitlistEntry.Status.EXPIRED
            entry.save(update_fields=["status"])
            continue
        try:
            with transaction.atomic():
                order = order_place(
                    menu=menu,
                    mode=standing.mode,
                    enrolment=standing.enrolment,
                    source=Order.Source.STANDING,
                    standing_order=standing,
                    now=now,
                )
        except (ValidationError, ConflictError):
            # the regular can no longer take this meal (their point stopped delivering, say):
            # the cancellation stands and the next in line is asked
            entry.status = WaitlistEntry.Status.EXPIRED
            entry.save(update_fields=["status"])
            continue
        entry.status = WaitlistEntry.Status.SEATED
        entry.order = order
        entry.save(update_fields=["status", "order"])
        return


@transaction.atomic
def order_mark(*, order: Order, status: str, now: datetime.datetime | None = None) -> Order:
    """After the meal's cut-off, a placed order is served or a no-show (and a wrong mark is
    corrected the same way) until the month is settled."""
    snapshots_invalidate(app_label="eldercare")  # the public figures count it
    now = now or timezone.now()
    order = Order.objects.select_for_update().select_related("menu__point").get(pk=order.pk)
    if status not in (Order.Status.SERVED, Order.Status.NO_SHOW):
        raise ValidationError({"status": _("An order is marked served or no-show.")})
    if order.status == Order.Status.CANCELLED:
        raise ConflictError(_("A cancelled order is not served."), code="order_closed")
    if now < order.menu.cutoff():
        raise ConflictError(
            _("An order is marked served or no-show once its meal's orders have closed."),
            code="order_closed",
        )
    refuse_if_settled(order.point, order.date)
    if order.status != status:
        order.status = status
        order.status_changed_at = now
        order.save(update_fields=["status", "status_changed_at"])
    return order


@dataclass
class ServingLine:
    """One line of a batch of servings: an existing order served, or a walk-in who ate at the
    point (an enrolled elder, or a member of the public)."""

    order: Order | None = None
    menu: Menu | None = None
    enrolment: Enrolment | None = None
    claimed_elder: bool = False
    dish_names: list[str] = field(default_factory=list)
    index: int | None = None  # the line's place in the batch as sent, for its error


class BatchRefused(Exception):
    """A batch with bad lines: nothing was written; ``errors`` has one entry per bad line."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} bad lines")
        self.errors = errors


def _line_error(index: int, refusal: Exception) -> dict[str, Any]:
    if isinstance(refusal, ValidationError):
        detail = "；".join(str(message) for message in refusal.messages)
        code = getattr(refusal, "code", None) or "invalid"
        if hasattr(refusal, "error_dict"):
            code = next(
                (e.code for errors in refusal.error_dict.values() for e in errors if e.code),
                "invalid",
            )
    else:
        detail, code = str(refusal), getattr(refusal, "code", "conflict")
    return {"line": index, "code": code, "detail": detail}


@transaction.atomic
def servings_record(
    *,
    lines: list[ServingLine],
    partner: Partner | None = None,
    user: Any = None,
    now: datetime.datetime | None = None,
) -> list[Order]:
    """Record a batch of servings, all or nothing: each line marks an order served or records a
    walk-in served at once. A bad line refuses the whole batch with every bad line's reason
    (``BatchRefused``); nothing of it is kept."""
    now = now or timezone.now()
    done: list[Order] = []
    errors: list[dict[str, Any]] = []
    for index, line in enumerate(lines):
        try:
            with transaction.atomic():
                done.append(_serve(line, partner=partner, user=user, now=now))
        except (ValidationError, ConflictError) as refusal:
            errors.append(_line_error(index if line.index is None else line.index, refusal))
    if errors:
        raise BatchRefused(errors)
    return done


def _serve(
    line: ServingLine, *, partner: Partner | None, user: Any, now: datetime.datetime
) -> Order:
    snapshots_invalidate(app_label="eldercare")  # the public figures count it
    if line.order is not None:
        return order_mark(order=line.order, status=Order.Status.SERVED, now=now)
    assert line.menu is not None
    menu = Menu.objects.select_for_update().select_related("point").get(pk=line.menu.pk)
    if menu.status != Menu.Status.PUBLISHED:
        raise ConflictError(_("No menu is published for this meal."), code="no_menu")
    if menu.date > timezone.localdate(now):
        raise ValidationError({"date": _("A serving is recorded on or after the meal's day.")})
    refuse_if_settled(menu.point, menu.date)
    resident = None
    if line.enrolment is not None:
        resident = Resident.objects.select_for_update().get(pk=line.enrolment.resident_id)
    chosen = _dishes_of(menu, line.dish_names, None)
    if not chosen and menu.set_price is None:
        raise ValidationError({"dishes": _("This menu has no set meal: choose dishes.")})
    return _create(
        menu=menu,
        mode=Mode.DINE_IN,  # a walk-in eats at the point
        enrolment=line.enrolment,
        resident=resident,
        claimed_elder=line.claimed_elder,
        chosen=chosen,
        source=Order.Source.WALK_IN,
        partner=partner,
        user=user,
        standing_order=None,
        status=Order.Status.SERVED,
        now=now,
    )
