from django.contrib.auth.management import create_permissions
from django.db import migrations

# What each staff role may do with the linkage's records. Which rows they reach is
# services.linkage.access (the registry's scope for visits, needs and children); these are the
# admin pages and actions. Only district administrators spend beyond a project's budget.
VIEW = ["view"]
EDIT = ["view", "add", "change"]

GRANTS = {
    "区级管理员": {  # district administrators: the whole linkage
        "socialorganisation": EDIT, "socialworker": EDIT, "volunteer": EDIT,
        "charityresource": EDIT, "project": EDIT + ["override_budget"], "funding": EDIT,
        "spending": EDIT, "budgetoverride": VIEW, "milestone": EDIT, "visit": EDIT,
        "need": EDIT, "needstep": VIEW, "child": EDIT, "wish": EDIT, "pledge": EDIT,
        "childaccesslog": VIEW, "volunteerhours": EDIT,
    },
    "街道工作人员": {  # subdistrict staff: canvass and match in their subdistrict
        "socialorganisation": VIEW, "socialworker": VIEW, "volunteer": EDIT,
        "charityresource": VIEW, "project": VIEW, "funding": VIEW, "spending": EDIT,
        "budgetoverride": VIEW, "milestone": EDIT, "visit": EDIT, "need": EDIT, "needstep": VIEW,
        "child": EDIT, "wish": EDIT, "pledge": EDIT, "childaccesslog": VIEW,
        "volunteerhours": EDIT,
    },
    "中心工作人员": {  # center staff: canvass the communities their center serves
        "socialorganisation": VIEW, "socialworker": VIEW, "volunteer": EDIT,
        "charityresource": VIEW, "project": VIEW, "milestone": VIEW, "visit": EDIT,
        "need": EDIT, "needstep": VIEW, "child": VIEW, "wish": EDIT, "pledge": EDIT,
        "volunteerhours": EDIT,
    },
}  # fmt: skip


def codenames(model, actions):
    return [action if action == "override_budget" else f"{action}_{model}" for action in actions]


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
                    content_type__app_label="linkage", codename__in=codenames(model, actions)
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
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="linkage", codename__in=codenames(model, actions)
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0001_directory_projects_visits_wishes_hours"),
        ("registry", "0003_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
