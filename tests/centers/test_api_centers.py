"""Centers, facilities and the catalogue for anyone, without a token."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.centers import actions
from services.centers.models import Facility, OpeningException
from tests.desk.factories import make_desk_center, make_item

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
CENTERS = reverse("centers-api:center-list")
ITEMS = reverse("desk-api:service-item-list")


@time_machine.travel(datetime.datetime(2026, 3, 4, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_anyone_reads_the_centers_with_facilities_hours_and_open_now(desk, client):
    actions.facility_save(facility=Facility(center=desk.center, kind="clinic", open_all_day=True))
    body = client.get(CENTERS).json()
    assert body["count"] == 3
    center = next(c for c in body["results"] if c["slug"] == desk.center.slug)
    assert center["open_now"] is True
    assert center["area"] == "central"
    assert {f["kind"] for f in center["facilities"]} == {"clinic"}
    assert center["hours"][0] == {"weekday": 0, "opens": "08:30:00", "closes": "17:30:00"}


def test_an_exception_closes_the_desk_on_a_holiday(desk, client):
    actions.opening_exception_save(
        exception=OpeningException(center=desk.center, date=datetime.date(2026, 4, 6), note="清明")
    )
    with time_machine.travel(datetime.datetime(2026, 4, 6, 10, 0, tzinfo=SHANGHAI), tick=False):
        body = client.get(reverse("centers-api:center-detail", args=[desk.center.slug])).json()
    assert body["open_now"] is False
    assert body["upcoming_exceptions"][0]["note"] == "清明"


def test_centers_filter_by_area_subdistrict_and_facility(desk, client):
    actions.facility_save(facility=Facility(center=desk.other, kind="bank"))
    actions.facility_save(facility=Facility(center=desk.other, kind="bank", name="第二网点"))

    def slugs(**params):
        return {c["slug"] for c in client.get(CENTERS, params).json()["results"]}

    assert slugs(area="east") == {desk.other.slug}
    assert slugs(subdistrict="licun") == {desk.center.slug, desk.closed.slug}
    assert slugs(facility="bank") == {desk.other.slug}
    assert slugs(status="temporarily_closed") == {desk.closed.slug}


def test_the_center_list_runs_a_fixed_number_of_queries(desk, district, client):
    actions.facility_save(facility=Facility(center=desk.center, kind="clinic"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(CENTERS).status_code == 200
    for _number in range(6):
        center = make_desk_center("licun", [district.licun_a, district.licun_b])
        actions.facility_save(facility=Facility(center=center, kind="clinic"))
        actions.facility_save(facility=Facility(center=center, kind="bakery"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(CENTERS).status_code == 200
    # throttle counter, count, the page of centers with their subdistricts, then one query each
    # for communities, desk hours, facilities, facilities' hours and upcoming exceptions
    assert len(many) == len(few) == 8


def test_anyone_reads_the_catalogue_with_fees_targets_questions_and_centers(desk, client):
    body = client.get(ITEMS, {"category": "home"}).json()
    [lamp] = body["results"]
    assert lamp["code"] == "JX01"
    assert lamp["free"] is True
    assert lamp["needs_address"] is True
    assert set(lamp["centers"]) == {desk.center.slug, desk.other.slug}  # not the closed one
    assert lamp["questions"][0]["choices"] == [
        {"key": "tube", "name": "日光灯管"},
        {"key": "ceiling", "name": "吸顶灯"},
    ]
    at_other = client.get(ITEMS, {"center": desk.other.slug}).json()["results"]
    assert {i["code"] for i in at_other} == {"JX01", "YL01"}
    detail = client.get(reverse("desk-api:service-item-detail", args=["YL03"])).json()
    assert detail["target_working_days"] == 0


def test_the_catalogue_runs_a_fixed_number_of_queries(desk, client):
    with CaptureQueriesContext(connection) as few:
        assert client.get(ITEMS).status_code == 200
    for number in range(8):
        make_item(
            desk.lamp.category,
            f"T{number:02d}",
            centers=[desk.center, desk.other],
            questions=[{"code": "q", "prompt": "?", "datatype": "string"}],
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(ITEMS).status_code == 200
    # throttle counter, count, the page of items with their categories, questions, centers
    assert len(many) == len(few) == 5
