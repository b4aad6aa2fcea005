"""The demo district: realistic, deterministic and idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from licang.idnumber import age_on, parse
from licang.models import Partner
from licang.registry.demo import ONE_STOP_HOUSEHOLD, REFERENCE_DATE, RESIDENT_COUNT
from licang.registry.models import Household, Resident, ResidentEvent, StaffProfile, Subdistrict
from services.centers.models import Center
from services.desk.models import (
    RequestStep,
    ServiceCategory,
    ServiceItem,
    ServiceRequest,
)


@pytest.fixture(scope="module")
def demo(demo_district):
    # the session's demo district (tests/conftest.py), as loaded: each test's changes roll back
    return demo_district


@pytest.mark.django_db
def test_it_refuses_to_create_known_passwords_without_debug():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", stdout=io.StringIO())


def registry_residents():
    """The registry demo's sample of the district. The meal program's demo adds, in households
    numbered EC-…, the elders its 78 points serve (a sample of 3,000 holds too few of them), which
    would skew the sample's ages; the one-stop resident's household (``ONE_STOP_HOUSEHOLD``);
    and the newcomers of the demo's spreadsheet import, who have no household yet."""
    return (
        Resident.objects.exclude(household__number__startswith="EC-")
        .exclude(household__number=ONE_STOP_HOUSEHOLD)
        .exclude(household=None)
    )


def test_the_district_has_its_subdistricts_communities_households_and_residents(demo, db):
    assert Subdistrict.objects.count() == 11
    assert all(s.communities.exists() for s in Subdistrict.objects.all())
    assert registry_residents().count() == RESIDENT_COUNT
    assert Household.objects.count() > RESIDENT_COUNT // 4


def test_every_id_number_is_valid_and_about_a_fifth_are_60_or_older(demo, db):
    for number, birth in Resident.objects.values_list("id_number", "birth_date"):
        assert parse(number).birth_date == birth
    births = list(registry_residents().values_list("id_number", "birth_date"))
    elderly = sum(1 for _, birth in births if age_on(birth, REFERENCE_DATE) >= 60)
    assert 0.17 < elderly / len(births) < 0.23


def test_the_programs_flags_are_present(demo, db):
    assert Resident.objects.filter(special_family_planning=True).exists()
    assert Resident.objects.filter(child_in_difficulty=True).exists()
    assert Resident.objects.filter(limited_mobility=True).exists()
    assert Resident.objects.filter(registered_in_licang=False).exists()
    assert Resident.objects.exclude(id_number__startswith="370213").exists()


def test_there_is_staff_of_every_role_and_one_partner_of_each_kind(demo, db):
    assert set(StaffProfile.objects.values_list("role", flat=True)) == set(StaffProfile.Role.values)
    assert set(Partner.objects.values_list("kind", flat=True)) == set(Partner.Kind.values)
    assert get_user_model().objects.get(username="admin").is_superuser


def test_the_desk_has_nine_centers_the_catalogue_and_requests_in_every_state(demo, db):
    assert Center.objects.count() == 9
    assert set(Center.objects.values_list("subdistrict__area", flat=True)) == {
        "east",
        "central",
        "west",
    }
    model = Center.objects.get(name="上流佳苑幸福街")
    assert model.floor_area == 2700
    assert model.facilities.count() == 12  # the desk and the eleven businesses
    assert model.service_items.count() == 40
    assert StaffProfile.objects.get(user__username="center_staff").center == model
    assert ServiceCategory.objects.count() == 5
    assert ServiceItem.objects.count() == 40
    assert set(model.requests.values_list("state", flat=True)) == set(ServiceRequest.State.values)
    assert ServiceRequest.objects.filter(rating__isnull=False).exists()
    assert ServiceRequest.objects.filter(reopened_count__gt=0).exists()
    assert ServiceRequest.objects.filter(resident__isnull=False).exists()


def test_running_it_again_changes_nothing(demo, db):
    def counts():
        return (
            Resident.objects.count(),
            Household.objects.count(),
            ResidentEvent.objects.count(),
            ServiceRequest.objects.count(),
            RequestStep.objects.count(),
        )

    before = counts()
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert counts() == before
