"""The neighborhood centers ("邻·聚"): centers and the communities they serve, facilities,
opening hours and exceptions, the working-day calendar and the centers' volunteers."""

import datetime
from decimal import Decimal

import pghistory
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.manager import MultilingualManager

from licang.phones import validate_mobile_phone
from licang.registry.models import Area, Community, Subdistrict
from services.centers import access
from services.centers.hours import Weekday, desk_open_at


class CenterQuerySet(models.QuerySet["Center"]):
    def for_listing(self, on: datetime.date | None = None) -> "CenterQuerySet":
        """Centers with all the directory shows: communities, facilities and their hours, the
        desk's weekly hours and its exceptions for the two weeks from ``on`` (today)."""
        on = on or timezone.localdate()
        return self.select_related("subdistrict").prefetch_related(
            "communities",
            models.Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
            models.Prefetch(
                "facilities",
                queryset=Facility.objects.prefetch_related(
                    models.Prefetch(
                        "hours", queryset=OpeningHours.objects.order_by("weekday", "opens")
                    )
                ),
            ),
            models.Prefetch(
                "exceptions",
                queryset=OpeningException.objects.filter(
                    date__gte=on, date__lt=on + datetime.timedelta(days=UPCOMING_EXCEPTION_DAYS)
                ).order_by("date"),
                to_attr="upcoming_exceptions",
            ),
        )

    def accepting_requests(self) -> "CenterQuerySet":
        return self.filter(status=Center.Status.OPEN)

    def visible_to(self, actor: object) -> "CenterQuerySet":
        """The centers whose records ``actor`` works on (``services.centers.access``)."""
        return access.center_scope_filter(self, actor, "")


# How far ahead the center pages announce special opening days.
UPCOMING_EXCEPTION_DAYS = 14


# tracked by pghistory in translation.py, once its translated fields exist
class Center(models.Model):
    """A neighborhood center ("邻·聚") serving some communities."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    brand = models.CharField(_("brand"), max_length=20, default="邻·聚", blank=True)
    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("subdistrict"), on_delete=models.PROTECT, related_name="centers"
    )
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities served"), related_name="centers", blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    investment = models.DecimalField(
        _("investment (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    phone = models.CharField(_("desk phone"), max_length=20, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    status_note = models.CharField(
        _("status note"),
        max_length=200,
        blank=True,
        help_text=_("Shown to residents when the center is closed, e.g. why and until when."),
    )

    # a translated model's manager is modeltranslation's, declared so that the types know it
    objects = MultilingualManager.from_queryset(CenterQuerySet)()
    # translated columns (translation.py)
    name_zh_hans: str | None
    name_en: str | None
    description_zh_hans: str | None
    description_en: str | None
    address_zh_hans: str | None
    address_en: str | None
    status_note_zh_hans: str | None
    status_note_en: str | None

    class Meta:
        verbose_name = _("neighborhood center")
        verbose_name_plural = _("neighborhood centers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="centers_center_coordinates_pair_in_range",
            ),
            models.CheckConstraint(
                condition=Q(floor_area__isnull=True) | Q(floor_area__gt=0),
                name="centers_center_floor_area_positive",
            ),
            models.CheckConstraint(
                condition=Q(investment__isnull=True) | Q(investment__gte=0),
                name="centers_center_investment_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def area(self) -> str:
        """East, central or west: the area of the center's subdistrict."""
        return self.subdistrict.area

    def get_area_display(self) -> str:
        return str(Area(self.area).label) if self.area else ""

    @property
    def investment_in_wan(self) -> Decimal | None:
        """The investment in 万元 (ten thousand yuan), as Chinese readers count it."""
        return self.investment / 10000 if self.investment is not None else None

    @property
    def accepts_requests(self) -> bool:
        return self.status == self.Status.OPEN

    def open_at(self, moment: datetime.datetime) -> bool:
        """Whether the desk is open at ``moment``; needs ``for_listing()``'s prefetches."""
        return self.accepts_requests and desk_open_at(self, moment)


# tracked by pghistory in translation.py, once its translated fields exist
class Facility(models.Model):
    """A business or service in a center: the clinic, the supermarket, the bank branch…"""

    class Kind(models.TextChoices):
        SERVICE_CENTER = "service_center", _("Service center")
        CLINIC = "clinic", _("Clinic")
        CHILDCARE = "childcare", _("Childcare")
        SUPERMARKET = "supermarket", _("Supermarket")
        FRESH_PRODUCE = "fresh_produce", _("Fresh produce")
        TEA_ROOM = "tea_room", _("Tea room")
        TAVERN = "tavern", _("Tavern")
        SNACK_BAR = "snack_bar", _("Snack bar")
        BAKERY = "bakery", _("Bakery")
        HARDWARE = "hardware", _("Hardware store")
        HAIR_SALON = "hair_salon", _("Hair salon")
        BANK = "bank", _("Bank branch")

    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="facilities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    open_all_day = models.BooleanField(_("open 24 hours"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = MultilingualManager["Facility"]()
    name_zh_hans: str | None
    name_en: str | None

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["center", "sort_order", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "kind", "name"], name="centers_facility_unique_in_center"
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.get_kind_display())

    @property
    def display_name(self) -> str:
        return self.name or str(self.get_kind_display())


@pghistory.track()
class OpeningHours(models.Model):
    """One opening period on a weekday, of a center's desk or of one of its facilities.

    A day may have several periods (a lunch break); a day without periods is closed.
    """

    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.CASCADE,
        related_name="hours",
        null=True,
        blank=True,
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        on_delete=models.CASCADE,
        related_name="hours",
        null=True,
        blank=True,
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(center__isnull=False, facility__isnull=True)
                | Q(center__isnull=True, facility__isnull=False),
                name="centers_openinghours_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")),
                name="centers_openinghours_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6), name="centers_openinghours_weekday_known"
            ),
            models.UniqueConstraint(
                fields=["center", "weekday", "opens"], name="centers_openinghours_center_unique"
            ),
            models.UniqueConstraint(
                fields=["facility", "weekday", "opens"],
                name="centers_openinghours_facility_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


# tracked by pghistory in translation.py, once its translated fields exist
class OpeningException(models.Model):
    """A day on which a center's desk keeps other hours or is closed (holidays, events)."""

    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="exceptions"
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=100, blank=True)

    objects = MultilingualManager["OpeningException"]()
    note_zh_hans: str | None
    note_en: str | None

    class Meta:
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        ordering = ["center", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "date"], name="centers_openingexception_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(closed=True, opens__isnull=True, closes__isnull=True)
                | Q(
                    closed=False,
                    opens__isnull=False,
                    closes__isnull=False,
                    closes__gt=models.F("opens"),
                ),
                name="centers_openingexception_closed_or_hours",
            ),
        ]

    def __str__(self) -> str:
        if self.closed:
            return f"{self.date:%Y-%m-%d} · {_('closed')}"
        return f"{self.date:%Y-%m-%d} · {self.opens:%H:%M}–{self.closes:%H:%M}"


@pghistory.track()
class CalendarDay(models.Model):
    """An exception to the Monday-to-Friday working week: a public holiday that falls on a
    weekday, or an official make-up working day (调休上班) on a weekend.

    Staff enter each year's days when the State Council publishes them (usually in November).
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, help_text=_("The holiday, e.g. 春节."))

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="holiday") | Q(date__iso_week_day__gte=6),
                name="centers_calendarday_workday_on_weekend",
                violation_error_message=_("A make-up working day falls on a Saturday or Sunday."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.name} · {self.get_kind_display()}"


class VolunteerQuerySet(models.QuerySet["Volunteer"]):
    def visible_to(self, actor: object) -> "VolunteerQuerySet":
        return access.center_scope_filter(self, actor, "center")


@pghistory.track()
class Volunteer(models.Model):
    """A volunteer of a center who can be assigned requests."""

    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="volunteers"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=11, validators=[validate_mobile_phone])
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["center", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "phone"], name="centers_volunteer_unique_phone"
            ),
            models.CheckConstraint(
                condition=Q(phone__regex=r"^1[3-9][0-9]{9}$"),
                name="centers_volunteer_phone_mobile",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({_('volunteer')})"
