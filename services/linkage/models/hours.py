"""Volunteer hours, logged per activity and confirmed (or refused with a reason) by staff."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from services.linkage import access
from services.linkage.models.directory import SocialOrganisation, Volunteer


class HoursQuerySet(models.QuerySet["VolunteerHours"]):
    def for_listing(self) -> HoursQuerySet:
        return self.select_related("volunteer", "organisation", "decided_by")

    def visible_to(self, actor: object) -> HoursQuerySet:
        return access.directory_records(self, actor, partner_path="organisation__partner")

    def confirmed(self) -> HoursQuerySet:
        return self.filter(status=VolunteerHours.Status.CONFIRMED)


@pghistory.track()
class VolunteerHours(models.Model):
    """Hours a volunteer gave to one activity."""

    class Status(models.TextChoices):
        LOGGED = "logged", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="hours"
    )
    organisation = models.ForeignKey(
        SocialOrganisation,
        verbose_name=_("logged by organisation"),
        on_delete=models.PROTECT,
        related_name="logged_hours",
        null=True,
        blank=True,
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    activity = models.CharField(_("activity"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.LOGGED, editable=False
    )
    refusal_reason = models.CharField(_("reason for refusing"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    logged_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    objects = HoursQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="linkage_volunteerhours_in_a_day"
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="linkage_volunteerhours_refused_with_reason",
            ),
        ]
        indexes = [
            # a volunteer's confirmed total
            models.Index(fields=["volunteer", "status"], name="linkage_hours_volunteer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.date:%Y-%m-%d} · {self.hours}h"
