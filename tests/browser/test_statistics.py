"""The statistics page's charts on a phone, in Chinese and in English."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

CHARTS = [
    "chart-centers-completed-within-target",
    "chart-linkage-volunteer-hours",
    "chart-linkage-wishes-fulfilled",
    "chart-eldercare-meals-per-day",
    "chart-health-checks-against-target",
    "chart-health-checks-by-age-band",
    "chart-health-claims-paid",
    "chart-health-cataract-cases",
    "chart-housing-certificates-issued",
]


@pytest.mark.parametrize(
    ("locale", "heading", "lang"), [("zh-CN", "数据统计", "zh-Hans"), ("en-GB", "Statistics", "en")]
)
def test_every_chart_is_drawn_with_its_table_on_a_phone(
    browser, live_server, transactional_db, locale, heading, lang
):
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale=locale, base_url=live_server.url
    )
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(reverse("statistics"))
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", level=1).inner_text() == heading
    for dom_id in CHARTS:
        chart = page.locator(f"#{dom_id}")
        drawn = chart.locator(".chart-canvas svg, .chart-canvas canvas")
        drawn.first.wait_for()
        box = drawn.first.bounding_box()
        assert box is not None and 280 <= box["width"] <= 360, dom_id
        # ECharts' aria description, in the page's language
        assert chart.locator(".chart-canvas[aria-label]").count() == 1, dom_id
        assert (
            chart.locator("table.chart-table caption")
            .inner_text()
            .startswith(chart.locator("h3").inner_text())
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []
    context.close()
