"""The staff home: the admin's index shows each role the figures and queues of its own scope, each
card linking to the changelist of exactly the rows it counts, in a fixed number of queries; the
menu is in the order of what the role does.

The district of these tests (``world``), at 08:00 on Monday 15 June 2026 (Asia/Shanghai):

- desk: at ``center_staff``'s center (李村) three open requests, one of them overdue, and one
  completed; at another 李村 center one open request; at a 九水 center one open request;
- meals: today's lunch published at a point in 李村社区 (45 seats, three orders, one of them
  cancelled) and at a point in 九水 (one order);
- health: two claims submitted and one approved; one cataract case filed; one completed check
  against a target of 10;
- housing: two cases of an estate in 李村社区 waiting for their certificate, one of them on hold;
- linkage: open needs found in 李村社区 (two, the oldest on 1 June), in 书院社区 (李村, not served
  by the center) and in 九水.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eldercare import actions as eldercare_actions
from health import actions as health_actions
from health.models import (
    Budget,
    CataractRule,
    CheckSite,
    CheckupRule,
    HospitalDesignation,
    InsuranceRule,
    Program,
)
from housing import actions as housing_actions
from housing.models import Case, Unit
from licang.models import Partner
from licang.registry.roles import MENU_ORDER, Role
from services.desk import actions as desk_actions
from services.linkage import actions as linkage_actions
from tests import factories
from tests.conftest import login
from tests.desk import factories as desk_factories
from tests.eldercare.conftest import make_point, publish
from tests.housing.conftest import make_estate

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 6, 15, 8, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()
YEAR = 2026


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class World:
    requests: dict[str, list[Any]]
    orders: dict[str, list[Any]]
    menus: dict[str, Any]
    claims: list[Any]
    cataract: list[Any]
    checks: list[Any]
    cases: list[Any]
    on_hold: list[Any]
    needs: dict[str, list[Any]]


def _desk(district: Any, center_staff: Any, frozen_time: Any) -> dict[str, list[Any]]:
    other_licun = desk_factories.make_desk_center("licun", [district.licun_c])
    jiushui = desk_factories.make_desk_center("jiushui", [district.jiushui_a])
    desk_factories.add_weekday_hours(district.center, "08:30", "17:30")
    item = desk_factories.make_item(
        desk_factories.make_category(),
        "JX01",
        centers=[district.center, other_licun, jiushui],
        days=1,
    )
    frozen_time.move_to(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=SHANGHAI))
    overdue = desk_factories.file_request(district.center, item)
    frozen_time.move_to(NOW)
    center = [overdue, *(desk_factories.file_request(district.center, item) for _ in range(2))]
    center[1] = desk_actions.request_accept(service_request=center[1], actor=center_staff)
    desk_factories.complete(desk_factories.file_request(district.center, item), center_staff)
    return {
        "center": center,
        "overdue": [overdue],
        "licun": [desk_factories.file_request(other_licun, item)],
        "jiushui": [desk_factories.file_request(jiushui, item)],
    }


def _meals(district: Any) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    caterer, _token, _secret = factories.make_partner(Partner.Kind.CATERER)
    licun = publish(make_point(caterer, district.licun_a, capacity=45))
    jiushui = publish(make_point(caterer, district.jiushui_a, capacity=30))

    def order(menu: Any) -> Any:
        return eldercare_actions.order_place(menu=menu, mode="dine_in", source="admin")

    licun_orders = [order(licun) for _ in range(3)]
    eldercare_actions.order_cancel(order=licun_orders.pop())
    return {"licun": licun_orders, "jiushui": [order(jiushui)]}, {
        "licun": licun,
        "jiushui": jiushui,
    }


def _health(district: Any, health_staff: Any) -> tuple[list[Any], list[Any], list[Any]]:
    health_actions.rule_save(rule=InsuranceRule(year=YEAR))
    health_actions.rule_save(rule=CheckupRule(year=YEAR, target=10, fee_per_check=Decimal("100")))
    health_actions.rule_save(rule=CataractRule(year=YEAR))
    for program in Program.values:
        health_actions.budget_save(
            budget=Budget(program=program, year=YEAR, amount=Decimal("1000000.00"))
        )
    insurer, _token, _secret = factories.make_partner(Partner.Kind.INSURER)
    institution, _token, _secret = factories.make_partner(Partner.Kind.HEALTH_INSTITUTION)
    hospital, _token, _secret = factories.make_partner(Partner.Kind.HOSPITAL)
    health_actions.designation_save(
        designation=HospitalDesignation(partner=hospital, valid_from=datetime.date(2020, 1, 1))
    )
    site = health_actions.check_site_save(
        site=CheckSite(
            code="licun-chc", name="李村街道社区卫生服务中心", partner=institution,
            ownership=CheckSite.Ownership.PUBLIC,
        )
    )  # fmt: skip
    insured = factories.make_resident(
        district.licun_a,
        name="王桂英",
        birth=datetime.date(1958, 3, 2),
        male=False,
        special_family_planning=True,
        registered_in_licang=True,
    )
    health_actions.policy_issue(resident=insured, year=YEAR, insurer=insurer, policy_number="P-1")

    def claim(month: int) -> Any:
        return health_actions.claim_submit(
            resident=insured,
            claim_type="hospital_care",
            incident_date=datetime.date(YEAR, month, 1),
            admission_date=datetime.date(YEAR, month, 1),
            discharge_date=datetime.date(YEAR, month, 3),
        )

    claims = [claim(2), claim(3)]
    health_actions.claim_approve(claim=claim(4), by=health_staff)
    case = health_actions.cataract_case_file(
        resident=insured,
        hospital=hospital,
        eye="left",
        surgery_date=datetime.date(YEAR, 6, 1),
        indication_confirmed=True,
        consent_confirmed=True,
    )
    check = health_actions.checkup_record(
        resident=insured, site=site, check_date=datetime.date(YEAR, 6, 1)
    )
    return claims, [case], [check]


def _housing(district: Any, housing_staff: Any) -> tuple[list[Any], list[Any]]:
    estate = make_estate(district.licun_a, "ygz-north", None, "杨哥庄北小区")
    owner = factories.make_resident(district.licun_a, name="刘德华")
    cases = []
    for room in ("101", "102"):
        unit = housing_actions.unit_save(
            unit=Unit(estate=estate, building="1", entrance="1", room=room, kind="home",
                      floor_area=Decimal("68.50")),
            owners=[(owner, Decimal(100))],
        )  # fmt: skip
        cases.append(Case.objects.get(unit=unit))
    held = housing_actions.case_hold(case=cases[1], reason="owner_abroad", by=housing_staff)
    return cases, [held]


def _linkage(district: Any) -> dict[str, list[Any]]:
    def need(community: Any, visited_on: datetime.date) -> Any:
        visit = linkage_actions.visit_record(
            household=factories.make_household(community), visited_on=visited_on
        )
        return linkage_actions.need_add(visit=visit, category="companionship", description="陪伴")

    return {
        "center": [need(district.licun_a, datetime.date(2026, 6, 10)),
                   need(district.licun_a, datetime.date(2026, 6, 1))],
        "licun": [need(district.licun_c, datetime.date(2026, 6, 5))],
        "jiushui": [need(district.jiushui_a, datetime.date(2026, 5, 1))],
    }  # fmt: skip


@pytest.fixture
def world(district, center_staff, health_staff, housing_staff, frozen_time) -> World:
    requests = _desk(district, center_staff, frozen_time)
    orders, menus = _meals(district)
    claims, cataract, checks = _health(district, health_staff)
    cases, on_hold = _housing(district, housing_staff)
    return World(
        requests, orders, menus, claims, cataract, checks, cases, on_hold, _linkage(district)
    )


def home(user: Any) -> Any:
    response = login(user).get(reverse("admin:index"))
    assert response.status_code == 200
    return response


def cards_of(response: Any) -> dict[str, Any]:
    return {card.key: card for section in response.context["staff_home"] for card in section.cards}


def shown_pks(user: Any, url: str) -> set[int]:
    """The rows of the changelist ``url`` opens for ``user`` (every page of it)."""
    response = login(user).get(url)
    assert response.status_code == 200, url
    changelist = response.context["cl"]
    return set(changelist.queryset.values_list("pk", flat=True))


def pks(rows: list[Any]) -> set[int]:
    return {row.pk for row in rows}


# --- who sees which cards -------------------------------------------------------------------

DESK = {"desk-open", "desk-overdue"}
MEALS = {"eldercare-meals", "eldercare-seats"}
HEALTH = {"health-claims", "health-cataract", "health-checks"}
HOUSING = {"housing-pending", "housing-on-hold"}
LINKAGE = {"linkage-needs"}


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("district_admin", DESK | MEALS | HEALTH | HOUSING | LINKAGE),
        ("licun_staff", DESK | MEALS | LINKAGE),
        ("center_staff", DESK | MEALS | LINKAGE),
        ("health_staff", HEALTH),
        ("housing_staff", HOUSING),
    ],
)
def test_each_role_sees_the_cards_of_its_own_work_and_no_others(world, request, persona, expected):
    assert set(cards_of(home(request.getfixturevalue(persona)))) == expected


def test_a_staff_account_without_a_role_sees_no_card_and_django_s_message(world, outsider):
    response = home(outsider)
    assert response.context["staff_home"] == []
    assert "staff-home" not in response.content.decode()


def test_the_figures_are_those_of_the_user_s_scope(
    world, district_admin, licun_staff, center_staff
):
    admin, licun, center = (cards_of(home(u)) for u in (district_admin, licun_staff, center_staff))
    # the desk: a center's staff their center; a subdistrict's its centers; the district all
    assert center["desk-open"].figure == 3
    assert licun["desk-open"].figure == 4  # not the 九水 center's request
    assert admin["desk-open"].figure == 5
    assert [c["desk-overdue"].figure for c in (center, licun, admin)] == [1, 1, 1]
    assert center["desk-overdue"].alert
    # meals: two orders hold a seat in 李村社区 (a third was cancelled), one in 九水
    assert [c["eldercare-meals"].figure for c in (center, licun, admin)] == [2, 2, 3]
    assert [c["eldercare-seats"].figure for c in (center, licun, admin)] == [43, 43, 43 + 29]
    # needs: the center serves 李村社区 only; 书院社区 is 李村's too
    assert [c["linkage-needs"].figure for c in (center, licun, admin)] == [2, 3, 4]
    assert "2026-06-01" in str(center["linkage-needs"].note)
    assert "2026-05-01" in str(admin["linkage-needs"].note)


def test_the_program_staff_see_their_program_s_queues(world, health_staff, housing_staff):
    health = cards_of(home(health_staff))
    assert health["health-claims"].figure == 2  # the approved claim waits for no decision
    assert health["health-cataract"].figure == 1
    assert health["health-checks"].figure == 1
    assert "10" in str(health["health-checks"].note) and "10.0%" in str(
        health["health-checks"].note
    )
    housing = cards_of(home(housing_staff))
    assert housing["housing-pending"].figure == 2
    assert housing["housing-on-hold"].figure == 1


def test_a_subdistrict_s_open_requests_leave_out_another_subdistrict_s(world, jiushui_staff):
    cards = cards_of(home(jiushui_staff))
    assert cards["desk-open"].figure == 1
    assert cards["linkage-needs"].figure == 1
    assert cards["eldercare-meals"].figure == 1


# --- each card opens the changelist of exactly the rows it counts ---------------------------


def test_each_desk_card_opens_exactly_the_requests_it_counts(world, center_staff, licun_staff):
    cards = cards_of(home(center_staff))
    assert shown_pks(center_staff, cards["desk-open"].url) == pks(world.requests["center"])
    assert shown_pks(center_staff, cards["desk-overdue"].url) == pks(world.requests["overdue"])
    cards = cards_of(home(licun_staff))
    expected = pks(world.requests["center"] + world.requests["licun"])
    assert shown_pks(licun_staff, cards["desk-open"].url) == expected


def test_each_meal_card_opens_exactly_the_rows_it_counts(world, center_staff, district_admin):
    cards = cards_of(home(center_staff))
    assert shown_pks(center_staff, cards["eldercare-meals"].url) == pks(world.orders["licun"])
    menus = shown_pks(center_staff, cards["eldercare-seats"].url)
    assert menus == {world.menus["licun"].pk}
    cards = cards_of(home(district_admin))
    everything = pks(world.orders["licun"] + world.orders["jiushui"])
    assert shown_pks(district_admin, cards["eldercare-meals"].url) == everything
    assert len(shown_pks(district_admin, cards["eldercare-meals"].url)) == 3


def test_each_health_card_opens_exactly_the_rows_it_counts(world, health_staff):
    cards = cards_of(home(health_staff))
    assert shown_pks(health_staff, cards["health-claims"].url) == pks(world.claims)
    assert shown_pks(health_staff, cards["health-cataract"].url) == pks(world.cataract)
    assert shown_pks(health_staff, cards["health-checks"].url) == pks(world.checks)


def test_each_housing_card_opens_exactly_the_rows_it_counts(world, housing_staff):
    cards = cards_of(home(housing_staff))
    assert shown_pks(housing_staff, cards["housing-pending"].url) == pks(world.cases)
    assert shown_pks(housing_staff, cards["housing-on-hold"].url) == pks(world.on_hold)


def test_the_needs_card_opens_the_open_needs_longest_waiting_first(world, center_staff):
    url = cards_of(home(center_staff))["linkage-needs"].url
    assert shown_pks(center_staff, url) == pks(world.needs["center"])
    listed = list(login(center_staff).get(url).context["cl"].result_list)
    assert [need.pk for need in listed] == [
        world.needs["center"][1].pk,
        world.needs["center"][0].pk,
    ]


def test_the_cards_are_links_on_the_page_above_the_app_list(world, center_staff):
    page = home(center_staff).content.decode()
    assert page.index('class="staff-home"') < page.index('id="content-main"')
    assert 'href="/admin/desk/servicerequest/?overdue=yes"' in page
    assert "staff_home.css" in page
    assert "<style" not in page[page.index('class="staff-home"') :]
    assert "逾期" in page  # in Chinese


# --- a fixed number of queries ---------------------------------------------------------------

# Every page: the session, the user, the staff profile (role and scope), the user's and the
# groups' permissions, and Django's "recent actions" box (the admin log).
BASE = 6
# desk: 1 (open and overdue in one aggregate); meals: 2 (today's orders; today's menus with
# their seats taken); health: 4 (claims, cataract cases, checks, the year's check rule);
# housing: 1 (pending and on hold); linkage: 1 (open needs and the oldest visit).
QUERIES = {
    "district_admin": BASE + 1 + 2 + 4 + 1 + 1,
    "licun_staff": BASE + 1 + 2 + 1,
    # a center's staff: their center's communities are read inside each count's subquery
    "center_staff": BASE + 1 + 2 + 1,
    "health_staff": BASE + 4,
    "housing_staff": BASE + 1,
}


@pytest.mark.parametrize("persona", sorted(QUERIES))
def test_the_page_runs_a_fixed_number_of_queries_per_role(world, request, persona):
    client = login(request.getfixturevalue(persona))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    assert len(queries) == QUERIES[persona], "\n".join(q["sql"][:120] for q in queries)


def test_the_query_count_does_not_grow_with_the_rows(world, district, district_admin):
    item = world.requests["center"][0].item
    for _ in range(5):
        desk_factories.file_request(district.center, item)
    client = login(district_admin)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("admin:index"))
    assert len(queries) == QUERIES["district_admin"]


# --- the menu in the order of the role's work ------------------------------------------------


def app_labels(response: Any) -> list[str]:
    return [app["app_label"] for app in response.context["app_list"]]


def starts_with(labels: list[str], first: tuple[str, ...]) -> bool:
    named = [label for label in first if label in labels]
    return labels[: len(named)] == named


@pytest.mark.parametrize(
    "persona,role",
    [
        ("district_admin", Role.DISTRICT_ADMIN),
        ("licun_staff", Role.SUBDISTRICT_STAFF),
        ("center_staff", Role.CENTER_STAFF),
        ("health_staff", Role.HEALTH_STAFF),
        ("housing_staff", Role.HOUSING_STAFF),
    ],
)
def test_the_menu_is_in_the_order_of_the_role_s_work(district, request, persona, role):
    labels = app_labels(home(request.getfixturevalue(persona)))
    assert starts_with(labels, MENU_ORDER[role])


def test_the_first_apps_of_each_role_are_those_of_its_daily_work(
    district, district_admin, center_staff, health_staff, housing_staff
):
    assert app_labels(home(district_admin))[:6] == [
        "registry", "desk", "eldercare", "health", "housing", "linkage",
    ]  # fmt: skip
    assert app_labels(home(center_staff))[:3] == ["desk", "centers", "linkage"]
    assert app_labels(home(health_staff))[0] == "health"
    assert app_labels(home(housing_staff))[0] == "housing"


def test_the_side_bar_of_the_other_admin_pages_has_the_same_order(district, center_staff):
    response = login(center_staff).get(reverse("admin:desk_servicerequest_changelist"))
    sidebar = [app["app_label"] for app in response.context["available_apps"]]
    assert sidebar[:3] == ["desk", "centers", "linkage"]


def test_a_superuser_without_a_role_has_the_district_administrators_order(district):
    root = get_user_model().objects.create_superuser("root", "", "pw-for-tests-1")
    labels = app_labels(home(root))
    assert starts_with(labels, MENU_ORDER[Role.DISTRICT_ADMIN])


def test_the_health_and_meal_staff_pages_stay_in_their_sections(district, district_admin):
    page = home(district_admin).content.decode()
    health = page[page.index('class="app-health') :]
    assert f'href="{reverse("health:staff-index")}"' in health[: health.index("</table>")]
    meals = page[page.index('class="app-eldercare') :]
    assert f'href="{reverse("admin:eldercare_figures")}"' in meals[: meals.index("</table>")]
