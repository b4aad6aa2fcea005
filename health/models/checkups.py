"""The free yearly health check for elders."""

from __future__ import annotations

import uuid

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from health.access import partner_kind_filter
from health.models.amounts import ZERO, money
from health.models.places import CheckSite
from health.models.rules import CheckupRule
from licang.models import Partner
from licang.registry.models import Resident


class AgeBand(models.TextChoices):
    """The bands in which check figures are reported.

    The codes are stable (stored on each check, and part of the partner API) and named after the
    bands of the first year's rule; the ages each band covers come from the year's
    ``CheckupRule`` (see ``age_band_of``), and ``age_band_label`` names them from it.
    """

    REGISTERED_ONLY = "60-64", _("60–64")  # from min_age_registered, below min_age_anyone
    ANYONE = "65-79", _("65–79")  # from min_age_anyone, below oldest_band_from
    OLDEST = "80+", _("80 and older")  # from oldest_band_from
    OTHER = "other", _("other ages")


def age_band_of(age: int, rule: CheckupRule) -> str:
    """The band of a check at ``age`` under the year's ``rule``."""
    if age >= rule.oldest_band_from:
        return AgeBand.OLDEST
    if age >= rule.min_age_anyone:
        return AgeBand.ANYONE
    if age >= rule.min_age_registered:
        return AgeBand.REGISTERED_ONLY
    return AgeBand.OTHER


def age_band_label(band: str, rule: CheckupRule | None) -> str:
    """The ages ``band`` covers under ``rule``, for figures (the code's label without a rule)."""
    if rule is None or band == AgeBand.OTHER:
        return str(AgeBand(band).label)
    if band == AgeBand.OLDEST:
        return str(_("%(low)d and older") % {"low": rule.oldest_band_from})
    low, high = (
        (rule.min_age_registered, rule.min_age_anyone - 1)
        if band == AgeBand.REGISTERED_ONLY
        else (rule.min_age_anyone, rule.oldest_band_from - 1)
    )
    return str(_("%(low)d–%(high)d") % {"low": low, "high": high})


class CheckupQuerySet(models.QuerySet["Checkup"]):
    def for_listing(self) -> CheckupQuerySet:
        return self.select_related("resident__community", "site")

    def visible_to(self, actor: object) -> CheckupQuerySet:
        """An institution sees checks at its own sites; staff their scope; anyone else nothing."""
        return partner_kind_filter(
            self, actor, community_path="resident__community", institution="site__partner"
        )

    def counting(self) -> CheckupQuerySet:
        """Checks that use up the year's free check: booked or completed."""
        return self.filter(status__in=[Checkup.Status.BOOKED, Checkup.Status.COMPLETED])


@pghistory.track()
class Checkup(models.Model):
    """A free health check: an appointment (booked) that is completed or cancelled."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(
        CheckSite, verbose_name=_("check site"), on_delete=models.PROTECT, related_name="checkups"
    )
    check_date = models.DateField(_("check date"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.COMPLETED
    )
    age_on_check = models.PositiveSmallIntegerField(_("age on the check date"), editable=False)
    age_band = models.CharField(
        _("age band"), max_length=8, choices=AgeBand.choices, editable=False
    )
    registered_in_licang = models.BooleanField(
        _("registered in Licang on the check date"), editable=False
    )
    family_doctor_signed = models.BooleanField(_("family-doctor contract signed"), default=False)
    fee = money(_("fee"), default=ZERO, editable=False)
    decision = models.JSONField(_("decision"), default=dict, editable=False)
    recorded_by = models.ForeignKey(
        Partner,
        verbose_name=_("recorded by partner"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = CheckupQuerySet.as_manager()

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-check_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["booked", "completed", "cancelled"]),
                name="health_checkup_status_known",
            ),
            models.CheckConstraint(
                condition=Q(check_date__year=F("year")), name="health_checkup_year_of_check_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="health_checkup_completed_has_time",
            ),
        ]
        indexes = [
            # progress figures and the outreach list count a year's checks by status
            models.Index(fields=["year", "status"], name="health_checkup_year_status_idx"),
            models.Index(fields=["resident", "year"], name="health_checkup_res_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resident.name} · {self.check_date.isoformat()}"
