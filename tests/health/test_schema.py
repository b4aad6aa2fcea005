from django.core.management import call_command


def test_the_openapi_schema_is_valid_without_warnings(tmp_path, db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    schema = (tmp_path / "s.yml").read_text()
    assert "/api/v1/health/insurance-claims/" in schema
    assert "/api/v1/health/cataract-cases/" in schema
