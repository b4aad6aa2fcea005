"""Health-program state shared by these tests, built through the health actions.

- ``rules``: the 2026 rules of the three programs (200 yuan a day for at most 90 days; caps
  11000/11000/2000/1000; checks from 65, or 60 with Licang registration, once a year; 1200 yuan
  per cataract case) and a generous budget for each program;
- ``insurer``: the insurer persona; its token submits claims and reads balances;
- ``institution`` and ``site``: the health-institution persona and its public check site;
- ``hospital``: a hospital designated for cataract aid since 2020; ``undesignated_hospital``:
  a hospital partner that is not designated;
- ``insured``: a special family-planning mother registered in Licang, insured for 2026.

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
from django.conf import settings
from django.utils import translation

from health import actions
from health.models import (
    Budget,
    CataractRule,
    CheckSite,
    CheckupRule,
    HospitalDesignation,
    InsuranceRule,
    Program,
)
from licang.models import Partner
from tests import factories
from tests.conftest import PartnerPersona

TODAY = datetime.date(2026, 6, 15)
YEAR = 2026


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    # a page asked for in English leaves English active in the thread; the next test builds its
    # records (translated names) in the default language, as a new request would
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    ):
        yield


@pytest.fixture
def rules(db: Any) -> dict[str, Any]:
    return {
        "insurance": actions.rule_save(rule=InsuranceRule(year=YEAR)),
        "checkup": actions.rule_save(
            rule=CheckupRule(year=YEAR, target=10, fee_per_check=Decimal("100.00"))
        ),
        "cataract": actions.rule_save(rule=CataractRule(year=YEAR)),
        "budgets": [
            actions.budget_save(
                budget=Budget(program=program, year=YEAR, amount=Decimal("1000000.00"))
            )
            for program in Program.values
        ],
    }


@pytest.fixture
def insurer(partners: dict[str, PartnerPersona]) -> PartnerPersona:
    return partners[Partner.Kind.INSURER]


@pytest.fixture
def institution(partners: dict[str, PartnerPersona]) -> PartnerPersona:
    return partners[Partner.Kind.HEALTH_INSTITUTION]


@pytest.fixture
def site(institution: PartnerPersona) -> CheckSite:
    return actions.check_site_save(
        site=CheckSite(
            code="licun-chc",
            name="李村街道社区卫生服务中心",
            ownership=CheckSite.Ownership.PUBLIC,
            partner=institution.partner,
        )
    )


@pytest.fixture
def hospital(partners: dict[str, PartnerPersona]) -> PartnerPersona:
    persona = partners[Partner.Kind.HOSPITAL]
    actions.designation_save(
        designation=HospitalDesignation(
            partner=persona.partner, valid_from=datetime.date(2020, 1, 1)
        )
    )
    return persona


@pytest.fixture
def undesignated_hospital(db: Any) -> PartnerPersona:
    return PartnerPersona(*factories.make_partner(Partner.Kind.HOSPITAL, name="某民营医院"))


def make_insured(community: Any, insurer: PartnerPersona, **fields: Any) -> Any:
    fields.setdefault("birth", datetime.date(1958, 3, 2))
    fields.setdefault("name", "王桂英")
    resident = factories.make_resident(
        community, special_family_planning=True, registered_in_licang=True, male=False, **fields
    )
    actions.policy_issue(
        resident=resident, year=YEAR, insurer=insurer.partner, policy_number=f"P-{resident.pk}"
    )
    return resident


@pytest.fixture
def insured(district: Any, rules: Any, insurer: PartnerPersona) -> Any:
    return make_insured(district.licun_a, insurer)


def post(client: Any, url: str, persona: Any, body: dict[str, Any], **headers: Any) -> Any:
    """POST ``body`` as JSON with the persona's bearer token (or a raw token string)."""
    auth = (
        persona.auth
        if isinstance(persona, PartnerPersona)
        else {"HTTP_AUTHORIZATION": f"Bearer {persona}"}
    )
    return client.post(
        url, data=json.dumps(body), content_type="application/json", **auth, **headers
    )
