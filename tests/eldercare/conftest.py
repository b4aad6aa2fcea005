"""Meal-program state shared by these tests, built through the eldercare actions.

- rules: the 2026 rules of the program's data migration (ten dishes, elders from 60, subsidies of
  3/5/7 yuan by age band, 10 for subsistence allowance and special families, 8 for disability);
- ``caterer``: the caterer persona operating ``point`` (lunch and dinner, 45 seats each, lunch
  cut-off 09:30, delivers within 1,500 m); ``other_caterer`` operates ``other_point``;
- ``menu``: today's published lunch at ``point``, ten dishes at 4–8 yuan and a set meal at
  15 yuan; ``elder``: a 76-year-old of 李村社区 living alone, enrolled at ``point`` with a
  low-salt diet.

Time stands still at 08:00 on Monday 15 June 2026 (Asia/Shanghai) in every test here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from eldercare import actions
from eldercare.models import CareCenter, MealPoint, Menu
from licang.models import Partner
from tests import factories
from tests.conftest import PartnerPersona

TODAY = datetime.date(2026, 6, 15)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, day: datetime.date = TODAY) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), SHANGHAI)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(at(8), tick=False) as traveller:
        yield traveller


def dishes(count: int = 10, **extra: Any) -> list[dict[str, Any]]:
    names = ["红烧肉", "清蒸鱼", "西红柿炒蛋", "蒜蓉菠菜", "土豆丝", "豆腐汤", "肉末茄子", "蒸南瓜",
             "小米粥", "白菜豆腐", "虾仁蒸蛋", "炒青菜"]  # fmt: skip
    tags = {
        "蒸南瓜": ["soft", "low_salt", "low_sugar", "vegetarian"],
        "小米粥": ["soft", "low_salt"],
        "蒜蓉菠菜": ["low_salt", "vegetarian"],
        "豆腐汤": ["soft", "low_salt"],
    }
    return [
        {"name": name, "price": Decimal(4 + i % 5), "tags": tags.get(name, []), **extra}
        for i, name in enumerate(names[:count])
    ]


def make_care_center(community: Any, name: str | None = None) -> CareCenter:
    return actions.care_center_save(
        center=CareCenter(
            name=name or factories.unique("居家社区养老服务中心"),
            subdistrict=community.subdistrict,
            community=community,
            address="李村路1号",
            beds_total=30,
            beds_occupied=20,
            recreation_area_m2=Decimal("120"),
        )
    )


def make_point(
    operator: Partner,
    community: Any,
    *,
    capacity: int = 45,
    center: CareCenter | None = None,
    **fields: Any,
) -> MealPoint:
    fields.setdefault("delivery_radius_m", 1500)
    fields.setdefault("latitude", Decimal("36.160000"))
    fields.setdefault("longitude", Decimal("120.430000"))
    return actions.meal_point_save(
        point=MealPoint(
            code=factories.unique("mp-"),
            name=factories.unique("长者食堂"),
            operating_model=MealPoint.OperatingModel.CARE_CENTER
            if center
            else MealPoint.OperatingModel.CANTEEN,
            operator=operator,
            care_center=center,
            subdistrict=community.subdistrict,
            community=community,
            address="李村路2号",
            meals=["lunch", "dinner"],
            lunch_capacity=capacity,
            dinner_capacity=capacity,
            **fields,
        )
    )


def publish(point: MealPoint, day: datetime.date = TODAY, meal: str = "lunch", **kw: Any) -> Menu:
    kw.setdefault("set_price", Decimal("15.00"))
    return actions.menu_publish(point=point, date=day, meal=meal, dishes=dishes(), **kw)


@pytest.fixture
def caterer(db: Any) -> PartnerPersona:
    return PartnerPersona(*factories.make_partner(Partner.Kind.CATERER, "青岛餐饮服务有限公司"))


@pytest.fixture
def other_caterer(db: Any) -> PartnerPersona:
    return PartnerPersona(*factories.make_partner(Partner.Kind.CATERER, "另一家配餐公司"))


@pytest.fixture
def point(caterer: PartnerPersona, district: Any) -> MealPoint:
    center = make_care_center(district.licun_a)
    return make_point(caterer.partner, district.licun_a, center=center)


@pytest.fixture
def other_point(other_caterer: PartnerPersona, district: Any) -> MealPoint:
    return make_point(other_caterer.partner, district.jiushui_a)


@pytest.fixture
def menu(point: MealPoint) -> Menu:
    return publish(point)


@pytest.fixture
def elder(district: Any) -> Any:
    household = factories.make_household(district.licun_a)
    return factories.make_resident(
        district.licun_a,
        name="王桂兰",
        birth=datetime.date(1950, 3, 2),
        male=False,
        phone="13912340001",
        household=household,
    )


@pytest.fixture
def enrolment(elder: Any, point: MealPoint) -> Any:
    return actions.enrolment_create(
        resident=elder,
        point=point,
        enrolled_on=TODAY,
        dietary_restrictions=["low_salt"],
        needs_delivery=True,
    )
