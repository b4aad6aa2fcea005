"""What the property-certificate program shows on the public home page."""

from typing import Any

from django.utils.translation import gettext_lazy as _


def summary() -> dict[str, Any]:
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
