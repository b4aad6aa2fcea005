from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "housing"
    verbose_name = _("Property-certificate cases")

    def public_summary(self) -> dict[str, Any]:
        return {
            "key": "housing",
            "title": _("Property certificates"),
            "text": _(
                "Homes in resettlement estates that have waited years for their property "
                "certificates, followed case by case from obstacles to issuance."
            ),
            "figures": [],
            "links": [],
        }
