"""The statistics page's charts, their CSV downloads, and the snapshots they are read from."""

from __future__ import annotations

import datetime
import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from licang.figures_cache import actions
from licang.figures_cache.models import Snapshot
from licang.figures_cache.sections import languages, statistics_modules
from licang.figures_cache.tasks import refresh_all
from tests.desk.conftest import desk  # noqa: F401  (the fixture)
from tests.desk.factories import complete, file_request
from tests.licang.test_jobs import _empty_queue, run_worker  # noqa: F401  (the fixture)

CSV = reverse(
    "statistics-chart-csv", kwargs={"section": "centers", "chart": "completed-within-target"}
)


def requests_figure(client) -> str:
    body = client.get(reverse("statistics"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return re.search(r"<dt>Requests</dt><dd>([^<]*)</dd>", body).group(1)


def test_a_warm_statistics_page_reads_every_section_in_one_query(
    desk,  # noqa: F811
    center_staff,
    client,
    django_assert_num_queries,
):
    complete(file_request(desk.center, desk.booking), center_staff)
    client.get(reverse("statistics"))  # the first request computes the sections it lacks
    # the snapshots of the page's language; nothing else, however many records the programs hold
    with django_assert_num_queries(1):
        page = client.get(reverse("statistics"))
    assert page.status_code == 200
    with django_assert_num_queries(1):
        assert client.get(CSV).status_code == 200


def test_the_page_draws_a_chart_with_a_table_and_a_csv_link_for_each_program(desk, client):  # noqa: F811
    body = client.get(reverse("statistics"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for section, chart in [
        ("eldercare", "meals-per-day"),
        ("health", "checks-against-target"),
        ("health", "checks-by-age-band"),
        ("health", "claims-paid"),
        ("health", "cataract-cases"),
        ("housing", "certificates-issued"),
        ("linkage", "volunteer-hours"),
        ("linkage", "wishes-fulfilled"),
        ("centers", "completed-within-target"),
    ]:
        assert f'id="chart-{section}-{chart}"' in body
        assert f'<script id="chart-{section}-{chart}-data" type="application/json">' in body
        assert f'href="/statistics/{section}/{chart}.csv"' in body
    assert body.count('class="chart-table"') == 9
    assert "<script>" not in body and "style=" not in body  # ready for a strict CSP


def test_a_change_shows_on_the_page_once_its_section_is_invalidated(
    transactional_db,
    _empty_queue,  # noqa: F811
    desk,  # noqa: F811
    client,
):
    file_request(desk.center, desk.booking)
    assert requests_figure(client) == "1"
    file_request(desk.center, desk.booking)
    assert requests_figure(client) == "1"  # served from the snapshot
    with transaction.atomic():
        actions.snapshots_invalidate(app_label="desk")
        actions.snapshots_invalidate(app_label="desk")  # a second change queues no second job
    run_worker(app, queues=["figures"])
    assert requests_figure(client) == "2"


def test_the_periodic_job_refreshes_every_section_in_every_language(db):
    refresh_all(timestamp=0)
    assert Snapshot.objects.count() == len(statistics_modules()) * len(languages()) == 10
    english = Snapshot.objects.get(app_label="housing", language="en").section
    chinese = Snapshot.objects.get(app_label="housing", language="zh-hans").section
    assert english["title"] == "Property certificates"
    assert chinese["title"] == "不动产权证"


def test_a_snapshot_left_an_hour_without_a_worker_is_recomputed_by_the_page(
    desk,  # noqa: F811
    client,
):
    file_request(desk.center, desk.booking)
    assert requests_figure(client) == "1"
    file_request(desk.center, desk.booking)
    Snapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(minutes=61))
    assert requests_figure(client) == "2"


def test_a_chart_downloads_as_csv_with_a_bom_in_the_pages_language(
    desk,  # noqa: F811
    center_staff,
    client,
):
    complete(file_request(desk.center, desk.booking), center_staff)
    response = client.get(CSV, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="centers-completed-within-target.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffMonth,Completed,Completed within target\r\n")
    month = f"{timezone.localdate():%Y-%m}"
    assert f"{month},1,1\r\n" in text
    chinese = client.get(CSV, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode("utf-8")
    assert chinese.startswith("\ufeff月份,")


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_written_as_text(db, client):
    chart = {
        "key": "tricky",
        "title": "t",
        "kind": "bar",
        "x_title": "=HYPERLINK(1)",
        "x": ["+1", "-2", "@SUM(A1)", "plain"],
        "series": [{"name": "=cmd|' /C calc'!A0", "values": [1, -2, None, 3.5]}],
        "unit": "",
    }
    for label, _module in statistics_modules():
        Snapshot.objects.create(
            app_label=label,
            language="zh-hans",
            computed_at=timezone.now(),
            section={"key": label, "title": label, "figures": [], "charts": [chart]},
        )
    url = reverse("statistics-chart-csv", kwargs={"section": "housing", "chart": "tricky"})
    rows = client.get(url).content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert rows == [
        "'=HYPERLINK(1),'=cmd|' /C calc'!A0",
        "'+1,1",
        "'-2,-2",  # a negative number stays a number
        "'@SUM(A1),",
        "plain,3.5",
    ]


def test_an_unknown_chart_or_section_is_not_found(db, client):
    for section, chart in [("housing", "nothing"), ("nowhere", "certificates-issued")]:
        url = reverse("statistics-chart-csv", kwargs={"section": section, "chart": chart})
        assert client.get(url).status_code == 404
