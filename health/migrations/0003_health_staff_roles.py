from django.contrib.auth.management import create_permissions
from django.db import migrations

# What each staff role may do in the health programs' admin pages. Which rows they see is
# health.access; overriding a budget is the district administrators' alone.
VIEW = ["view"]
EDIT = ["view", "add", "change"]
ALL = ["view", "add", "change", "delete"]

RULES = ["insurancerule", "checkuprule", "cataractrule"]
RECORDS = ["insuranceclaim", "checkup", "cataractcase", "insurancepolicy", "specialfamily"]
PLACES = ["hospitaldesignation", "checksite"]

GRANTS = {
    "区级管理员": {  # district administrators: everything, and budget overrides
        "health": {
            **{model: ALL for model in RULES + PLACES},
            **{model: EDIT for model in RECORDS},
            "budget": EDIT + ["override_budget"],
            "budgetoverride": VIEW,
            "usageledger": VIEW,
        },
    },
    "卫健项目人员": {  # health-program staff: the programs day to day, rules and budgets
        "health": {
            **{model: EDIT for model in RULES + PLACES + RECORDS},
            "budget": EDIT,
            "budgetoverride": VIEW,
            "usageledger": VIEW,
        },
        # to pick hospitals, insurers and institutions in the health forms
        "licang": {"partner": VIEW},
    },
    "街道工作人员": {  # subdistrict staff: read their residents' records for outreach
        "health": {model: VIEW for model in RECORDS},
    },
    "中心工作人员": {  # center staff: health checks and cataract cases of their residents, for
        # outreach; not the insurance records of special families, which are sensitive
        "health": {model: VIEW for model in ["checkup", "cataractcase"]},
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
    for name, grants in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if name == "卫健项目人员":  # the partner view was granted here; the others hold it already
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="licang", codename="view_partner")
            )
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="health"))


class Migration(migrations.Migration):
    dependencies = [
        ("health", "0002_records_of_residents"),
        ("registry", "0003_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
