"""The service desk used by these tests, on top of the personas of ``tests/conftest.py``.

- ``desk.center``: the personas' center (李村), open on weekdays 08:30–17:30, where
  ``center_staff`` works; it offers every item.
- ``desk.other``: a center in 九水, seen by ``jiushui_staff`` only.
- ``desk.closed``: a temporarily closed center in 李村.
- items: ``lamp`` (at home, one required choice question), ``booking`` (a required choice and an
  optional date), ``measure`` (same day, no questions, only at ``desk.center``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from services.centers.models import Center
from services.desk.models import ServiceItem
from tests.desk import factories


@dataclass
class Desk:
    center: Center
    other: Center
    closed: Center
    lamp: ServiceItem
    booking: ServiceItem
    measure: ServiceItem


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    # a page asked for in English leaves English active in the thread; the next test reads
    # messages in the default language, as a new request would
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def desk(district: Any) -> Desk:
    center = district.center
    center.latitude, center.longitude = 36.16, 120.433
    center.address = "李沧区书院路88号"
    center.save(update_fields=["latitude", "longitude", "address"])
    factories.add_weekday_hours(center, "08:30", "17:30")
    other = factories.make_desk_center(
        "jiushui", [district.jiushui_a], name="九水测试中心", lat="36.172", lng="120.453"
    )
    closed = factories.make_desk_center(
        "licun", [district.licun_c], name="装修中心", status=Center.Status.TEMPORARILY_CLOSED
    )
    home = factories.make_category("home", "居家维修")
    health = factories.make_category("health", "健康医疗")
    lamp = factories.make_item(
        home,
        "JX01",
        name="更换灯管",
        centers=[center, other, closed],
        needs_address=True,
        questions=[
            {
                "code": "lamp",
                "prompt": "灯具类型",
                "datatype": "singlevaluelist",
                "required": True,
                "choices": [("tube", "日光灯管"), ("ceiling", "吸顶灯")],
            },
            {"code": "count", "prompt": "数量", "datatype": "number", "required": False},
        ],
    )
    booking = factories.make_item(
        health,
        "YL01",
        name="代约挂号",
        centers=[center, other],
        questions=[
            {
                "code": "hospital",
                "prompt": "医院",
                "datatype": "singlevaluelist",
                "required": True,
                "choices": [("shili", "市立医院"), ("badao", "第八人民医院")],
            },
            {"code": "date", "prompt": "就诊日期", "datatype": "datetime", "required": False},
        ],
    )
    measure = factories.make_item(health, "YL03", name="血压测量", centers=[center], days=0)
    return Desk(center, other, closed, lamp, booking, measure)
