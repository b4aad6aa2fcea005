from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """One program's section of the public statistics page in one language, as computed by its
    ``public.statistics()`` (labels and names already translated, values JSON-safe)."""

    app_label = models.CharField(_("program"), max_length=50)
    language = models.CharField(_("language"), max_length=10)
    section = models.JSONField(_("section"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        constraints = [
            # language first: it also serves the page's read of one language's sections
            models.UniqueConstraint(
                fields=["language", "app_label"],
                name="figures_cache_snapshot_one_per_program_and_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.app_label} ({self.language}) {self.computed_at:%Y-%m-%d %H:%M}"
