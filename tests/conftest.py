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

import datetime
import io
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, connections
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


PROJECT_APPS = [
    "licang",
    "registry",
    "imports",
    "outbox",
    "centers",
    "desk",
    "linkage",
    "eldercare",
    "health",
    "housing",
]


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


# The demo district, built once for the whole session (it takes a minute or more) into a copy of
# the test database, and lent to the modules that read it: see ``demo_district``.
DEMO_LOADED_AT = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _demo_database_name() -> str:
    return f"{connection.settings_dict['NAME']}_demo"


def _switch_database(name: str) -> None:
    # every connection of this thread reopens on the other database with the same settings
    for conn in connections.all():
        conn.close()
    connection.settings_dict["NAME"] = name


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The test database, and beside it an empty copy for the demo district.

    The copy is made at once, while nothing else is connected to the test database (PostgreSQL
    copies a template only then): a live server's thread keeps a connection open later.
    """
    with django_db_blocker.unblock():
        test_name = connection.settings_dict["NAME"]
        demo_name = _demo_database_name()
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{demo_name}"')
            cursor.execute(f'CREATE DATABASE "{demo_name}" TEMPLATE "{test_name}"')
    yield django_db_setup
    with django_db_blocker.unblock():
        _switch_database(test_name)
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{demo_name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _demo_database(django_db_setup: Any, django_db_blocker: Any) -> tuple[str, str]:
    """Load the demo district into its database, once, as of ``DEMO_LOADED_AT``."""
    with django_db_blocker.unblock():
        test_name = connection.settings_dict["NAME"]
        demo_name = _demo_database_name()
        _switch_database(demo_name)
        try:
            with time_machine.travel(DEMO_LOADED_AT, tick=True):
                call_command("load_demo", "--allow-production", stdout=io.StringIO())
        finally:
            _switch_database(test_name)
    return test_name, demo_name


@pytest.fixture(scope="module")
def demo_district(_demo_database: tuple[str, str], django_db_blocker: Any) -> Any:
    """The module's tests run on the demo district's database.

    Each test still runs in a transaction that is rolled back, so the district stays as loaded for
    the next module. A module that uses this must not use transactional tests or the live server
    (a flush would empty the district; the live server's thread stays on the test database).
    """
    test_name, demo_name = _demo_database
    with django_db_blocker.unblock():
        _switch_database(demo_name)
    yield
    with django_db_blocker.unblock():
        _switch_database(test_name)
