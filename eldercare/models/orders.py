"""Orders for a meal, the regulars' standing orders, their pauses and the waiting list."""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from eldercare.access import staff_or_partner_filter
from eldercare.models.amounts import money
from eldercare.models.enrolment import Enrolment
from eldercare.models.menus import Dish, Menu
from eldercare.models.points import MealPoint
from eldercare.models.rules import SubsidyTier
from eldercare.models.tags import Meal
from licang.models import Partner
from licang.registry.models import Resident


class Mode(models.TextChoices):
    DINE_IN = "dine_in", _("Dine in")
    DELIVERY = "delivery", _("Home delivery")


class SubsidyReason(models.TextChoices):
    """Why an order has the subsidy it has: stored as a code, shown in the reader's language."""

    SUBSIDISED = "subsidised", _("Subsidised under the elder's tier.")
    PUBLIC = "public", _("A member of the public pays the standard price.")
    NOT_ENROLLED = (
        "not_enrolled",
        _("This person is not enrolled in the meal program: the standard price applies."),
    )
    ENROLMENT_SUSPENDED = (
        "enrolment_suspended",
        _("The elder's enrolment is suspended: the standard price applies."),
    )
    ALREADY_SUBSIDISED = (
        "already_subsidised",
        _(
            "The elder already has a subsidised meal for this meal-time and day: this one is "
            "charged the standard price."
        ),
    )
    NO_TIER = (
        "no_tier",
        _("No subsidy tier of this year covers the elder: the standard price applies."),
    )
    NO_RULE = "no_rule", _("No meal rule is set for this year: the standard price applies.")


class OrderQuerySet(models.QuerySet["Order"]):
    def for_listing(self) -> OrderQuerySet:
        return self.select_related("point", "resident", "tier").prefetch_related(
            models.Prefetch("dishes", queryset=Dish.objects.order_by("position", "id"))
        )

    def visible_to(self, actor: object) -> OrderQuerySet:
        """Staff: orders at the points of their scope; a caterer: orders at its own points."""
        return staff_or_partner_filter(
            self, actor, community_path="point__community", caterer="point__operator"
        )

    def holding_seats(self) -> OrderQuerySet:
        return self.filter(status__in=Order.SEAT_HOLDING)


@pghistory.track(exclude=["dietary_conflicts"])
class Order(models.Model):
    """One meal for one person. The price, the subsidy, the tier and the rule version it was
    computed with are stored, so that a later change of the rules changes no order.

    ``point``, ``date`` and ``meal`` repeat the menu's, so that the database itself holds the
    one-subsidised-meal rule across points (a partial unique index) and the lists filter by them.
    """

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        CANCELLED = "cancelled", _("Cancelled")
        SERVED = "served", _("Served")
        NO_SHOW = "no_show", _("No-show")

    class Source(models.TextChoices):
        API = "api", _("Partner API")
        ADMIN = "admin", _("Staff")
        STANDING = "standing", _("Standing order")
        WALK_IN = "walk_in", _("Walk-in serving")

    SEAT_HOLDING = [Status.PLACED, Status.SERVED, Status.NO_SHOW]

    public_id = models.UUIDField(_("order ID"), default=uuid.uuid4, unique=True, editable=False)
    menu = models.ForeignKey(
        Menu, verbose_name=_("menu"), on_delete=models.PROTECT, related_name="orders"
    )
    point = models.ForeignKey(
        MealPoint, verbose_name=_("meal point"), on_delete=models.PROTECT, related_name="orders"
    )
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="meal_orders",
        null=True,
        blank=True,
        help_text=_("Empty for a member of the public."),
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
    )
    dishes = models.ManyToManyField(Dish, verbose_name=_("dishes"), blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLACED
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    standard_price = money(_("standard price"))
    subsidy = money(_("subsidy"))
    price_charged = money(_("price charged"))
    tier = models.ForeignKey(
        SubsidyTier,
        verbose_name=_("subsidy tier"),
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
    )
    rule_year = models.PositiveSmallIntegerField(_("rule year"), null=True, blank=True)
    rule_version = models.PositiveIntegerField(_("rule version"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=30, choices=SubsidyReason.choices)
    dietary_conflicts = models.JSONField(_("dietary conflicts"), default=list, blank=True)
    standing_order = models.ForeignKey(
        "StandingOrder",
        verbose_name=_("standing order"),
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
    )
    placed_by_partner = models.ForeignKey(
        Partner,
        verbose_name=_("placed by partner"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    placed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by staff member"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("ordered at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("meal order")
        verbose_name_plural = _("meal orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_charged=F("standard_price") - F("subsidy")),
                name="eldercare_order_price_is_standard_less_subsidy",
            ),
            models.CheckConstraint(
                condition=Q(subsidy__gte=0) & Q(price_charged__gte=0),
                name="eldercare_order_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(subsidy=0) | Q(resident__isnull=False, tier__isnull=False),
                name="eldercare_order_subsidy_has_elder_and_tier",
            ),
            models.CheckConstraint(
                condition=Q(enrolment__isnull=True) | Q(resident__isnull=False),
                name="eldercare_order_enrolment_has_elder",
            ),
            # one subsidised meal per elder, meal-time and day, whatever the point: the race
            # between two points' orders is settled here, not in Python
            models.UniqueConstraint(
                fields=["resident", "date", "meal"],
                condition=Q(subsidy__gt=0) & ~Q(status="cancelled"),
                name="eldercare_order_one_subsidised_meal",
            ),
            models.UniqueConstraint(
                fields=["standing_order", "menu"],
                condition=Q(standing_order__isnull=False) & ~Q(status="cancelled"),
                name="eldercare_order_one_per_standing_order_and_meal",
            ),
        ]
        indexes = [
            # the caterers' and staff lists: newest first (keyset on created_at, id)
            models.Index(fields=["-created_at", "-id"], name="eldercare_order_newest_first"),
            # seats taken per menu and the kitchen count
            models.Index(fields=["menu", "status"], name="eldercare_order_by_menu_status"),
            # figures: served per day and point
            models.Index(fields=["date", "point", "status"], name="eldercare_order_by_day_point"),
            # an elder's orders of a meal-time (the subsidised-meal question)
            models.Index(fields=["resident", "date", "meal"], name="eldercare_order_by_elder_day"),
        ]

    def __str__(self) -> str:
        return f"{self.point.code} · {self.date:%Y-%m-%d} · {self.get_meal_display()} · {self.pk}"


class StandingOrderQuerySet(models.QuerySet["StandingOrder"]):
    def for_listing(self) -> StandingOrderQuerySet:
        return self.select_related("enrolment__resident", "enrolment__point")

    def visible_to(self, actor: object) -> StandingOrderQuerySet:
        return staff_or_partner_filter(
            self,
            actor,
            community_path="enrolment__resident__community",
            caterer="enrolment__point__operator",
        )


@pghistory.track()
class StandingOrder(models.Model):
    """A regular's order that repeats: which weekdays, which meal, dine in or delivered."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="standing_orders",
    )
    weekdays = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("weekdays"),
        help_text=_("1 Monday … 7 Sunday."),
    )
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StandingOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("standing order")
        verbose_name_plural = _("standing orders")
        ordering = ["enrolment__point__code", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekdays__contained_by=[1, 2, 3, 4, 5, 6, 7]) & ~Q(weekdays=[]),
                name="eldercare_standingorder_weekdays_known",
            ),
            models.UniqueConstraint(
                fields=["enrolment", "meal"],
                condition=Q(is_active=True),
                name="eldercare_standingorder_one_active_per_meal",
            ),
        ]

    def __str__(self) -> str:
        days = "".join(str(day) for day in sorted(self.weekdays))
        return f"{self.enrolment} · {self.get_meal_display()} · {days}"


@pghistory.track()
class StandingOrderPause(models.Model):
    """Days a regular's standing orders stop (a hospital stay, a visit to family)."""

    standing_order = models.ForeignKey(
        StandingOrder,
        verbose_name=_("standing order"),
        on_delete=models.CASCADE,
        related_name="pauses",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (inclusive)"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("standing-order pause")
        verbose_name_plural = _("standing-order pauses")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="eldercare_standingorderpause_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standing_order} · {self.starts_on}–{self.ends_on}"


class WaitlistQuerySet(models.QuerySet["WaitlistEntry"]):
    def for_listing(self) -> WaitlistQuerySet:
        return self.select_related(
            "menu__point",
            "standing_order__enrolment__resident",
            "standing_order__enrolment__point",
            "order__point",
        )

    def visible_to(self, actor: object) -> WaitlistQuerySet:
        return staff_or_partner_filter(
            self, actor, community_path="menu__point__community", caterer="menu__point__operator"
        )

    def waiting(self) -> WaitlistQuerySet:
        return self.filter(status=WaitlistEntry.Status.WAITING).order_by("created_at", "id")


@pghistory.track()
class WaitlistEntry(models.Model):
    """A regular left waiting for a full meal, in order of arrival; a cancellation seats the
    first."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SEATED = "seated", _("Seated")
        EXPIRED = "expired", _("Expired")

    menu = models.ForeignKey(
        Menu, verbose_name=_("menu"), on_delete=models.PROTECT, related_name="waitlist"
    )
    standing_order = models.ForeignKey(
        StandingOrder,
        verbose_name=_("standing order"),
        on_delete=models.PROTECT,
        related_name="waitlist",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    order = models.OneToOneField(
        Order,
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("waiting since"), auto_now_add=True)

    objects = WaitlistQuerySet.as_manager()

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["menu", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["menu", "standing_order"], name="eldercare_waitlistentry_once_per_meal"
            ),
            models.CheckConstraint(
                condition=Q(status="seated", order__isnull=False)
                | (~Q(status="seated") & Q(order__isnull=True)),
                name="eldercare_waitlistentry_seated_has_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.menu} · {self.standing_order.enrolment.resident}"
