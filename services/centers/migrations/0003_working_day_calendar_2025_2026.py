import datetime

from django.db import migrations

# The State Council's holiday notices: 国办发明电〔2024〕12号 for 2025 (12 November 2024) and
# the notice of 4 November 2025 for 2026. Each holiday lists every day of its break; the
# make-up working days (调休上班) are weekend days. Later years are entered by staff.
HOLIDAYS = [
    # name, first day, last day, make-up working days
    ("元旦", "2025-01-01", "2025-01-01", []),
    ("春节", "2025-01-28", "2025-02-04", ["2025-01-26", "2025-02-08"]),
    ("清明节", "2025-04-04", "2025-04-06", []),
    ("劳动节", "2025-05-01", "2025-05-05", ["2025-04-27"]),
    ("端午节", "2025-05-31", "2025-06-02", []),
    ("国庆节、中秋节", "2025-10-01", "2025-10-08", ["2025-09-28", "2025-10-11"]),
    ("元旦", "2026-01-01", "2026-01-03", ["2026-01-04"]),
    ("春节", "2026-02-15", "2026-02-23", ["2026-02-14", "2026-02-28"]),
    ("清明节", "2026-04-04", "2026-04-06", []),
    ("劳动节", "2026-05-01", "2026-05-05", ["2026-05-09"]),
    ("端午节", "2026-06-19", "2026-06-21", []),
    ("中秋节", "2026-09-25", "2026-09-27", []),
    ("国庆节", "2026-10-01", "2026-10-07", ["2026-09-20", "2026-10-10"]),
]


def days():
    for name, first, last, workdays in HOLIDAYS:
        day = datetime.date.fromisoformat(first)
        while day <= datetime.date.fromisoformat(last):
            yield day, "holiday", name
            day += datetime.timedelta(days=1)
        for workday in workdays:
            yield datetime.date.fromisoformat(workday), "workday", f"{name}调休上班"


def load(apps, schema_editor):
    CalendarDay = apps.get_model("centers", "CalendarDay")
    for date, kind, name in days():
        CalendarDay.objects.update_or_create(date=date, defaults={"kind": kind, "name": name})


def unload(apps, schema_editor):
    CalendarDay = apps.get_model("centers", "CalendarDay")
    CalendarDay.objects.filter(date__in=[date for date, _, _ in days()]).delete()


class Migration(migrations.Migration):
    dependencies = [("centers", "0002_centers_serve_communities")]

    operations = [migrations.RunPython(load, unload)]
