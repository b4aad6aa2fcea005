from django.contrib.auth.management import create_permissions
from django.db import migrations

# What each staff role may do in the property-certificate admin pages. Which rows they see is
# housing.access (their scope's estates; housing staff and district administrators all of them).
VIEW = ["view"]
EDIT = ["view", "add", "change"]

PROGRAM = ["estate", "obstacle", "milestone", "checklistitem", "unit", "unitowner", "processingday"]
RECORDS = ["case", "casedocument"]
LOGS = ["casemove", "processingdayentry"]

GRANTS = {
    "区级管理员": {  # district administrators: everything
        "housing": {
            **{model: EDIT for model in PROGRAM + RECORDS},
            **{model: VIEW for model in LOGS},
        },
    },
    "住房项目人员": {  # housing staff: the program day to day
        "housing": {
            **{model: EDIT for model in PROGRAM + RECORDS},
            **{model: VIEW for model in LOGS},
        },
        # to pick the agent company of an estate (the registry is granted by its own migration)
        "licang": {"partner": VIEW},
    },
    "街道工作人员": {  # subdistrict staff: follow their communities' estates for outreach
        "housing": {model: VIEW for model in PROGRAM + RECORDS + LOGS},
    },
}


def codenames(model, actions):
    return [a if "_" in a else f"{a}_{model}" for a in actions]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so groups can hold them.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, models in grants.items():
            for model, actions in models.items():
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label, codename__in=codenames(model, actions)
                    )
                )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for name in GRANTS:
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if name == "住房项目人员":  # the partner view was granted here
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="licang", codename="view_partner")
            )
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="housing"))


class Migration(migrations.Migration):
    dependencies = [
        ("housing", "0001_estates_units_cases_and_processing_days"),
        ("registry", "0003_staff_roles"),
        ("licang", "0001_partners_tokens_throttling"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
