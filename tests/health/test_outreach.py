"""Outreach lists, "find one, treat one": eligible residents not yet served this year."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health import actions
from tests.conftest import login
from tests.factories import make_resident
from tests.health.conftest import make_insured

URL = reverse("health:staff-outreach")


@pytest.fixture
def elders(district, rules, site):
    checked = make_resident(district.licun_a, birth=datetime.date(1950, 1, 1), name="已体检")
    actions.checkup_record(resident=checked, site=site, check_date=datetime.date(2026, 3, 1))
    return {
        "checked": checked,
        "waiting": make_resident(district.licun_a, birth=datetime.date(1951, 1, 1), name="待体检"),
        "registered_62": make_resident(
            district.licun_b,
            birth=datetime.date(1964, 1, 1),
            name="六十二",
            registered_in_licang=True,
        ),
        "elsewhere_62": make_resident(
            district.licun_b, birth=datetime.date(1964, 1, 1), name="外地六十二", region="410102"
        ),
        "young": make_resident(district.licun_a, birth=datetime.date(1990, 1, 1), name="年轻人"),
        "jiushui": make_resident(
            district.jiushui_a, birth=datetime.date(1940, 1, 1), name="九水老人"
        ),
    }


def names(response):
    return [resident.name for resident, _age in response.context["rows"]]


def test_the_list_shows_elders_without_a_check_this_year(elders, health_staff):
    response = login(health_staff).get(URL)
    assert response.status_code == 200
    assert set(names(response)) == {"待体检", "六十二", "九水老人"}


def test_staff_see_only_their_part_of_the_district(elders, licun_staff, outsider):
    assert set(names(login(licun_staff).get(URL))) == {"待体检", "六十二"}
    assert login(outsider).get(URL).status_code == 403


def test_the_list_is_per_community(elders, district, licun_staff):
    response = login(licun_staff).get(URL, {"list": "checkup", "community": district.licun_b.pk})
    assert names(response) == ["六十二"]
    other = login(licun_staff).get(URL, {"community": district.jiushui_a.pk})
    assert other.context["form"].data == {"list": "checkup"}  # not in scope: back to the default


def test_special_families_without_a_policy(district, rules, insurer, health_staff):
    make_insured(district.licun_a, insurer, name="已参保")
    make_resident(
        district.licun_a, name="未参保", special_family_planning=True, registered_in_licang=True
    )
    make_resident(district.licun_a, name="外地", special_family_planning=True, region="410102")
    response = login(health_staff).get(URL, {"list": "insurance"})
    assert names(response) == ["未参保"]


def test_the_list_exports_to_csv_with_masked_numbers(elders, district, health_staff):
    response = login(health_staff).get(
        URL, {"list": "checkup", "community": district.licun_a.pk, "format": "csv"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"outreach-checkup-2026-{district.licun_a.pk}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["姓名", "身份证号码", "年龄"]
    assert [row[0] for row in rows[1:]] == ["待体检"]
    assert rows[1][1] == elders["waiting"].masked_id_number
    assert elders["waiting"].id_number not in response.content.decode("utf-8-sig")


def test_the_list_exports_to_excel(elders, health_staff):
    response = login(health_staff).get(URL, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sorted(row[0] for row in values[1:]) == sorted(["待体检", "六十二", "九水老人"])


def test_the_list_runs_a_fixed_number_of_queries(district, rules, health_staff):
    make_resident(district.licun_a, birth=datetime.date(1950, 1, 1), name="一")
    client = login(health_staff)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL).context["rows"]) == 1
    for i in range(8):
        make_resident(district.licun_b, birth=datetime.date(1950, 2, 1 + i), name=f"多{i}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL).context["rows"]) == 9
    # session, user, staff profile, the user's and the group's permissions, the check rule,
    # count, page of residents joined to community, subdistrict and household, the communities
    # of the filter
    assert len(many) == len(few) == 9
