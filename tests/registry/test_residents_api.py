import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_resident

URL = reverse("registry-api:resident-list")


def test_the_api_masks_id_numbers_and_phones(resident, staff_token, client):
    body = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {staff_token}").json()
    row = body["results"][0]
    assert row["id_number"] == resident.id_number[:6] + "********" + resident.id_number[-4:]
    assert row["phone"] == "139****5678"
    assert resident.id_number not in str(body)
    assert row["id"] == str(resident.public_id)


def test_partners_do_not_see_the_registry(resident, partners, client):
    for persona in partners.values():
        response = client.get(URL, **persona.auth)
        assert response.status_code == 403, persona.partner.kind
        assert response.json()["code"] == "permission_denied"


def test_anonymous_callers_must_authenticate(resident, client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_residents_filter_and_order(district, district_admin):
    make_resident(
        district.licun_a, name="甲", birth=datetime.date(1950, 1, 1), special_family_planning=True
    )
    make_resident(district.jiushui_a, name="乙", birth=datetime.date(1990, 1, 1))
    client = login(district_admin)
    assert [r["name"] for r in client.get(URL, {"subdistrict": "jiushui"}).json()["results"]] == [
        "乙"
    ]
    assert [
        r["name"] for r in client.get(URL, {"special_family_planning": "true"}).json()["results"]
    ] == ["甲"]
    ordered = client.get(URL, {"ordering": "-birth_date"}).json()["results"]
    assert [r["name"] for r in ordered] == ["乙", "甲"]


def test_the_list_is_paginated(district, district_admin):
    for i in range(3):
        make_resident(district.licun_a, name=f"居民{i}")
    body = login(district_admin).get(URL, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_the_list_runs_a_fixed_number_of_queries(district, district_admin):
    client = login(district_admin)
    make_resident(district.licun_a, name="一")
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for i in range(15):
        make_resident(district.licun_b if i % 2 else district.jiushui_a, name=f"多{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    # session, user, throttle counter, staff profile, count, page of residents joined to their
    # community, subdistrict and household
    assert len(many) == len(few) == 6
