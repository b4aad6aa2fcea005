"""Cataract-surgery aid at designated hospitals."""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from health.access import partner_kind_filter
from health.models.amounts import money
from licang.models import Partner
from licang.registry.models import Resident


class CataractCaseQuerySet(models.QuerySet["CataractCase"]):
    def for_listing(self) -> CataractCaseQuerySet:
        return self.select_related("resident__community", "hospital", "decided_by")

    def visible_to(self, actor: object) -> CataractCaseQuerySet:
        """A hospital sees only its own cases; staff their scope; anyone else nothing."""
        return partner_kind_filter(
            self, actor, community_path="resident__community", hospital="hospital"
        )


@pghistory.track()
class CataractCase(models.Model):
    """One eye's cataract surgery filed by a designated hospital: filed → approved → paid."""

    class Eye(models.TextChoices):
        LEFT = "left", _("Left eye")
        RIGHT = "right", _("Right eye")

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    resident = models.ForeignKey(
        Resident, verbose_name=_("patient"), on_delete=models.PROTECT, related_name="+"
    )
    hospital = models.ForeignKey(
        Partner,
        verbose_name=_("hospital"),
        on_delete=models.PROTECT,
        related_name="cataract_cases",
        limit_choices_to={"kind": Partner.Kind.HOSPITAL},
    )
    eye = models.CharField(_("eye"), max_length=5, choices=Eye.choices)
    surgery_date = models.DateField(_("surgery date"))
    indication_confirmed = models.BooleanField(_("surgical indication confirmed"))
    consent_confirmed = models.BooleanField(_("patient's consent confirmed"))
    diagnosis = models.CharField(_("diagnosis"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.FILED
    )
    subsidy_amount = money(_("subsidy"))
    decision = models.JSONField(_("decision"), default=dict, editable=False)
    rejection_reason = models.CharField(_("rejection reason"), max_length=500, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=64, blank=True)
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    objects = CataractCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("cataract case")
        verbose_name_plural = _("cataract cases")
        ordering = ["-surgery_date", "-filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "eye"],
                condition=~Q(status="rejected"),
                name="health_cataractcase_one_per_eye",
            ),
            models.CheckConstraint(
                condition=Q(eye__in=["left", "right"]), name="health_cataractcase_eye_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["filed", "approved", "rejected", "paid"]),
                name="health_cataractcase_status_known",
            ),
            models.CheckConstraint(
                condition=Q(indication_confirmed=True) & Q(consent_confirmed=True),
                name="health_cataractcase_indication_and_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="health_cataractcase_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False),
                name="health_cataractcase_paid_has_date",
            ),
        ]
        indexes = [
            # partner lists filter by status and order by surgery date
            models.Index(fields=["status", "surgery_date"], name="health_case_status_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resident.name} · {self.get_eye_display()}"

    @property
    def year(self) -> int:
        return self.surgery_date.year
