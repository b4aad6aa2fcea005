"""Small builders for test state. They go through the same actions the product uses."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.contrib.auth import get_user_model

from licang.actions import partner_save, token_issue
from licang.idnumber import check_character
from licang.models import ApiToken, Partner
from licang.registry import actions as registry_actions
from licang.registry.models import Community, Household, Resident, StaffProfile, Subdistrict
from services.centers import actions as centers_actions
from services.centers.models import Center

_serial = itertools.count(1)


def unique(prefix: str) -> str:
    """A name no other factory call in this run has produced."""
    return f"{prefix}{next(_serial)}"


def id_number_for(
    birth: datetime.date, *, region: str = "370213", male: bool = True, serial: int | None = None
) -> str:
    """A valid ID number for someone born on ``birth``."""
    serial = next(_serial) if serial is None else serial
    sequence = (serial % 100) * 10 + (1 if male else 2)
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def make_community(subdistrict_code: str = "licun", name: str | None = None) -> Community:
    subdistrict = Subdistrict.objects.get(code=subdistrict_code)
    return registry_actions.community_save(
        community=Community(subdistrict=subdistrict, name=name or f"测试社区{next(_serial)}")
    )


def make_household(community: Community, **fields: Any) -> Household:
    number = fields.pop("number", f"H-{next(_serial):05d}")
    fields.setdefault("address", "测试路1号")
    return registry_actions.household_save(
        household=Household(community=community, number=number, **fields)
    )


def make_resident(
    community: Community,
    *,
    birth: datetime.date = datetime.date(1980, 5, 17),
    name: str = "张伟",
    phone: str = "13812345678",
    region: str = "370213",
    male: bool = True,
    **flags: Any,
) -> Resident:
    return registry_actions.resident_save(
        resident=Resident(
            name=name,
            id_number=id_number_for(birth, region=region, male=male),
            phone=phone,
            community=community,
            **flags,
        )
    )


def make_center(
    subdistrict_code: str, communities: list[Community], name: str | None = None
) -> Center:
    name = name or f"测试中心{next(_serial)}"
    return centers_actions.center_save(
        center=Center(
            slug=f"center-{next(_serial)}",
            name=name,
            subdistrict=Subdistrict.objects.get(code=subdistrict_code),
        ),
        communities=communities,
    )


def make_staff(
    username: str, role: str, *, subdistrict_code: str | None = None, center: Center | None = None
) -> Any:
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-1")
    registry_actions.staff_member_assign(
        user=user,
        role=role,
        subdistrict=Subdistrict.objects.get(code=subdistrict_code) if subdistrict_code else None,
        center=center,
    )
    user.refresh_from_db()
    return user


def make_partner(kind: str, name: str | None = None) -> tuple[Partner, ApiToken, str]:
    partner = partner_save(partner=Partner(name=name or f"{kind}-{next(_serial)}", kind=kind))
    token, secret = token_issue(partner=partner, name="test")
    return partner, token, secret


ROLE = StaffProfile.Role
