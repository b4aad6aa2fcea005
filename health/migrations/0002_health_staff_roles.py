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
        **{model: ALL for model in RULES + PLACES},
        **{model: EDIT for model in RECORDS},
        "budget": EDIT + ["override_budget"],
        "budgetoverride": VIEW,
        "usageledger": VIEW,
    },
    "卫健项目人员": {  # health-program staff: the programs day to day, rules and budgets
        **{model: EDIT for model in RULES + PLACES + RECORDS},
        "budget": EDIT,
        "budgetoverride": VIEW,
        "usageledger": VIEW,
    },
    "街道工作人员": {  # subdistrict staff: read their residents' records for outreach
        **{model: VIEW for model in RECORDS},
    },
    "中心工作人员": {  # center staff: read their residents' records for outreach
        **{model: VIEW for model in RECORDS},
    },
}


def codenames(model, actions):
    return [a if "_" in a else f"{a}_{model}" for a in actions]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for model, actions in models.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="health", codename__in=codenames(model, actions)
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    health = Permission.objects.filter(content_type__app_label="health")
    for group in Group.objects.filter(name__in=list(GRANTS)):
        group.permissions.remove(*health)


class Migration(migrations.Migration):
    dependencies = [
        ("health", "0001_programs_rules_budgets_ledgers"),
        ("services", "0003_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
