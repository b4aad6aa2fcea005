"""The public pages and the printable staff pages, through the test client."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.linkage import actions
from services.linkage.models import ChildAccessLog, Pledge, Project, Volunteer
from tests.linkage.conftest import TODAY, make_organisation

pytestmark = pytest.mark.django_db

WALL = reverse("linkage:wish-wall")


def test_the_wall_shows_a_wish_by_alias_age_band_and_subdistrict_only(client, wish, child):
    page = client.get(WALL).content.decode()
    assert "一套架子鼓" in page and "小星星" in page and "6至11岁" in page and "李村街道" in page
    assert "陈小明" not in page and "李村小学" not in page and "2016" not in page


def test_a_visitor_pledges_from_the_wall(client, wish):
    url = reverse("linkage:wish-pledge", args=[wish.public_id])
    response = client.post(url, {"name": "热心市民", "phone": "13900000001", "offer": "送鼓"})
    assert response.status_code == 302
    assert Pledge.objects.get().status == Pledge.Status.PENDING


def test_a_pledge_with_a_bad_phone_says_so_and_saves_nothing(client, wish):
    url = reverse("linkage:wish-pledge", args=[wish.public_id])
    response = client.post(url, {"name": "热心市民", "phone": "123", "offer": "送鼓"})
    assert response.status_code == 400
    assert "phone" in response.context["form"].errors
    assert not Pledge.objects.exists()


def test_an_adopted_wish_takes_no_more_pledges(client, wish, volunteer):
    actions.wish_adopt(wish=wish, volunteer=volunteer)
    url = reverse("linkage:wish-pledge", args=[wish.public_id])
    response = client.post(url, {"name": "热心市民", "phone": "13900000001", "offer": "送鼓"})
    assert response.status_code == 409
    assert not Pledge.objects.exists()


def test_a_visitor_signs_up_as_a_volunteer(client, district):
    response = client.post(
        reverse("linkage:volunteer-sign-up"),
        {"name": "钱多", "phone": "13900000003", "community": district.licun_a.pk,
         "skills": ["care", "repairs"], "available_on": ["5", "6"], "consents_to_contact": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    volunteer = Volunteer.objects.get(phone="13900000003")
    assert volunteer.skills == ["care", "repairs"] and volunteer.available_on == [5, 6]


def test_a_second_sign_up_with_the_same_phone_is_a_field_error(client, district, volunteer):
    response = client.post(
        reverse("linkage:volunteer-sign-up"),
        {"name": "王芳", "phone": volunteer.phone, "community": district.licun_a.pk,
         "skills": ["care"], "available_on": ["5"], "consents_to_contact": "on"},
    )  # fmt: skip
    assert response.status_code == 400


def test_organisations_and_projects_are_public(client, project, haixin):
    assert "青岛心海公益服务中心" in client.get(reverse("linkage:organisations")).content.decode()
    listing = client.get(reverse("linkage:projects")).content.decode()
    assert "变废为宝" in listing and "10000.00" in listing
    detail = client.get(reverse("linkage:project-detail", args=[project.public_id]))
    assert detail.status_code == 200


def test_the_warm_heart_card_is_for_staff_in_scope_and_logged(
    client, child, licun_staff, jiushui_staff
):
    url = reverse("linkage:warm-heart-card", args=[child.public_id])
    assert client.get(url).status_code == 302  # to the staff sign-in
    client.force_login(jiushui_staff)
    assert client.get(url).status_code == 404
    client.force_login(licun_staff)
    page = client.get(url).content.decode()
    assert "刘婷" in page and "13600000009" in page
    assert ChildAccessLog.objects.filter(child=child, user=licun_staff).count() == 1


def test_opening_a_childs_record_in_the_admin_is_logged(client, child, district_admin):
    district_admin.is_superuser = True
    district_admin.save()
    client.force_login(district_admin)
    url = reverse("admin:linkage_child_change", args=[child.pk])
    assert client.get(url).status_code == 200
    assert ChildAccessLog.objects.filter(child=child).count() == 1


def test_the_certificate_shows_confirmed_hours(client, volunteer, district_admin):
    record = actions.hours_log(volunteer=volunteer, date=TODAY, hours=Decimal("3"), activity="陪伴")
    actions.hours_confirm(record=record, by=district_admin)
    client.force_login(district_admin)
    page = client.get(reverse("linkage:volunteer-certificate", args=[volunteer.public_id]))
    assert "3.0" in page.content.decode()


def test_admin_need_page_shows_ranked_suggestions(client, need, volunteer, district_admin):
    district_admin.is_superuser = True
    district_admin.save()
    client.force_login(district_admin)
    page = client.get(reverse("admin:linkage_need_change", args=[need.pk])).content.decode()
    assert "王芳" in page and "<ol>" in page


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_wall_runs_the_same_queries_for_many_wishes(client, wish, child, visit):
    one = queries_for(client, WALL)
    for index in range(5):
        actions.wish_collect(child=child, visit=visit, wish=f"心愿{index}")
    # the count for the pager, the page of wishes with their child, resident, community and
    # subdistrict
    assert queries_for(client, WALL) == one == 2


def test_the_projects_run_the_same_queries_for_many_projects(client, project, haixin):
    url = reverse("linkage:projects")
    one = queries_for(client, url)
    for index in range(5):
        actions.project_save(
            project=Project(
                name=f"项目{index}",
                level="district_key",
                lead_organisation=haixin.organisation,
                starts_on=project.starts_on,
                ends_on=project.ends_on,
            )
        )
    # the count, the page of projects with their organisation, places and parent, their
    # milestones, their funding
    assert queries_for(client, url) == one == 4


def test_the_organisations_run_the_same_queries_for_many(client, haixin, chuangyi, district):
    url = reverse("linkage:organisations")
    one = queries_for(client, url)
    for index in range(3):
        make_organisation(f"组织{index}", [district.licun_a, district.licun_c], ["care"])
    # community organisations by year, the organisations, their communities
    assert queries_for(client, url) == one == 3


def test_the_wall_speaks_english_on_request(client, wish):
    page = client.get(WALL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Wish wall" in page and "A drum kit" in page and "6 to 11" in page
    assert "I will make this wish come true" in page


def test_pledges_and_volunteer_sign_ups_are_limited_per_client(client, wish, settings):
    settings.SERVICES_PAGE_LIMITS = {"wish_pledge": "2/hour", "volunteer_sign_up": "1/hour"}
    url = reverse("linkage:wish-pledge", args=[wish.public_id])
    for phone in ("13900000001", "13900000002"):
        client.post(url, {"name": "热心市民", "phone": phone, "offer": "送鼓"})
    refused = client.post(url, {"name": "热心市民", "phone": "13900000003", "offer": "送鼓"})
    assert refused.status_code == 429
    assert "分钟后再试" in refused.content.decode()
    assert Pledge.objects.count() == 2
    sign_up = reverse("linkage:volunteer-sign-up")
    client.post(sign_up, {"name": "张三"})
    assert client.post(sign_up, {"name": "李四"}).status_code == 429
