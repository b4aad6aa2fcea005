"""Reads of the meal program that span its models (or the registry): seats, the directory, the
kitchen count, the delivery round, the planning report and the settlement sheet. Each runs a fixed
number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from eldercare import pricing
from eldercare.models import (
    CareCenter,
    Delivery,
    Enrolment,
    Meal,
    MealPoint,
    MealPointPause,
    Menu,
    Mode,
    Order,
    PlanningNorm,
    Settlement,
    SubdistrictPopulation,
    SubsidyTier,
    Tag,
    tag_labels,
)
from licang import idnumber
from licang.registry import overview
from licang.registry.models import Resident, Subdistrict
from services.centers.walking import great_circle_m

MEAL_ORDER: dict[str, int] = {Meal.LUNCH: 0, Meal.DINNER: 1}
LOOKAHEAD_DAYS = 14


def enrolment_for(id_number: str) -> Enrolment | None:
    """The current enrolment of the person with ``id_number`` (a malformed number has none)."""
    number = idnumber.normalise(id_number)
    return (
        Enrolment.objects.current()
        .select_related("resident", "point")
        .filter(resident__id_number=number)
        .first()
    )


def next_meal_with_seats(point: MealPoint, *, after: Menu, now: datetime.datetime) -> Menu | None:
    """The point's next published meal after ``after`` that still takes orders and has a seat."""
    menus = (
        Menu.objects.published()
        .filter(
            point=point,
            date__gte=after.date,
            date__lte=after.date + datetime.timedelta(LOOKAHEAD_DAYS),
        )
        .exclude(pk=after.pk)
        .with_seats_taken()
        .select_related("point")
    )
    later = sorted(
        (m for m in menus if (m.date, MEAL_ORDER[m.meal]) > (after.date, MEAL_ORDER[after.meal])),
        key=lambda m: (m.date, MEAL_ORDER[m.meal]),
    )
    for menu in later:
        if menu.seats_taken < point.capacity_for(menu.meal) and now < menu.cutoff():  # type: ignore[attr-defined]
            return menu
    return None


@dataclass
class MealSeats:
    meal: str
    capacity: int
    taken: int
    published: bool
    open_for_orders: bool
    paused: bool = False
    menu: Menu | None = None

    @property
    def left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def label(self) -> str:
        return str(Meal(self.meal).label)


def seats_on(
    points: list[MealPoint], day: datetime.date, now: datetime.datetime, *, with_dishes: bool = True
) -> dict[int, list[MealSeats]]:
    """For each point, its meals of ``day``: capacity, seats taken and whether orders are open
    (two queries for every point, three with the dishes)."""
    # the day's menus and pauses of every point, not only of these: the same queries whether
    # there are points or none (a filter on an empty list runs no query at all)
    published = Menu.objects.published().filter(date=day).with_seats_taken()
    if with_dishes:
        published = published.prefetch_related("dishes")
    wanted = {p.pk for p in points}
    menus = {(menu.point_id, menu.meal): menu for menu in published if menu.point_id in wanted}
    paused = set(MealPointPause.objects.on(day).values_list("point", flat=True))
    result: dict[int, list[MealSeats]] = {}
    for point in points:
        meals = []
        for meal in sorted(point.meals, key=lambda m: MEAL_ORDER[m]):
            menu = menus.get((point.pk, meal))
            if menu is not None:
                menu.point = point
            meals.append(
                MealSeats(
                    meal=meal,
                    capacity=point.capacity_for(meal),
                    taken=menu.seats_taken if menu else 0,  # type: ignore[attr-defined]
                    published=menu is not None and point.pk not in paused,
                    open_for_orders=menu is not None
                    and point.pk not in paused
                    and now < menu.cutoff(),
                    paused=point.pk in paused,
                    menu=menu,
                )
            )
        result[point.pk] = meals
    return result


# --- Kitchen and delivery ------------------------------------------------------------------------


@dataclass
class KitchenLine:
    dish: str
    dine_in: int = 0
    delivery: int = 0
    tags: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.dine_in + self.delivery

    @property
    def tag_labels(self) -> list[str]:
        return tag_labels(self.tags)


@dataclass
class KitchenCount:
    menu: Menu
    orders: int
    dine_in: int
    delivery: int
    set_meals_dine_in: int
    set_meals_delivery: int
    dishes: list[KitchenLine]
    restrictions: dict[str, int]
    conflicts: int

    @property
    def restriction_labels(self) -> list[tuple[str, int]]:
        return [(str(Tag(tag).label), n) for tag, n in self.restrictions.items()]


def kitchen_count(menu: Menu) -> KitchenCount:
    """What the cook prepares for a meal: each dish (dine-in and delivery), the set meals, and
    how many diners keep each diet. Counts the orders that hold a seat (two queries)."""
    orders = list(
        Order.objects.filter(menu=menu, status__in=Order.SEAT_HOLDING)
        .select_related("enrolment")
        .prefetch_related("dishes")
    )
    lines = {dish.pk: KitchenLine(dish.name, tags=list(dish.tags)) for dish in menu.dishes.all()}
    restrictions: Counter[str] = Counter()
    set_meals: Counter[str] = Counter()
    for order in orders:
        chosen = list(order.dishes.all())
        for dish in chosen:
            line = lines[dish.pk]
            if order.mode == Mode.DELIVERY:
                line.delivery += 1
            else:
                line.dine_in += 1
        if not chosen:
            set_meals[order.mode] += 1
        if order.enrolment is not None:
            restrictions.update(order.enrolment.dietary_restrictions)
    return KitchenCount(
        menu=menu,
        orders=len(orders),
        dine_in=sum(1 for o in orders if o.mode == Mode.DINE_IN),
        delivery=sum(1 for o in orders if o.mode == Mode.DELIVERY),
        set_meals_dine_in=set_meals[Mode.DINE_IN],
        set_meals_delivery=set_meals[Mode.DELIVERY],
        dishes=list(lines.values()),
        restrictions=dict(sorted(restrictions.items())),
        conflicts=sum(1 for o in orders if o.dietary_conflicts),
    )


def _natural(text: str) -> list[Any]:
    """ "3号楼2单元101" sorts after "2号楼…" and before "10号楼…"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def delivery_round(menu: Menu) -> list[Delivery]:
    """The meal's deliveries in a walking order: communities nearest the point first, then by
    address within a community (building, entrance, room) — one query."""
    point = menu.point
    deliveries = list(
        Delivery.objects.filter(order__menu=menu)
        .exclude(order__status=Order.Status.CANCELLED)
        .select_related(
            "order__resident__household", "order__resident__community", "order__enrolment"
        )
        .prefetch_related("order__dishes")
    )

    def key(delivery: Delivery) -> tuple[float, list[Any]]:
        resident = delivery.order.resident
        community = resident.community if resident else None
        distance = (
            great_circle_m(
                float(point.latitude),
                float(point.longitude),
                float(community.latitude),
                float(community.longitude),
            )
            if community is not None
            and community.latitude is not None
            and community.longitude is not None
            else float("inf")
        )
        address = resident.household.address if resident and resident.household else ""
        return distance, _natural(address)

    return sorted(deliveries, key=key)


# --- Planning ------------------------------------------------------------------------------------


@dataclass
class PlanningRow:
    subdistrict: Subdistrict
    population: int | None
    households: int | None
    beds_required: int | None
    beds: int
    beds_occupied: int
    recreation_required: Decimal | None
    recreation: Decimal

    @property
    def beds_shortfall(self) -> int | None:
        return None if self.beds_required is None else max(self.beds_required - self.beds, 0)

    @property
    def recreation_shortfall(self) -> Decimal | None:
        if self.recreation_required is None:
            return None
        return max(self.recreation_required - self.recreation, Decimal("0"))


def planning_report(year: int) -> tuple[PlanningNorm | None, list[PlanningRow]]:
    """Each subdistrict's required care beds and recreation area under the year's norms, against
    what its care centers have (four queries)."""
    norm = PlanningNorm.objects.for_year(year)
    populations = {p.subdistrict_id: p for p in SubdistrictPopulation.objects.filter(year=year)}
    existing = {
        row["subdistrict"]: row
        for row in CareCenter.objects.filter(is_active=True)
        .values("subdistrict")
        .annotate(
            beds=Sum("beds_total"), occupied=Sum("beds_occupied"), area=Sum("recreation_area_m2")
        )
        .order_by()
    }
    rows = []
    for subdistrict in Subdistrict.objects.order_by("sort_order", "name"):
        population = populations.get(subdistrict.pk)
        have = existing.get(subdistrict.pk, {})
        beds_required = recreation_required = None
        if population is not None and norm is not None:
            beds_required = int(
                (Decimal(population.population) * norm.beds_per_thousand / 1000).to_integral_value(
                    ROUND_CEILING
                )
            )
            recreation_required = (
                Decimal(population.households) * norm.recreation_m2_per_hundred_households / 100
            ).quantize(Decimal("0.1"))
        rows.append(
            PlanningRow(
                subdistrict=subdistrict,
                population=population.population if population else None,
                households=population.households if population else None,
                beds_required=beds_required,
                beds=have.get("beds") or 0,
                beds_occupied=have.get("occupied") or 0,
                recreation_required=recreation_required,
                recreation=have.get("area") or Decimal("0"),
            )
        )
    return norm, rows


# --- Settlement ----------------------------------------------------------------------------------


def settlement_sheet(settlement: Settlement) -> dict[str, Any]:
    """A settlement's lines, adjustments and per-point meals for its spreadsheet (four queries)."""
    next_month = (settlement.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    names = {
        tier.code: tier.name for tier in SubsidyTier.objects.filter(year=settlement.month.year)
    }
    per_point = (
        Order.objects.filter(
            point__operator=settlement.caterer_id,
            date__gte=settlement.month,
            date__lt=next_month,
            status=Order.Status.SERVED,
        )
        .values("point__code", "point__name")
        .annotate(
            meals=Count("id"),
            subsidy_owed=Sum("subsidy"),
            subsidised=Count("id", filter=Q(subsidy__gt=0)),
        )
        .order_by("point__code")
    )
    return {
        "settlement": settlement,
        "lines": [
            {
                "tier": names.get(line.tier_code, line.tier_name),
                "meals": line.meals,
                "subsidy": line.subsidy,
            }
            for line in settlement.lines.all()
        ],
        "adjustments": list(settlement.adjustments.select_related("corrects", "created_by")),
        "points": list(per_point),
    }


# --- the resident page (``licang.registry.overview``) ------------------------------------------


def resident_overview(
    resident: Resident, viewer: Any, *, today: datetime.date
) -> overview.Section | None:
    """The meal program's part of the resident page: their enrolments and newest orders within
    ``viewer``'s scope (``access.staff_or_partner_filter``), and, for an elder who is not
    enrolled, that they could be. Queries: enrolments, orders, the year's meal rule."""
    if not overview.may_view(viewer, Enrolment):
        return None
    lists = []
    facts = []
    enrolments, total = overview.latest(
        Enrolment.objects.visible_to(viewer)
        .filter(resident=resident)
        .select_related("point")
        .order_by("-enrolled_on", "-pk")
    )

    def enrolment_entry(enrolment: Enrolment) -> overview.Entry:
        details = [*enrolment.restriction_labels]
        if enrolment.needs_delivery:
            details.append(str(_("home delivery")))
        if enrolment.status_note:
            details.append(enrolment.status_note)
        return overview.Entry(
            title=enrolment.point.name,
            state=str(enrolment.get_status_display()),
            date=enrolment.ended_on or enrolment.enrolled_on,
            url=overview.change_url(enrolment),
            detail="、".join(details),
        )

    lists.append(
        overview.entry_list(
            "enrolments",
            _("Meal enrolments"),
            enrolments,
            total,
            enrolment_entry,
            more_url=overview.list_url(Enrolment, resident__id__exact=resident.pk),
        )
    )
    current = next((e for e in enrolments if e.status != Enrolment.Status.ENDED), None)
    if current is not None:
        facts.append((str(_("home meal point")), f"{current.point.code} · {current.point.name}"))
    if overview.may_view(viewer, Order):
        orders, total = overview.latest(
            Order.objects.visible_to(viewer)
            .filter(resident=resident)
            .select_related("point")
            .order_by("-date", "-created_at", "-pk")
        )
        lists.append(
            overview.entry_list(
                "orders",
                _("Recent meal orders"),
                orders,
                total,
                lambda order: overview.Entry(
                    title=f"{order.point.name} · {order.get_meal_display()}",
                    state=str(order.get_status_display()),
                    date=order.date,
                    url=overview.change_url(order),
                    detail=_("%(charged)s yuan (subsidy %(subsidy)s yuan)")
                    % {"charged": order.price_charged, "subsidy": order.subsidy},
                ),
                more_url=overview.list_url(Order, resident__id__exact=resident.pk),
            )
        )
    opportunities = []
    rule = pricing.rule_for(today)
    if current is None and rule is not None and pricing.is_elder(resident, today, rule):
        opportunities.append(
            overview.Opportunity(
                program=str(_("Elder meals")),
                reason=_(
                    "Aged %(age)d: the meal program takes residents aged %(min_age)d and over "
                    "(%(year)d rules), and this resident is not enrolled."
                )
                % {"age": resident.age_on(today), "min_age": rule.elder_age, "year": rule.year},
                url=overview.add_url(Enrolment, resident=resident.pk)
                if overview.may_add(viewer, Enrolment)
                else "",
                action=_("Enrol"),
            )
        )
    return overview.Section(
        "eldercare",
        _("Elder meals and care"),
        lists=lists,
        facts=facts,
        opportunities=opportunities,
    )
