"""A meal on a date at a point (its menu) and the dishes to choose from."""

from __future__ import annotations

import datetime
import zoneinfo

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from eldercare.access import staff_or_partner_filter
from eldercare.models.amounts import money
from eldercare.models.points import MealPoint
from eldercare.models.tags import Meal, Tag, tag_labels

# the statuses of an order that hold a seat (``Order.Status`` names them)
SEAT_HOLDING = ["placed", "served", "no_show"]


class MenuQuerySet(models.QuerySet["Menu"]):
    def for_listing(self) -> MenuQuerySet:
        return self.select_related("point").annotate(
            dish_count=Count("dishes", distinct=True),
        )

    def visible_to(self, actor: object) -> MenuQuerySet:
        return staff_or_partner_filter(
            self, actor, community_path="point__community", caterer="point__operator"
        )

    def published(self) -> MenuQuerySet:
        return self.filter(status=Menu.Status.PUBLISHED)

    def with_seats_taken(self) -> MenuQuerySet:
        """Each menu with ``seats_taken``: its orders that hold a seat (one subquery)."""
        return self.annotate(
            seats_taken=Count("orders", filter=Q(orders__status__in=SEAT_HOLDING), distinct=True)
        )


@pghistory.track()
class Menu(models.Model):
    """One meal (lunch or dinner) at a point on a date: the dishes offered and the seats it has.

    Published once it has the year's minimum number of dishes; changed until its first order.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    point = models.ForeignKey(
        MealPoint, verbose_name=_("meal point"), on_delete=models.PROTECT, related_name="menus"
    )
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    set_price = money(
        _("standard price of a set meal"),
        null=True,
        blank=True,
        help_text=_(
            "What a meal costs without a choice of dishes; chosen dishes are priced each. Empty: "
            "no set meal, orders choose dishes."
        ),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MenuQuerySet.as_manager()

    class Meta:
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        ordering = ["-date", "point__code", "meal"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "date", "meal"], name="eldercare_menu_one_per_point_date_meal"
            ),
            models.CheckConstraint(
                condition=Q(meal__in=["lunch", "dinner"]), name="eldercare_menu_meal_known"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="eldercare_menu_published_has_time",
            ),
        ]
        indexes = [
            # the public directory and the kitchen read a day's menus
            models.Index(fields=["date", "meal"], name="eldercare_menu_by_date_meal"),
        ]

    def __str__(self) -> str:
        return f"{self.point.name} · {self.date:%Y-%m-%d} · {self.get_meal_display()}"

    def cutoff(self) -> datetime.datetime:
        """When orders and cancellations for this meal close (aware, in the district's zone)."""
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        return datetime.datetime.combine(self.date, self.point.cutoff_for(self.meal), zone)


class Dish(models.Model):
    """A dish of a menu. Tracked by pghistory in ``translation.py``."""

    menu = models.ForeignKey(
        Menu, verbose_name=_("menu"), on_delete=models.CASCADE, related_name="dishes"
    )
    name = models.CharField(_("dish"), max_length=50)
    price = money(_("standard price"))
    tags = ArrayField(
        models.CharField(max_length=12, choices=Tag.choices),
        verbose_name=_("tags"),
        default=list,
        blank=True,
    )
    position = models.PositiveSmallIntegerField(_("order on the menu"), default=0)

    objects = MultilingualManager()

    class Meta:
        verbose_name = _("dish")
        verbose_name_plural = _("dishes")
        ordering = ["menu", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["menu", "name"], name="eldercare_dish_name_per_menu"),
            models.CheckConstraint(
                condition=Q(
                    tags__contained_by=["soft", "low_salt", "low_sugar", "halal", "vegetarian"]
                ),
                name="eldercare_dish_tags_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tag_labels(self) -> list[str]:
        return tag_labels(self.tags)
