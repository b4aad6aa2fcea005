"""API errors are RFC 9457 problem details in the caller's language."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from licang.api.problems import PROBLEM_TYPES
from services.desk.access import FILING_PARTNER_KINDS
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


def test_an_unknown_object_is_explained_in_chinese_without_naming_the_model(district_admin):
    url = reverse("registry-api:resident-detail", args=["00000000-0000-0000-0000-000000000000"])
    body = login(district_admin).get(url).json()
    assert body["code"] == "not_found"
    assert "Resident" not in body["detail"] and "query" not in body["detail"]
    assert body["detail"] == "未找到。"


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


# --- Every answer under /api/ is problem details --------------------------------------------


def test_an_unknown_path_under_the_api_is_a_404_problem_in_the_callers_language(client, db):
    zh = client.get("/api/v1/no-such-thing/")
    en = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 404
    assert zh["Content-Type"] == "application/problem+json"
    assert zh.json()["code"] == "not_found"
    assert zh.json()["detail"] == "API 中没有此路径。"
    assert en.json()["detail"] == "No such path in the API."


def test_a_detail_route_with_a_malformed_id_is_a_404_problem(district_admin):
    response = login(district_admin).get("/api/v1/residents/not-a-uuid/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_route_without_its_trailing_slash_is_still_redirected_for_a_get(client, db):
    response = client.get("/api/v1/centers?status=open")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/centers/?status=open"


def test_a_post_without_the_trailing_slash_is_told_the_right_path(client, db):
    response = client.post("/api/v1/service-requests", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "/api/v1/service-requests/" in response.json()["detail"]


def test_a_body_over_the_size_limit_is_a_413_problem(partners, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post(
        reverse("desk-api:service-request-list"),
        '{"name": "' + "x" * 2000 + '"}',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **partners["social_organisation"].auth,
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "request_too_large"


def test_a_multipart_body_with_too_many_fields_is_a_413_problem(partners, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = Client().post(
        reverse("desk-api:service-request-list"),
        {f"field{n}": "x" for n in range(20)},
        **partners["social_organisation"].auth,
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_a_url_over_the_length_limit_is_a_414_problem(client, db):
    response = client.get(reverse("centers-api:center-list"), {"subdistrict": "x" * 9000})
    assert response.status_code == 414
    assert response.json()["code"] == "uri_too_long"


def test_malformed_json_is_titled_as_such_and_its_detail_is_translated(partners):
    url = reverse("desk-api:service-request-list")
    auth = partners["social_organisation"].auth
    zh = Client().post(url, '{"item": ', content_type="application/json", **auth).json()
    en = (
        Client()
        .post(url, '{"item": ', content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **auth)
        .json()
    )
    assert zh["code"] == en["code"] == "malformed_json"
    assert zh["type"] == "/api/problems/malformed_json"
    assert en["title"] == "The request body is not valid JSON."
    assert zh["title"] == "请求正文不是有效的 JSON。"
    assert en["detail"] == "The request body is not valid JSON (line 1, column 10)."
    assert zh["detail"] == "请求正文不是有效的 JSON（第 1 行，第 10 列）。"


def test_a_403_says_which_partners_and_roles_may_call_the_operation(partners):
    response = Client().get(
        reverse("desk-api:service-request-list"),
        HTTP_ACCEPT_LANGUAGE="en",
        **partners["insurer"].auth,
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "permission_denied"
    assert set(body["allowed_callers"]) == {f"partner:{k}" for k in FILING_PARTNER_KINDS} | {
        "staff"
    }
    assert body["detail"].startswith("This operation is open only to partners of kind ")
    assert body["detail"].endswith(" or staff members (by session or staff token).")


def test_a_403_of_a_post_only_partner_operation_names_that_partner(partners):
    response = Client().post(
        reverse("health-api:claim-list"),
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **partners["hospital"].auth,
    )
    assert response.status_code == 403
    assert response.json()["allowed_callers"] == ["partner:insurer"]
    assert "Insurer" in response.json()["detail"]


def test_a_403_in_chinese_says_why_in_chinese(partners):
    response = Client().get(reverse("registry-api:resident-list"), **partners["hospital"].auth)
    assert response.status_code == 403
    assert response.json()["detail"] == "此操作只对工作人员（通过登录会话或工作人员令牌）开放。"


@pytest.mark.parametrize("code", sorted(PROBLEM_TYPES))
def test_every_problem_code_is_explained_in_chinese_and_english(client, db, code):
    url = reverse("problem-type", args=[code])
    zh = client.get(url).content.decode()
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    meaning = PROBLEM_TYPES[code]
    with translation.override("en"):
        assert escape(str(meaning.meaning)) in en
        assert escape(str(meaning.remedy)) in en
    with translation.override("zh-hans"):
        assert escape(str(meaning.remedy)) in zh
        assert escape(str(meaning.meaning)) in zh
    assert zh != en


def test_an_unknown_problem_code_has_no_page(client, db):
    assert client.get(reverse("problem-type", args=["no_such_code"])).status_code == 404


def test_the_problem_index_lists_every_code(client, db):
    page = client.get(reverse("problem-types")).content.decode()
    assert all(code in page for code in PROBLEM_TYPES)
