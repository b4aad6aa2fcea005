import re

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
    assert "李沧区社区服务门户 API" in page.inner_text(".swagger-ui .title")
    assert outside == []


def test_the_api_docs_speak_chinese_first_and_english_on_request(
    page, transactional_db, live_server
):
    page.goto(reverse("api-docs"))
    page.wait_for_selector(".swagger-ui .opblock-tag-section", timeout=15_000)
    page.click("text=/api/v1/centers/")  # the first operation: open its description
    description = page.inner_text(".swagger-ui .opblock-description-wrapper")
    assert "邻里中心及其设施和开放时间" in description
    assert "居民诉求也可通过" in page.inner_text(".swagger-ui .information-container")

    page.click(".api-docs-languages >> text=English")
    page.wait_for_selector(".swagger-ui .opblock-tag-section", timeout=15_000)
    assert "Licang Community Services Portal API" in page.inner_text(".swagger-ui .title")
    assert page.get_attribute("html", "lang") == "en"


def test_the_docs_lead_to_the_open311_page(page, transactional_db, live_server):
    page.goto(reverse("api-docs"))
    page.wait_for_selector(".swagger-ui .information-container", timeout=15_000)
    link = page.locator(".swagger-ui .information-container a", has_text="Open311 GeoReport v2")
    assert link.get_attribute("href") == reverse("api-docs-open311")
    page.click(".api-docs-nav >> text=Open311 GeoReport v2")
    page.wait_for_url(re.compile(r"/api/docs/open311/"))
    assert "Open311 GeoReport v2" in page.inner_text("h1")
    assert "/open311/v2/discovery.json" in page.inner_text("main")
    assert "提交诉求" in page.inner_text("main")
