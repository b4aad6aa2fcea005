"""The places of the demo's meal program: its caterers, the communities it draws on, the care
centers of the seven care-center subdistricts, the 78 meal points and their pauses, and the
subdistricts' population figures for the planning report."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from eldercare import actions
from eldercare.models import CareCenter, MealPoint, MealPointPause, SubdistrictPopulation
from licang.actions import partner_save
from licang.models import Partner
from licang.registry.models import Community, Subdistrict

# Seven subdistricts run the care-center model (the report's figure): two centers each.
CARE_SUBDISTRICTS = ["licun", "hushanlu", "xiangtanlu", "zhenhualu", "yongqinglu", "xinghualu",
                     "loushan"]  # fmt: skip
MODEL_COUNTS = {"care_center": 36, "canteen": 22, "central_kitchen": 20}

CATERERS = [
    # name, contact, phone, the models it runs
    ("青岛颐佳餐饮管理有限公司", "周经理", "13805321011", "care_center"),
    ("青岛福寿康餐饮服务有限公司", "吴经理", "13805321012", "care_center"),
    ("李沧区幸福食堂餐饮管理有限公司", "赵经理", "13805321003", "canteen"),
    ("青岛邻里香餐饮有限公司", "郑经理", "13805321013", "canteen"),
    ("青岛沧鑫中央厨房有限公司", "王经理", "13805321014", "central_kitchen"),
]


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
