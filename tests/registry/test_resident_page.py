"""The resident page (licang.registry.overview): what every program knows of one resident, within
the staff member's scope, what their role may see, and in a fixed number of queries."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from eldercare.models import Enrolment, Order
from health.models import CataractCase, CheckSite, Checkup, InsuranceClaim, InsurancePolicy
from housing.models import Case, Unit, UnitOwner
from licang.models import Partner
from licang.registry.models import Resident
from services.desk.models import REFERENCE_ALPHABET, ServiceRequest
from services.linkage.models import Child, Need, SocialWorker, Visit, Wish
from tests import factories
from tests.conftest import login
from tests.desk.factories import make_category, make_item
from tests.eldercare.conftest import make_point, publish
from tests.housing.conftest import make_estate
from tests.linkage.conftest import make_organisation

_serial = itertools.count(1)


def page_url(resident: Resident) -> str:
    return reverse("admin:registry_resident_overview", args=[resident.pk])


@pytest.fixture
def household(district: Any) -> Any:
    return factories.make_household(district.licun_a, number="LC-001", address="李村路1号")


@pytest.fixture
def elder(district: Any, household: Any) -> Resident:
    resident = factories.make_resident(
        district.licun_a,
        name="张三",
        birth=datetime.date(1956, 4, 18),
        phone="13853207788",
        registered_in_licang=True,
    )
    resident.household = household
    resident.save(update_fields=["household"])
    return resident


@pytest.fixture
def places(district: Any, partners: Any) -> dict[str, Any]:
    return make_places(district.licun_a, district.center, partners)


def make_places(community: Any, center: Any, partners: Any) -> dict[str, Any]:
    """One of each place the records hang on: a desk item, a meal point and its menu, a check
    site, an estate, a social worker."""
    category = make_category(code=factories.unique("cat"), name=factories.unique("测试类别"))
    item = make_item(category, factories.unique("JX"), centers=[center], name="水管维修")
    point = make_point(partners[Partner.Kind.CATERER].partner, community)
    menu = publish(point, day=timezone.localdate())
    organisation = make_organisation(factories.unique("心海公益"), [community], ["care"])
    worker = SocialWorker.objects.create(
        name="周社工",
        organisation=organisation.organisation,  # type: ignore[attr-defined]
    )
    site = CheckSite.objects.create(
        code=factories.unique("chc-"),
        name="李村街道社区卫生服务中心",
        ownership=CheckSite.Ownership.PUBLIC,
        partner=partners[Partner.Kind.HEALTH_INSTITUTION].partner,
    )
    estate = make_estate(
        community, factories.unique("ygz"), partners[Partner.Kind.REGISTRATION_AGENT].partner
    )
    return {
        "item": item,
        "point": point,
        "menu": menu,
        "worker": worker,
        "site": site,
        "estate": estate,
        "insurer": partners[Partner.Kind.INSURER].partner,
        "hospital": partners[Partner.Kind.HOSPITAL].partner,
    }


def reference(number: int) -> str:
    """A distinct request reference for each number (the references' alphabet has no 0 or 1)."""
    digits = ""
    for _place in range(4):
        number, rest = divmod(number, len(REFERENCE_ALPHABET))
        digits += REFERENCE_ALPHABET[rest]
    return f"LJ-{digits}-TEST"


def history(resident: Resident, count: int, places: dict[str, Any], center: Any) -> None:
    """``count`` records of every list of the page for ``resident``, written in bulk (the page's
    reads are under test here, not the programs' actions)."""
    now = timezone.now()
    today = timezone.localdate()
    n = range(count)
    ServiceRequest.objects.bulk_create(
        ServiceRequest(
            reference=reference(next(_serial)),
            center=center,
            item=places["item"],
            resident=resident,
            name=resident.name,
            phone=resident.phone,
            channel="desk",
            submitted_at=now - datetime.timedelta(days=i + 1),
            due_at=now + datetime.timedelta(days=3),
        )
        for i in n
    )
    visits = Visit.objects.bulk_create(
        Visit(
            household=resident.household,
            community=resident.community,
            visited_on=today - datetime.timedelta(days=i + 1),
            situation="入户走访",
        )
        for i in n
    )
    Need.objects.bulk_create(
        Need(visit=visits[0], community=resident.community, category="care", description="打扫")
        for _i in n
    )
    child = Child.objects.create(
        resident=resident, alias=factories.unique("小星星"), commissioner=places["worker"]
    )
    Wish.objects.bulk_create(
        Wish(child=child, visit=visits[0], wish="一套画笔", wish_zh_hans="一套画笔") for _i in n
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            resident=resident,
            point=places["point"],
            enrolled_on=today - datetime.timedelta(days=400 + i),
            status="active" if i == 0 else "ended",
            ended_on=None if i == 0 else today - datetime.timedelta(days=300 + i),
        )
        for i in n
    )
    menu = places["menu"]
    Order.objects.bulk_create(
        Order(
            menu=menu,
            point=menu.point,
            date=menu.date,
            meal=menu.meal,
            mode="dine_in",
            resident=resident,
            status="placed",
            source="admin",
            standard_price=Decimal("15.00"),
            subsidy=Decimal("0.00"),
            price_charged=Decimal("15.00"),
            reason="not_enrolled",
        )
        for _i in n
    )
    policies = InsurancePolicy.objects.bulk_create(
        InsurancePolicy(
            resident=resident,
            insurer=places["insurer"],
            year=2000 + i,
            policy_number=factories.unique("P-"),
            starts_on=datetime.date(2000 + i, 1, 1),
            ends_on=datetime.date(2000 + i, 12, 31),
        )
        for i in n
    )
    InsuranceClaim.objects.bulk_create(
        InsuranceClaim(
            policy=policies[0],
            claim_type="hospital_care",
            incident_date=datetime.date(2000, 3, 1),
            days=3,
            amount_payable=Decimal("150.00"),
        )
        for _i in n
    )
    Checkup.objects.bulk_create(
        Checkup(
            resident=resident,
            site=places["site"],
            check_date=datetime.date(2000 + i, 5, 1),
            year=2000 + i,
            status="booked",
            age_on_check=44 + i,
            age_band="60-64",
            registered_in_licang=True,
        )
        for i in n
    )
    CataractCase.objects.bulk_create(
        CataractCase(
            resident=resident,
            hospital=places["hospital"],
            eye="left",
            surgery_date=today - datetime.timedelta(days=i + 1),
            indication_confirmed=True,
            consent_confirmed=True,
            status="rejected",
            rejection_reason="术前检查不符合手术指征",
            subsidy_amount=Decimal("1200.00"),
        )
        for i in n
    )
    units = Unit.objects.bulk_create(
        Unit(estate=places["estate"], building="1", room=f"{i + 101}", floor_area=Decimal("60"))
        for i in n
    )
    UnitOwner.objects.bulk_create(UnitOwner(unit=unit, resident=resident) for unit in units)
    Case.objects.bulk_create(
        Case(unit=unit, case_number=factories.unique("FCT"), step_reached_at=now) for unit in units
    )


def sections_of(response: Any) -> dict[str, Any]:
    page = response.context["page"]
    return {section.key: section for section in page.sections_with_registry}


def lists_of(section: Any) -> dict[str, Any]:
    return {entry_list.key: entry_list for entry_list in section.lists}


def test_a_district_admin_sees_every_program_of_the_resident_on_one_page(
    district_admin, elder, places, district
):
    history(elder, 1, places, district.center)
    response = login(district_admin).get(page_url(elder))
    assert response.status_code == 200
    sections = sections_of(response)
    assert list(sections) == ["registry", "desk", "linkage", "eldercare", "health", "housing"]
    assert set(lists_of(sections["health"])) == {"policies", "claims", "checkups", "cataract"}
    assert set(lists_of(sections["linkage"])) == {"visits", "needs", "wishes"}
    request = lists_of(sections["desk"])["requests"].entries[0]
    assert request.url == reverse(
        "admin:desk_servicerequest_change", args=[ServiceRequest.objects.get().pk]
    )
    assert request.state == "已提交"
    body = response.content.decode()
    assert "一站式服务台" in body and "不动产权证办理" in body and "一套画笔" in body


def test_another_subdistricts_resident_is_not_found(jiushui_staff, elder):
    assert login(jiushui_staff).get(page_url(elder)).status_code == 404


def test_a_staff_member_without_a_role_and_a_missing_resident_are_refused_alike(
    licun_staff, outsider, elder
):
    assert login(outsider).get(page_url(elder)).status_code in (403, 404)
    assert (
        login(licun_staff).get(reverse("admin:registry_resident_overview", args=[0])).status_code
        == 404
    )


def test_a_center_worker_sees_no_insurance_policy_or_claim(center_staff, elder, places, district):
    history(elder, 1, places, district.center)
    response = login(center_staff).get(page_url(elder))
    assert response.status_code == 200
    sections = sections_of(response)
    health = lists_of(sections["health"])
    assert "claims" not in health and "policies" not in health
    assert set(health) == {"checkups", "cataract"}  # their outreach (the health roles migration)
    body = response.content.decode()
    assert "保险理赔" not in body and "参保" not in body.split('id="overview-health"')[1]
    # nor does the eligibility summary speak of the insurance
    assert all("保险" not in o.program for o in response.context["page"].opportunities)


def test_housing_staff_see_no_desk_requests(housing_staff, elder, places, district):
    history(elder, 1, places, district.center)
    sections = sections_of(login(housing_staff).get(page_url(elder)))
    assert "desk" not in sections and "housing" in sections


def test_id_numbers_and_phones_are_masked_for_staff_who_may_not_see_them_in_full(
    center_staff, licun_staff, elder
):
    masked = login(center_staff).get(page_url(elder)).content.decode()
    assert elder.id_number not in masked and elder.masked_id_number in masked
    assert elder.phone not in masked and elder.masked_phone in masked
    full = login(licun_staff).get(page_url(elder)).content.decode()
    assert elder.id_number in full  # subdistrict staff hold registry.view_full_identity


def test_an_elder_not_enrolled_is_told_they_could_be_and_why(licun_staff, elder):
    response = login(licun_staff).get(page_url(elder))
    programs = {o.program: o for o in response.context["page"].opportunities}
    assert "老年助餐" in programs
    assert "60" in programs["老年助餐"].reason
    assert programs["老年助餐"].url.startswith(reverse("admin:eldercare_enrolment_add"))


def test_lists_show_the_ten_newest_and_link_to_the_full_filtered_list(
    district_admin, elder, places, district
):
    history(elder, 12, places, district.center)
    response = login(district_admin).get(page_url(elder))
    requests = lists_of(sections_of(response)["desk"])["requests"]
    assert (len(requests.entries), requests.total) == (10, 12)
    newest = ServiceRequest.objects.order_by("-submitted_at").first()
    assert requests.entries[0].title.startswith(newest.reference)
    assert requests.more_url.endswith(f"?resident__id__exact={elder.pk}")
    full_list = login(district_admin).get(requests.more_url)
    assert full_list.status_code == 200 and full_list.context["cl"].result_count == 12


# The page's queries, whatever the history's length:
#  1 session, 2 user, 3–4 the user's and their groups' permissions, 5 staff profile (scope),
#  6 the resident with community and household, 7 the household's members,
#  8 desk requests, 9 visits, 10 needs, 11 wishes, 12 enrolments, 13 orders, 14 the meal rule,
#  15 policies, 16 claims, 17 checks, 18 cataract cases, 19–24 the eligibility service (usage
#  ledger, the year's policy, treated eyes, three rules), 25 certificate cases.
# Every list is one query with its total as a window count (overview.latest).
PAGE_QUERIES = 25


@pytest.mark.parametrize("count", [1, 30])
def test_the_page_runs_a_fixed_number_of_queries_however_long_the_history(
    licun_staff, elder, places, district, django_assert_num_queries, count
):
    history(elder, count, places, district.center)
    client = login(licun_staff)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page_url(elder))
    assert response.status_code == 200
    requests = lists_of(sections_of(response)["desk"])["requests"]
    assert requests.total == count and len(requests.entries) == min(count, 10)


def test_the_resident_list_and_change_page_link_to_the_page(district_admin, elder):
    client = login(district_admin)
    assert (
        page_url(elder)
        in client.get(reverse("admin:registry_resident_changelist")).content.decode()
    )
    change = client.get(reverse("admin:registry_resident_change", args=[elder.pk]))
    assert page_url(elder) in change.content.decode()


def test_the_page_reads_in_english_too(district_admin, elder):
    response = login(district_admin).get(page_url(elder), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert "Could use, but does not yet" in body and "Household and community" in body
