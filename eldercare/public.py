"""What the elder-meal program shows on the public home page and the statistics page (found by
``licang.views`` in every app's ``public`` module)."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eldercare import figures, pricing


def summary() -> dict[str, Any]:
    today = timezone.localdate()
    found = figures.summary_figures(today)
    rule = pricing.rule_for(today)
    text: Any = _(
        "Hot meals for elders at community meal points, subsidised by the district, with home "
        "delivery for those who cannot come; care centers with classes and outings."
    )
    if rule is not None:
        text = _(
            "Hot meals for residents aged %(age)d and over at community meal points, subsidised "
            "by the district, with home delivery for those who cannot come; care centers with "
            "classes and outings."
        ) % {"age": rule.elder_age}
    return {
        "key": "eldercare",
        "title": _("Elder meals and care"),
        "text": text,
        "figures": [
            (_("Meal points"), found["points"]),
            (_("Elders served a day"), f"{found['elders_per_day']:,}"),
        ],
        "links": [
            (_("Find a meal point near me"), reverse("eldercare:points")),
            (_("Care centers, classes and outings"), reverse("eldercare:care-centers")),
        ],
    }


def statistics() -> dict[str, Any]:
    f = figures.program_figures(timezone.localdate())
    return {
        "key": "eldercare",
        "title": _("Elder meals"),
        "figures": [
            (_("Meal points"), f["points"]),
            (_("Elders served a day"), f"{f['elders_per_day']:,}"),
            (_("Elders a day on the care-center model"), f"{f['care_center_elders_per_day']:,}"),
            (_("Elders a day per care-center point"), f["care_center_elders_per_point"] or "—"),
            (_("Deliveries made"), f["deliveries"]["delivered"]),
            (_("Deliveries failed"), f["deliveries"]["failed"]),
        ],
        "tables": [
            {
                "caption": _("Meals served per day"),
                "headers": [_("day"), _("meals served"), _("elders"), _("seats used (%)")],
                "rows": [
                    [
                        d["date"],
                        d["meals_served"],
                        d["elders_served"],
                        round(d["capacity_use"] * 100) if d["capacity_use"] is not None else "—",
                    ]
                    for d in f["days"]
                ],
            },
            {
                "caption": _("Subsidy per month and tier"),
                "headers": [_("month"), _("tier"), _("meals"), _("subsidy (yuan)")],
                "rows": [
                    [r["month"], r["tier_name"], r["meals"], r["subsidy"]] for r in f["subsidy"]
                ],
            },
            {
                "caption": _("Most chosen dishes"),
                "headers": [_("dish"), _("times chosen")],
                "rows": [[r["dish"], r["times"]] for r in f["dishes"]],
            },
        ],
        "charts": [
            {
                "key": "meals-per-day",
                "title": _("Meals served per day"),
                "kind": "bar",
                "x_title": _("day"),
                "x": [d["date"] for d in f["days"]],
                "series": [
                    {"name": _("meals served"), "values": [d["meals_served"] for d in f["days"]]}
                ],
                "unit": _("meals"),
            }
        ],
        "json_url": reverse("eldercare-api:figures"),
    }
