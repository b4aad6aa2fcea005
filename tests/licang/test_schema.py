import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escapejs
from drf_spectacular.plumbing import get_doc
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from health.api import ListPostView
from licang import idnumber
from licang.api.idempotency import IdempotentPostMixin
from licang.api.pagination import Pagination
from licang.masking import mask_id_number
from services.desk.api import RequestActionView
from tests.desk.factories import add_weekday_hours


def test_the_schema_is_a_valid_openapi_3_document(tmp_path, db):
    target = tmp_path / "schema.yml"
    # --validate checks the document against the OpenAPI 3 JSON schema
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text().startswith("openapi: 3.")


def test_the_schema_is_served_and_documents_tokens_problems_and_idempotency(client, db):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "Problem" in schema["components"]["schemas"]
    residents = schema["paths"]["/api/v1/residents/"]["get"]
    assert "application/problem+json" in residents["responses"]["403"]["content"]


def test_the_docs_page_loads_nothing_from_other_hosts(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    external = re.findall(r'(?:src|href)=["\'](https?://[^"\']+)', html)
    assert external == []


# --- The schema tells the truth ------------------------------------------------------------------

OPERATIONS = ("get", "post", "put", "patch", "delete")
PUBLIC_PATHS = {
    "/api/v1/centers/",
    "/api/v1/centers/{slug}/",
    "/api/v1/service-items/",
    "/api/v1/service-items/{code}/",
    "/api/v1/service-statistics/",
    "/api/v1/health/figures/",
    "/api/v1/eldercare/meal-points/",
    "/api/v1/eldercare/figures/",
    "/api/v1/linkage/figures/",
}


@pytest.fixture
def schema(client, db):
    return client.get(reverse("api-schema"), {"format": "json", "lang": "en"}).json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method in OPERATIONS:
            if method in item:
                yield path, method, item[method]


def properties_named(schema, name):
    for component, body in schema["components"]["schemas"].items():
        if name in body.get("properties", {}):
            yield component, body["properties"][name]


def test_opening_hours_are_declared_in_the_shape_they_are_rendered(schema, client, district):
    center = district.center
    add_weekday_hours(center, "08:30", "17:30")
    declared = schema["components"]["schemas"]["OpeningHours"]["properties"]["opens"]
    # format: time is RFC 3339's full-time, which needs an offset the hours do not carry
    assert "format" not in declared
    rendered = client.get(reverse("centers-api:center-detail", args=[center.slug])).json()
    assert rendered["hours"][0]["opens"] == "08:30:00"
    assert re.fullmatch(declared["pattern"].strip("^$"), rendered["hours"][0]["opens"])
    exception = schema["components"]["schemas"]["OpeningException"]["properties"]["closes"]
    assert exception["pattern"] == declared["pattern"]


def test_every_id_number_is_declared_as_exactly_18_characters(schema):
    found = dict(properties_named(schema, "id_number"))
    inputs = {name for name in found if name.endswith("Request")}
    assert inputs == {
        "BalanceInputRequest",
        "CataractInputRequest",
        "CheckupInputRequest",
        "ClaimInputRequest",
        "EligibilityInputRequest",
        "OrderInputRequest",
        "ServingLineRequest",
    }
    valid = found["ClaimInputRequest"]["example"]
    assert idnumber.parse(valid).value == valid  # a real number, check character included
    for component, declared in found.items():
        assert (declared["minLength"], declared["maxLength"]) == (18, 18), component
        shown = valid if component in inputs else mask_id_number(valid)
        assert re.fullmatch(declared["pattern"], shown), component


def test_the_figures_year_and_the_page_size_declare_their_limits(schema):
    (year,) = schema["paths"]["/api/v1/health/figures/"]["get"]["parameters"]
    assert (year["name"], year["schema"]["minimum"], year["schema"]["maximum"]) == (
        "year",
        2000,
        2100,
    )
    listed = [
        op
        for _p, _m, op in operations(schema)
        if any(p["name"] == "page_size" for p in op.get("parameters", []))
    ]
    # every list: centers, items, requests, residents, places, health, meal points, menus, orders,
    # housing cases, linkage (needs, wishes, volunteers, hours)
    assert len(listed) == 17
    for operation in listed:
        params = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert params["page_size"]["maximum"] == Pagination.max_page_size
        assert params["page_size"]["minimum"] == 1
        # a keyset list pages by an opaque cursor, the others by a page number
        assert "cursor" in params or params["page"]["minimum"] == 1


def test_a_page_size_above_the_declared_maximum_is_served_as_the_maximum():
    request = Request(APIRequestFactory().get("/", {"page_size": 10_000}))
    assert Pagination().get_page_size(request) == Pagination.max_page_size


def enum_of(declared, components):
    """The values of the enum component a property refers to, directly or through allOf."""
    ref = declared.get("$ref") or declared["allOf"][0]["$ref"]
    return components[ref.rsplit("/", 1)[1]]["enum"]


def test_enumerated_values_are_enums_in_the_schema(schema):
    components = schema["components"]["schemas"]
    step = components["RequestStep"]["properties"]
    assert step["to_state"]["allOf"] == [{"$ref": "#/components/schemas/StateEnum"}]
    assert {"$ref": "#/components/schemas/StateEnum"} in step["from_state"]["oneOf"]
    assert enum_of(step["by"], components) == ["staff", "partner", "resident"]
    assert enum_of(components["ClaimTypeFigures"]["properties"]["claim_type"], components)
    assert enum_of(components["AgeBandFigures"]["properties"]["band"], components)
    assert enum_of(components["BudgetFigures"]["properties"]["program"], components)
    by_status = components["InsuranceFigures"]["properties"]["by_status"]
    assert set(by_status["required"]) == {"submitted", "approved", "rejected", "paid"}
    residents = schema["paths"]["/api/v1/residents/"]["get"]["parameters"]
    ordering = next(p for p in residents if p["name"] == "ordering")
    assert set(ordering["schema"]["items"]["enum"]) == {
        "name", "-name", "birth_date", "-birth_date", "updated_at", "-updated_at"
    }  # fmt: skip
    assert (ordering["style"], ordering["explode"]) == ("form", False)


def test_public_operations_show_no_lock_and_token_operations_show_one(schema):
    for path, method, operation in operations(schema):
        if path in PUBLIC_PATHS:
            assert operation["security"] == [], (path, method)
            assert "403" not in operation["responses"], (path, method)
        else:
            assert {"bearerAuth": []} in operation["security"], (path, method)
            assert {} not in operation["security"], (path, method)


def test_no_operation_is_described_by_a_docstring_of_its_bases(schema):
    inherited = {
        get_doc(cls)
        for cls in (IdempotentPostMixin, ListPostView, RequestActionView)
        if cls.__doc__
    }
    for path, method, operation in operations(schema):
        description = operation.get("description", "")
        assert "Idempotency-Key`` semantics" not in description, (path, method)
        assert description not in inherited, (path, method)


# --- In the reader's language --------------------------------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_schema_speaks_chinese_by_default_and_english_on_request(client, db):
    chinese = client.get(reverse("api-schema"), {"format": "json"}).json()
    english = client.get(reverse("api-schema"), {"format": "json", "lang": "en"}).json()
    by_header = client.get(
        reverse("api-schema"), {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert english["info"]["title"] == "Licang Community Services Portal API"
    assert by_header["info"]["title"] == english["info"]["title"]
    assert CJK.search(chinese["info"]["title"])
    assert "/api/docs/open311/" in chinese["info"]["description"]
    centers = chinese["paths"]["/api/v1/centers/"]["get"]
    assert CJK.search(centers["description"])


def test_every_summary_and_description_has_a_chinese_translation(client, db):
    chinese = client.get(reverse("api-schema"), {"format": "json", "lang": "zh-hans"}).json()
    untranslated = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"title", "summary", "description"} and isinstance(value, str):
                    if value and not CJK.search(value):
                        untranslated.append((where, value))
                else:
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(chinese, "")
    assert untranslated == []


def test_every_entry_of_the_schema_catalogues_is_a_string_of_the_schema(client, db):
    """A docstring changed without its ``schema.po`` entry leaves a stale entry: caught here."""
    english = client.get(reverse("api-schema"), {"format": "json", "lang": "en"}).json()
    texts: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"title", "summary", "description"} and isinstance(value, str):
                    texts.add(value)
                    texts.update(value.split("\n\n"))
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(english)
    catalogues = list(Path(settings.BASE_DIR).glob("*/**/locale/zh_Hans/LC_MESSAGES/schema.mo"))
    assert catalogues
    stale = [
        (str(path.relative_to(settings.BASE_DIR)), msgid)
        for path in catalogues
        for msgid in gettext.GNUTranslations(path.open("rb"))._catalog
        if msgid and msgid not in texts
    ]
    assert stale == []


def test_the_docs_page_and_the_schema_it_loads_share_the_requested_language(client, db):
    english = client.get(reverse("api-docs"), {"lang": "en"}).content.decode()
    assert '<html lang="en">' in english
    assert escapejs("/api/schema/?lang=en") in english
    assert "Licang Community Services Portal API" in english
    chinese = client.get(reverse("api-docs"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="zh-Hans">' in chinese
    assert escapejs("/api/schema/?lang=zh-hans") in chinese
    assert "李沧区社区服务门户 API" in chinese
    for page in ("api-docs-open311", "api-docs-test-residents"):
        assert reverse(page) in chinese


def test_the_open311_page_documents_the_georeport_endpoints(client, db):
    html = client.get(reverse("api-docs-open311"), {"lang": "en"}).content.decode()
    for name in ("discovery", "service-list", "requests"):
        assert reverse(f"open311:{name}", kwargs={"fmt": "json"}) in html
    assert "qdlc.gov.cn" in html
    assert "api_key" in html
    chinese = client.get(reverse("api-docs-open311")).content.decode()
    assert "提交诉求" in chinese
