"""The hospital-accompany insurance: special families, policies and claims."""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from health.access import partner_kind_filter
from health.models.amounts import ZERO, money
from health.programs import ClaimType
from licang.models import Partner
from licang.registry.models import Household, Resident


class SpecialFamilyQuerySet(models.QuerySet["SpecialFamily"]):
    def for_listing(self) -> SpecialFamilyQuerySet:
        return self.select_related("household__community").annotate(
            policy_count=models.Count("policies")
        )

    def visible_to(self, actor: object) -> SpecialFamilyQuerySet:
        """Staff see the families of their scope; partners and anyone else nothing."""
        return partner_kind_filter(self, actor, community_path="household__community")


@pghistory.track()
class SpecialFamily(models.Model):
    """A special family-planning family (计划生育特殊家庭): the only child died or is disabled."""

    class Situation(models.TextChoices):
        CHILD_DIED = "child_died", _("Only child died")
        CHILD_DISABLED = "child_disabled", _("Only child disabled")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    situation = models.CharField(_("situation"), max_length=16, choices=Situation.choices)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SpecialFamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("special family-planning family")
        verbose_name_plural = _("special family-planning families")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(situation__in=["child_died", "child_disabled"]),
                name="health_specialfamily_situation_known",
            ),
        ]

    def __str__(self) -> str:
        if self.household is not None:
            return f"{self.household.number} · {self.get_situation_display()}"
        return str(self.get_situation_display())


class PolicyQuerySet(models.QuerySet["InsurancePolicy"]):
    def for_listing(self) -> PolicyQuerySet:
        return self.select_related("resident__community", "insurer", "family")

    def visible_to(self, actor: object) -> PolicyQuerySet:
        """Insurers see the policies they underwrite; staff their scope; anyone else nothing."""
        return partner_kind_filter(
            self, actor, community_path="resident__community", insurer="insurer"
        )


@pghistory.track()
class InsurancePolicy(models.Model):
    """The district's policy for one insured person for one year."""

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    resident = models.ForeignKey(
        Resident, verbose_name=_("insured person"), on_delete=models.PROTECT, related_name="+"
    )
    family = models.ForeignKey(
        SpecialFamily,
        verbose_name=_("special family"),
        on_delete=models.PROTECT,
        related_name="policies",
        null=True,
        blank=True,
    )
    insurer = models.ForeignKey(
        Partner,
        verbose_name=_("insurer"),
        on_delete=models.PROTECT,
        related_name="health_policies",
        limit_choices_to={"kind": Partner.Kind.INSURER},
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    policy_number = models.CharField(_("policy number"), max_length=40, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    decision = models.JSONField(_("eligibility decision"), default=dict, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("insurance policy")
        verbose_name_plural = _("insurance policies")
        ordering = ["-year", "policy_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "year"], name="health_insurancepolicy_one_per_person_year"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="health_insurancepolicy_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_number} · {self.resident.name}"


class ClaimQuerySet(models.QuerySet["InsuranceClaim"]):
    def for_listing(self) -> ClaimQuerySet:
        return self.select_related("policy__resident__community", "policy__insurer", "decided_by")

    def visible_to(self, actor: object) -> ClaimQuerySet:
        """The insurer sees claims on its policies; staff their scope; anyone else nothing."""
        return partner_kind_filter(
            self, actor, community_path="policy__resident__community", insurer="policy__insurer"
        )


@pghistory.track()
class InsuranceClaim(models.Model):
    """A claim on an insured person's policy: submitted → approved or rejected → paid."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    policy = models.ForeignKey(
        InsurancePolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="claims"
    )
    claim_type = models.CharField(_("claim type"), max_length=32, choices=ClaimType.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    incident_date = models.DateField(_("incident date"))
    admission_date = models.DateField(_("admission date"), null=True, blank=True)
    discharge_date = models.DateField(_("discharge date"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("days in hospital"), null=True, blank=True)
    amount_claimed = money(_("amount claimed"), null=True, blank=True)
    days_payable = models.PositiveSmallIntegerField(_("days payable"), null=True, blank=True)
    amount_payable = money(_("amount payable"), default=ZERO)
    decision = models.JSONField(_("decision"), default=dict, editable=False)
    rejection_reason = models.CharField(_("rejection reason"), max_length=500, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        Partner,
        verbose_name=_("submitted by partner"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
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

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("insurance claim")
        verbose_name_plural = _("insurance claims")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claim_type__in=ClaimType.values),
                name="health_insuranceclaim_type_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "approved", "rejected", "paid"]),
                name="health_insuranceclaim_status_known",
            ),
            models.CheckConstraint(
                condition=(Q(claim_type="hospital_care") & Q(days__gte=1))
                | (~Q(claim_type="hospital_care") & Q(amount_claimed__gt=0)),
                name="health_insuranceclaim_days_or_amount",
            ),
            models.CheckConstraint(
                condition=Q(discharge_date__isnull=True)
                | Q(admission_date__isnull=True)
                | Q(discharge_date__gte=F("admission_date")),
                name="health_insuranceclaim_discharge_after_admission",
            ),
            models.CheckConstraint(
                condition=Q(amount_payable__gt=0), name="health_insuranceclaim_something_payable"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="health_insuranceclaim_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False),
                name="health_insuranceclaim_paid_has_date",
            ),
        ]
        indexes = [
            # partner lists filter by status and order by date
            models.Index(fields=["status", "incident_date"], name="health_claim_status_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_claim_type_display()} · {self.policy.resident.name}"

    @property
    def year(self) -> int:
        return self.incident_date.year
