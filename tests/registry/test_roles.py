import pytest
from django.contrib.auth.models import Group

from licang.registry.actions import staff_member_assign
from licang.registry.models import StaffProfile
from licang.registry.roles import ROLE_GROUPS
from tests.factories import make_staff


def test_a_migration_creates_a_group_with_permissions_for_every_role(db):
    for role, name in ROLE_GROUPS.items():
        group = Group.objects.get(name=name)
        assert group.permissions.exists(), role


def test_only_some_roles_may_see_full_identity(db):
    allowed = {
        name
        for name in ROLE_GROUPS.values()
        if Group.objects.get(name=name).permissions.filter(codename="view_full_identity").exists()
    }
    assert allowed == {"区级管理员", "街道工作人员", "卫健项目人员"}


def test_assigning_a_role_replaces_the_previous_one(district):
    user = make_staff("mover", StaffProfile.Role.SUBDISTRICT_STAFF, subdistrict_code="licun")

    staff_member_assign(user=user, role=StaffProfile.Role.HEALTH_STAFF)
    assert list(user.groups.values_list("name", flat=True)) == ["卫健项目人员"]
    assert user.staff_profile.role == "health_staff"


def test_subdistrict_staff_need_a_subdistrict(db, django_user_model):
    from django.core.exceptions import ValidationError

    user = django_user_model.objects.create_user("nowhere")
    with pytest.raises(ValidationError):
        staff_member_assign(user=user, role=StaffProfile.Role.SUBDISTRICT_STAFF)
