from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EldercareConfig(AppConfig):
    name = "eldercare"
    verbose_name = _("Elder meals and care")

    def public_summary(self) -> dict[str, Any]:
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
