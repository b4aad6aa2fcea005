"""What the desk shows on the public home page and the statistics page (found by
``licang.views`` in every app's ``public`` module)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from licang.registry.models import Community, Subdistrict
from services.centers.models import Center
from services.desk.models import ServiceItem, ServiceRequest
from services.desk.selectors import completion_by_month, format_duration, request_statistics


def summary() -> dict[str, Any]:
    return {
        "key": "centers",
        "title": _("Neighborhood centers “邻·聚”"),
        "text": _(
            "One-stop service desks for everyday needs within a 15-minute walk, and the "
            "five-society linkage that matches volunteers and charity resources to needs."
        ),
        "figures": [
            (_("Subdistricts"), Subdistrict.objects.count()),
            (_("Communities"), Community.objects.count()),
            (_("Neighborhood centers"), Center.objects.count()),
            (_("Services at the desks"), ServiceItem.objects.active().count()),
        ],
        "links": [
            (_("Find a center"), reverse("centers:center-list")),
            (_("The nearest center"), reverse("centers:nearest")),
            (_("What the desks do"), reverse("desk:catalogue")),
            (_("Make a request"), reverse("desk:request-new")),
            (_("Follow a request"), reverse("desk:status-lookup")),
        ],
    }


def statistics() -> dict[str, Any]:
    stats = request_statistics(ServiceRequest.objects.all())
    share = stats.within_target_share
    return {
        "key": "centers",
        "title": _("Neighborhood center service desks: the last twelve months of requests"),
        "figures": [
            (_("Requests"), f"{stats.total:,}"),
            (_("Completed"), f"{stats.completed:,}"),
            (_("Median time to complete"), format_duration(stats.median_completion)),
            (
                _("Completed within target"),
                f"{share * 100:.0f}%" if share is not None else "—",
            ),
            (
                _("Average rating"),
                f"{stats.average_rating} / 5" if stats.average_rating is not None else "—",
            ),
        ],
        "tables": [
            {
                "caption": _("Requests per category and month"),
                "headers": [
                    _("Month"),
                    *[c.display_name for c in stats.categories],
                    _("Total"),
                ],
                "rows": _from_the_first_request(stats.table_rows),
            }
        ],
        "charts": [_within_target_chart(stats)],
        "json_url": reverse("desk-api:service-statistics"),
    }


def _within_target_chart(stats: Any) -> dict[str, Any]:
    """Requests completed, and completed within target, by month of submission, from the first
    month with a request."""
    first = next((i for i, row in enumerate(stats.table_rows) if row[-1]), len(stats.table_rows))
    months = stats.months[first:]
    done = completion_by_month(ServiceRequest.objects.all(), months)
    return {
        "key": "completed-within-target",
        "title": _("Requests completed within target, by month of request"),
        "kind": "bar",
        "x_title": _("Month"),
        "x": months,
        "series": [
            {"name": _("Completed"), "values": done["completed"]},
            {"name": _("Completed within target"), "values": done["within_target"]},
        ],
        "unit": _("requests"),
    }


def _from_the_first_request(rows: list[list[Any]]) -> list[list[Any]]:
    """The months of the table from the first with a request: a desk that opened in June shows
    no empty January to May (a quiet month after that stays, it is a figure too)."""
    first = next((i for i, row in enumerate(rows) if row[-1]), len(rows))
    # a non-breaking hyphen: "2026-06" stays on one line in a narrow column
    return [[row[0].replace("-", "\u2011"), *row[1:]] for row in rows[first:]]
