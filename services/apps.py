from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Registry and neighborhood centers")

    def public_summary(self) -> dict[str, Any]:
        from services.models import Center, Community, Subdistrict

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
            ],
            "links": [],
        }
