import re

from django.core.management import call_command
from django.urls import reverse


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
