"""Linkage state shared by these tests, built through the linkage actions.

- ``haixin`` and ``chuangyi``: two social organisations, each a social-organisation partner with
  its own token; ``haixin`` works in 李村社区 on companionship and study, ``chuangyi`` in 东李社区;
- ``volunteer`` (of ``haixin``, free on Tuesday and Saturday, skilled in companionship) and
  ``other_volunteer`` (of ``chuangyi``);
- ``household`` in 李村社区 with ``child`` (a child in difficulty, alias 小星星) and a ``visit``;
- ``need``: an open companionship need of that household; ``wish``: the child's collected wish;
- ``project``: a district key project led by ``haixin`` with 10,000 yuan of district funding.

Time stands still on 15 June 2026 (Asia/Shanghai) in every test here.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from licang.models import Partner
from services.linkage import actions
from services.linkage.models import (
    Child,
    Need,
    Project,
    SocialOrganisation,
    SocialWorker,
    Volunteer,
)
from tests import factories
from tests.conftest import PartnerPersona

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    ):
        yield


def make_organisation(name: str, communities: list[Any], areas: list[str]) -> PartnerPersona:
    partner, token, secret = factories.make_partner(Partner.Kind.SOCIAL_ORGANISATION, name)
    organisation = actions.organisation_save(
        organisation=SocialOrganisation(
            slug=factories.unique("org-"),
            name=name,
            partner=partner,
            registration_number=factories.unique("52370213MJ")[:18],
            kind=SocialOrganisation.Kind.SOCIAL_WORK,
            founded_on=datetime.date(2015, 3, 1),
            service_areas=areas,
        ),
        communities=communities,
    )
    persona = PartnerPersona(partner, token, secret)
    persona.organisation = organisation  # type: ignore[attr-defined]
    return persona


@pytest.fixture
def haixin(district: Any) -> PartnerPersona:
    return make_organisation("青岛心海公益服务中心", [district.licun_a], ["companionship", "study"])


@pytest.fixture
def chuangyi(district: Any) -> PartnerPersona:
    return make_organisation("你我创益", [district.licun_b], ["companionship", "repairs"])


def make_volunteer(
    name: str, phone: str, organisation: Any, communities: list[Any], **fields: Any
) -> Volunteer:
    return actions.volunteer_save(
        volunteer=Volunteer(
            name=name,
            phone=phone,
            organisation=organisation,
            skills=fields.pop("skills", ["companionship"]),
            available_on=fields.pop("available_on", [1, 5]),
            consents_to_contact=True,
            **fields,
        ),
        communities=communities,
    )


@pytest.fixture
def volunteer(haixin: Any, district: Any) -> Volunteer:
    return make_volunteer("王芳", "13700000001", haixin.organisation, [district.licun_a])


@pytest.fixture
def other_volunteer(chuangyi: Any, district: Any) -> Volunteer:
    return make_volunteer("赵强", "13700000002", chuangyi.organisation, [district.licun_b])


@pytest.fixture
def commissioner(haixin: Any) -> SocialWorker:
    return actions.social_worker_save(
        social_worker=SocialWorker(
            name="刘婷", organisation=haixin.organisation, phone="13600000009",
            certificate_level=SocialWorker.Level.SOCIAL_WORKER,
        )
    )  # fmt: skip


@pytest.fixture
def household(district: Any) -> Any:
    return factories.make_household(district.licun_a)


@pytest.fixture
def child(household: Any, district: Any, commissioner: Any) -> Child:
    resident = factories.make_resident(
        district.licun_a,
        name="陈小明",
        birth=datetime.date(2016, 4, 2),
        phone="",
        household=household,
        child_in_difficulty=True,
    )
    return actions.child_save(
        child=Child(resident=resident, alias="小星星", school="李村小学", commissioner=commissioner)
    )


@pytest.fixture
def visit(household: Any, volunteer: Any) -> Any:
    return actions.visit_record(
        household=household,
        visited_on=TODAY,
        volunteers=[volunteer],
        situation="独居老人与孙子同住",
        companionship_hours=Decimal("2"),
    )


@pytest.fixture
def need(visit: Any) -> Need:
    return actions.need_add(visit=visit, category="companionship", description="每周陪伴读书")


@pytest.fixture
def wish(child: Any, visit: Any) -> Any:
    return actions.wish_collect(child=child, visit=visit, wish="一套架子鼓", wish_en="A drum kit")


@pytest.fixture
def project(haixin: Any) -> Project:
    project = actions.project_save(
        project=Project(
            name="变废为宝",
            level="district_key",
            lead_organisation=haixin.organisation,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
    )
    actions.funding_set(project=project, source="district", amount=Decimal("10000"))
    return project


def post(client: Any, url: str, persona: Any, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(
        url, data=json.dumps(body), content_type="application/json", **persona.auth, **headers
    )
