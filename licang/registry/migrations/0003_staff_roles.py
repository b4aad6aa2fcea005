from django.contrib.auth.management import create_permissions
from django.db import migrations

# The staff roles as permission groups. Which rows each role sees is licang.registry.access; these
# groups decide which admin pages and actions each role has. Later apps add their own
# permissions to these groups in their own migrations.
VIEW = ["view"]
EDIT = ["view", "add", "change"]
ALL = ["view", "add", "change", "delete"]

ROLES = {
    "区级管理员": {  # district administrators: everything
        "registry": {
            "subdistrict": ["view", "change"], "community": ALL, "household": ALL,
            "resident": ALL + ["view_full_identity"], "staffprofile": ALL,
        },
        "centers": {"center": ALL},
        "licang": {"partner": ALL, "apitoken": ["view", "add", "change"], "auditevent": VIEW},
        "auth": {"user": ALL, "group": VIEW},
    },
    "街道工作人员": {  # subdistrict staff: their subdistrict's registry
        "registry": {
            "subdistrict": VIEW, "community": VIEW, "household": EDIT,
            "resident": EDIT + ["view_full_identity"],
        },
        "centers": {"center": VIEW},
    },
    "中心工作人员": {  # center staff: the communities their center serves
        "registry": {
            "subdistrict": VIEW, "community": VIEW, "household": EDIT, "resident": EDIT,
        },
        "centers": {"center": VIEW},
    },
    "卫健项目人员": {  # health-program staff: district-wide, read the registry
        "registry": {
            "subdistrict": VIEW, "community": VIEW, "household": VIEW,
            "resident": VIEW + ["view_full_identity"],
        },
    },
    "住房项目人员": {  # housing staff: district-wide, read the registry
        "registry": {
            "subdistrict": VIEW, "community": VIEW, "household": VIEW, "resident": VIEW,
        },
    },
}


def codenames(model, actions):
    return [a if "_" in a else f"{a}_{model}" for a in actions]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so groups can hold them.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, models in grants.items():
            for model, actions in models.items():
                perms = Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames(model, actions)
                )
                group.permissions.add(*perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_load_subdistricts"),
        ("centers", "0002_centers_serve_communities"),
        ("licang", "0002_audit_event_proxy"),
        ("pghistory", "0007_auto_20250421_0444"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
