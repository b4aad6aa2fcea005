"""The program's rules, one row per year: the only source of dish minimums, ages, subsidies and
planning norms. ``eldercare.pricing`` is the one place that applies the meal rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pghistory
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from eldercare.models.amounts import money


class YearQuerySet(models.QuerySet[Any]):
    def for_year(self, year: int) -> Any:
        """The rule of ``year``, or ``None``."""
        return self.filter(year=year).first()


@pghistory.track()
class MealRule(models.Model):
    """Who is an elder for the meal program and how many dishes a published meal needs. (One
    subsidised meal per elder, meal-time and day is the program's definition, held by a unique
    index on orders.)"""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000)]
    )
    min_dishes = models.PositiveSmallIntegerField(
        _("minimum dishes per published meal"), default=10, validators=[MinValueValidator(1)]
    )
    elder_age = models.PositiveSmallIntegerField(
        _("age from which residents are elders"), default=60
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = YearQuerySet.as_manager()

    class Meta:
        verbose_name = _("meal rule")
        verbose_name_plural = _("meal rules")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_dishes__gte=1), name="eldercare_mealrule_at_least_one_dish"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Meal rules %(year)d") % {"year": self.year})


class SubsidyTierQuerySet(models.QuerySet["SubsidyTier"]):
    def of_year(self, year: int) -> SubsidyTierQuerySet:
        return self.filter(year=year).order_by("kind", "min_age", "code")


class SubsidyTier(models.Model):
    """What the district pays towards one meal of an elder in a tier, in a year.

    An elder belongs to the age band of their age on the meal's date and, where staff recorded a
    hardship on the enrolment, to that hardship's tier; the larger subsidy applies. The elder's
    price is the meal's standard price less the subsidy, never below zero. Tracked by pghistory in
    ``translation.py``.
    """

    class Kind(models.TextChoices):
        AGE = "age", _("Age band")
        HARDSHIP = "hardship", _("Hardship")

    class Hardship(models.TextChoices):
        SUBSISTENCE = "subsistence", _("Subsistence allowance")
        SPECIAL_FAMILY = "special_family", _("Special family-planning family")
        DISABILITY = "disability", _("Disability")

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age (inclusive)"), null=True, blank=True)
    hardship = models.CharField(_("hardship"), max_length=20, choices=Hardship.choices, blank=True)
    subsidy = money(_("subsidy per meal"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # a translated model's manager is modeltranslation's, declared so that the types know it
    objects = MultilingualManager.from_queryset(SubsidyTierQuerySet)()

    class Meta:
        verbose_name = _("subsidy tier")
        verbose_name_plural = _("subsidy tiers")
        ordering = ["-year", "kind", "min_age", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="eldercare_subsidytier_code"),
            models.UniqueConstraint(
                fields=["year", "hardship"],
                condition=Q(kind="hardship"),
                name="eldercare_subsidytier_one_per_hardship",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="age", min_age__isnull=False, hardship="")
                    & (Q(max_age__isnull=True) | Q(max_age__gte=F("min_age")))
                )
                | Q(kind="hardship", min_age__isnull=True, max_age__isnull=True) & ~Q(hardship=""),
                name="eldercare_subsidytier_age_or_hardship",
            ),
            models.CheckConstraint(
                condition=Q(subsidy__gte=0), name="eldercare_subsidytier_subsidy_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.name}"

    def covers_age(self, age: int) -> bool:
        return (
            self.kind == self.Kind.AGE
            and self.min_age is not None
            and age >= self.min_age
            and (self.max_age is None or age <= self.max_age)
        )


@pghistory.track()
class PlanningNorm(models.Model):
    """The care-planning norms of a year: care beds per 1,000 residents and recreation area per
    100 households, measured against each subdistrict's population."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000)]
    )
    beds_per_thousand = models.DecimalField(
        _("care beds per 1,000 residents"), max_digits=6, decimal_places=2, default=Decimal("50")
    )
    recreation_m2_per_hundred_households = models.DecimalField(
        _("recreation area (m²) per 100 households"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("20"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = YearQuerySet.as_manager()

    class Meta:
        verbose_name = _("care-planning norm")
        verbose_name_plural = _("care-planning norms")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(beds_per_thousand__gte=0)
                & Q(recreation_m2_per_hundred_households__gte=0),
                name="eldercare_planningnorm_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Care-planning norms %(year)d") % {"year": self.year})


@pghistory.track()
class SubdistrictPopulation(models.Model):
    """A subdistrict's resident population and households in a year, as the statistics office
    reports them: the base the planning norms are measured against."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    subdistrict = models.ForeignKey(
        "registry.Subdistrict",
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    population = models.PositiveIntegerField(_("resident population"))
    households = models.PositiveIntegerField(_("households"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("subdistrict population")
        verbose_name_plural = _("subdistrict populations")
        ordering = ["-year", "subdistrict__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "subdistrict"], name="eldercare_subdistrictpopulation_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.subdistrict}"
