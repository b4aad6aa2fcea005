"""Health subsidies: three programs, their yearly rules, budgets, ledgers and records.

- hospital-accompany insurance for special family-planning families (policies and claims);
- a free yearly health check for elders (check sites and checkups);
- cataract-surgery aid at designated hospitals (designations and cases).

Rules are rows per year (``InsuranceRule``, ``CheckupRule``, ``CataractRule``);
``health.eligibility`` is the one place that applies them. Each claim, checkup and case keeps the
decision it was made with (the rule's year and version, the values used and the facts) in
``decision``, so a later edit of a rule or of the registry does not change what was decided.
``UsageLedger`` keeps what each person has used of each benefit per year.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from licang.models import Partner
from licang.registry.models import Household, Resident, Subdistrict

ZERO = Decimal("0.00")


def money(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    """A yuan amount: up to 9,999,999,999.99, never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


class Program(models.TextChoices):
    INSURANCE = "insurance", _("Hospital-accompany insurance")
    CHECKUP = "checkup", _("Free health check for elders")
    CATARACT = "cataract", _("Cataract-surgery aid")


class ClaimType(models.TextChoices):
    HOSPITAL_CARE = "hospital_care", _("Hospital-care allowance")
    ACCIDENTAL_DEATH = "accidental_death", _("Accidental death")
    ACCIDENTAL_DISABILITY = "accidental_disability", _("Accidental disability")
    ACCIDENTAL_MEDICAL = "accidental_medical", _("Accidental-injury medical costs")
    MAJOR_DISEASE = "major_disease", _("First diagnosis of a major disease")


class Benefit(models.TextChoices):
    """What a usage ledger row counts: each insurance cap, the yearly check, cataract aid."""

    HOSPITAL_CARE = "hospital_care", _("Hospital-care allowance")
    ACCIDENTAL_DEATH = "accidental_death", _("Accidental death")
    ACCIDENTAL_DISABILITY = "accidental_disability", _("Accidental disability")
    ACCIDENTAL_MEDICAL = "accidental_medical", _("Accidental-injury medical costs")
    MAJOR_DISEASE = "major_disease", _("First diagnosis of a major disease")
    CHECKUP = "checkup", _("Free health check")
    CATARACT = "cataract", _("Cataract-surgery aid")


BENEFIT_PROGRAM = {
    **{benefit: Program.INSURANCE for benefit in ClaimType.values},
    Benefit.CHECKUP.value: Program.CHECKUP,
    Benefit.CATARACT.value: Program.CATARACT,
}


# --- Rules --------------------------------------------------------------------------------------


class YearRuleQuerySet(models.QuerySet[Any]):
    def for_year(self, year: int) -> Any:
        """The rule of ``year``, or ``None``."""
        return self.filter(year=year).first()


class YearRule(models.Model):
    """A program's rules for one calendar year. Saving through ``rule_save`` bumps the version."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000)]
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = YearRuleQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-year"]

    def snapshot(self) -> dict[str, Any]:
        """The rule's values as stored in a decision (decimals as strings)."""
        values: dict[str, Any] = {}
        for field in self._meta.concrete_fields:
            if field.name in {"id", "note", "updated_at"}:
                continue
            value = getattr(self, field.attname)
            values[field.name] = str(value) if isinstance(value, Decimal) else value
        return values


@pghistory.track()
class InsuranceRule(YearRule):
    """Benefits per insured person per year of the hospital-accompany insurance."""

    daily_allowance = money(_("daily hospital-care allowance"), default=Decimal("200.00"))
    max_hospital_days = models.PositiveSmallIntegerField(
        _("hospital-care days per year"), default=90
    )
    cap_accidental_death = money(_("accidental death cap"), default=Decimal("11000.00"))
    cap_accidental_disability = money(_("accidental disability cap"), default=Decimal("11000.00"))
    cap_accidental_medical = money(_("accidental medical costs cap"), default=Decimal("2000.00"))
    cap_major_disease = money(_("major disease cap"), default=Decimal("1000.00"))
    requires_licang_registration = models.BooleanField(
        _("requires household registration in Licang"), default=True
    )

    class Meta(YearRule.Meta):
        verbose_name = _("insurance rule")
        verbose_name_plural = _("insurance rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_allowance__gte=0)
                & Q(cap_accidental_death__gte=0)
                & Q(cap_accidental_disability__gte=0)
                & Q(cap_accidental_medical__gte=0)
                & Q(cap_major_disease__gte=0),
                name="health_insurancerule_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Insurance rules %(year)d") % {"year": self.year})

    def cap_for(self, claim_type: str) -> Decimal:
        """The yearly amount cap of a claim type (hospital care: days × daily allowance)."""
        if claim_type == ClaimType.HOSPITAL_CARE:
            return self.daily_allowance * self.max_hospital_days
        return {
            ClaimType.ACCIDENTAL_DEATH: self.cap_accidental_death,
            ClaimType.ACCIDENTAL_DISABILITY: self.cap_accidental_disability,
            ClaimType.ACCIDENTAL_MEDICAL: self.cap_accidental_medical,
            ClaimType.MAJOR_DISEASE: self.cap_major_disease,
        }[ClaimType(claim_type)]


@pghistory.track()
class CheckupRule(YearRule):
    """Who may have the free yearly health check, how often, the target and the fee per check."""

    min_age_anyone = models.PositiveSmallIntegerField(
        _("age from which anyone living in the district qualifies"), default=65
    )
    min_age_registered = models.PositiveSmallIntegerField(
        _("age from which people registered in Licang qualify"), default=60
    )
    checks_per_year = models.PositiveSmallIntegerField(
        _("free checks per person per year"), default=1, validators=[MinValueValidator(1)]
    )
    target = models.PositiveIntegerField(_("target number of checks"), default=0)
    fee_per_check = money(
        _("fee per check"),
        default=Decimal("0.00"),
        help_text=_("What the district pays the health institution for one completed check."),
    )

    class Meta(YearRule.Meta):
        verbose_name = _("health-check rule")
        verbose_name_plural = _("health-check rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age_registered__lte=F("min_age_anyone")),
                name="health_checkuprule_registered_age_not_above_anyone_age",
            ),
            models.CheckConstraint(
                condition=Q(checks_per_year__gte=1), name="health_checkuprule_at_least_one_check"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Health-check rules %(year)d") % {"year": self.year})


@pghistory.track()
class CataractRule(YearRule):
    """The subsidy per cataract-surgery case and who qualifies."""

    subsidy_per_case = money(_("subsidy per case"), default=Decimal("1200.00"))
    requires_licang_registration = models.BooleanField(
        _("requires household registration in Licang"), default=True
    )

    class Meta(YearRule.Meta):
        verbose_name = _("cataract-aid rule")
        verbose_name_plural = _("cataract-aid rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(subsidy_per_case__gte=0),
                name="health_cataractrule_subsidy_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Cataract-aid rules %(year)d") % {"year": self.year})


# --- Budgets -----------------------------------------------------------------------------------


class BudgetQuerySet(models.QuerySet["Budget"]):
    def for_listing(self) -> BudgetQuerySet:
        return self.annotate(override_count=models.Count("overrides"))


@pghistory.track()
class Budget(models.Model):
    """A program's budget for a year. ``committed`` counts approved amounts (paid included)."""

    program = models.CharField(_("program"), max_length=16, choices=Program.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    amount = money(_("budget"))
    committed = money(_("committed"), default=ZERO, editable=False)
    paid = money(_("paid"), default=ZERO, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "program"]
        permissions = [("override_budget", _("Can approve beyond a program's budget"))]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"], name="health_budget_one_per_program_year"
            ),
            models.CheckConstraint(
                condition=Q(program__in=["insurance", "checkup", "cataract"]),
                name="health_budget_program_known",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(paid__gte=0) & Q(paid__lte=F("committed")),
                name="health_budget_paid_within_committed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_program_display()} {self.year}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed

    @property
    def use_percent(self) -> Decimal | None:
        if not self.amount:
            return None
        return (self.committed * 100 / self.amount).quantize(Decimal("0.1"))


class BudgetOverrideQuerySet(models.QuerySet["BudgetOverride"]):
    def for_listing(self) -> BudgetOverrideQuerySet:
        return self.select_related("budget", "by")


@pghistory.track()
class BudgetOverride(models.Model):
    """A district administrator's approval beyond a budget: who, when, what and why."""

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="overrides"
    )
    subject = models.CharField(_("approved record"), max_length=200)
    subject_id = models.UUIDField(_("record ID"))
    amount = money(_("amount approved"))
    committed_before = money(_("committed before"))
    exceeded_by = money(_("over the budget by"))
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = BudgetOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget override")
        verbose_name_plural = _("budget overrides")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exceeded_by__gt=0), name="health_budgetoverride_exceeds_budget"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="health_budgetoverride_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} · {self.subject}"


# --- Places: designated hospitals and check sites -------------------------------------------------


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


# --- Ledger ------------------------------------------------------------------------------------


class UsageLedgerQuerySet(models.QuerySet["UsageLedger"]):
    def for_listing(self) -> UsageLedgerQuerySet:
        return self.select_related("resident__community")


@pghistory.track()
class UsageLedger(models.Model):
    """What a person has used of one benefit in one year: the balance is cap minus this.

    ``used_units`` counts hospital-care days, or checks, or cases; ``used_amount`` counts yuan of
    claims and cases that are submitted, approved or paid (a rejection gives them back);
    ``paid_amount`` is what has been paid. Actions lock the row (``select_for_update``) before
    reading it, so two requests for the same person and benefit never both spend the same balance.
    """

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    program = models.CharField(_("program"), max_length=16, choices=Program.choices)
    benefit = models.CharField(_("benefit"), max_length=32, choices=Benefit.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    used_units = models.PositiveIntegerField(_("used (days, checks or cases)"), default=0)
    used_amount = money(_("used amount"), default=ZERO)
    paid_amount = money(_("paid amount"), default=ZERO)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UsageLedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("usage ledger")
        verbose_name_plural = _("usage ledgers")
        ordering = ["-year", "resident_id", "benefit"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "year", "benefit"], name="health_usageledger_one_per_benefit"
            ),
            models.CheckConstraint(
                condition=Q(used_amount__gte=0)
                & Q(paid_amount__gte=0)
                & Q(paid_amount__lte=F("used_amount")),
                name="health_usageledger_paid_within_used",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident.name} · {self.get_benefit_display()} {self.year}"


# --- Insurance ---------------------------------------------------------------------------------


class SpecialFamilyQuerySet(models.QuerySet["SpecialFamily"]):
    def for_listing(self) -> SpecialFamilyQuerySet:
        return self.select_related("household__community").annotate(
            policy_count=models.Count("policies")
        )


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
        from health.access import partner_kind_filter

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
        from health.access import partner_kind_filter

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


# --- Health checks -----------------------------------------------------------------------------


class AgeBand(models.TextChoices):
    """The bands in which check figures are reported."""

    FROM_60_TO_64 = "60-64", _("60–64")
    FROM_65_TO_79 = "65-79", _("65–79")
    FROM_80 = "80+", _("80 and older")
    OTHER = "other", _("other ages")


def age_band_of(age: int) -> str:
    if 60 <= age <= 64:
        return AgeBand.FROM_60_TO_64
    if 65 <= age <= 79:
        return AgeBand.FROM_65_TO_79
    if age >= 80:
        return AgeBand.FROM_80
    return AgeBand.OTHER


class CheckupQuerySet(models.QuerySet["Checkup"]):
    def for_listing(self) -> CheckupQuerySet:
        return self.select_related("resident__community", "site")

    def visible_to(self, actor: object) -> CheckupQuerySet:
        """An institution sees checks at its own sites; staff their scope; anyone else nothing."""
        from health.access import partner_kind_filter

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


# --- Cataract aid ------------------------------------------------------------------------------


class CataractCaseQuerySet(models.QuerySet["CataractCase"]):
    def for_listing(self) -> CataractCaseQuerySet:
        return self.select_related("resident__community", "hospital", "decided_by")

    def visible_to(self, actor: object) -> CataractCaseQuerySet:
        """A hospital sees only its own cases; staff their scope; anyone else nothing."""
        from health.access import partner_kind_filter

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
