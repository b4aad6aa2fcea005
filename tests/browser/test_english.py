"""In English, the public pages a resident opens first — home, the centers directory, a center,
the services catalogue and the request form — show no Chinese, except names that have no English
value: the language switcher's own name for Chinese and the centers' brand "邻·聚"."""

import re

import pytest
from django.urls import reverse

from licang.registry.demo import load_communities
from services.centers.demo import MODEL_CENTER, load_centers
from services.desk.demo import load_catalogue

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")

# Chinese that stays in English: names with no English value.
KEPT_IN_CHINESE = {
    "简体中文",  # the language switcher names each language in that language
    "邻·聚",  # the centers' brand, a name (Center.brand is not translated)
}


@pytest.fixture
def demo_district(transactional_db):
    load_communities()
    load_catalogue(load_centers())


def chinese_on(page, path):
    page.goto(path)
    page.wait_for_load_state()
    visible = page.title() + "\n" + page.locator("body").inner_text()
    for kept in KEPT_IN_CHINESE:
        visible = visible.replace(kept, "")
    return sorted(set(CJK.findall(visible)))


def test_the_public_pages_in_english_show_no_chinese_but_names_without_english(
    page, live_server, demo_district
):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    pages = [
        reverse("home"),
        reverse("centers:center-list"),
        reverse("centers:center-detail", args=[MODEL_CENTER]),
        reverse("centers:center-detail", args=["dazaoyuan"]),  # closed: its status note
        reverse("desk:catalogue"),
        reverse("desk:item-detail", args=["JX01"]),
        reverse("desk:request-new"),
        f"{reverse('desk:request-new')}?item=YL01&center={MODEL_CENTER}",
    ]
    found = {path: chinese_on(page, path) for path in pages}
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(reverse("centers:center-detail", args=[MODEL_CENTER]))
    assert "Shangliu Jiayuan Xingfu Street" in page.locator("h1").inner_text()
    assert found == {path: [] for path in pages}
