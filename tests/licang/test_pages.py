import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.test_list_queries import PUBLIC_PAGES, prepare_public_page


def test_the_home_page_is_in_chinese_by_default(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "李沧社区服务" in page
    for title in ["“邻·聚”邻里中心", "老年助餐与照护", "健康补贴", "不动产权证"]:
        assert title in page


def test_the_home_page_switches_to_english_with_the_language_form(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "Community services in Licang" in page
    assert "Health subsidies" in page


def test_a_program_section_shows_only_what_exists(client, district):
    page = client.get(reverse("home")).content.decode()
    # the centers section counts the real subdistricts, communities and centers
    assert "<dd>11</dd>" in page
    assert "<dd>4</dd>" in page  # the four communities of the test district
    assert "<dd>1</dd>" in page  # one center


def test_the_pages_load_nothing_from_other_hosts(client, db):
    page = client.get(reverse("home")).content.decode()
    assert "http://" not in page and "https://" not in page


def test_the_page_is_built_for_phones_and_keyboards(client, db):
    page = client.get(reverse("home")).content.decode()
    assert 'name="viewport"' in page
    assert 'class="skip-link"' in page
    assert '<label for="language-select">' in page


def test_the_statistics_page_renders(client, db):
    response = client.get(reverse("statistics"))
    assert response.status_code == 200
    assert "数据统计" in response.content.decode()


def test_the_health_check_answers(client, db):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_the_admin_switches_language(client, district_admin):
    client.force_login(district_admin)
    chinese = client.get(reverse("admin:index")).content.decode()
    assert "李沧区社区服务平台" in chinese
    assert "居民" in chinese
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    page = client.get(reverse("admin:index")).content.decode()
    assert "Licang Community Services Portal" in page
    assert "Residents" in page


@pytest.mark.parametrize("page", sorted(PUBLIC_PAGES))
def test_the_public_pages_run_as_many_queries_on_an_empty_district_as_on_the_demo(client, db, page):
    url, expected = PUBLIC_PAGES[page]
    prepare_public_page(client, page)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == expected
