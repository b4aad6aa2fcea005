"""The residents' pages of the desk: catalogue, request form and the status page found by
reference number and the phone's last four digits. The center pages are in tests/centers."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.desk import actions as desk_actions
from services.desk.models import ServiceRequest
from tests.desk.factories import complete, file_request

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
WEDNESDAY_MORNING = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=SHANGHAI)
NEW = reverse("desk:request-new")
LOOKUP = reverse("desk:status-lookup")


def text(response):
    return response.content.decode()


def test_the_catalogue_lists_every_active_item_with_fee_and_target(desk, client):
    response = client.get(reverse("desk:catalogue"))
    items = [item.code for _category, items in response.context["categories"] for item in items]
    assert items == ["JX01", "YL01", "YL03"]
    item_page = client.get(reverse("desk:item-detail", args=["JX01"]))
    assert "灯具类型" in text(item_page)


def test_the_catalogue_runs_a_fixed_number_of_queries(desk, client):
    from tests.desk.factories import make_item

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("desk:catalogue")).status_code == 200
    for number in range(6):
        make_item(desk.lamp.category, f"T{number}", centers=[desk.center, desk.other])
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("desk:catalogue")).status_code == 200
    # categories, their items, the items' open centers, and how many centers are open (an item
    # offered at all of them reads "at every open center")
    assert len(many) == len(few) == 4


def form_data(desk, **changes):
    return {
        "center": desk.center.pk,
        "name": "李秀英",
        "phone": "13912345678",
        "address": "李村社区1号楼1单元101户",
        "q_lamp": "tube",
        "description": "客厅灯管不亮",
        "website": "",
    } | changes


def test_a_resident_files_a_request_and_gets_a_reference(desk, client):
    chooser = client.get(NEW)
    assert "YL01" in text(chooser)
    form = client.get(NEW, {"item": "JX01"})
    assert "q_lamp" in form.context["form"].fields
    response = client.post(f"{NEW}?item=JX01", form_data(desk), follow=True)
    filed = ServiceRequest.objects.get()
    assert (filed.channel, filed.answers, filed.center) == ("web", {"lamp": "tube"}, desk.center)
    assert response.redirect_chain[-1][0] == reverse("desk:request-done")
    assert filed.reference in text(response)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": "1234"}, "phone"),
        ({"q_lamp": ""}, "q_lamp"),
        ({"address": ""}, "address"),
        ({"website": "http://spam.example"}, "website"),
    ],
)
def test_the_request_form_shows_errors_and_files_nothing(desk, client, changes, field):
    response = client.post(f"{NEW}?item=JX01", form_data(desk, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


@time_machine.travel(WEDNESDAY_MORNING, tick=False)  # one counting window for every attempt
def test_the_request_form_is_throttled_per_address(desk, client, settings):
    settings.SERVICES_PAGE_LIMITS = {"request_form": "2/hour"}
    for _number in range(2):
        assert client.post(f"{NEW}?item=JX01", form_data(desk)).status_code == 302
    blocked = client.post(f"{NEW}?item=JX01", form_data(desk))
    assert blocked.status_code == 429
    assert ServiceRequest.objects.count() == 2


@pytest.fixture
def completed(desk, center_staff):
    return complete(file_request(desk.center, desk.booking, phone="13912345678"), center_staff)


def look_up(client, reference, digits):
    return client.post(LOOKUP, {"reference": reference, "phone_last_four": digits})


def test_the_status_is_found_by_reference_and_the_last_four_digits(completed, client):
    status_url = reverse("desk:request-status", args=[completed.reference])
    assert client.get(status_url).status_code == 302  # not yet shown to this visitor
    wrong = look_up(client, completed.reference, "0000")
    assert wrong.status_code == 200
    assert wrong.context["form"].non_field_errors()
    typed = completed.reference.replace("-", " ").lower()  # as people type it
    response = look_up(client, typed, "5678")
    assert response["Location"] == status_url
    page = client.get(status_url)
    assert page.context["found"] == completed
    assert "李**" in text(page)  # masked
    assert "13912345678" not in text(page)


def test_a_resident_rates_once_on_the_status_page(completed, client):
    look_up(client, completed.reference, "5678")
    rate = reverse("desk:request-rate", args=[completed.reference])
    client.post(rate, {"rating": "5", "comment": "很好"})
    completed.refresh_from_db()
    assert (completed.rating, completed.rating_comment) == (5, "很好")
    again = client.post(rate, {"rating": "1"}, follow=True)
    assert any("rated" in str(m) or "评价" in str(m) for m in again.context["messages"])
    completed.refresh_from_db()
    assert completed.rating == 5


def test_a_resident_says_it_is_not_solved(completed, client):
    look_up(client, completed.reference, "5678")
    client.post(reverse("desk:request-reopen", args=[completed.reference]), {"comment": "还是不行"})
    completed.refresh_from_db()
    assert (completed.state, completed.state_note) == ("in_progress", "还是不行")


def test_a_resident_cancels_before_work_starts(desk, client):
    filed = file_request(desk.center, desk.booking)
    look_up(client, filed.reference, "5678")
    client.post(reverse("desk:request-cancel", args=[filed.reference]), {"reason": "不用了"})
    filed.refresh_from_db()
    assert filed.state == "cancelled"


def test_a_visitor_cannot_act_on_a_request_they_have_not_looked_up(completed, client):
    rate = reverse("desk:request-rate", args=[completed.reference])
    assert client.post(rate, {"rating": "1"}).status_code == 404
    completed.refresh_from_db()
    assert completed.rating is None


@time_machine.travel(WEDNESDAY_MORNING, tick=False)  # one counting window for every attempt
def test_lookups_of_one_reference_are_limited_so_digits_cannot_be_guessed(
    completed, client, settings
):
    settings.SERVICES_PAGE_LIMITS = {"reference_lookups": "3/hour"}
    for digits in ["0001", "0002", "0003"]:
        assert look_up(client, completed.reference, digits).status_code == 200
    assert look_up(client, completed.reference, "5678").status_code == 429


def test_the_home_page_links_to_the_centers_pages(desk, client):
    body = text(client.get(reverse("home")))
    for name in [
        "centers:center-list",
        "centers:nearest",
        "desk:catalogue",
        "desk:request-new",
        "desk:status-lookup",
    ]:
        assert reverse(name) in body


def test_the_statistics_page_shows_the_desks_figures(desk, center_staff, client):
    desk_actions.request_rate(
        service_request=complete(file_request(desk.center, desk.booking), center_staff), rating=3
    )
    body = text(client.get(reverse("statistics")))
    assert reverse("desk-api:service-statistics") in body
    assert "3.0 / 5" in body


def test_desk_pages_read_in_chinese_by_default_and_in_english_when_switched(desk, client):
    assert "服务编码" in text(client.get(reverse("desk:item-detail", args=["JX01"])))
    client.cookies["django_language"] = "en"
    item_page = text(client.get(reverse("desk:item-detail", args=["JX01"])))
    assert "Service code" in item_page
    assert "Service JX01" in item_page  # the item's English name


def test_the_catalogue_says_at_which_centers_an_item_is_offered(desk, client):
    body = text(client.get(reverse("desk:catalogue")))
    rows = {
        code: body.split(f'href="/services/{code}/"')[1].split("</tr>")[0]
        for code in ["JX01", "YL03"]
    }
    # the lamp is offered at both open centers (and at the one closed for works)
    assert "所有开放的邻里中心" in rows["JX01"]
    # blood pressure only at the 李村 center: its name, linked to its page
    assert f'<a href="/centers/{desk.center.slug}/">{desk.center.name}</a>' in rows["YL03"]
    assert desk.other.name not in rows["YL03"]


def test_every_public_page_has_the_same_navigation_and_a_favicon(desk, client):
    nav_links = [
        reverse(name)
        for name in [
            "home",
            "centers:center-list",
            "desk:catalogue",
            "desk:request-new",
            "desk:status-lookup",
            "eldercare:points",
            "linkage:wish-wall",
            "housing:index",
            "health:index",
            "statistics",
        ]
    ]
    pages = [
        reverse("home"),
        reverse("statistics"),
        reverse("centers:center-list"),
        reverse("centers:center-detail", args=[desk.center.slug]),
        reverse("centers:nearest"),
        reverse("desk:catalogue"),
        reverse("desk:item-detail", args=["JX01"]),
        reverse("desk:request-new"),
        reverse("desk:request-new") + "?item=JX01",
        reverse("desk:status-lookup"),
        reverse("health:index"),
        reverse("health:eligibility"),
    ]
    for url in pages:
        body = text(client.get(url))
        nav = body.split('<nav class="wrap site-nav"')[1].split("</nav>")[0]
        assert [link.split('"')[0] for link in nav.split('href="')[1:]] == nav_links, url
        assert body.count('aria-current="page"') == 1, url
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in body, url


def test_the_statistics_page_starts_with_the_first_month_that_has_requests(desk, client):
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        file_request(desk.center, desk.booking)
        body = text(client.get(reverse("statistics")))
    table = body.split("各类别每月申请数")[1].split("</table>")[0]
    assert "2026\u201103" in table  # March, the request's month
    assert "2026\u201102" not in table and "2025" not in table  # no empty months before it
