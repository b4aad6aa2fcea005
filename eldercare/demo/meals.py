"""The meals of the demo's program: a week of menus and their dishes, the orders placed and
priced, the one-stop resident's lunches, deliveries and their follow-ups, today's waiting lists
and the caterers' settlements.

The week of history (menus, dishes, orders, deliveries) is inserted in bulk without its audit
events: a history trigger per row made the demo four times slower to load, and those rows are the
demo's past, not changes anyone made.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

import pgtrigger
from django.contrib.auth import get_user_model
from django.db.models import Count

from eldercare import actions, pricing
from eldercare.models import (
    Delivery,
    Dish,
    Enrolment,
    FollowUp,
    MealPoint,
    Menu,
    Mode,
    Order,
    StandingOrder,
    StandingOrderPause,
    SubsidyReason,
    SubsidyTier,
    WaitlistEntry,
)
from licang.models import Partner
from licang.registry.demo import ONE_STOP_ID_NUMBER
from licang.registry.models import Resident

SEED = 20261204
HISTORY_DAYS = 7

DISHES = [
    # Chinese, English, price, tags
    ("红烧肉", "Braised pork belly", "8.00", []),
    ("清蒸鲅鱼", "Steamed Spanish mackerel", "9.00", ["low_salt"]),
    ("西红柿炒鸡蛋", "Tomato and scrambled egg", "5.00", ["soft", "vegetarian"]),
    ("蒜蓉菠菜", "Garlic spinach", "4.00", ["low_salt", "vegetarian"]),
    ("醋溜土豆丝", "Vinegar potato strips", "3.50", ["vegetarian", "low_sugar"]),
    ("白菜豆腐汤", "Cabbage and tofu soup", "3.00", ["soft", "low_salt", "vegetarian"]),
    ("肉末茄子", "Minced pork with aubergine", "6.00", ["soft"]),
    ("蒸南瓜", "Steamed pumpkin", "3.00", ["soft", "low_salt", "vegetarian"]),
    ("小米粥", "Millet porridge", "1.50", ["soft", "low_salt", "low_sugar", "vegetarian"]),
    ("虾仁蒸蛋", "Steamed egg with shrimp", "7.00", ["soft", "low_salt"]),
    ("清炒西兰花", "Stir-fried broccoli", "4.00", ["low_salt", "low_sugar", "vegetarian"]),
    ("土豆炖牛肉", "Beef stewed with potato", "10.00", ["soft", "halal"]),
    ("葱爆羊肉", "Lamb with scallion", "12.00", ["halal"]),
    ("鲅鱼水饺", "Mackerel dumplings", "6.00", []),
    ("香菇油菜", "Bok choy with mushrooms", "4.00", ["low_salt", "vegetarian"]),
    ("冬瓜排骨汤", "Pork rib and winter melon soup", "6.00", ["soft", "low_sugar"]),
    ("海带炖豆腐", "Kelp and tofu stew", "4.00", ["soft", "vegetarian", "low_sugar"]),
    ("杂粮馒头", "Multigrain steamed bun", "1.00", ["vegetarian", "low_sugar"]),
]


def _menus(
    rng: random.Random, points: list[MealPoint], today: datetime.date, now: datetime.datetime
) -> dict[tuple[int, datetime.date, str], Menu]:
    menus: list[Menu] = []
    for point in points:
        for offset in range(-HISTORY_DAYS, 2):
            day = today + datetime.timedelta(days=offset)
            if offset == 1 and point.pk % 3 == 0:
                continue  # tomorrow's menu not out yet at some points
            for meal in point.meals:
                published = not (offset == 1 and point.pk % 7 == 0)
                menus.append(
                    Menu(
                        point=point,
                        date=day,
                        meal=meal,
                        status=Menu.Status.PUBLISHED if published else Menu.Status.DRAFT,
                        set_price=Decimal(rng.choice(["12.00", "13.00", "15.00"])),
                        published_at=min(now, now + datetime.timedelta(days=offset - 1))
                        if published
                        else None,
                    )
                )
    with pgtrigger.ignore("eldercare.Menu:insert_insert"):
        Menu.objects.bulk_create(menus)
    dishes = []
    for menu in menus:
        for position, (zh, en, price, tags) in enumerate(rng.sample(DISHES, rng.randint(10, 12))):
            dish = Dish(menu=menu, name=zh, price=Decimal(price), tags=tags, position=position)
            dish.name_zh_hans, dish.name_en = zh, en  # type: ignore[attr-defined]
            dishes.append(dish)
    with pgtrigger.ignore("eldercare.Dish:insert_insert"):
        Dish.objects.bulk_create(dishes, batch_size=2000)
    return {(m.point_id, m.date, m.meal): m for m in menus}


def _orders(
    rng: random.Random,
    menus: dict[tuple[int, datetime.date, str], Menu],
    enrolments: list[Enrolment],
    standing: list[StandingOrder],
    today: datetime.date,
    now: datetime.datetime,
) -> int:
    """A week of orders and today's: each active elder eats at their point most days; diners
    from the public fill some seats. Priced by the year's tiers through ``eldercare.pricing``."""
    tiers = list(SubsidyTier.objects.of_year(today.year))
    rule = pricing.rule_for(today)
    dishes: dict[int, list[Dish]] = {}
    for dish in Dish.objects.filter(menu__in=[m.pk for m in menus.values()]).order_by("position"):
        dishes.setdefault(dish.menu_id, []).append(dish)
    regulars = {s.enrolment_id: s for s in standing}
    paused = set(StandingOrderPause.objects.values_list("standing_order__enrolment", flat=True))
    by_point: dict[int, list[Enrolment]] = {}
    for enrolment in enrolments:
        by_point.setdefault(enrolment.point_id, []).append(enrolment)
    orders: list[Order] = []
    chosen: list[tuple[Order, list[Dish]]] = []
    for (point_id, day, meal), menu in sorted(menus.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        point = menu.point
        if (
            day > today
            or menu.status != Menu.Status.PUBLISHED
            or (point.code == "LC-041" and day == today)
        ):
            continue
        capacity = point.capacity_for(meal)
        cutoff = menu.cutoff()
        past = day < today or cutoff <= now
        eaters = [
            e for e in by_point.get(point_id, [])
            if e.status == "active" and e.enrolled_on <= day and e.pk not in paused
            and (meal == "lunch" or rng.random() < 0.5)
            and rng.random() < _eats(point, past)
        ]  # fmt: skip
        public = rng.randint(3, 10) if point.open_to_public else 0
        if not past:
            public //= 2  # today's orders are still coming in
        full = point.code in {"LC-003", "LC-012"} and day == today and meal == "lunch"
        if full:
            public = capacity
        for enrolment in eaters[:capacity]:
            orders.append(
                _order(rng, menu, enrolment, regulars.get(enrolment.pk), dishes, tiers, rule, past)
            )
            chosen.append((orders[-1], orders[-1]._dishes))  # type: ignore[attr-defined]
        for _ in range(max(0, min(public, capacity - len(eaters[:capacity])))):
            orders.append(_order(rng, menu, None, None, dishes, tiers, rule, past))
            chosen.append((orders[-1], orders[-1]._dishes))  # type: ignore[attr-defined]
    with pgtrigger.ignore("eldercare.Order:insert_insert"):
        Order.objects.bulk_create(orders, batch_size=2000)
    through = Order.dishes.through
    through.objects.bulk_create(
        [through(order_id=o.pk, dish_id=d.pk) for o, picked in chosen for d in picked],
        batch_size=5000,
    )
    _deliveries(rng, [o for o in orders if o.mode == Mode.DELIVERY], today, now)
    return len(orders)


# The registry demo's one-stop resident (ONE_STOP_ID_NUMBER) lunches at his community's canteen.
ONE_STOP_POINT = "LC-048"


def _one_stop_meals(menus: dict[tuple[int, datetime.date, str], Menu], today: datetime.date) -> int:
    """Enrol the one-stop resident at ``ONE_STOP_POINT`` and give him the week's lunches where a
    seat was left, priced like every demo order; a stream of random numbers of its own, so that
    the rest of the demo draws the same. Before the settlements, which count his meals too."""
    resident = Resident.objects.filter(id_number=ONE_STOP_ID_NUMBER).first()
    point = MealPoint.objects.filter(code=ONE_STOP_POINT).first()
    if resident is None or point is None or Enrolment.objects.filter(resident=resident).exists():
        return 0
    rng = random.Random(SEED + 1)
    enrolment = Enrolment.objects.create(
        resident=resident,
        point=point,
        dietary_restrictions=["low_salt"],
        enrolled_on=today - datetime.timedelta(days=200),
        enrolled_by=get_user_model().objects.filter(username="admin").first(),
    )
    lunches = [
        menu
        for (point_id, day, meal), menu in sorted(menus.items(), key=lambda kv: kv[0][1])
        if point_id == point.pk
        and meal == "lunch"
        and day < today
        and menu.status == Menu.Status.PUBLISHED
    ]
    taken = dict(
        Order.objects.filter(menu__in=lunches)
        .holding_seats()
        .values_list("menu")
        .annotate(n=Count("pk"))
        .values_list("menu", "n")
    )
    dishes: dict[int, list[Dish]] = {}
    for dish in Dish.objects.filter(menu__in=lunches).order_by("position"):
        dishes.setdefault(dish.menu_id, []).append(dish)
    tiers = list(SubsidyTier.objects.of_year(today.year))
    rule = pricing.rule_for(today)
    orders = [
        _order(rng, menu, enrolment, None, dishes, tiers, rule, True)
        for menu in lunches
        if taken.get(menu.pk, 0) < point.capacity_for("lunch")
    ]
    with pgtrigger.ignore("eldercare.Order:insert_insert"):
        Order.objects.bulk_create(orders)
    through = Order.dishes.through
    through.objects.bulk_create(
        [through(order_id=o.pk, dish_id=d.pk) for o in orders for d in o._dishes]  # type: ignore[attr-defined]
    )
    return len(orders)


def _eats(point: MealPoint, past: bool) -> float:
    """How likely an enrolled elder eats a meal: a care-center point's regulars most days; of a
    meal still to come, about two thirds have ordered by the time the demo is loaded."""
    usual = 0.85 if point.operating_model == "care_center" else 0.7
    return usual if past else usual * 0.75


def _order(
    rng: random.Random,
    menu: Menu,
    enrolment: Enrolment | None,
    regular: StandingOrder | None,
    dishes: dict[int, list[Dish]],
    tiers: list[SubsidyTier],
    rule: Any,
    past: bool,
) -> Order:
    picked = rng.sample(dishes[menu.pk], 2) if rng.random() < 0.6 else []
    standard = pricing.standard_price(menu, picked)
    tier = pricing.tier_for(enrolment.resident, enrolment, menu.date, tiers) if enrolment else None
    subsidy = min(tier.subsidy, standard) if tier else Decimal("0.00")
    status = Order.Status.PLACED
    if past:
        status = rng.choices(
            [Order.Status.SERVED, Order.Status.NO_SHOW, Order.Status.CANCELLED], weights=[95, 3, 2]
        )[0]
    mode = Mode.DELIVERY if enrolment and enrolment.needs_delivery else Mode.DINE_IN
    order = Order(
        menu=menu,
        point=menu.point,
        date=menu.date,
        meal=menu.meal,
        mode=mode,
        resident=enrolment.resident if enrolment else None,
        enrolment=enrolment,
        status=status,
        source=Order.Source.STANDING if regular else Order.Source.API,
        standard_price=standard,
        subsidy=subsidy,
        price_charged=standard - subsidy,
        tier=tier,
        rule_year=rule.year if rule and enrolment else None,
        rule_version=tier.version if tier else None,
        reason=SubsidyReason.SUBSIDISED if tier else SubsidyReason.PUBLIC,
        dietary_conflicts=[
            {"dish": d.name, "restrictions": missing}
            for d in picked
            if enrolment
            and (missing := [r for r in enrolment.dietary_restrictions if r not in d.tags])
        ],
        standing_order=regular if regular and regular.meal == menu.meal else None,
        status_changed_at=menu.cutoff() if past else None,
    )
    order._dishes = picked  # type: ignore[attr-defined]
    return order


def _deliveries(
    rng: random.Random, orders: list[Order], today: datetime.date, now: datetime.datetime
) -> None:
    rows = []
    for order in orders:
        delivery = Delivery(order=order)
        if order.status in (Order.Status.SERVED, Order.Status.NO_SHOW):
            failed = order.status == Order.Status.NO_SHOW or rng.random() < 0.03
            delivery.status = Delivery.Status.FAILED if failed else Delivery.Status.DELIVERED
            delivery.failure = rng.choice(Delivery.Failure.values) if failed else ""
            delivery.recorded_at = min(now, order.menu.cutoff() + datetime.timedelta(hours=3))
        rows.append(delivery)
    with pgtrigger.ignore("eldercare.Delivery:insert_insert"):
        Delivery.objects.bulk_create(rows)
    failures = [d for d in rows if d.status == Delivery.Status.FAILED]
    alone = {
        row["household"]
        for row in Resident.objects.filter(
            household__in=[d.order.resident.household_id for d in failures if d.order.resident]
        )
        .values("household")
        .annotate(n=Count("id"))
        .filter(n=1)
    }
    follow_ups = []
    admin = get_user_model().objects.filter(username="admin").first()
    for delivery in failures:
        resident = delivery.order.resident
        if resident is None or resident.household_id not in alone:
            continue
        closed = delivery.order.date < today - datetime.timedelta(days=1)
        follow_ups.append(
            FollowUp(
                delivery=delivery,
                community_id=resident.community_id,
                closed_at=min(now, (delivery.recorded_at or now) + datetime.timedelta(hours=5))
                if closed
                else None,
                closed_by=admin if closed else None,
                outcome="网格员上门，老人外出就医，已联系子女" if closed else "",
            )
        )
    FollowUp.objects.bulk_create(follow_ups)


def _waiting_list(
    menus: dict[tuple[int, datetime.date, str], Menu],
    standing: list[StandingOrder],
    today: datetime.date,
    now: datetime.datetime,
) -> None:
    """Regulars of the two full meals today wait for a seat, in order."""
    for code in ("LC-003", "LC-012"):
        menu = next(
            m
            for (p, d, meal), m in menus.items()
            if m.point.code == code and d == today and meal == "lunch"
        )
        regulars = [s for s in standing if s.enrolment.point_id == menu.point_id]
        seated = set(
            Order.objects.filter(menu=menu, standing_order__in=regulars).values_list(
                "standing_order", flat=True
            )
        )
        # after the cut-off nobody waits any more: the entries have expired
        status = (
            WaitlistEntry.Status.WAITING if now < menu.cutoff() else WaitlistEntry.Status.EXPIRED
        )
        waiting = [s for s in regulars if s.pk not in seated][:2]
        WaitlistEntry.objects.bulk_create(
            [WaitlistEntry(menu=menu, standing_order=s, status=status) for s in waiting]
        )


def _settlements(caterers: dict[str, list[Partner]], today: datetime.date) -> None:
    admin = get_user_model().objects.get(username="admin")
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    for partners in caterers.values():
        for caterer in partners:
            settlement = actions.settlement_compute(caterer=caterer, month=last_month)
            actions.settlement_approve(settlement=settlement, by=admin)
            actions.settlement_compute(caterer=caterer, month=today)
    first = caterers["care_center"][0]
    approved = first.meal_settlements.get(month=last_month)  # type: ignore[attr-defined]
    actions.settlement_correct(
        settlement=approved,
        amount=Decimal("-21.00"),
        reason="上月3份送餐未送达仍计补贴，予以扣回",
        by=admin,
    )
