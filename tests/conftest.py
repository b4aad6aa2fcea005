"""Named personas shared by the whole suite.

- ``district_admin``: a district administrator; sees and changes everything.
- ``licun_staff``: subdistrict staff of 李村; sees only 李村's residents.
- ``jiushui_staff``: subdistrict staff of 九水; sees only 九水's residents.
- ``center_staff``: staff of a center serving two 李村 communities; sees only those.
- ``health_staff`` / ``housing_staff``: program staff; read the whole registry.
- ``partners``: one partner of each kind, each with a bearer token; none sees the registry.
- ``resident``: a registered resident of 李村 (no login: residents use the public pages).
- ``outsider``: a logged-in staff account with no role; must see nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from licang.models import ApiToken, Partner
from tests import factories
from tests.factories import ROLE


@dataclass
class District:
    licun_a: Any
    licun_b: Any
    licun_c: Any
    jiushui_a: Any
    center: Any


@pytest.fixture
def district(db: Any) -> District:
    licun_a = factories.make_community("licun", "李村社区")
    licun_b = factories.make_community("licun", "东李社区")
    licun_c = factories.make_community("licun", "书院社区")
    jiushui_a = factories.make_community("jiushui", "九水路社区")
    center = factories.make_center("licun", [licun_a, licun_b], name="邻·聚 李村中心")
    return District(licun_a, licun_b, licun_c, jiushui_a, center)


@pytest.fixture
def resident(district: District) -> Any:
    return factories.make_resident(district.licun_a, name="李秀英", phone="13912345678")


@pytest.fixture
def district_admin(district: District) -> Any:
    return factories.make_staff("district_admin", ROLE.DISTRICT_ADMIN)


@pytest.fixture
def licun_staff(district: District) -> Any:
    return factories.make_staff("licun_staff", ROLE.SUBDISTRICT_STAFF, subdistrict_code="licun")


@pytest.fixture
def jiushui_staff(district: District) -> Any:
    return factories.make_staff("jiushui_staff", ROLE.SUBDISTRICT_STAFF, subdistrict_code="jiushui")


@pytest.fixture
def center_staff(district: District) -> Any:
    return factories.make_staff("center_staff", ROLE.CENTER_STAFF, center=district.center)


@pytest.fixture
def health_staff(district: District) -> Any:
    return factories.make_staff("health_staff", ROLE.HEALTH_STAFF)


@pytest.fixture
def housing_staff(district: District) -> Any:
    return factories.make_staff("housing_staff", ROLE.HOUSING_STAFF)


@pytest.fixture
def outsider(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username="outsider", password="pw-for-tests-1", is_staff=True
    )


@dataclass
class PartnerPersona:
    partner: Partner
    token: ApiToken
    secret: str

    @property
    def auth(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.secret}"}


@pytest.fixture
def partners(db: Any) -> dict[str, PartnerPersona]:
    return {kind: PartnerPersona(*factories.make_partner(kind)) for kind in Partner.Kind.values}


@pytest.fixture
def staff_token(district_admin: Any) -> str:
    from licang.actions import token_issue

    return token_issue(user=district_admin, name="staff")[1]


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return login


PROJECT_APPS = ["licang", "registry", "centers", "desk", "eldercare", "health", "housing"]


def load_reference_data() -> None:
    """Run every data migration of the project again (they are idempotent)."""
    from importlib import import_module
    from pathlib import Path

    from django.apps import apps
    from django.db import migrations

    for label in PROJECT_APPS:
        folder = Path(apps.get_app_config(label).path) / "migrations"
        for path in sorted(folder.glob("[0-9]*.py")):
            module = import_module(f"{apps.get_app_config(label).name}.migrations.{path.stem}")
            for operation in module.Migration.operations:
                if isinstance(operation, migrations.RunPython):
                    operation.code(apps, None)


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in the default language: LocaleMiddleware leaves the language of a test
    client's request active in the thread, and the next test would write its translated model
    fields in that language (in English, leaving the required Chinese ones blank)."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _reference_data(request: Any) -> None:
    """Transactional tests flush every table when they end, the rows of data migrations too
    (subdistricts, role groups); give each transactional test that reference data back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or (marker is not None and marker.kwargs.get("transaction"))
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        load_reference_data()
