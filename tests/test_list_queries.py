"""Every list keeps a fixed number of queries as rows grow, checked over the whole demo district.

Each admin changelist and each paginated API list is requested twice on the demo data: showing one
row a page, then a hundred. A query run per row would make the second request run more queries;
the count must be the same. New admins and new API lists are covered without a new test.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.mixins import ListModelMixin

from licang.actions import token_issue
from licang.figures_cache.models import Snapshot
from licang.models import Partner
from tests.conftest import PROJECT_APPS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_district):
    # the session's demo district (tests/conftest.py), as loaded: each test's changes roll back
    return demo_district


def project_admins():
    return sorted(
        (
            f"{model._meta.app_label}_{model._meta.model_name}"
            for model in admin.site._registry
            if model._meta.app_label in PROJECT_APPS
        ),
    )


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), response


@pytest.mark.parametrize("changelist", project_admins())
def test_every_admin_changelist_runs_as_many_queries_for_a_hundred_rows_as_for_one(
    demo, changelist, monkeypatch, django_user_model
):
    client = Client()
    client.force_login(django_user_model.objects.get(username="admin"))
    url = reverse(f"admin:{changelist}_changelist")
    model_admin = next(
        a
        for m, a in admin.site._registry.items()
        if f"{m._meta.app_label}_{m._meta.model_name}" == changelist
    )
    monkeypatch.setattr(model_admin, "list_per_page", 1)
    one, response = count_queries(client, url)
    shown = response.context["cl"].result_count
    monkeypatch.setattr(model_admin, "list_per_page", 100)
    hundred, _ = count_queries(client, url)
    assert one == hundred, f"{changelist}: {one} queries for one row, {hundred} for {shown} rows"


def api_lists():
    """Names of the paginated list endpoints under /api/v1/."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None)
                if view and issubclass(view, ListModelMixin) and not pattern.pattern.converters:
                    yield f"{namespace}{pattern.name}"

    return sorted(name for name in walk(get_resolver().url_patterns) if "-api:" in name)


@pytest.mark.parametrize("name", api_lists())
def test_every_api_list_runs_as_many_queries_for_fifty_rows_as_for_one(
    demo, name, django_user_model
):
    url = reverse(name)
    # the first caller who sees more than one row: the superuser's token, then each partner's
    callers = [token_issue(user=django_user_model.objects.get(username="admin"))[1]]
    callers += [token_issue(partner=p)[1] for p in Partner.objects.order_by("pk")]
    for secret in callers:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        response = client.get(url, {"page_size": 1})
        # a keyset page has no count: a next page shows there is more than one row
        if response.status_code == 200 and (
            response.json().get("count", 0) > 1 or response.json().get("next")
        ):
            break
    else:
        pytest.fail(f"{name}: no demo caller sees more than one row")
    one, _ = count_queries(client, url, page_size=1)
    fifty, response = count_queries(client, url, page_size=50)
    rows = len(response.json()["results"])
    assert rows > 1
    assert one == fifty, f"{name}: {one} queries for one row, {fifty} for {rows} rows"


# The public pages that list things run the same queries on the demo district as on an empty one
# (tests/licang/test_pages.py runs them on an empty district).
PUBLIC_PAGES = {
    # four counts for the centers' section, three for the meal program's (meal points, elders
    # served a day, the meal rule), seven for the health figures (the year with checks, claims
    # by type and state, the check rule, checks by age band, designations, cataract cases by
    # hospital, budgets), three for the housing figures (estates with their counts, certificates
    # per estate and month, holds by reason), two for the linkage (wishes, organisations)
    "home": ("/", 19),
    # the programs' sections as stored (licang.figures_cache): one query, whatever the district
    "statistics": ("/statistics/", 1),
    # the first request, before any worker stored them, reads the stored sections (none), then
    # computes each program's section and stores it: the desk's five figures (with completions
    # per month), the meal program's nine, the health program's ten (with checks, claims and
    # cataract cases per month), the housing program's three, the linkage's eleven (with hours
    # and wishes per month): 38 in all; then for each of the five programs its section stored by
    # update_or_create in a transaction of its own (six each)
    "statistics-cold": ("/statistics/", 69),
    # the year's three rules, the designated hospitals, the active check sites
    "health": ("/health/", 5),
    # the communities to choose from, the points, the day's menus with their seats, the day's
    # pauses, the meal rule
    "meals": ("/meals/", 5),
    # the care centers, their upcoming classes and outings with the places taken
    "care-centers": ("/meals/care-centers/", 2),
}


@pytest.mark.parametrize("page", sorted(PUBLIC_PAGES))
def test_the_public_pages_run_a_fixed_number_of_queries_on_the_whole_district(demo, client, page):
    url, expected = PUBLIC_PAGES[page]
    prepare_public_page(client, page)
    queries, _ = count_queries(client, url)
    assert queries == expected


def prepare_public_page(client, page):
    """The statistics page is counted cold (no stored section) and warm (each stored)."""
    if page == "statistics-cold":
        Snapshot.objects.all().delete()
    else:
        client.get(PUBLIC_PAGES[page][0])
