from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = _("Health subsidies")

    def public_summary(self) -> dict[str, Any]:
        return {
            "key": "health",
            "title": _("Health subsidies"),
            "text": _(
                "Hospital-accompany insurance for special family-planning families, a free "
                "yearly health check for elders, and aid for cataract surgery at designated "
                "hospitals."
            ),
            "figures": [],
            "links": [],
        }
