"""What the property-certificate program shows on the public home page and the statistics page
(found by ``licang.views`` in every app's ``public`` module): counts only, nothing personal."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from housing import selectors


def summary() -> dict[str, Any]:
    figures = selectors.figures()
    return {
        "key": "housing",
        "title": _("Property certificates"),
        "text": _(
            "Homes in resettlement estates that have waited years for their property "
            "certificates, followed case by case from obstacles to issuance."
        ),
        "figures": [
            (_("Certificates issued"), figures["issued"]),
            (_("Special cases still in progress"), figures["on_hold"]),
        ],
        "links": [
            (_("Look up my case"), reverse("housing:case-lookup")),
            (_("The estates and their timelines"), reverse("housing:index")),
        ],
    }


def statistics() -> dict[str, Any]:
    f = selectors.figures()
    return {
        "key": "housing",
        "title": _("Property certificates"),
        "figures": [
            (_("Certificates issued"), f["issued"]),
            (_("Special cases still in progress"), f["on_hold"]),
        ],
        "tables": [
            {
                "caption": _("Certificates issued by estate"),
                "headers": [_("estate"), _("units"), _("certificates issued"), _("on hold")],
                "rows": [[e["name"], e["units"], e["issued"], e["on_hold"]] for e in f["estates"]],
            },
            {
                "caption": _("Certificates issued by month"),
                "headers": [_("month"), _("estate"), _("certificates issued")],
                "rows": [
                    [m["month"].strftime("%Y-%m"), e["name"], m["issued"]]
                    for e in f["estates"]
                    for m in e["monthly"]
                ],
            },
            {
                "caption": _("Special cases by reason"),
                "headers": [_("reason"), _("cases")],
                "rows": [[h["label"], h["count"]] for h in f["holds"]],
            },
        ],
        "charts": [_issued_chart(f["estates"])],
    }


def _issued_chart(estates: list[dict[str, Any]]) -> dict[str, Any]:
    """Certificates issued per month, a series per estate, from the first month with one."""
    months = sorted({m["month"].strftime("%Y-%m") for e in estates for m in e["monthly"]})
    return {
        "key": "certificates-issued",
        "title": _("Certificates issued per month"),
        "kind": "bar",
        "x_title": _("month"),
        "x": months,
        "series": [
            {
                "name": e["name"],
                "values": [
                    {m["month"].strftime("%Y-%m"): m["issued"] for m in e["monthly"]}.get(month, 0)
                    for month in months
                ],
            }
            for e in estates
            if e["monthly"]
        ],
        "unit": _("certificates"),
    }
