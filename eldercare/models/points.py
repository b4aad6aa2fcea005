"""Care centers and the meal points they and the caterers run."""

from __future__ import annotations

import datetime

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from eldercare.access import staff_or_partner_filter
from eldercare.models.tags import Meal
from licang.models import Partner


class CareCenterQuerySet(models.QuerySet["CareCenter"]):
    def for_listing(self) -> CareCenterQuerySet:
        return self.select_related("subdistrict", "community__subdistrict")

    def visible_to(self, actor: object) -> CareCenterQuerySet:
        return staff_or_partner_filter(self, actor, community_path="community")


class CareCenter(models.Model):
    """A home-and-community elderly care service center: beds, a recreation room, the senior
    university, a clinic and home visits. Tracked by pghistory in ``translation.py``."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    subdistrict = models.ForeignKey(
        "registry.Subdistrict",
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        related_name="care_centers",
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="care_centers",
    )
    address = models.CharField(_("address"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    beds_total = models.PositiveIntegerField(_("care beds"), default=0)
    beds_occupied = models.PositiveIntegerField(_("care beds occupied"), default=0)
    recreation_area_m2 = models.DecimalField(
        _("recreation area (m²)"), max_digits=8, decimal_places=1, default=0
    )
    clinic_hours = models.CharField(_("clinic hours"), max_length=200, blank=True)
    home_visit_services = models.TextField(_("home-visit services"), blank=True)
    is_active = models.BooleanField(_("open"), default=True)

    objects = MultilingualManager.from_queryset(CareCenterQuerySet)()

    class Meta:
        verbose_name = _("care center")
        verbose_name_plural = _("care centers")
        ordering = ["subdistrict__sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(beds_occupied__lte=models.F("beds_total")),
                name="eldercare_carecenter_beds_occupied_within_total",
            ),
            models.CheckConstraint(
                condition=Q(recreation_area_m2__gte=0),
                name="eldercare_carecenter_recreation_area_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def beds_free(self) -> int:
        return self.beds_total - self.beds_occupied


class MealPointQuerySet(models.QuerySet["MealPoint"]):
    def for_listing(self) -> MealPointQuerySet:
        return self.select_related("subdistrict", "community", "operator", "care_center")

    def visible_to(self, actor: object) -> MealPointQuerySet:
        """Staff: the points of their scope; a caterer: the points it operates; else nothing.
        (The public directory lists every active point through ``public()``.)"""
        return staff_or_partner_filter(self, actor, community_path="community", caterer="operator")

    def public(self) -> MealPointQuerySet:
        return self.filter(is_active=True)


class MealPoint(models.Model):
    """A place where elders eat: a canteen, a point supplied by a central kitchen, or a point of a
    care center run with a catering company. Tracked by pghistory in ``translation.py``."""

    class OperatingModel(models.TextChoices):
        CANTEEN = "canteen", _("Community canteen for the elderly")
        CENTRAL_KITCHEN = "central_kitchen", _("State-owned central kitchen")
        CARE_CENTER = "care_center", _("Care center with a catering company")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    operating_model = models.CharField(
        _("operating model"), max_length=20, choices=OperatingModel.choices
    )
    operator = models.ForeignKey(
        Partner,
        verbose_name=_("caterer"),
        on_delete=models.PROTECT,
        related_name="meal_points",
        limit_choices_to={"kind": Partner.Kind.CATERER},
    )
    care_center = models.ForeignKey(
        CareCenter,
        verbose_name=_("care center"),
        on_delete=models.PROTECT,
        related_name="meal_points",
        null=True,
        blank=True,
    )
    subdistrict = models.ForeignKey(
        "registry.Subdistrict",
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        related_name="meal_points",
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="meal_points",
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    meals = ArrayField(
        models.CharField(max_length=10, choices=Meal.choices),
        verbose_name=_("meals served"),
        default=list,
    )
    lunch_capacity = models.PositiveSmallIntegerField(_("seats per lunch"), default=0)
    dinner_capacity = models.PositiveSmallIntegerField(_("seats per dinner"), default=0)
    lunch_cutoff = models.TimeField(
        _("lunch order cut-off"),
        default=datetime.time(9, 30),
        help_text=_("Local time on the day of the meal; orders and cancellations close then."),
    )
    dinner_cutoff = models.TimeField(_("dinner order cut-off"), default=datetime.time(15, 0))
    delivery_radius_m = models.PositiveIntegerField(
        _("delivery radius (m)"), default=0, help_text=_("0: no home delivery.")
    )
    open_to_public = models.BooleanField(_("open to the public"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MultilingualManager.from_queryset(MealPointQuerySet)()

    class Meta:
        verbose_name = _("meal point")
        verbose_name_plural = _("meal points")
        ordering = ["subdistrict__sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meals__contained_by=["lunch", "dinner"]) & ~Q(meals=[]),
                name="eldercare_mealpoint_meals_known",
            ),
            models.CheckConstraint(
                condition=~Q(operating_model="care_center") | Q(care_center__isnull=False),
                name="eldercare_mealpoint_care_center_model_has_center",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def capacity_for(self, meal: str) -> int:
        return self.lunch_capacity if meal == Meal.LUNCH else self.dinner_capacity

    def cutoff_for(self, meal: str) -> datetime.time:
        return self.lunch_cutoff if meal == Meal.LUNCH else self.dinner_cutoff


class MealPointPauseQuerySet(models.QuerySet["MealPointPause"]):
    def on(self, day: datetime.date) -> MealPointPauseQuerySet:
        return self.filter(starts_on__lte=day, ends_on__gte=day)


@pghistory.track()
class MealPointPause(models.Model):
    """Days a point serves no meals (a kitchen repair, the Spring Festival) and where to go
    instead."""

    point = models.ForeignKey(
        MealPoint, verbose_name=_("meal point"), on_delete=models.CASCADE, related_name="pauses"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (inclusive)"))
    reason = models.CharField(_("reason"), max_length=200)
    alternative = models.ForeignKey(
        MealPoint,
        verbose_name=_("where to go instead"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = MealPointPauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("meal-point pause")
        verbose_name_plural = _("meal-point pauses")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="eldercare_mealpointpause_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(alternative=models.F("point")),
                name="eldercare_mealpointpause_alternative_is_another_point",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point} · {self.starts_on}–{self.ends_on}"
