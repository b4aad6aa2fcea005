"""The registry's admin writes through the actions: a refusal answers the form and saves nothing,
and staff roles are taken away through an action."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from licang.registry.models import Resident, ResidentEvent, StaffProfile
from tests.conftest import login
from tests.factories import id_number_for, make_household


def test_a_household_in_another_community_answers_the_form_and_saves_nothing(
    district, district_admin
):
    elsewhere = make_household(district.jiushui_a)
    number = id_number_for(datetime.date(1950, 2, 3), male=False)
    response = login(district_admin).post(
        reverse("admin:registry_resident_add"),
        {
            "name": "王桂英",
            "id_number": number,
            "phone": "13700001111",
            "community": district.licun_a.pk,
            "household": elsewhere.pk,
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200  # the form again, not a server error
    assert response.context["adminform"].form.errors["household"] == ["该户属于其他社区。"]
    assert not Resident.objects.filter(id_number=number).exists()
    assert not ResidentEvent.objects.filter(id_number=number).exists()
    assert list(get_messages(response.wsgi_request)) == []  # no success message


def test_a_staff_profile_that_breaks_a_rule_answers_the_form_without_a_success_message(
    district, district_admin
):
    user = get_user_model().objects.create_user(username="newcomer", password="pw-for-tests-1")
    response = login(district_admin).post(
        reverse("admin:registry_staffprofile_add"),
        {"user": user.pk, "role": StaffProfile.Role.SUBDISTRICT_STAFF},  # no subdistrict
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors, "the rule's reason is on the form"
    assert not StaffProfile.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()
    assert list(get_messages(response.wsgi_request)) == []


def test_deleting_a_staff_profile_takes_the_role_away_through_the_action(
    district, district_admin, licun_staff
):
    profile = licun_staff.staff_profile
    response = login(district_admin).post(
        reverse("admin:registry_staffprofile_delete", args=[profile.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    licun_staff.refresh_from_db()
    assert not StaffProfile.objects.filter(pk=profile.pk).exists()
    assert not licun_staff.is_staff
    assert not licun_staff.groups.exists()


def test_residents_households_and_communities_cannot_be_deleted_in_the_admin(
    resident, district_admin
):
    household = make_household(resident.community)
    client = login(district_admin)
    for url in [
        reverse("admin:registry_resident_delete", args=[resident.pk]),
        reverse("admin:registry_household_delete", args=[household.pk]),
        reverse("admin:registry_community_delete", args=[resident.community_id]),
    ]:
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert Resident.objects.filter(pk=resident.pk).exists()
    assert household.__class__.objects.filter(pk=household.pk).exists()
