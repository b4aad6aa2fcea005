"""One scoping rule, the same in the admin and in the API."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_resident


@pytest.fixture
def people(district):
    return {
        "licun_a": make_resident(district.licun_a, name="李村甲"),
        "licun_c": make_resident(district.licun_c, name="李村丙"),
        "jiushui": make_resident(district.jiushui_a, name="九水乙"),
    }


def admin_names(user):
    response = login(user).get(reverse("admin:registry_resident_changelist"))
    assert response.status_code == 200
    return {r.name for r in response.context["cl"].result_list}


def api_names(user):
    response = login(user).get(reverse("registry-api:resident-list"))
    assert response.status_code == 200
    return {r["name"] for r in response.json()["results"]}


@pytest.mark.parametrize("view", [admin_names, api_names], ids=["admin", "api"])
def test_subdistrict_staff_see_none_of_another_subdistricts_residents(
    people, licun_staff, jiushui_staff, view
):
    assert view(licun_staff) == {"李村甲", "李村丙"}
    assert view(jiushui_staff) == {"九水乙"}


@pytest.mark.parametrize("view", [admin_names, api_names], ids=["admin", "api"])
def test_center_staff_see_only_the_communities_their_center_serves(people, center_staff, view):
    assert view(center_staff) == {"李村甲"}


@pytest.mark.parametrize("view", [admin_names, api_names], ids=["admin", "api"])
def test_district_and_program_staff_see_the_whole_district(
    people, district_admin, health_staff, housing_staff, view
):
    everyone = {"李村甲", "李村丙", "九水乙"}
    assert view(district_admin) == everyone
    assert view(health_staff) == everyone
    assert view(housing_staff) == everyone


def test_a_staff_account_without_a_role_sees_nothing(people, outsider):
    assert api_names(outsider) == set()
    response = login(outsider).get(reverse("admin:registry_resident_changelist"))
    assert response.status_code == 403  # no view permission either


def test_another_subdistricts_resident_is_not_found_in_the_admin_or_the_api(people, licun_staff):
    client = login(licun_staff)
    other = people["jiushui"]
    admin_page = client.get(reverse("admin:registry_resident_change", args=[other.pk]))
    assert admin_page.status_code == 302  # the admin redirects "does not exist" to the index
    api = client.get(reverse("registry-api:resident-detail", args=[other.public_id]))
    assert api.status_code == 404
    assert api["Content-Type"] == "application/problem+json"


def test_staff_only_pick_communities_in_their_scope(people, licun_staff):
    response = login(licun_staff).get(reverse("admin:registry_resident_add"))
    choices = {c.name for c in response.context["adminform"].form.fields["community"].queryset}
    assert choices == {"李村社区", "东李社区", "书院社区"}
