import datetime
from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.db import migrations

# What each staff role may do with the meal program's records. Which rows they reach is
# eldercare.access (their scope); these are the admin pages and actions.
VIEW = ["view"]
EDIT = ["view", "add", "change"]

GRANTS = {
    "区级管理员": {  # district administrators: the whole program, its rules and settlements
        "mealrule": EDIT, "subsidytier": EDIT, "planningnorm": EDIT,
        "subdistrictpopulation": EDIT, "carecenter": EDIT, "mealpoint": EDIT,
        "mealpointpause": EDIT, "menu": EDIT, "dish": VIEW, "enrolment": EDIT, "order": EDIT,
        "standingorder": EDIT, "standingorderpause": EDIT, "waitlistentry": VIEW,
        "delivery": EDIT, "followup": EDIT, "settlement": EDIT + ["approve_settlement"],
        "settlementadjustment": EDIT, "activity": EDIT, "activitysignup": EDIT,
    },
    "街道工作人员": {  # subdistrict staff: enrol elders, follow their subdistrict's points
        "mealrule": VIEW, "subsidytier": VIEW, "planningnorm": VIEW, "subdistrictpopulation": VIEW,
        "carecenter": EDIT, "mealpoint": VIEW, "mealpointpause": EDIT, "menu": VIEW, "dish": VIEW,
        "enrolment": EDIT, "order": EDIT, "standingorder": EDIT, "standingorderpause": EDIT,
        "waitlistentry": VIEW, "delivery": EDIT, "followup": EDIT, "activity": EDIT,
        "activitysignup": EDIT,
    },
    "中心工作人员": {  # center staff: the elders and activities of their communities
        "mealrule": VIEW, "subsidytier": VIEW, "carecenter": VIEW, "mealpoint": VIEW,
        "mealpointpause": VIEW, "menu": VIEW, "dish": VIEW, "enrolment": EDIT, "order": EDIT,
        "standingorder": EDIT, "standingorderpause": EDIT, "waitlistentry": VIEW,
        "delivery": VIEW, "followup": EDIT, "activity": EDIT, "activitysignup": EDIT,
    },
}  # fmt: skip


def codenames(model, actions):
    return [action if "_" in action else f"{action}_{model}" for action in actions]


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
                    content_type__app_label="eldercare", codename__in=codenames(model, actions)
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in GRANTS:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="eldercare")
            )


# The rules in force when the program came to the portal: ten dishes a meal, elders from 60, one
# subsidised meal per meal-time, the subsidy per meal by age band and hardship, and the planning
# norms (50 care beds per 1,000 residents, 20 m² of recreation room per 100 households). Staff
# change them, and add next year's, in the admin.
TIERS = [
    ("age-60-69", "age", 60, 69, "", "60–69岁", "Aged 60–69", "3.00"),
    ("age-70-79", "age", 70, 79, "", "70–79岁", "Aged 70–79", "5.00"),
    ("age-80-plus", "age", 80, None, "", "80岁及以上", "Aged 80 and over", "7.00"),
    ("subsistence", "hardship", None, None, "subsistence", "低保对象", "Subsistence allowance", "10.00"),
    ("special-family", "hardship", None, None, "special_family", "计生特殊家庭",
     "Special family-planning family", "10.00"),
    ("disability", "hardship", None, None, "disability", "残疾老人", "Elders with a disability", "8.00"),
]  # fmt: skip


def rules(apps, schema_editor):
    MealRule = apps.get_model("eldercare", "MealRule")
    SubsidyTier = apps.get_model("eldercare", "SubsidyTier")
    PlanningNorm = apps.get_model("eldercare", "PlanningNorm")
    created = []
    for year in (2025, 2026):
        created.append(
            MealRule.objects.get_or_create(year=year, defaults={"min_dishes": 10, "elder_age": 60})
        )
        created.append(
            PlanningNorm.objects.get_or_create(
                year=year,
                defaults={
                    "beds_per_thousand": Decimal("50"),
                    "recreation_m2_per_hundred_households": Decimal("20"),
                },
            )
        )
        for code, kind, low, high, hardship, zh, en, subsidy in TIERS:
            created.append(
                SubsidyTier.objects.get_or_create(
                    year=year,
                    code=code,
                    defaults={
                        "kind": kind,
                        "min_age": low,
                        "max_age": high,
                        "hardship": hardship,
                        "name": zh,
                        "name_zh_hans": zh,
                        "name_en": en,
                        "subsidy": Decimal(subsidy),
                    },
                )
            )
    # the rules were set when the program came to the portal, not whenever a database migrates
    since = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    for row, new in created:
        if new:
            type(row).objects.filter(pk=row.pk).update(updated_at=since)


def no_rules(apps, schema_editor):
    for model in ("SubsidyTier", "MealRule", "PlanningNorm"):
        apps.get_model("eldercare", model).objects.filter(year__in=[2025, 2026]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("eldercare", "0001_meal_points_menus_orders_settlements_care"),
        ("registry", "0003_staff_roles"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(rules, no_rules),
    ]
