"""What the health programs show on the public home page and the statistics page (found by
``licang.views`` in every app's ``public`` module)."""

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health import selectors
from health.models import AgeBand


def summary() -> dict[str, Any]:
    year = selectors.figures_year(timezone.localdate())
    figures = selectors.figures(year)
    return {
        "key": "health",
        "title": _("Health subsidies"),
        "text": _(
            "Hospital-accompany insurance for special family-planning families, a free "
            "yearly health check for elders, and aid for cataract surgery at designated "
            "hospitals."
        ),
        "figures": [
            (_("Health checks in %(year)d") % {"year": year}, figures["checkups"]["done"]),
            (_("Cataract cases in %(year)d") % {"year": year}, figures["cataract"]["cases"]),
            (
                _("Insurance claims paid in %(year)d") % {"year": year},
                figures["insurance"]["paid_count"],
            ),
        ],
        "links": [
            (_("Which health programs can I use?"), reverse("health:eligibility")),
            (_("About the health programs"), reverse("health:index")),
        ],
    }


def statistics() -> dict[str, Any]:
    year = selectors.figures_year(timezone.localdate())
    f = selectors.figures(year)
    checks, insurance, cataract = f["checkups"], f["insurance"], f["cataract"]
    percent = checks["percent_of_target"]
    # the check rule's note is for staff (how the demo scaled its target): it is not shown here
    return {
        "key": "health",
        "title": _("Health subsidies %(year)d") % {"year": year},
        "figures": [
            (_("Health checks done"), f"{checks['done']:,}"),
            (_("Target"), f"{checks['target']:,}" if checks["target"] is not None else "—"),
            (_("Completion"), f"{percent}%" if percent is not None else "—"),
            (
                _("Checks of people aged %(band)s") % {"band": _band(checks, "60-64", "label")},
                _band(checks, "60-64"),
            ),
            (_("Insurance claims paid"), insurance["paid_count"]),
            (_("Amount paid (yuan)"), _yuan(insurance["paid_amount"])),
            (_("Cataract cases"), cataract["cases"]),
        ],
        "tables": [
            {
                "caption": _("Insurance claims by type"),
                "headers": [_("claim type"), _("claims"), _("paid"), _("amount paid (yuan)")],
                "rows": [
                    [r["label"], r["claims"], r["paid_count"], _yuan(r["paid_amount"])]
                    for r in insurance["by_type"]
                ],
            },
            {
                "caption": _("Health checks by age band"),
                "headers": [
                    _("age band"),
                    _("checks done"),
                    _("of them registered in Licang"),
                ],
                "rows": [[r["label"], r["done"], r["registered"]] for r in checks["by_age_band"]],
            },
            {
                "caption": _("Cataract cases by hospital"),
                "headers": [_("hospital"), _("cases"), _("subsidy (yuan)")],
                "rows": [
                    [r["hospital"], r["cases"], _yuan(r["amount"])] for r in cataract["by_hospital"]
                ],
            },
            {
                "caption": _("Budget use"),
                "headers": [
                    _("program"),
                    _("budget"),
                    _("committed"),
                    _("paid"),
                    _("used (%)"),
                ],
                "rows": [
                    [
                        r["label"],
                        _yuan(r["amount"]),
                        _yuan(r["committed"]),
                        _yuan(r["paid"]),
                        r["use_percent"] if r["use_percent"] is not None else "—",
                    ]
                    for r in f["budgets"]
                ],
            },
        ],
        "charts": _charts(year, checks),
        "json_url": reverse("health-api:figures") + f"?year={year}",
    }


def _charts(year: int, checks: dict[str, Any]) -> list[dict[str, Any]]:
    """Checks against the target over the year, checks by age band, claims paid and cataract
    cases per month."""
    monthly = selectors.monthly(year)
    months = [f"{year}-{month:02d}" for month in range(1, 13)]
    last = max((i for i, n in enumerate(monthly["checkups"]) if n), default=11)
    done, running = [], 0
    for n in monthly["checkups"][: last + 1]:
        running += n
        done.append(running)
    total = checks["done"] or 1
    return [
        {
            "key": "checks-against-target",
            "title": _("Health checks done against the target, %(year)d") % {"year": year},
            "kind": "line",
            "x_title": _("month"),
            "x": months[: last + 1],
            "series": [
                {"name": _("checks done so far"), "values": done},
                {"name": _("Target"), "values": [checks["target"]] * (last + 1)},
            ],
            "unit": _("checks"),
        },
        {
            "key": "checks-by-age-band",
            "title": _("Share of the checks by age band"),
            "kind": "bar",
            "x_title": _("age band"),
            "x": [r["label"] for r in checks["by_age_band"]],
            "series": [
                {
                    "name": _("share of checks done"),
                    "values": [
                        round(Decimal(r["done"]) * 100 / total, 1) for r in checks["by_age_band"]
                    ],
                }
            ],
            "unit": "%",
        },
        {
            "key": "claims-paid",
            "title": _("Insurance claims paid per month"),
            "kind": "bar",
            "x_title": _("month"),
            "x": months,
            "series": [{"name": _("claims paid"), "values": monthly["claims_paid"]}],
            "unit": _("claims"),
        },
        {
            "key": "cataract-cases",
            "title": _("Cataract cases per month of surgery"),
            "kind": "bar",
            "x_title": _("month"),
            "x": months,
            "series": [{"name": _("cataract cases"), "values": monthly["cataract_cases"]}],
            "unit": _("cases"),
        },
    ]


def _yuan(amount: Decimal) -> str:
    """An amount with its digits grouped in threes, as in published figures: ``51,700.00``."""
    return f"{amount:,.2f}"


def _band(checks: dict[str, Any], band: str, key: str = "done") -> Any:
    """One band's row of the figures (the registered-only band's ages come from the rule)."""
    row = next((r for r in checks["by_age_band"] if r["band"] == band), None)
    if row is None:
        return 0 if key == "done" else str(AgeBand(band).label)
    return row[key]
