"""The linkage in the admin: matching from ranked suggestions, refusals as messages, scope."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from services.linkage import actions
from services.linkage.models import CharityResource, Need, VolunteerHours
from tests.conftest import login
from tests.linkage.conftest import TODAY

pytestmark = pytest.mark.django_db


def match_url(need):
    return reverse("admin:linkage_need_match", args=[need.pk])


def test_staff_match_a_need_to_a_ranked_suggestion(need, volunteer, licun_staff):
    client = login(licun_staff)
    page = client.get(match_url(need)).content.decode()
    assert "王芳" in page and "擅长陪伴" in page
    response = client.post(match_url(need), {"candidate": f"volunteer:{volunteer.pk}"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.volunteer) == (Need.Status.MATCHED, volunteer)


def test_a_resource_too_small_is_refused_with_a_message_and_nothing_changes(need, licun_staff):
    rice = actions.resource_save(
        resource=CharityResource(
            name="大米", donor="爱心企业", kind="goods", unit="袋",
            quantity=Decimal("2"), received_on=datetime.date(2026, 5, 1),
        )
    )  # fmt: skip
    client = login(licun_staff)
    response = client.post(match_url(need), {"resource": rice.pk, "quantity": "5"}, follow=True)
    assert "只剩" in response.content.decode()
    need.refresh_from_db()
    rice.refresh_from_db()
    assert need.status == Need.Status.OPEN and rice.remaining == Decimal("2")


def test_staff_of_another_subdistrict_cannot_reach_the_need(need, jiushui_staff):
    client = login(jiushui_staff)
    assert client.get(match_url(need)).status_code == 404
    assert client.get(reverse("admin:linkage_need_change", args=[need.pk])).status_code == 302


def test_the_child_list_shows_aliases_not_names(child, licun_staff):
    page = login(licun_staff).get(reverse("admin:linkage_child_changelist")).content.decode()
    assert "小星星" in page and "陈小明" not in page


def test_the_access_log_offers_no_change(child, district_admin):
    client = login(district_admin)
    actions.child_record_read(child=child, user=district_admin)
    assert client.get(reverse("admin:linkage_childaccesslog_changelist")).status_code == 200
    assert client.get(reverse("admin:linkage_childaccesslog_add")).status_code == 403


def test_hours_are_confirmed_from_the_list(volunteer, district_admin):
    record = actions.hours_log(volunteer=volunteer, date=TODAY, hours=Decimal("2"), activity="陪伴")
    client = login(district_admin)
    client.post(
        reverse("admin:linkage_volunteerhours_changelist"),
        {"action": "confirm", "_selected_action": [record.pk], "index": 0},
    )
    record.refresh_from_db()
    assert record.status == VolunteerHours.Status.CONFIRMED


def test_spending_beyond_the_budget_in_the_admin_is_refused_on_the_form(project, licun_staff):
    client = login(licun_staff)
    response = client.post(
        reverse("admin:linkage_spending_add"),
        {"project": project.pk, "source": "district", "amount": "20000",
         "spent_on": "2026-06-01", "description": "物资"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "超出" in response.content.decode()
    project.refresh_from_db()
    assert project.spent == 0


def test_a_pledgers_phone_is_masked_for_staff_without_the_identity_permission(
    wish, center_staff, licun_staff
):
    pledge = actions.pledge_offer(wish=wish, name="热心市民", phone="13900000001", offer="送鼓")
    url = reverse("admin:linkage_pledge_change", args=[pledge.pk])
    masked = login(center_staff).get(url).content.decode()
    assert "139****0001" in masked and "13900000001" not in masked
    # subdistrict staff hold registry.view_full_identity: they call the pledger back
    assert "13900000001" in login(licun_staff).get(url).content.decode()
