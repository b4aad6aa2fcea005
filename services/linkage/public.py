"""What the linkage shows on the public home page and the statistics page (found by
``licang.views`` in every app's ``public`` module). Never a child's name: only counts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from services.linkage import selectors
from services.linkage.models import Category, FundingSource, Level, SocialOrganisation, Wish


def summary() -> dict[str, Any]:
    # two queries: the wishes (fulfilled, on the wall) and the organisations brought in
    wishes = Wish.objects.aggregate(
        fulfilled=Count("pk", filter=Q(status=Wish.Status.FULFILLED)),
        open=Count("pk", filter=Q(status=Wish.Status.COLLECTED)),
    )
    return {
        "key": "linkage",
        "title": _("Five-society linkage"),
        "text": _(
            "Volunteers and social organisations visit households door to door, list what each "
            "needs and match it to people, projects and charity resources; children in "
            "difficulty tell us their small wishes."
        ),
        "figures": [
            (_("Wishes waiting on the wall"), wishes["open"]),
            (_("Wishes fulfilled"), wishes["fulfilled"]),
            (_("Social organisations"), SocialOrganisation.objects.brought_in().count()),
        ],
        "links": [
            (_("Wish wall"), reverse("linkage:wish-wall")),
            (_("Become a volunteer"), reverse("linkage:volunteer-sign-up")),
            (_("Service projects"), reverse("linkage:projects")),
        ],
    }


def statistics() -> dict[str, Any]:
    f = selectors.figures()
    return {
        "key": "linkage",
        "title": _("Five-society linkage"),
        "figures": [
            (_("Volunteers"), f["volunteers"]),
            (_("Children in difficulty visited"), f["children_visited"]),
            (_("Hours of companionship"), f["companionship_hours"]),
            (_("Wishes collected"), f["wishes_collected"]),
            (_("Wishes fulfilled"), f["wishes_fulfilled"]),
            (_("Social organisations brought in"), f["organisations"]),
            (_("District key projects"), f["district_key_projects"]),
            (_("Community projects"), f["community_projects"]),
        ],
        "tables": [
            {
                "caption": _("Invested by project level (yuan)"),
                "headers": [_("level"), _("yuan")],
                "rows": [[Level(k).label, _yuan(v)] for k, v in f["invested"].items()],
            },
            {
                "caption": _("Spent by funding source (yuan)"),
                "headers": [_("funding source"), _("yuan")],
                "rows": [
                    [FundingSource(k).label, _yuan(v)] for k, v in f["spent_by_source"].items()
                ],
            },
            {
                "caption": _("Needs met by category"),
                "headers": [_("category"), _("needs met")],
                "rows": [[Category(k).label, v] for k, v in f["needs_met_by_category"].items()],
            },
            {
                "caption": _("Community social organisations founded per year"),
                "headers": [_("Year"), _("Founded")],
                "rows": [[y, n] for y, n in f["community_organisations_by_year"].items()],
            },
        ],
        "charts": _charts(),
        "json_url": reverse("linkage-api:figures"),
    }


def _charts() -> list[dict[str, Any]]:
    monthly = selectors.monthly_figures()
    return [
        {
            "key": "volunteer-hours",
            "title": _("Volunteers' confirmed hours per month"),
            "kind": "bar",
            "x_title": _("month"),
            "x": monthly["months"],
            "series": [{"name": _("hours"), "values": monthly["hours"]}],
            "unit": _("hours"),
        },
        {
            "key": "wishes-fulfilled",
            "title": _("Wishes fulfilled per month"),
            "kind": "bar",
            "x_title": _("month"),
            "x": monthly["months"],
            "series": [{"name": _("Wishes fulfilled"), "values": monthly["wishes_fulfilled"]}],
            "unit": _("wishes"),
        },
    ]


def _yuan(amount: Decimal) -> str:
    """An amount with its digits grouped in threes, as in published figures: ``5,230,000.00``."""
    return f"{amount:,.2f}"
