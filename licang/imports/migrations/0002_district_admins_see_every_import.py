from django.contrib.auth.management import create_permissions
from django.db import migrations

# District administrators see every staff member's imports; everyone else sees their own.
GROUP = "区级管理员"
CODENAME = "view_all_importbatch"


def grant(apps, schema_editor):
    config = apps.get_app_config("imports")
    original = getattr(config, "models_module", None)
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="imports", codename=CODENAME)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="imports", codename=CODENAME)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_batches_and_rows"),
        ("registry", "0003_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
