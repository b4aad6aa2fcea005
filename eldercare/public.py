"""What the elder-care program shows on the public home page."""

from typing import Any

from django.utils.translation import gettext_lazy as _


def summary() -> dict[str, Any]:
    return {
        "key": "eldercare",
        "title": _("Elder meals and care"),
        "text": _(
            "Subsidised meals for residents aged 60 and over at community meal points, "
            "with home delivery for those who cannot come."
        ),
        "figures": [],
        "links": [],
    }
