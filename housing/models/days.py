"""On-site processing days: the agencies come to the estate and staff move many cases at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from housing.access import estate_filter
from housing.models.cases import Case, Step
from housing.models.estates import Estate


class ProcessingDayQuerySet(models.QuerySet["ProcessingDay"]):
    def for_listing(self) -> ProcessingDayQuerySet:
        return (
            self.select_related("estate")
            .annotate(
                moved=models.Count("entries", filter=Q(entries__moved=True)),
                refused=models.Count("entries", filter=Q(entries__moved=False)),
            )
            .order_by("-day", "-pk")
        )

    def visible_to(self, actor: object) -> ProcessingDayQuerySet:
        return estate_filter(self, actor, estate_path="estate")


class ProcessingDay(models.Model):
    """A day the tax bureau, the registration center and the agent take applications on site."""

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="processing_days"
    )
    day = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    tax_bureau = models.BooleanField(_("tax bureau present"), default=True)
    registration_center = models.BooleanField(_("registration center present"), default=True)
    agent_present = models.BooleanField(_("agent company present"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = ProcessingDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("processing day")
        verbose_name_plural = _("processing days")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "day"], name="housing_processingday_one_per_estate_and_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.estate} · {self.day:%Y-%m-%d}"

    def agencies(self) -> list[str]:
        present = [
            (self.tax_bureau, _("Tax bureau")),
            (self.registration_center, _("Registration center")),
            (self.agent_present, _("Agent company")),
        ]
        return [str(label) for here, label in present if here]


class ProcessingDayEntry(models.Model):
    """One case of a processing day's batch: moved, or why it could not be."""

    day = models.ForeignKey(
        ProcessingDay,
        verbose_name=_("processing day"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    from_step = models.CharField(_("from"), max_length=24, choices=Step.choices)
    to_step = models.CharField(_("to"), max_length=24, choices=Step.choices, blank=True)
    moved = models.BooleanField(_("moved"))
    code = models.CharField(_("refusal code"), max_length=32, blank=True)
    reason = models.CharField(_("why not"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"))
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by staff member"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("processing-day entry")
        verbose_name_plural = _("processing-day entries")
        ordering = ["day", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(moved=True) | ~Q(reason=""),
                name="housing_processingdayentry_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} · {self.case}"
