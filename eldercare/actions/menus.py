"""Menus: drafted and published by staff in the admin, or published by the caterer through the
API; a published menu changes until its first order."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eldercare.models import Dish, MealPoint, MealRule, Menu
from licang.errors import ConflictError


class DishInput(TypedDict, total=False):
    name: str
    name_en: str
    price: Decimal
    tags: list[str]


def _refuse_if_ordered(menu: Menu) -> None:
    if menu.pk is not None and menu.orders.exists():
        raise ConflictError(
            _("This menu already has orders and can no longer be changed."),
            code="menu_has_orders",
        )


def _minimum(date: datetime.date) -> int:
    rule = MealRule.objects.for_year(date.year)
    if rule is None:
        raise ValidationError(
            {"date": _("No meal rule is set for %(year)d yet.") % {"year": date.year}},
            code="no_rule",
        )
    return int(rule.min_dishes)


@transaction.atomic
def menu_save(*, menu: Menu) -> Menu:
    """Save a menu's point, date, meal and set price (its dishes are saved by the admin's rows).
    A published menu with orders is not changed."""
    if menu.pk is not None:
        locked = Menu.objects.select_for_update().get(pk=menu.pk)
        _refuse_if_ordered(locked)
    if menu.point_id and menu.meal and menu.meal not in menu.point.meals:
        raise ValidationError({"meal": _("The point does not serve this meal.")})
    menu.full_clean()
    menu.save()
    return menu


@transaction.atomic
def menu_publish(
    *,
    point: MealPoint,
    date: datetime.date,
    meal: str,
    dishes: list[DishInput] | None = None,
    set_price: Decimal | None = None,
    menu: Menu | None = None,
) -> Menu:
    """Publish the menu of ``point``'s ``meal`` on ``date``.

    With ``dishes``, they replace the menu's dishes (a caterer's publication); without, the
    menu's own dishes are published (staff in the admin). Refused with ``too_few_dishes`` below
    the year's minimum, with ``menu_has_orders`` once it has orders.
    """
    if meal not in point.meals:
        raise ValidationError({"meal": _("The point does not serve this meal.")})
    minimum = _minimum(date)
    if menu is None:
        menu = Menu.objects.select_for_update().filter(point=point, date=date, meal=meal).first()
    else:
        menu = Menu.objects.select_for_update().get(pk=menu.pk)
    if menu is not None:
        _refuse_if_ordered(menu)
    count = len(dishes) if dishes is not None else (menu.dishes.count() if menu else 0)
    if count < minimum:
        message = _(
            "A meal needs at least %(minimum)d dishes to be published; this one has %(count)d."
        ) % {"minimum": minimum, "count": count}
        raise ValidationError(
            {"dishes": ValidationError(message, code="too_few_dishes", params={"minimum": minimum})}
        )
    if menu is None:
        menu = Menu(point=point, date=date, meal=meal)
    if dishes is not None:
        names = [str(dish["name"]).strip() for dish in dishes]
        if len(set(names)) != len(names):
            raise ValidationError({"dishes": _("Each dish of a menu has its own name.")})
        menu.set_price = set_price
    elif set_price is not None:
        menu.set_price = set_price
    menu.status = Menu.Status.PUBLISHED
    menu.published_at = timezone.now()
    menu.full_clean()
    menu.save()
    if dishes is not None:
        menu.dishes.all().delete()
        rows = []
        for position, dish in enumerate(dishes):
            row = Dish(
                menu=menu,
                name=str(dish["name"]).strip(),
                price=dish["price"],
                tags=sorted(set(dish.get("tags") or [])),
                position=position,
            )
            row.name_zh_hans = row.name  # type: ignore[attr-defined]
            row.name_en = dish.get("name_en") or None  # type: ignore[attr-defined]
            row.full_clean(exclude=["menu"])
            rows.append(row)
        Dish.objects.bulk_create(rows)
    return menu


@transaction.atomic
def dish_save(*, dish: Dish) -> Dish:
    """Save a dish of a menu in the admin, until the menu has orders."""
    menu = Menu.objects.select_for_update().get(pk=dish.menu_id)
    _refuse_if_ordered(menu)
    dish.tags = sorted(set(dish.tags or []))
    dish.full_clean()
    dish.save()
    return dish


@transaction.atomic
def dish_delete(*, dish: Dish) -> None:
    menu = Menu.objects.select_for_update().get(pk=dish.menu_id)
    _refuse_if_ordered(menu)
    dish.delete()
