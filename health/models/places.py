"""Where the programs are delivered: hospitals designated for cataract aid and check sites."""

from __future__ import annotations

import datetime

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from licang.models import Partner
from licang.registry.models import Subdistrict


class DesignationQuerySet(models.QuerySet["HospitalDesignation"]):
    def for_listing(self) -> DesignationQuerySet:
        return self.select_related("partner")

    def on(self, day: datetime.date) -> DesignationQuerySet:
        """Designations in force on ``day``."""
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


@pghistory.track()
class HospitalDesignation(models.Model):
    """A hospital partner designated for cataract-surgery aid for a period."""

    partner = models.ForeignKey(
        Partner,
        verbose_name=_("hospital"),
        on_delete=models.PROTECT,
        related_name="cataract_designations",
        limit_choices_to={"kind": Partner.Kind.HOSPITAL},
    )
    valid_from = models.DateField(_("designated from"))
    valid_until = models.DateField(_("designated until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = DesignationQuerySet.as_manager()

    class Meta:
        verbose_name = _("designated hospital")
        verbose_name_plural = _("designated hospitals")
        ordering = ["partner__name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "valid_from"], name="health_hospitaldesignation_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="health_hospitaldesignation_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else "…"
        return f"{self.partner.name} ({self.valid_from.isoformat()} – {until})"


class CheckSiteQuerySet(models.QuerySet["CheckSite"]):
    def for_listing(self) -> CheckSiteQuerySet:
        return self.select_related("partner", "subdistrict")

    def active(self) -> CheckSiteQuerySet:
        return self.filter(is_active=True)


@pghistory.track()
class CheckSite(models.Model):
    """A community health service institution carrying out free checks, reported by a partner."""

    class Ownership(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    ownership = models.CharField(_("ownership"), max_length=8, choices=Ownership.choices)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("reporting health institution"),
        on_delete=models.PROTECT,
        related_name="check_sites",
        limit_choices_to={"kind": Partner.Kind.HEALTH_INSTITUTION},
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        related_name="check_sites",
        null=True,
        blank=True,
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CheckSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("check site")
        verbose_name_plural = _("check sites")
        ordering = ["ownership", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ownership__in=["public", "private"]),
                name="health_checksite_ownership_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name
