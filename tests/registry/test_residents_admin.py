import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from licang.registry.models import Resident
from tests.conftest import login
from tests.factories import make_household, make_resident

CHANGELIST = reverse("admin:registry_resident_changelist")


def test_the_changelist_shows_masked_id_numbers_and_phones(resident, district_admin):
    page = login(district_admin).get(CHANGELIST).content.decode()
    assert resident.masked_id_number in page
    assert "139****5678" in page
    assert resident.id_number not in page
    assert "13912345678" not in page


def test_the_detail_page_shows_the_full_numbers_to_staff_allowed_to_see_them(resident, licun_staff):
    page = (
        login(licun_staff)
        .get(reverse("admin:registry_resident_change", args=[resident.pk]))
        .content.decode()
    )
    assert resident.id_number in page
    assert "13912345678" in page


def test_the_detail_page_masks_the_numbers_for_other_staff(resident, center_staff):
    response = login(center_staff).get(
        reverse("admin:registry_resident_change", args=[resident.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert resident.masked_id_number in page
    assert resident.id_number not in page
    assert "13912345678" not in page


def test_searching_by_the_full_id_number_finds_the_resident(resident, district_admin):
    response = login(district_admin).get(CHANGELIST, {"q": resident.id_number})
    assert [r.pk for r in response.context["cl"].result_list] == [resident.pk]


def test_adding_a_resident_in_the_admin_derives_birth_date_and_sex(district, licun_staff):
    from tests.factories import id_number_for

    number = id_number_for(datetime.date(1950, 2, 3), male=False)
    response = login(licun_staff).post(
        reverse("admin:registry_resident_add"),
        {
            "name": "王桂英",
            "id_number": number.lower(),
            "phone": "13700001111",
            "community": district.licun_a.pk,
        },
    )
    assert response.status_code == 302

    created = Resident.objects.get(name="王桂英")
    assert created.birth_date == datetime.date(1950, 2, 3)
    assert created.sex == "female"


def test_a_bad_id_number_gets_a_field_error_in_chinese(district, licun_staff):
    response = login(licun_staff).post(
        reverse("admin:registry_resident_add"),
        {"name": "错误", "id_number": "110105194912310021", "community": district.licun_a.pk},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["id_number"] == ["身份证号码校验位错误，请核对号码。"]


def test_the_changelist_runs_a_fixed_number_of_queries(district, district_admin):
    client = login(district_admin)
    make_resident(district.licun_a, name="一")
    with CaptureQueriesContext(connection) as few:
        assert client.get(CHANGELIST).status_code == 200
    household = make_household(district.licun_b)
    for i in range(20):
        make_resident(district.licun_b, name=f"多{i}", household=household)
    with CaptureQueriesContext(connection) as many:
        assert client.get(CHANGELIST).status_code == 200
    # session, user, user permissions, group permissions, staff profile, subdistrict filter
    # choices, community filter choices (those in scope), count, the page of residents joined to
    # community, subdistrict and household
    assert len(many) == len(few) == 9
