"""The API docs' test residents: each example call succeeds as the page shows it."""

import datetime
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from health.api_examples import example_residents
from licang.masking import mask_id_number
from tests import factories
from tests.health.conftest import TODAY, make_insured, post

PAGE = reverse("api-docs-test-residents")


@pytest.fixture
def elder(district, rules):
    """A registered elder of 70: the check and cataract aid both fit."""
    return factories.make_resident(
        district.licun_a, birth=datetime.date(1956, 1, 20), registered_in_licang=True
    )


@pytest.fixture
def examples(elder, district, rules, site, hospital, insurer):
    make_insured(district.licun_b, insurer)
    return {entry["path"]: entry for entry in example_residents(on=TODAY)}


def test_each_kind_of_health_partner_has_a_test_resident(examples, hospital, institution, insurer):
    assert {path: entry["partner"] for path, entry in examples.items()} == {
        "/api/v1/health/cataract-cases/": hospital.partner.name,
        "/api/v1/health/checkups/": institution.partner.name,
        "/api/v1/health/balance/": insurer.partner.name,
    }


@pytest.mark.parametrize(
    "path, persona, status",
    [
        ("/api/v1/health/cataract-cases/", "hospital", 201),
        ("/api/v1/health/checkups/", "institution", 201),
        ("/api/v1/health/balance/", "insurer", 200),
    ],
)
def test_each_example_call_succeeds_as_shown(client, examples, request, path, persona, status):
    entry = examples[path]
    response = post(client, entry["path"], request.getfixturevalue(persona), entry["body"])
    assert response.status_code == status, response.json()


def test_a_resident_already_treated_or_checked_is_not_offered_again(
    client, examples, hospital, institution
):
    for path, persona in [
        ("/api/v1/health/cataract-cases/", hospital),
        ("/api/v1/health/checkups/", institution),
    ]:
        assert post(client, path, persona, examples[path]["body"]).status_code == 201
    again = {entry["path"]: entry for entry in example_residents(on=TODAY)}
    for path in ("/api/v1/health/cataract-cases/", "/api/v1/health/checkups/"):
        # the other one: the insured mother, 68 and registered, is neither treated nor checked
        assert again[path]["id_number"] != examples[path]["id_number"]


@override_settings(API_DOCS_SHOW_ID_NUMBERS=True)
def test_the_page_shows_demo_id_numbers_in_full_where_the_setting_allows(client, examples):
    html = client.get(PAGE, {"lang": "en"}).content.decode()
    for entry in examples.values():
        assert entry["id_number"] in html
    assert json.dumps(examples["/api/v1/health/balance/"]["body"]["year"]) in html


@override_settings(API_DOCS_SHOW_ID_NUMBERS=False)
def test_the_page_masks_id_numbers_otherwise(client, examples):
    html = client.get(PAGE).content.decode()
    for entry in examples.values():
        assert entry["id_number"] not in html
        assert mask_id_number(entry["id_number"]) in html
    assert "测试居民" in html
