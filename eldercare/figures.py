"""The meal program's figures, for the admin, the public statistics page and the API: computed in
a fixed number of aggregate queries, whatever the number of orders."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from eldercare.models import Delivery, MealPoint, Menu, Order, SubsidyTier

WINDOW_DAYS = 7


def program_figures(today: datetime.date) -> dict[str, Any]:
    """Figures over the ``WINDOW_DAYS`` days up to yesterday (today's meals are still being
    served) and the subsidy of the last six months."""
    last = today - datetime.timedelta(days=1)
    first = last - datetime.timedelta(days=WINDOW_DAYS - 1)
    window = Order.objects.filter(date__gte=first, date__lte=last)
    served = window.filter(status=Order.Status.SERVED)

    per_day = {
        row["date"]: row
        for row in served.values("date")
        .annotate(
            meals=Count("id"),
            elders=Count("resident", distinct=True),
            care_center_elders=Count(
                "resident",
                distinct=True,
                filter=Q(point__operating_model=MealPoint.OperatingModel.CARE_CENTER),
            ),
        )
        .order_by("date")
    }
    points = MealPoint.objects.filter(is_active=True)
    capacity = points.aggregate(
        lunch=Sum("lunch_capacity", filter=Q(meals__contains=["lunch"])),
        dinner=Sum("dinner_capacity", filter=Q(meals__contains=["dinner"])),
        count=Count("id"),
        care_center=Count("id", filter=Q(operating_model=MealPoint.OperatingModel.CARE_CENTER)),
    )
    offered = {
        row["date"]: row["seats"]
        for row in Menu.objects.published()
        .filter(date__gte=first, date__lte=last)
        .values("date")
        .annotate(
            seats=Sum("point__lunch_capacity", filter=Q(meal="lunch"))
            + Sum("point__dinner_capacity", filter=Q(meal="dinner"), default=0)
        )
        .order_by("date")
    }
    taken = {
        row["date"]: row["n"]
        for row in window.filter(status__in=Order.SEAT_HOLDING)
        .values("date")
        .annotate(n=Count("id"))
        .order_by("date")
    }
    days = []
    for offset in range(WINDOW_DAYS):
        day = first + datetime.timedelta(days=offset)
        row = per_day.get(day, {})
        seats = offered.get(day) or 0
        days.append(
            {
                "date": day.isoformat(),
                "meals_served": row.get("meals", 0),
                "elders_served": row.get("elders", 0),
                "care_center_elders": row.get("care_center_elders", 0),
                "capacity_use": round(taken.get(day, 0) / seats, 3) if seats else None,
            }
        )
    served_days = [d for d in days if d["meals_served"]]
    per_point = list(
        served.values("point__code", "point__name", "point__operating_model")
        .annotate(meals=Count("id"), elders=Count("resident", distinct=True))
        .order_by("point__code")
    )
    for row in per_point:
        row["elders_per_day"] = round(row["meals"] / max(len(served_days), 1), 1)
    tiers = {
        t.code: t.name for t in SubsidyTier.objects.filter(year__in=[today.year, today.year - 1])
    }
    six_months_ago = (today.replace(day=1) - datetime.timedelta(days=150)).replace(day=1)
    subsidy = [
        {
            "month": row["month"].strftime("%Y-%m"),
            "tier": row["tier__code"],
            "tier_name": tiers.get(row["tier__code"], row["tier__code"]),
            "meals": row["meals"],
            "subsidy": str(row["subsidy"] or Decimal("0.00")),
        }
        for row in Order.objects.filter(
            status=Order.Status.SERVED, subsidy__gt=0, date__gte=six_months_ago, date__lte=last
        )
        .annotate(month=TruncMonth("date"))
        .values("month", "tier__code")
        .annotate(meals=Count("id"), subsidy=Sum("subsidy"))
        .order_by("month", "tier__code")
    ]
    deliveries = Delivery.objects.filter(order__date__gte=first, order__date__lte=last).aggregate(
        delivered=Count("id", filter=Q(status=Delivery.Status.DELIVERED)),
        failed=Count("id", filter=Q(status=Delivery.Status.FAILED)),
    )
    dishes = list(
        served.filter(dishes__isnull=False)
        .values("dishes__name")
        .annotate(times=Count("id"))
        .order_by("-times", "dishes__name")[:10]
    )
    average = (
        round(sum(d["elders_served"] for d in served_days) / len(served_days)) if served_days else 0
    )
    care_average = (
        round(sum(d["care_center_elders"] for d in served_days) / len(served_days))
        if served_days
        else 0
    )
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "points": capacity["count"],
        "care_center_points": capacity["care_center"],
        "seats_per_day": (capacity["lunch"] or 0) + (capacity["dinner"] or 0),
        "elders_per_day": average,
        "care_center_elders_per_day": care_average,
        "care_center_elders_per_point": round(care_average / capacity["care_center"], 1)
        if capacity["care_center"]
        else None,
        "days": days,
        "per_point": per_point,
        "subsidy": subsidy,
        "deliveries": deliveries,
        "dishes": [{"dish": row["dishes__name"], "times": row["times"]} for row in dishes],
    }


def summary_figures(today: datetime.date) -> dict[str, Any]:
    """The home page's two figures: meal points, and elders served a day over the window (two
    queries)."""
    last = today - datetime.timedelta(days=1)
    first = last - datetime.timedelta(days=WINDOW_DAYS - 1)
    served = (
        Order.objects.filter(date__gte=first, date__lte=last, status=Order.Status.SERVED)
        .values("date")
        .annotate(elders=Count("resident", distinct=True))
        .order_by()
    )
    days = [row["elders"] for row in served]
    return {
        "points": MealPoint.objects.filter(is_active=True).count(),
        "elders_per_day": round(sum(days) / len(days)) if days else 0,
    }
