"""The meal program's cards on the staff home (found by ``licang.staff_cards``): today's meals
ordered at the points of the user's scope, and the seats still free at today's published menus.
For staff who see the program's orders and menus."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, F, IntegerField, Sum, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eldercare.models import Meal, Menu, Order
from licang.staff_cards import Card, changelist_url


def cards(user: Any) -> list[Card]:
    today = timezone.localdate()
    found = []
    if user.has_perm("eldercare.view_order"):
        # one query: today's orders that hold a seat (eldercare_order_by_day_point)
        meals = Order.objects.visible_to(user).filter(date=today).holding_seats().count()
        found.append(
            Card(
                key="eldercare-meals",
                title=_("Meals ordered for today"),
                figure=meals,
                url=changelist_url(
                    Order, date=today.isoformat(), status__in=",".join(Order.SEAT_HOLDING)
                ),
                note=_("placed, served or no-show"),
            )
        )
    if user.has_perm("eldercare.view_menu"):
        # one query: today's published menus (eldercare_menu_by_date_meal), each with its seats
        # taken, summed in a subquery; a menu with more orders than seats has none left
        seats = (
            Menu.objects.visible_to(user)
            .published()
            .filter(date=today)
            .with_seats_taken()
            .annotate(
                capacity=Case(
                    When(meal=Meal.LUNCH, then=F("point__lunch_capacity")),
                    default=F("point__dinner_capacity"),
                    output_field=IntegerField(),
                )
            )
            .aggregate(
                menus=Count("pk"),
                left=Sum(
                    Greatest(F("capacity") - F("seats_taken"), Value(0)),
                    output_field=IntegerField(),
                    default=0,
                ),
            )
        )
        found.append(
            Card(
                key="eldercare-seats",
                title=_("Seats left at today's meals"),
                figure=seats["left"],
                url=changelist_url(Menu, date=today.isoformat(), status__exact="published"),
                note=_("at %(count)d published menus") % {"count": seats["menus"]},
            )
        )
    return found
