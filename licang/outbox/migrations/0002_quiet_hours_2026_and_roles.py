import datetime

from django.contrib.auth.management import create_permissions
from django.db import migrations

# The district's quiet hours: no message to a resident between 21:00 and 08:00 (Asia/Shanghai).
# Staff set each later year's in the admin; until they do, the latest year's still holds.
QUIET_HOURS = {2026: (datetime.time(21, 0), datetime.time(8, 0))}

VIEW = ["view"]
EDIT = ["view", "add", "change"]
ALL = ["view", "add", "change", "delete"]

# What each staff role may do with the outbox. Which messages and opt-outs they reach is the
# registry's scope (licang.registry.access); messages to people outside the registry are seen
# district-wide only. "change" on messages is the "retry now" action (the rest is read-only).
# Program staff (health, housing) get no access: the outbox holds every program's messages.
GRANTS = {
    "区级管理员": {"message": ["view", "change"], "quiethours": EDIT, "optout": ALL},
    "街道工作人员": {"message": ["view", "change"], "quiethours": VIEW, "optout": ALL},
    "中心工作人员": {"message": VIEW, "quiethours": VIEW, "optout": ALL},
}


def seed_quiet_hours(apps, schema_editor):
    QuietHours = apps.get_model("outbox", "QuietHours")
    for year, (starts, ends) in QUIET_HOURS.items():
        QuietHours.objects.get_or_create(year=year, defaults={"starts": starts, "ends": ends})


def unseed_quiet_hours(apps, schema_editor):
    QuietHours = apps.get_model("outbox", "QuietHours")
    QuietHours.objects.filter(year__in=list(QUIET_HOURS)).delete()


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
                    content_type__app_label="outbox",
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in GRANTS:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="outbox")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_messages_quiet_hours_opt_outs"),
        ("registry", "0003_staff_roles"),
    ]

    operations = [
        migrations.RunPython(seed_quiet_hours, unseed_quiet_hours),
        migrations.RunPython(grant, revoke),
    ]
