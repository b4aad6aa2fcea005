"""The centers' public pages: the directory, a center's page and the nearest center."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.centers import actions as centers_actions
from services.centers.models import Center, Facility
from tests.desk.factories import make_desk_center

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
WEDNESDAY_MORNING = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=SHANGHAI)
DIRECTORY = reverse("centers:center-list")


def text(response):
    return response.content.decode()


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_the_directory_lists_centers_with_an_open_now_indicator(desk, client):
    response = client.get(DIRECTORY)
    rows = {row["center"].slug: row for row in response.context["rows"]}
    assert set(rows) == {desk.center.slug, desk.other.slug, desk.closed.slug}
    assert rows[desk.center.slug]["open_now"] is True
    assert rows[desk.closed.slug]["open_now"] is False  # temporarily closed
    with time_machine.travel(datetime.datetime(2026, 3, 4, 19, 0, tzinfo=SHANGHAI), tick=False):
        evening = client.get(DIRECTORY).context["rows"]
    assert not any(row["open_now"] for row in evening)


def test_the_directory_filters_by_area_subdistrict_and_facility(desk, client):
    centers_actions.facility_save(facility=Facility(center=desk.other, kind="hair_salon"))

    def slugs(**params):
        return {row["center"].slug for row in client.get(DIRECTORY, params).context["rows"]}

    assert slugs(area="east") == {desk.other.slug}
    assert slugs(subdistrict="licun") == {desk.center.slug, desk.closed.slug}
    assert slugs(facility="hair_salon") == {desk.other.slug}


def test_the_directory_runs_a_fixed_number_of_queries(desk, district, client):
    centers_actions.facility_save(facility=Facility(center=desk.center, kind="clinic"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(DIRECTORY).status_code == 200
    for _number in range(5):
        center = make_desk_center("licun", [district.licun_a, district.licun_b])
        centers_actions.facility_save(facility=Facility(center=center, kind="bakery"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(DIRECTORY).status_code == 200
    # the subdistricts for the filter, the centers with their subdistricts, then one query each
    # for communities, desk hours, facilities, facilities' hours and upcoming exceptions
    assert len(many) == len(few) == 7


def test_a_center_page_shows_facilities_hours_services_and_location(desk, client):
    centers_actions.facility_save(
        facility=Facility(center=desk.center, kind="clinic", phone="0532-1", open_all_day=True)
    )
    page = client.get(reverse("centers:center-detail", args=[desk.center.slug]))
    body = text(page)
    assert page.status_code == 200
    assert "0532-1" in body
    assert "08:30–17:30" in body
    assert "uri.amap.com/marker?position=120.433000,36.160000" in body
    assert "<dd>¥" not in body  # the test center has no investment figure
    assert f"?item=YL03&amp;center={desk.center.slug}" in body
    assert [c.code for c, _items in page.context["categories"]] == ["home", "health"]


def test_a_closed_center_page_says_why_and_offers_no_request(desk, client):
    body = text(client.get(reverse("centers:center-detail", args=[desk.closed.slug])))
    assert "装修中" in body
    assert "?item=" not in body


def test_the_nearest_center_is_found_from_a_community_or_coordinates(desk, district, client):
    district.licun_a.latitude, district.licun_a.longitude = 36.1630, 120.4350
    district.licun_a.save()
    walks = client.get(reverse("centers:nearest"), {"community": district.licun_a.pk})
    first = walks.context["walks"][0]
    assert first.center == desk.center
    assert first.within_life_circle
    assert "15" in text(walks)
    far = client.get(reverse("centers:nearest"), {"lat": "36.30", "lng": "120.60"})
    assert not any(w.within_life_circle for w in far.context["walks"])
    empty = client.get(reverse("centers:nearest"), {"lat": "36.3"})
    assert empty.context["form"].errors


def test_permanently_closed_centers_leave_the_directory(desk, client):
    desk.closed.status = Center.Status.CLOSED
    centers_actions.center_save(center=desk.closed)
    assert desk.closed.slug not in text(client.get(DIRECTORY))


def test_center_pages_read_in_chinese_by_default_and_in_english_when_switched(desk, client):
    chinese = text(client.get(DIRECTORY))
    assert "<h1>“邻·聚”邻里中心</h1>" in chinese
    assert "查找离您最近的中心" in chinese
    client.cookies["django_language"] = "en"
    english = text(client.get(DIRECTORY))
    assert "<h1>Neighborhood centers “邻·聚”</h1>" in english
    assert "Find the center nearest to you" in english


def test_a_center_page_says_how_to_get_there_not_coordinates_or_investment(desk, client):
    center = Center.objects.get(pk=desk.center.pk)
    center.phone, center.postcode = "0532-88886666", "266100"
    center.floor_area, center.investment = 2700, 9860000
    centers_actions.center_save(center=center)
    body = text(client.get(reverse("centers:center-detail", args=[desk.center.slug])))
    assert "怎么去" in body
    assert "李沧区书院路88号（邮编266100）" in body
    assert 'href="tel:0532-88886666"' in body
    assert "在地图应用中导航" in body
    assert "36.160000, 120.433000" not in body  # the coordinates are only in the map link
    for figure in ["坐标", "投资额", "建筑面积", "986万元", "m²"]:
        assert figure not in body


def test_a_center_page_marks_today_in_full_width_brackets(desk, client):
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        body = text(client.get(reverse("centers:center-detail", args=[desk.center.slug])))
    assert '星期三 <span class="note">（今天）</span>' in body
    client.cookies["django_language"] = "en"
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        body = text(client.get(reverse("centers:center-detail", args=[desk.center.slug])))
    assert "(today)" in body


def test_the_nearest_page_offers_my_location_from_an_external_script(desk, client):
    body = text(client.get(reverse("centers:nearest")))
    assert 'id="use-my-location" hidden' in body  # shown by the script where a browser locates
    assert '<script src="/static/js/locate.js" defer></script>' in body
    assert "<script>" not in body  # nothing inline: a strict Content-Security-Policy holds
    assert 'name="community"' in body  # the choice that works without it
