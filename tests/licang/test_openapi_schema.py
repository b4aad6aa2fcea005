from django.core.management import call_command


def test_the_openapi_schema_is_valid_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    schema = (tmp_path / "s.yml").read_text()
    assert "/api/v1/service-requests/" in schema
    assert "/open311/" not in schema  # GeoReport v2 is its own specification
