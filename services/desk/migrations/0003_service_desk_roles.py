from django.contrib.auth.management import create_permissions
from django.db import migrations

# What each staff role may do with the service desk's records. Which rows they reach is
# services.centers.access.center_scope_filter (centers by role); these are the admin pages and actions.
VIEW = ["view"]
EDIT = ["view", "add", "change"]
ALL = ["view", "add", "change", "delete"]

GRANTS = {
    "区级管理员": {  # district administrators: the whole desk and its rules
        "center": ALL, "facility": ALL, "openinghours": ALL, "openingexception": ALL,
        "calendarday": ALL, "servicecategory": ALL, "serviceitem": ALL, "servicequestion": ALL,
        "volunteer": ALL, "servicerequest": EDIT, "requeststep": VIEW,
    },
    "街道工作人员": {  # subdistrict staff: follow their subdistrict's centers
        "facility": VIEW, "openinghours": VIEW, "openingexception": VIEW, "calendarday": VIEW,
        "servicecategory": VIEW, "serviceitem": VIEW, "servicequestion": VIEW, "volunteer": VIEW,
        "servicerequest": EDIT, "requeststep": VIEW,
    },
    "中心工作人员": {  # center staff: work their center's queue, keep its volunteers
        "facility": VIEW, "openinghours": VIEW, "openingexception": VIEW, "calendarday": VIEW,
        "servicecategory": VIEW, "serviceitem": VIEW, "servicequestion": VIEW, "volunteer": EDIT,
        "servicerequest": EDIT, "requeststep": VIEW,
    },
}  # fmt: skip


# Where each model lives: the centers' records in ``centers``, the desk's in ``desk``.
CENTERS = {"center", "facility", "openinghours", "openingexception", "calendarday", "volunteer"}


def app_of(model):
    return "centers" if model in CENTERS else "desk"


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so groups can hold
    # them (and leave each app config as it was: the test suite runs this again on live apps).
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for model, actions in models.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_of(model),
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for model, actions in models.items():
            if model == "center":
                continue  # granted by the registry's roles migration
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app_of(model),
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_requests_of_residents"),
        ("centers", "0003_working_day_calendar_2025_2026"),
        ("registry", "0003_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
