from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Registry and neighborhood centers")

    def public_summary(self) -> dict[str, Any]:
        from django.urls import reverse

        from services.models import Center, Community, ServiceItem, Subdistrict

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
                (_("Find a center"), reverse("services:center-list")),
                (_("The nearest center"), reverse("services:nearest")),
                (_("What the desks do"), reverse("services:catalogue")),
                (_("Make a request"), reverse("services:request-new")),
                (_("Follow a request"), reverse("services:status-lookup")),
            ],
        }

    def public_statistics(self) -> dict[str, Any]:
        from django.urls import reverse

        from services.models import ServiceRequest
        from services.selectors import format_duration, request_statistics

        stats = request_statistics(ServiceRequest.objects.all())
        share = stats.within_target_share
        return {
            "key": "centers",
            "title": _("Neighborhood center service desks: the last twelve months of requests"),
            "figures": [
                (_("Requests"), stats.total),
                (_("Completed"), stats.completed),
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
                    "rows": stats.table_rows,
                }
            ],
            "json_url": reverse("services-api:service-statistics"),
        }
