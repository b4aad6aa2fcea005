import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def test_the_api_docs_render_without_any_outside_request(page, transactional_db, live_server):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url)
            and not request.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    page.goto(reverse("api-docs"))
    page.wait_for_selector(".swagger-ui .information-container", timeout=15_000)
    assert "Licang Community Services Portal API" in page.inner_text(".swagger-ui .title")
    assert outside == []
