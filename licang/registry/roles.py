"""The staff roles. Which rows each role sees is ``licang.registry.access``; which admin pages and
actions it has are the permission groups of the roles migration (``ROLE_GROUPS`` names them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    SUBDISTRICT_STAFF = "subdistrict_staff", _("Subdistrict staff")
    CENTER_STAFF = "center_staff", _("Center staff")
    HEALTH_STAFF = "health_staff", _("Health-program staff")
    HOUSING_STAFF = "housing_staff", _("Housing staff")


# The permission group of each role, created by the registry's roles migration.
ROLE_GROUPS = {
    Role.DISTRICT_ADMIN: "区级管理员",
    Role.SUBDISTRICT_STAFF: "街道工作人员",
    Role.CENTER_STAFF: "中心工作人员",
    Role.HEALTH_STAFF: "卫健项目人员",
    Role.HOUSING_STAFF: "住房项目人员",
}

# Roles whose programs are district-wide: they see the whole registry.
DISTRICT_WIDE_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.HEALTH_STAFF, Role.HOUSING_STAFF})

# The admin's menu for each role (the index, the app pages and the side bar), in the order of
# what the role does: app labels, first the apps of its daily work. The apps a role has and its
# order does not name follow in alphabetical order.
MENU_ORDER: dict[str, tuple[str, ...]] = {
    Role.DISTRICT_ADMIN: (
        "registry", "desk", "eldercare", "health", "housing", "linkage",
        "centers", "auth", "licang", "procrastinate",  # then settings, partners, audit, jobs
    ),
    Role.SUBDISTRICT_STAFF: (
        "desk", "eldercare", "linkage", "registry", "centers", "health", "housing",
    ),
    Role.CENTER_STAFF: ("desk", "centers", "linkage", "eldercare", "registry", "health"),
    Role.HEALTH_STAFF: ("health", "registry", "licang"),
    Role.HOUSING_STAFF: ("housing", "registry", "licang"),
}  # fmt: skip
