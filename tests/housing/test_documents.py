"""Documents: type checked from the content, size-limited, served only to those who may see the
case (404 for anyone else)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from housing.models import CaseDocument
from licang.models import Partner
from tests import factories
from tests.conftest import login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(client, case, item, name, content, content_type="application/pdf"):
    return client.post(
        f"/api/v1/housing/cases/{case.case_number}/documents/",
        {"item": item, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.fixture
def api(agent):
    return Client(**agent.auth)


def test_the_agent_uploads_a_scan_and_it_counts_for_the_checklist(api, estate, make_case):
    case = make_case(estate)
    response = upload(api, case, "id_card", "身份证.pdf", PDF)
    assert response.status_code == 201, response.json()
    assert response.json()["content_type"] == "application/pdf"
    assert response.json()["has_file"] is True
    row = api.get(f"/api/v1/housing/cases/{case.case_number}/").json()
    assert [d["code"] for d in row["missing_documents"]] == ["household_book", "agreement"]
    document = CaseDocument.objects.get(case=case)
    assert case.case_number in document.file.name and "身份证" not in document.file.name


def test_the_type_comes_from_the_content_not_the_name(api, estate, make_case):
    case = make_case(estate)
    disguised = upload(api, case, "id_card", "scan.pdf", b"MZ\x90\x00 an executable")
    assert disguised.status_code == 400
    error = disguised.json()["errors"][0]
    assert error["field"] == "file"
    # a PNG sent with a PDF name and type is stored as what it is
    response = upload(api, case, "id_card", "scan.pdf", PNG)
    assert response.status_code == 201 and response.json()["content_type"] == "image/png"


def test_a_file_too_large_is_refused(api, estate, make_case, settings):
    settings.HOUSING_DOCUMENT_MAX_BYTES = 1024
    case = make_case(estate)
    response = upload(api, case, "id_card", "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "file"
    assert not CaseDocument.objects.exists()


def test_an_unknown_item_is_a_field_error(api, estate, make_case):
    response = upload(api, make_case(estate), "passport", "p.pdf", PDF)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "item"


def test_the_file_is_served_to_who_may_see_the_case_and_404_to_anyone_else(
    api, agent, estate, make_case, partners, housing_staff, jiushui_staff, outsider
):
    case = make_case(estate)
    document_id = upload(api, case, "id_card", "id.pdf", PDF).json()["id"]
    url = f"/api/v1/housing/documents/{document_id}/file/"
    served = api.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF
    assert served["Content-Type"] == "application/pdf"
    assert served["Cache-Control"] == "private, no-store"
    staff = Client()
    staff.force_login(housing_staff)
    assert staff.get(url).status_code == 200
    # another agent, another subdistrict's staff, a staff account with no role, anyone: 404
    other_agent = Client(**partners["hospital"].auth)
    assert other_agent.get(url).status_code == 404
    for user in (jiushui_staff, outsider):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_another_agent_cannot_upload_to_a_case_it_does_not_serve(estate, make_case):
    _partner, _token, secret = factories.make_partner(Partner.Kind.REGISTRATION_AGENT)
    stranger = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = upload(stranger, make_case(estate), "id_card", "id.pdf", PDF)
    assert response.status_code == 404
    assert not CaseDocument.objects.exists()


def test_staff_upload_in_the_admin_and_a_wrong_type_is_refused_on_the_form(
    housing_staff, estate, make_case
):
    client = login(housing_staff)
    case = make_case(estate)
    item = estate.checklist.get(code="agreement")
    url = reverse("admin:housing_casedocument_add")
    refused = client.post(
        url,
        {"case": case.pk, "item": item.pk, "file": SimpleUploadedFile("a.pdf", b"GIF89a....")},
    )
    assert refused.status_code == 200
    assert "PDF" in refused.content.decode()
    assert not CaseDocument.objects.exists()
    done = client.post(
        url,
        {
            "case": case.pk,
            "item": item.pk,
            "file": SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0JFIF"),
        },
    )
    assert done.status_code == 302
    assert CaseDocument.objects.get(case=case).content_type == "image/jpeg"


def test_a_body_far_beyond_the_limit_is_refused_before_it_is_read(api, estate, make_case, settings):
    settings.HOUSING_DOCUMENT_MAX_BYTES = 1024
    case = make_case(estate)
    response = upload(api, case, "id_card", "huge.pdf", PDF + b"0" * 200_000)
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not CaseDocument.objects.exists()
