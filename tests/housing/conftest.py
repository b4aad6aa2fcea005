"""Property-certificate state shared by these tests, built through the housing actions.

- ``agent``: the registration-agent persona (its token reads and moves its estates' cases);
- ``estate``: 杨哥庄北小区 in 李村社区, with ``agent`` appointed and a three-item checklist
  (ID card, household book, resettlement agreement);
- ``other_estate``: an estate of another agent, which ``agent`` must never see;
- ``make_case``: a unit of an estate with ``resident`` as its owner, and the case it opens;
- documents are stored in a temporary folder for each test.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from housing import actions
from housing.models import Case, ChecklistItem, Estate, Unit
from licang.models import Partner
from tests import factories
from tests.conftest import PartnerPersona

CHECKLIST = [
    ("id_card", "身份证", "ID card"),
    ("household_book", "户口簿", "Household register"),
    ("agreement", "安置协议", "Resettlement agreement"),
]


@pytest.fixture(autouse=True)
def _documents_folder(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_estate(community: Any, code: str, agent: Partner | None, name: str = "") -> Estate:
    estate = actions.estate_save(
        estate=Estate(
            code=code,
            name_zh_hans=name or f"{code}小区",
            name_en=f"{code} estate",
            community=community,
            land_type=Estate.LandType.ALLOCATED,
            builder_zh_hans="原企业与杨哥庄社区",
            year_occupied=2000,
            homes=260,
            shops=30,
            agent=agent,
            work_began_on=datetime.date(2017, 3, 1),
        )
    )
    for order, (item_code, zh, en) in enumerate(CHECKLIST):
        actions.checklist_item_save(
            item=ChecklistItem(
                estate=estate, code=item_code, name_zh_hans=zh, name_en=en, sort_order=order
            )
        )
    return estate


@pytest.fixture
def agent(partners: dict[str, PartnerPersona]) -> PartnerPersona:
    return partners[Partner.Kind.REGISTRATION_AGENT]


@pytest.fixture
def estate(district: Any, agent: PartnerPersona) -> Estate:
    return make_estate(district.licun_a, "ygz-north", agent.partner, "杨哥庄北小区")


@pytest.fixture
def other_estate(district: Any) -> Estate:
    other_agent, _token, _secret = factories.make_partner(Partner.Kind.REGISTRATION_AGENT)
    return make_estate(district.jiushui_a, "other", other_agent, "九水花园")


@pytest.fixture
def make_case(resident: Any) -> Any:
    counter = iter(range(1, 10_000))

    def make(estate: Estate, *, kind: str = "home", owner: Any = None) -> Case:
        room = f"{next(counter):03d}"
        unit = actions.unit_save(
            unit=Unit(
                estate=estate,
                building="1",
                entrance="1",
                room=room,
                kind=kind,
                floor_area=Decimal("68.50"),
            ),
            owners=[(owner or resident, Decimal(100))],
        )
        return Case.objects.get(unit=unit)

    return make


def complete_documents(case: Case, by: Any) -> None:
    actions.case_documents_receive_all(case=case, by=by)
