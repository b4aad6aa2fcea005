"""Builders for service-desk state, through the same actions the product uses."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from licang.registry.models import Community, Subdistrict
from services.centers import actions as centers_actions
from services.centers.models import Center, OpeningHours, Volunteer
from services.desk import actions as desk_actions
from services.desk.models import ServiceCategory, ServiceItem, ServiceQuestion, ServiceRequest

_serial = itertools.count(1)


def make_desk_center(
    subdistrict_code: str,
    communities: list[Community],
    *,
    name: str | None = None,
    lat: str = "36.160000",
    lng: str = "120.433000",
    status: str = Center.Status.OPEN,
    hours: tuple[str, str] | None = ("08:30", "17:30"),
) -> Center:
    """An open center with weekday desk hours and coordinates."""
    number = next(_serial)
    center = centers_actions.center_save(
        center=Center(
            slug=f"desk-{number}",
            name=name or f"测试邻里中心{number}",
            subdistrict=Subdistrict.objects.get(code=subdistrict_code),
            address=f"李沧区测试路{number}号",
            latitude=Decimal(lat),
            longitude=Decimal(lng),
            status=status,
            status_note="装修中" if status != Center.Status.OPEN else "",
        ),
        communities=communities,
    )
    if hours:
        add_weekday_hours(center, *hours)
    return center


def add_weekday_hours(center: Center, opens: str, closes: str) -> None:
    for weekday in range(5):
        centers_actions.opening_hours_save(
            hours=OpeningHours(
                center=center,
                weekday=weekday,
                opens=datetime.time.fromisoformat(opens),
                closes=datetime.time.fromisoformat(closes),
            )
        )


def make_category(code: str = "home", name: str = "居家维修") -> ServiceCategory:
    return desk_actions.service_category_save(
        category=ServiceCategory(
            code=code, name=name, name_en=f"{code} (en)", sort_order=next(_serial)
        )
    )


def make_item(
    category: ServiceCategory,
    code: str,
    *,
    centers: list[Center],
    name: str | None = None,
    days: int = 1,
    fee: str = "0",
    needs_address: bool = False,
    questions: list[dict[str, Any]] | None = None,
) -> ServiceItem:
    item = desk_actions.service_item_save(
        item=ServiceItem(
            category=category,
            code=code,
            name=name or f"服务{code}",
            name_en=f"Service {code}",
            description=f"{code} 的说明",
            what_to_bring="身份证",
            fee=Decimal(fee),
            target_working_days=days,
            needs_address=needs_address,
            keywords="测试",
        ),
        centers=centers,
    )
    for order, spec in enumerate(questions or [], start=1):
        desk_actions.service_question_save(
            question=ServiceQuestion(
                item=item,
                order=order,
                choices=[{"key": k, "name": n} for k, n in spec.pop("choices", [])],
                **spec,
            )
        )
    return item


def make_volunteer(center: Center, name: str = "志愿者甲", phone: str | None = None) -> Volunteer:
    return centers_actions.volunteer_save(
        volunteer=Volunteer(
            center=center, name=name, phone=phone or f"1370000{next(_serial):04d}", skills="维修"
        )
    )


def file_request(
    center: Center, item: ServiceItem, *, answers: dict[str, Any] | None = None, **fields: Any
) -> ServiceRequest:
    """File a request as a resident on the public site would, with valid defaults."""
    defaults: dict[str, Any] = {
        "name": "李秀英",
        "phone": "13912345678",
        "channel": ServiceRequest.Channel.WEB,
    }
    if item.needs_address:
        defaults["address"] = "李村社区1号楼1单元101户"
    if answers is None:
        answers = {
            q.code: str(q.choices[0]["key"]) if q.choices else "1"
            for q in item.questions.all()
            if q.required
        }
    return desk_actions.request_submit(
        center=center, item=item, answers=answers, **defaults | fields
    )


def complete(service_request: ServiceRequest, staff: Any) -> ServiceRequest:
    """Accept, start and complete a request as ``staff``."""
    service_request = desk_actions.request_accept(service_request=service_request, actor=staff)
    service_request = desk_actions.request_start(service_request=service_request, actor=staff)
    return desk_actions.request_complete(
        service_request=service_request, actor=staff, note="已办结"
    )
