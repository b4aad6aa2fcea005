"""API errors are RFC 9457 problem details in the caller's language."""

import pytest
from django.urls import reverse

from tests.conftest import login

RESIDENTS = reverse("registry-api:resident-list")


def test_a_bad_filter_is_a_400_with_field_errors_in_chinese_by_default(district_admin):
    response = login(district_admin).get(RESIDENTS, {"born_after": "昨天"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "/api/problems/invalid"
    assert body["title"] == "请求中有字段不正确。"
    assert body["status"] == 400
    assert body["errors"] == [
        {"field": "born_after", "code": "invalid", "detail": "输入一个有效的日期。"}
    ]
    assert "born_after" in body["detail"]


def test_the_same_error_in_english_when_asked(district_admin):
    response = login(district_admin).get(
        RESIDENTS, {"born_after": "yesterday"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.json()
    assert body["title"] == "Your request has invalid fields."
    assert body["errors"][0]["detail"] == "Enter a valid date."


def test_an_unknown_resident_is_a_404_problem(district_admin):
    url = reverse("registry-api:resident-detail", args=["00000000-0000-0000-0000-000000000000"])
    response = login(district_admin).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert body["title"] == "Not found."


def test_a_wrong_method_is_a_405_problem(district_admin):
    response = login(district_admin).delete(RESIDENTS)
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_authentication_errors_are_translated(client, db):
    zh = client.get(RESIDENTS).json()
    en = client.get(RESIDENTS, HTTP_ACCEPT_LANGUAGE="en").json()
    assert zh["title"] == "需要身份认证。"
    assert en["title"] == "Authentication is required."


@pytest.mark.parametrize("code", ["invalid", "not_found", "idempotency_key_reused"])
def test_every_problem_type_has_a_page(client, db, code):
    response = client.get(reverse("problem-type", args=[code]))
    assert response.status_code == 200
    assert code in response.content.decode()
