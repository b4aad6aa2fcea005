"""The demo's meal program: 78 meal points under the three operating models across the 11
subdistricts, their caterers and care centers, menus of ten dishes or more from a week ago to
tomorrow, about 3,000 enrolled elders, a week of orders (about 1,600 elders a day on the
care-center model, 40–50 a point), deliveries, follow-ups, waiting lists, settlements, classes
and outings, and the population figures of the planning report.

Drawn from a seeded generator against the day it is loaded, so a run builds the same program
shape whatever the day; nothing is dated after that moment but menus, pauses and activities,
which are announced ahead. Loaded once: a second run finds the points and changes nothing.

The week of history (menus, dishes, orders, deliveries) is inserted in bulk without its audit
events: a history trigger per row made the demo four times slower to load, and those rows are the
demo's past, not changes anyone made. Everything staff or partners do afterwards is tracked.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any, TextIO

import pgtrigger
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from eldercare import actions, pricing
from eldercare.models import (
    Activity,
    ActivitySignup,
    CareCenter,
    Delivery,
    Dish,
    Enrolment,
    FollowUp,
    MealPoint,
    MealPointPause,
    Menu,
    Mode,
    Order,
    StandingOrder,
    StandingOrderPause,
    SubdistrictPopulation,
    SubsidyReason,
    SubsidyTier,
    WaitlistEntry,
)
from licang.actions import partner_save
from licang.idnumber import check_character
from licang.models import Partner
from licang.registry import actions as registry_actions
from licang.registry.demo import GIVEN, ONE_STOP_ID_NUMBER, SURNAMES
from licang.registry.models import Community, Household, Resident, Subdistrict

SEED = 20261204
HISTORY_DAYS = 7
# Seven subdistricts run the care-center model (the report's figure): two centers each.
CARE_SUBDISTRICTS = ["licun", "hushanlu", "xiangtanlu", "zhenhualu", "yongqinglu", "xinghualu",
                     "loushan"]  # fmt: skip
MODEL_COUNTS = {"care_center": 36, "canteen": 22, "central_kitchen": 20}
# Elders enrolled at a point of each model: a care-center point serves 40–50 of them a day.
ENROLLED = {"care_center": 56, "canteen": 30, "central_kitchen": 26}

CATERERS = [
    # name, contact, phone, the models it runs
    ("青岛颐佳餐饮管理有限公司", "周经理", "13805321011", "care_center"),
    ("青岛福寿康餐饮服务有限公司", "吴经理", "13805321012", "care_center"),
    ("李沧区幸福食堂餐饮管理有限公司", "赵经理", "13805321003", "canteen"),
    ("青岛邻里香餐饮有限公司", "郑经理", "13805321013", "canteen"),
    ("青岛沧鑫中央厨房有限公司", "王经理", "13805321014", "central_kitchen"),
]

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
RESTRICTIONS = [[], [], [], [], ["low_salt"], ["low_sugar"], ["soft"], ["soft", "low_salt"],
                ["halal"], ["vegetarian"]]  # fmt: skip

CLASSES = [
    ("书法班", "Calligraphy", "每周二、四上午9:00–10:30", "Tue and Thu 9:00–10:30"),
    ("太极拳", "Tai chi", "每周一、三、五早上7:30", "Mon, Wed, Fri 7:30"),
    ("智能手机课", "Using a smartphone", "每周三下午2:30", "Wed 14:30"),
    ("老年合唱团", "Seniors' choir", "每周五下午3:00", "Fri 15:00"),
]
OUTINGS = [
    ("崂山北九水一日游", "A day at Beijiushui, Laoshan", "崂山北九水", "Beijiushui, Laoshan"),
    ("李村公园赏菊", "Chrysanthemums in Licun Park", "李村公园", "Licun Park"),
    ("青岛啤酒博物馆参观", "Tsingtao Beer Museum", "登州路56号", "56 Dengzhou Road"),
]


def load(out: TextIO) -> None:
    if MealPoint.objects.exists():
        out.write(f"  {MealPoint.objects.count()} meal points (already loaded)\n")
        return
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate(now)
    caterers = _caterers()
    communities = _communities()
    centers = _care_centers(rng, communities)
    points = _points(rng, communities, centers, caterers)
    _pauses(points, today)
    menus = _menus(rng, points, today, now)
    elders = _elders(rng, points, today)
    enrolments = _enrolments(rng, elders, today)
    standing = _standing_orders(rng, enrolments, today)
    orders = _orders(rng, menus, enrolments, standing, today, now)
    orders += _one_stop_meals(menus, today)
    _waiting_list(menus, standing, today, now)
    _settlements(caterers, today)
    _activities(rng, centers, today)
    _populations(today)
    out.write(
        f"  {len(points)} meal points, {len(centers)} care centers, {len(enrolments)} enrolled "
        f"elders, {orders} orders\n"
    )


def _caterers() -> dict[str, list[Partner]]:
    found: dict[str, list[Partner]] = {}
    for name, contact, phone, model in CATERERS:
        partner = Partner.objects.filter(name=name).first() or partner_save(
            partner=Partner(
                name=name, kind=Partner.Kind.CATERER, contact_name=contact, contact_phone=phone
            )
        )
        found.setdefault(model, []).append(partner)
    return found


def _communities() -> dict[str, list[Community]]:
    found: dict[str, list[Community]] = {}
    for community in Community.objects.select_related("subdistrict").order_by("pk"):
        found.setdefault(community.subdistrict.code, []).append(community)
    return found


def _care_centers(rng: random.Random, communities: dict[str, list[Community]]) -> list[CareCenter]:
    centers = []
    for code in CARE_SUBDISTRICTS:
        for community in communities[code][:2]:
            name = f"{community.name.removesuffix('社区')}居家社区养老服务中心"
            en = f"{_english(community)} Home and Community Care Center"
            beds = rng.choice([30, 40, 50, 60, 80])
            center = CareCenter(
                name=name,
                subdistrict=community.subdistrict,
                community=community,
                address=f"{community.name}服务中心一楼",
                phone=f"0532-8{rng.randint(1000000, 9999999)}",
                beds_total=beds,
                beds_occupied=rng.randint(beds // 2, beds),
                recreation_area_m2=Decimal(rng.choice([120, 160, 200, 260, 300])),
            )
            center.name_en = en  # type: ignore[attr-defined]
            center.address_en = f"Ground floor, {community.name_en} service center"  # type: ignore[attr-defined]
            center.description = "助餐、日间照料、康复理疗、老年大学"
            center.description_en = (  # type: ignore[attr-defined]
                "Meals, day care, rehabilitation and the senior university"
            )
            center.clinic_hours = "周一至周五 8:30–11:30"
            center.clinic_hours_en = "Mon–Fri 8:30–11:30"  # type: ignore[attr-defined]
            center.home_visit_services = "助浴、助洁、代购、陪同就医、健康巡访"
            center.home_visit_services_en = (  # type: ignore[attr-defined]
                "Bathing, cleaning, shopping, company to the doctor, health visits"
            )
            centers.append(actions.care_center_save(center=center))
    return centers


def _points(
    rng: random.Random,
    communities: dict[str, list[Community]],
    centers: list[CareCenter],
    caterers: dict[str, list[Partner]],
) -> list[MealPoint]:
    plan: list[tuple[str, Community, CareCenter | None]] = []
    for index in range(MODEL_COUNTS["care_center"]):
        home = centers[index % len(centers)]
        pool = communities[home.subdistrict.code]
        plan.append(("care_center", pool[index // len(centers) % len(pool)], home))
    codes = list(communities)
    for model in ("canteen", "central_kitchen"):
        for index in range(MODEL_COUNTS[model]):
            code = codes[(index + (5 if model == "central_kitchen" else 0)) % len(codes)]
            pool = communities[code]
            plan.append((model, pool[(index // len(codes) + 2) % len(pool)], None))
    points = []
    names = {"care_center": ("助餐点", "meal point"), "canteen": ("长者食堂", "seniors' canteen"),
             "central_kitchen": ("配餐点", "kitchen-supplied point")}  # fmt: skip
    serial: dict[int, int] = {}
    for number, (model, community, center) in enumerate(plan, start=1):
        serial[community.pk] = serial.get(community.pk, 0) + 1
        suffix = "" if serial[community.pk] == 1 else f"第{serial[community.pk]}"
        zh, en = names[model]
        capacity = {"care_center": 50, "canteen": 45, "central_kitchen": 35}[model]
        point = MealPoint(
            code=f"LC-{number:03d}",
            name=f"{community.name.removesuffix('社区')}{suffix}{zh}",
            operating_model=model,
            operator=caterers[model][number % len(caterers[model])],
            care_center=center,
            subdistrict=community.subdistrict,
            community=community,
            address=f"{community.name}{rng.randint(1, 60)}号",
            latitude=Decimal(community.latitude or 0)
            + Decimal(f"{rng.uniform(-0.004, 0.004):.6f}"),
            longitude=Decimal(community.longitude or 0)
            + Decimal(f"{rng.uniform(-0.004, 0.004):.6f}"),
            phone=f"0532-8{rng.randint(1000000, 9999999)}",
            meals=["lunch", "dinner"] if model == "care_center" and number % 3 else ["lunch"],
            lunch_capacity=capacity + rng.choice([0, 5]),
            dinner_capacity=30 if model == "care_center" else 0,
            delivery_radius_m=0 if model == "central_kitchen" and number % 2 else 1500,
            open_to_public=number % 9 != 0,
        )
        point.name_en = (  # type: ignore[attr-defined]
            f"{_english(community)} {en}" + (f" {serial[community.pk]}" if suffix else "")
        )
        point.address_en = f"{community.name_en}, No. {point.address[len(community.name) : -1]}"  # type: ignore[attr-defined]
        points.append(actions.meal_point_save(point=point))
    return points


def _english(community: Community) -> str:
    """The community's English name without "Community" (李村社区: Licun)."""
    return str(getattr(community, "name_en", "") or community.name).removesuffix(" Community")


def _pauses(points: list[MealPoint], today: datetime.date) -> None:
    closed, instead = points[40], points[41]
    pause = MealPointPause(
        point=closed,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
        reason="厨房设备检修",
        alternative=instead,
    )
    actions.pause_save(pause=pause)
    actions.pause_save(
        pause=MealPointPause(
            point=points[5],
            starts_on=today + datetime.timedelta(days=10),
            ends_on=today + datetime.timedelta(days=11),
            reason="消防演练",
        )
    )


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


def _elders(
    rng: random.Random, points: list[MealPoint], today: datetime.date
) -> list[tuple[Resident, MealPoint]]:
    """Registered elders for the points to enrol: the registry's own, and more in each point's
    community so that a care-center point has the 50-odd regulars it serves."""
    homes = [p for p in points for _ in range(ENROLLED[p.operating_model])]
    households = []
    residents: list[tuple[Resident, str, int]] = []
    owners: list[MealPoint] = []
    seen: set[str] = set()
    for number, point in enumerate(homes):
        community = point.community
        alone = rng.random() < 0.25
        household = Household(
            community=community,
            number=f"EC-{number:05d}",
            address=f"{community.name}{rng.randint(1, 40)}号楼{rng.randint(1, 4)}单元"
            f"{rng.randint(1, 12)}0{rng.randint(1, 4)}户",
        )
        households.append(household)
        for member in range(1 if alone else 2):
            age = rng.choice([61, 63, 65, 66, 68, 70, 72, 74, 75, 77, 79, 81, 83, 86, 90])
            birth = today - datetime.timedelta(days=age * 365 + rng.randint(10, 350))
            male = rng.random() < 0.45
            sequence = (number * 2 + member) % 1000
            sequence = sequence - sequence % 2 + (1 if male else 0)
            first17 = f"370213{birth:%Y%m%d}{sequence:03d}"
            if first17 in seen:
                continue
            seen.add(first17)
            resident = Resident(
                name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2)),
                id_number=first17 + check_character(first17),
                phone=f"13{rng.randint(5, 9)}{rng.randint(0, 99_999_999):08d}",
                community=community,
                registered_in_licang=True,
                limited_mobility=age >= 78 and rng.random() < 0.4,
            )
            residents.append((resident, household.number, member))
            owners.append(point)
    saved = {h.number: h for h in registry_actions.households_import(households=households)}
    for resident, household_number, _member in residents:
        resident.household = saved[household_number]
    registry_actions.residents_import(residents=[r for r, _n, member in residents if member == 0])
    numbers = [r.id_number for r, _n, member in residents if member == 0]
    first_homes = [
        home for (_r, _n, member), home in zip(residents, owners, strict=True) if member == 0
    ]
    # the second member of a couple lives with them but does not eat at the point
    registry_actions.residents_import(residents=[r for r, _n, member in residents if member == 1])
    by_number = {r.id_number: r for r in Resident.objects.filter(id_number__in=numbers)}
    return [
        (by_number[n], home) for n, home in zip(numbers, first_homes, strict=True) if n in by_number
    ]


def _enrolments(
    rng: random.Random, elders: list[tuple[Resident, MealPoint]], today: datetime.date
) -> list[Enrolment]:
    admin = get_user_model().objects.filter(username="admin").first()
    rows = []
    for elder, point in elders:
        hardship = rng.choices(
            ["", SubsidyTier.Hardship.SUBSISTENCE, SubsidyTier.Hardship.SPECIAL_FAMILY,
             SubsidyTier.Hardship.DISABILITY], weights=[88, 6, 2, 4]
        )[0]  # fmt: skip
        status = rng.choices(["active", "suspended", "ended"], weights=[95, 3, 2])[0]
        rows.append(
            Enrolment(
                resident=elder,
                point=point,
                dietary_restrictions=sorted(rng.choice(RESTRICTIONS)),
                hardship=hardship,
                needs_delivery=elder.limited_mobility and point.delivery_radius_m > 0,
                status=status,
                status_note={"suspended": "住院治疗", "ended": "随子女迁居外区"}.get(status, ""),
                enrolled_on=today - datetime.timedelta(days=rng.randint(30, 900)),
                ended_on=today - datetime.timedelta(days=rng.randint(1, 20))
                if status == "ended"
                else None,
                enrolled_by=admin,
            )
        )
    return Enrolment.objects.bulk_create(rows)


def _standing_orders(
    rng: random.Random, enrolments: list[Enrolment], today: datetime.date
) -> list[StandingOrder]:
    rows = [
        StandingOrder(
            enrolment=e,
            weekdays=[1, 2, 3, 4, 5] if rng.random() < 0.7 else [1, 2, 3, 4, 5, 6, 7],
            meal="lunch",
            mode=Mode.DELIVERY if e.needs_delivery else Mode.DINE_IN,
        )
        for e in enrolments
        if e.status == "active" and rng.random() < 0.3
    ]
    standing = StandingOrder.objects.bulk_create(rows)
    for regular in standing[:6]:
        StandingOrderPause.objects.create(
            standing_order=regular,
            starts_on=today - datetime.timedelta(days=2),
            ends_on=today + datetime.timedelta(days=5),
            reason=rng.choice(["住院", "去子女家小住"]),
        )
    return standing


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


def _activities(rng: random.Random, centers: list[CareCenter], today: datetime.date) -> None:
    for number, center in enumerate(centers):
        zh, en, schedule, schedule_en = CLASSES[number % len(CLASSES)]
        term = Activity(
            center=center,
            kind=Activity.Kind.CLASS,
            title=zh,
            place=f"{center.name}二楼教室",
            schedule=schedule,
            starts_on=today + datetime.timedelta(days=7 + number % 5),
            ends_on=today + datetime.timedelta(days=90),
            capacity=20 + 5 * (number % 3),
            signup_closes_on=today + datetime.timedelta(days=5),
        )
        term.title_en, term.schedule_en = en, schedule_en  # type: ignore[attr-defined]
        term.place_en = f"Classroom, first floor, {center.name_en}"  # type: ignore[attr-defined]
        actions.activity_save(activity=term)
        zh, en, place, place_en = OUTINGS[number % len(OUTINGS)]
        day = today + datetime.timedelta(days=10 + number)
        outing = Activity(
            center=center,
            kind=Activity.Kind.OUTING,
            title=zh,
            place=place,
            schedule="早上8:00中心门口集合",
            starts_on=day,
            ends_on=day,
            capacity=12,
            signup_closes_on=day - datetime.timedelta(days=2),
        )
        outing.title_en, outing.place_en = en, place_en  # type: ignore[attr-defined]
        outing.schedule_en = "Meet at the center's door at 8:00"  # type: ignore[attr-defined]
        actions.activity_save(activity=outing)
        signups = 12 if number == 0 else rng.randint(2, 9)
        ActivitySignup.objects.bulk_create(
            [
                ActivitySignup(
                    activity=outing,
                    name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    phone=f"139{number:02d}{index:06d}",
                )
                for index in range(signups)
            ]
        )


# Residents and households per subdistrict (the statistics office's figures, rounded), for the
# planning report.
POPULATION = {
    "licun": (92_000, 36_800), "hushanlu": (61_000, 24_400), "fushanlu": (78_000, 31_200),
    "zhenhualu": (83_000, 33_200), "yongqinglu": (56_000, 22_400), "yonganlu": (47_000, 18_800),
    "xinghualu": (88_000, 35_200), "xiangtanlu": (71_000, 28_400), "loushan": (64_000, 25_600),
    "jiushui": (96_000, 38_400), "shiyuan": (42_000, 16_800),
}  # fmt: skip


def _populations(today: datetime.date) -> None:
    for subdistrict in Subdistrict.objects.all():
        population, households = POPULATION.get(subdistrict.code, (50_000, 20_000))
        actions.population_save(
            population=SubdistrictPopulation(
                year=today.year,
                subdistrict=subdistrict,
                population=population,
                households=households,
            )
        )
