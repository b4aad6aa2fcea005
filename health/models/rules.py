"""The yearly rules of the three programs: the only source of amounts, ages and caps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pghistory
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from health.models.amounts import money
from health.programs import ClaimType


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
    oldest_band_from = models.PositiveSmallIntegerField(
        _("age from which checks count in the oldest band"),
        default=80,
        help_text=_(
            "Figures count checks in three age bands: from the age for registered residents, "
            "from the age for anyone, and from this age."
        ),
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
            models.CheckConstraint(
                condition=Q(oldest_band_from__gt=F("min_age_anyone")),
                name="health_checkuprule_oldest_band_above_anyone_age",
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
