"""No server error from bad input: whatever a client sends, the answer is below 500.

The property tests walk every URL pattern of the site (pages, the API, Open311, the admin and the
staff pages) and throw at each one hostile values: null characters, impossible dates and offsets,
NaN, Infinity and huge numbers, coordinates off the globe, non-integers, deeply nested JSON. The
example tests below them pin down the answers: a 400 that names the field.
"""

from __future__ import annotations

import json
import re
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import serializers
from rest_framework.views import APIView

from licang.models import Partner
from services.desk.models import ServiceItem
from tests.conftest import login
from tests.desk import factories as desk_factories

# --- What to throw -------------------------------------------------------------------------------

IMPOSSIBLE_DATES = [
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2025-02-29",
]
TIMES = ["00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00"]
OFFSETS = ["Z", "+15:59", "-15:59", "+16:00", "-16:00", "+24:00", "+99:99", "", " 08:00"]
NUMBERS = [
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1e999999",
    "-1e309",
    "9" * 40,
    "-" + "9" * 40,
    "1.5",
    "0x10",
    "1_000",
    "-91",
    "181",
    "90.0000001",
    "1e-400",
]

null_text = st.text(max_size=8).map(lambda text: f"{text}\x00{text}")
dates = st.sampled_from(IMPOSSIBLE_DATES)
datetimes = st.builds(
    lambda d, t, o: f"{d}T{t}{o}", dates, st.sampled_from(TIMES), st.sampled_from(OFFSETS)
)
numbers = (
    st.sampled_from(NUMBERS)
    | st.integers(min_value=-(10**30), max_value=10**30).map(str)
    | st.floats().map(str)
)
hostile = null_text | dates | datetimes | numbers | st.text(max_size=20)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.floats()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | hostile,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)

# --- Where to throw it ---------------------------------------------------------------------------

ADMIN_PARAMETERS = [
    "q",
    "term",
    "app_label",
    "model_name",
    "field_name",
    "o",
    "p",
    "e",
    "_to_field",
]
OPEN311_PARAMETERS = [
    "lat",
    "long",
    "start_date",
    "end_date",
    "status",
    "service_code",
    "service_request_id",
    "jurisdiction_id",
    "api_key",
    "address_string",
    "first_name",
    "last_name",
    "phone",
    "description",
    "attribute[center]",
]
OTHER_PARAMETERS = ["page", "page_size", "ordering", "year", "on", "format", "item", "center"]


def _project_modules(name: str) -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{name}"
        if config.path.startswith(str(django_settings.BASE_DIR)) and find_spec(dotted):
            found.append(import_module(dotted))
    return found


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    routes = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            routes.append((route, pattern.callback))
    return routes


def _view_class(callback: Any) -> Any:
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def _query_parameters() -> list[str]:
    """Every filter, ordering and form field name the site reads, and a few it does not."""
    names = set(ADMIN_PARAMETERS + OPEN311_PARAMETERS + OTHER_PARAMETERS)
    for _route, callback in _walk(get_resolver().url_patterns):
        view = _view_class(callback)
        if view is None or not issubclass(view, APIView):
            continue
        filterset = getattr(view, "filterset_class", None)
        if filterset is not None:
            names |= set(filterset.base_filters)
        fields = getattr(view, "filterset_fields", None) or {}
        names |= {
            f"{field}__{lookup}"
            for field in fields
            if isinstance(fields, dict)
            for lookup in fields[field]
        } | set(fields)
    for module in _project_modules("forms"):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                names |= set(getattr(value, "base_fields", {}))
    return sorted(names)


def _body_fields() -> list[str]:
    names: set[str] = set()
    for module in _project_modules("serializers"):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, serializers.Serializer):
                try:
                    names |= set(value().fields)
                except Exception:  # a serializer that needs arguments
                    continue
    return sorted(names)


def _concrete(route: str, samples: dict[str, str]) -> str:
    """A URL of ``route`` (a path or a regex), its parameters filled with ``samples``."""

    def sample(name: str, converter: str = "str") -> str:
        return samples.get(name) or samples.get(converter) or "x"

    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: sample(m.group(1)), route)
    url = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: sample(m.group(2), m.group(1) or "str"), url)
    url = url.replace("^", "").replace("$", "").replace("\\.", ".").replace("\\Z", "")
    return "/" + url


def every_url(samples: dict[str, str]) -> list[str]:
    urls = {_concrete(route, samples) for route, _callback in _walk(get_resolver().url_patterns)}
    return sorted(url for url in urls if "(" not in url and "?" not in url)


PARTNER_KINDS = list(Partner.Kind.values)


@pytest.fixture
def item(district) -> ServiceItem:
    """A service item at the district's center, with a question of each kind that parses."""
    center = district.center
    center.latitude, center.longitude = 36.16, 120.433
    center.save(update_fields=["latitude", "longitude"])
    questions = [
        {"code": "count", "prompt": "数量", "datatype": "number", "required": False},
        {"code": "when", "prompt": "时间", "datatype": "datetime", "required": False},
    ]
    category = desk_factories.make_category()
    return desk_factories.make_item(category, "JX01", centers=[center], questions=questions)


@pytest.fixture
def site(district, district_admin, partners, item) -> dict[str, Any]:
    filed = desk_factories.file_request(district.center, item)
    samples = {
        "uuid": "00000000-0000-0000-0000-000000000000",
        "slug": district.center.slug,
        "code": item.code,
        "service_code": item.code,
        "reference": filed.reference,
        "service_request_id": filed.reference,
        "fmt": "json",
        "int": "1",
        "path": "1",
        "app_label": "registry",
        "model_name": "resident",
    }
    anonymous = Client(raise_request_exception=False)
    staff = login(district_admin)
    staff.raise_request_exception = False
    return {
        "urls": every_url(samples),
        "parameters": _query_parameters(),
        "body_fields": _body_fields(),
        "clients": {"anonymous": anonymous, "staff": staff},
        "partners": partners,
    }


def no_server_error(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"


BOUNDED = settings(
    max_examples=150,
    deadline=None,
    database=None,  # nothing written to .hypothesis/ in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@BOUNDED
@given(data=st.data())
def test_no_page_or_endpoint_answers_a_server_error_to_hostile_query_or_form_values(site, data):
    url = data.draw(st.sampled_from(site["urls"]), label="url")
    params = data.draw(
        st.dictionaries(st.sampled_from(site["parameters"]), hostile, min_size=1, max_size=4),
        label="params",
    )
    who = data.draw(st.sampled_from(["anonymous", "staff"]), label="who")
    method = data.draw(st.sampled_from(["get", "post"]), label="method")
    response = getattr(site["clients"][who], method)(url, params)
    no_server_error(response, f"{method.upper()} {url} {params!r} as {who}")


@BOUNDED
@given(data=st.data())
def test_no_api_endpoint_answers_a_server_error_to_hostile_json(site, data):
    url = data.draw(st.sampled_from([u for u in site["urls"] if u.startswith("/api/v1/")]))
    kind = data.draw(st.sampled_from(PARTNER_KINDS), label="partner")
    fields = st.sampled_from(site["body_fields"]) | st.text(max_size=5)
    body = data.draw(
        st.dictionaries(fields, json_values, max_size=6).map(json.dumps)
        | st.integers(min_value=30, max_value=5000).map(nested)
        | st.sampled_from(['{"a": NaN}', '{"a": 1e400}', "{", '{"a": "\\u0000"}', "1" * 5000]),
        label="body",
    )
    client = Client(raise_request_exception=False)
    response = client.post(
        url, body, content_type="application/json", **site["partners"][kind].auth
    )
    no_server_error(response, f"POST {url} {body[:200]!r} as {kind}")


SWEEP = [
    "\x00",
    "2026-02-30",
    "9999-12-31T23:59:59-15:59",
    "0001-01-01T00:00:00+15:59",
    "2026-01-01T00:00:00+16:00",
    "NaN",
    "Infinity",
    "1e999999",
    "9" * 40,
    "abc",
    "-181",
]


def test_every_url_answers_a_sweep_of_hostile_values_without_a_server_error(site):
    """Every URL once with every parameter set to each value: no URL is left to chance."""
    staff = site["clients"]["staff"]
    for url in site["urls"]:
        for value in SWEEP:
            response = staff.get(url, dict.fromkeys(site["parameters"], value))
            no_server_error(response, f"GET {url} with every parameter {value!r}")
        no_server_error(staff.get(f"{url.rstrip('/')}\x00/"), f"GET {url} with a null character")


# --- The answers ---------------------------------------------------------------------------------


def test_a_null_character_in_the_path_is_a_400(client, db):
    response = client.get("/centers/a\x00b/")
    assert response.status_code == 400


def test_a_null_character_in_an_api_path_is_a_400_problem(client, db):
    response = client.get("/api/v1/centers/a\x00b/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "path"


def test_a_null_character_in_a_query_parameter_is_a_400_naming_it(client, db):
    response = client.get(reverse("centers-api:center-list"), {"subdistrict": "li\x00cun"})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "subdistrict"
    assert "subdistrict" in body["detail"]


def test_a_null_character_in_the_admin_search_is_a_400(district_admin):
    response = login(district_admin).get("/admin/registry/resident/", {"q": "\x00"})
    assert response.status_code == 400


def test_an_admin_add_page_with_an_id_that_is_no_id_shows_the_form(district_admin):
    response = login(district_admin).get("/admin/registry/household/add/", {"community": "abc"})
    assert response.status_code == 200


def test_an_impossible_date_filter_is_a_400_naming_the_field(district_admin):
    response = login(district_admin).get(
        reverse("registry-api:resident-list"), {"born_after": "2026-02-30"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "born_after"


@pytest.mark.parametrize(
    "moment", ["2026-01-01T00:00:00+16:00", "2026-02-30T00:00:00Z", "2026-01-01T00:00:00+99:99"]
)
def test_an_impossible_time_or_offset_is_a_400_naming_the_field(district_admin, moment):
    response = login(district_admin).get(
        reverse("desk-api:service-request-list"), {"submitted_after": moment}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "submitted_after"


@pytest.mark.parametrize(
    ("start", "field"),
    [
        ("9999-12-31T23:59:59-15:59", "start_date"),
        ("0001-01-01T00:00:00+15:59", "start_date"),
        ("2026-02-30T00:00:00Z", "start_date"),
        ("2026-01-01T00:00:00+16:00", "start_date"),
    ],
)
def test_open311_refuses_dates_out_of_range_with_a_400_naming_them(client, db, start, field):
    response = client.get(
        reverse("open311:requests", args=["json"]),
        {"start_date": start},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert field in response.json()[0]["description"]


@pytest.mark.parametrize(
    ("lat", "lng", "field"),
    [
        ("NaN", "120", "lat"),
        ("36", "Infinity", "long"),
        ("1e999999", "120", "lat"),
        ("91", "120", "lat"),
        ("36", "-180.5", "long"),
    ],
)
def test_open311_refuses_coordinates_off_the_globe_with_a_400_naming_them(
    client, partners, item, lat, lng, field
):
    response = client.post(
        reverse("open311:requests", args=["json"]),
        {
            "api_key": partners["social_organisation"].secret,
            "service_code": item.code,
            "lat": lat,
            "long": lng,
            "first_name": "秀英",
            "last_name": "李",
            "phone": "13912345678",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith(field)


def test_open311_refuses_a_null_character_in_a_posted_field(client, partners):
    response = client.post(
        reverse("open311:requests", args=["json"]),
        {"api_key": partners["social_organisation"].secret, "service_code": "a\x00"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "service_code" in response.json()[0]["description"]


def test_deeply_nested_json_is_a_400_malformed_json_problem(partners):
    response = Client().post(
        reverse("desk-api:service-request-list"),
        nested(100_000),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **partners["social_organisation"].auth,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


@pytest.mark.parametrize("body", ['{"rating": NaN}', '{"rating": 1e400}', '{"rating": Infinity}'])
def test_numbers_json_cannot_represent_are_a_400_malformed_json_problem(partners, body):
    response = Client().post(
        reverse("desk-api:service-request-list"),
        body,
        content_type="application/json",
        **partners["social_organisation"].auth,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"
