import datetime
import re
import uuid
from decimal import Decimal
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from licang import idnumber
from licang.idnumber import validate_id_number
from licang.masking import mask_id_number, mask_phone
from licang.phones import validate_mobile_phone


class Area(models.TextChoices):
    EAST = "east", _("East")
    CENTRAL = "central", _("Central")
    WEST = "west", _("West")


class SubdistrictQuerySet(models.QuerySet["Subdistrict"]):
    def for_listing(self) -> "SubdistrictQuerySet":
        return self.annotate(community_count=models.Count("communities")).order_by("sort_order")


class Subdistrict(models.Model):
    """One of Licang's eleven subdistricts (街道), loaded by a data migration."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    area = models.CharField(_("area"), max_length=10, choices=Area.choices, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SubdistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class CommunityQuerySet(models.QuerySet["Community"]):
    def for_listing(self) -> "CommunityQuerySet":
        return (
            self.select_related("subdistrict")
            .annotate(resident_count=models.Count("residents"))
            .order_by("subdistrict__sort_order", "name")
        )

    def visible_to(self, actor: object) -> "CommunityQuerySet":
        from services.access import scope_filter

        return scope_filter(self, actor, "")


@pghistory.track()
class Community(models.Model):
    """A community (社区) under a subdistrict."""

    subdistrict = models.ForeignKey(
        Subdistrict,
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        related_name="communities",
    )
    name = models.CharField(_("name"), max_length=50)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["subdistrict__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "name"], name="services_community_unique_name_in_subdistrict"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subdistrict.name} · {self.name}"


class HouseholdQuerySet(models.QuerySet["Household"]):
    def for_listing(self) -> "HouseholdQuerySet":
        return (
            self.select_related("community__subdistrict")
            .annotate(member_count=models.Count("members"))
            .order_by("community", "number")
        )

    def visible_to(self, actor: object) -> "HouseholdQuerySet":
        from services.access import scope_filter

        return scope_filter(self, actor, "community")


@pghistory.track()
class Household(models.Model):
    """A household (户) at an address in a community."""

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="households"
    )
    number = models.CharField(_("household number"), max_length=30)
    address = models.CharField(_("address"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["community", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"], name="services_household_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.address}"


class ResidentQuerySet(models.QuerySet["Resident"]):
    def for_listing(self) -> "ResidentQuerySet":
        return self.select_related("community__subdistrict", "household")

    def visible_to(self, actor: object) -> "ResidentQuerySet":
        """The residents ``actor`` may see: see ``services.access`` for the rule."""
        from services.access import scope_filter

        return scope_filter(self, actor, "community")

    def aged_at_least(self, years: int, on: datetime.date) -> "ResidentQuerySet":
        return self.filter(birth_date__lte=years_before(on, years))

    def aged_under(self, years: int, on: datetime.date) -> "ResidentQuerySet":
        return self.filter(birth_date__gt=years_before(on, years))


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The latest birth date that makes someone ``years`` old on ``day`` (29 Feb → 28 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _birth_date_from_id_number() -> models.Func:
    def part(start: int, length: int) -> Cast:
        return Cast(Substr("id_number", start, length), models.IntegerField())

    return models.Func(
        part(7, 4), part(11, 2), part(13, 2), function="make_date", output_field=models.DateField()
    )


@pghistory.track()
class Resident(models.Model):
    """A person in the registry. Birth date and sex are derived from the ID number."""

    class Sex(models.TextChoices):
        MALE = idnumber.Sex.MALE, _("Male")
        FEMALE = idnumber.Sex.FEMALE, _("Female")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        unique=True,
        validators=[validate_id_number],
        help_text=_("18 characters; a final x is stored as X."),
    )
    birth_date = models.DateField(_("birth date"), editable=False)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, editable=False)
    phone = models.CharField(
        _("mobile phone"), max_length=11, blank=True, validators=[validate_mobile_phone]
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="residents"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    registered_in_licang = models.BooleanField(
        _("household registration in Licang"),
        default=False,
        help_text=_("Whether the resident's hukou (户籍) is in Licang District."),
    )
    special_family_planning = models.BooleanField(
        _("special family-planning family"),
        default=False,
        help_text=_("A parent whose only child died or is disabled."),
    )
    child_in_difficulty = models.BooleanField(_("child in difficulty"), default=False)
    limited_mobility = models.BooleanField(_("limited mobility"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["community", "name"]
        permissions = [("view_full_identity", _("Can see full ID numbers and phones"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(id_number__regex=r"^[0-9]{17}[0-9X]$"),
                name="services_resident_id_number_shape",
            ),
            models.CheckConstraint(
                condition=Q(birth_date=_birth_date_from_id_number()),
                name="services_resident_birth_date_from_id_number",
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=r"^1[3-9][0-9]{9}$"),
                name="services_resident_phone_mobile",
            ),
        ]
        indexes = [
            # age-based eligibility lists filter on birth date
            models.Index(fields=["birth_date"], name="services_resident_birth_idx"),
            # registry search by name: the admin's and the API's "name contains" (ILIKE '%…%')
            GinIndex(
                fields=["name"], opclasses=["gin_trgm_ops"], name="services_resident_name_trgm"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_id_number})"

    def clean(self) -> None:
        self.id_number = idnumber.normalise(self.id_number)
        try:
            parsed = idnumber.parse(self.id_number)
        except Exception:
            return  # the field validator reports the error
        self.birth_date = parsed.birth_date
        self.sex = parsed.sex

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def age_on(self, day: datetime.date) -> int:
        return idnumber.age_on(self.birth_date, day)


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


# How far ahead the center pages announce special opening days.
UPCOMING_EXCEPTION_DAYS = 14


@pghistory.track()
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

    objects = CenterQuerySet.as_manager()

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
                name="services_center_coordinates_pair_in_range",
            ),
            models.CheckConstraint(
                condition=Q(floor_area__isnull=True) | Q(floor_area__gt=0),
                name="services_center_floor_area_positive",
            ),
            models.CheckConstraint(
                condition=Q(investment__isnull=True) | Q(investment__gte=0),
                name="services_center_investment_not_negative",
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
        from services.hours import desk_open_at

        return self.accepts_requests and desk_open_at(self, moment)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


@pghistory.track()
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

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["center", "sort_order", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "kind", "name"], name="services_facility_unique_in_center"
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
                name="services_openinghours_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")),
                name="services_openinghours_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6), name="services_openinghours_weekday_known"
            ),
            models.UniqueConstraint(
                fields=["center", "weekday", "opens"], name="services_openinghours_center_unique"
            ),
            models.UniqueConstraint(
                fields=["facility", "weekday", "opens"],
                name="services_openinghours_facility_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


@pghistory.track()
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

    class Meta:
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        ordering = ["center", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "date"], name="services_openingexception_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(closed=True, opens__isnull=True, closes__isnull=True)
                | Q(
                    closed=False,
                    opens__isnull=False,
                    closes__isnull=False,
                    closes__gt=models.F("opens"),
                ),
                name="services_openingexception_closed_or_hours",
            ),
        ]

    def __str__(self) -> str:
        if self.closed:
            return f"{self.date:%Y-%m-%d} · {_('closed')}"
        return f"{self.date:%Y-%m-%d} · {self.opens:%H:%M}–{self.closes:%H:%M}"


class StaffProfileQuerySet(models.QuerySet["StaffProfile"]):
    def for_listing(self) -> "StaffProfileQuerySet":
        return self.select_related("user", "subdistrict", "center")


@pghistory.track()
class StaffProfile(models.Model):
    """A staff member's role and the part of the district it covers."""

    class Role(models.TextChoices):
        DISTRICT_ADMIN = "district_admin", _("District administrator")
        SUBDISTRICT_STAFF = "subdistrict_staff", _("Subdistrict staff")
        CENTER_STAFF = "center_staff", _("Center staff")
        HEALTH_STAFF = "health_staff", _("Health-program staff")
        HOUSING_STAFF = "housing_staff", _("Housing staff")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    subdistrict = models.ForeignKey(
        Subdistrict,
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="subdistrict_staff") | Q(subdistrict__isnull=False),
                name="services_staffprofile_subdistrict_staff_has_subdistrict",
            ),
            models.CheckConstraint(
                condition=~Q(role="center_staff") | Q(center__isnull=False),
                name="services_staffprofile_center_staff_has_center",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


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
                name="services_calendarday_workday_on_weekend",
                violation_error_message=_("A make-up working day falls on a Saturday or Sunday."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.name} · {self.get_kind_display()}"


class ServiceCategoryQuerySet(models.QuerySet["ServiceCategory"]):
    def for_catalogue(self) -> "ServiceCategoryQuerySet":
        """Categories with their active items (and the centers offering each), in order."""
        return self.prefetch_related(
            models.Prefetch(
                "items",
                queryset=ServiceItem.objects.filter(is_active=True)
                .order_by("sort_order", "code")
                .prefetch_related(
                    models.Prefetch(
                        "centers",
                        queryset=Center.objects.filter(status=Center.Status.OPEN).order_by("name"),
                    )
                ),
            )
        )


class TranslatedNameMixin:
    """``display_name``: the English name on English pages when there is one."""

    name: str
    name_en: str

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


@pghistory.track()
class ServiceCategory(TranslatedNameMixin, models.Model):
    """A group of the desk's services ("5 categories, 40 items")."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ServiceCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class ServiceItemQuerySet(models.QuerySet["ServiceItem"]):
    def active(self) -> "ServiceItemQuerySet":
        return self.filter(is_active=True)

    def for_listing(self) -> "ServiceItemQuerySet":
        """Items with their category, questions and the open centers that offer them."""
        return self.select_related("category").prefetch_related(
            models.Prefetch("questions", queryset=ServiceQuestion.objects.order_by("order")),
            models.Prefetch(
                "centers",
                queryset=Center.objects.filter(status=Center.Status.OPEN).order_by("name"),
            ),
        )


SERVICE_CODE_RE = r"^[A-Z0-9][A-Z0-9-]{1,19}$"


@pghistory.track()
class ServiceItem(TranslatedNameMixin, models.Model):
    """One service of the desk catalogue, with its fee and target completion time."""

    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField(
        _("service code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(SERVICE_CODE_RE)],
        help_text=_("Capital letters, digits and hyphens, e.g. JZ01; used by the Open311 API."),
    )
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    description = models.TextField(_("description"))
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    fee = models.DecimalField(
        _("fee (yuan)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text=_("0 means free."),
    )
    fee_note = models.CharField(_("fee note"), max_length=100, blank=True)
    target_working_days = models.PositiveSmallIntegerField(
        _("target (working days)"),
        help_text=_(
            "Working days after the day of the request; 0 means by the end of the same working day."
        ),
    )
    needs_address = models.BooleanField(
        _("needs an address"),
        default=False,
        help_text=_("Done at the resident's home: the request must give an address."),
    )
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    centers = models.ManyToManyField(
        Center, verbose_name=_("offered at"), related_name="service_items", blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ServiceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["category__sort_order", "sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee__gte=0), name="services_serviceitem_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(code__regex=SERVICE_CODE_RE), name="services_serviceitem_code_shape"
            ),
            models.UniqueConstraint(
                fields=["category", "name"], name="services_serviceitem_unique_name_in_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_free(self) -> bool:
        return self.fee == 0


@pghistory.track()
class ServiceQuestion(models.Model):
    """An extra question an item asks (the Open311 service definition's attributes)."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLE = "singlevaluelist", _("One choice")
        MULTIPLE = "multivaluelist", _("Several choices")

    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    code = models.SlugField(_("code"), max_length=32)
    prompt = models.CharField(_("question"), max_length=200)
    datatype = models.CharField(_("answer type"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("help text"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_("For choice questions: a JSON list of objects, each with a key and a name."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "code"], name="services_servicequestion_unique_code"
            ),
            models.UniqueConstraint(
                fields=["item", "order"], name="services_servicequestion_unique_order"
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1), name="services_servicequestion_order_positive"
            ),
            models.CheckConstraint(
                condition=~Q(datatype__in=["singlevaluelist", "multivaluelist"]) | ~Q(choices=[]),
                name="services_servicequestion_lists_have_choices",
                violation_error_message=_("A choice question needs choices."),
            ),
            models.CheckConstraint(
                # "center" is the Open311 attribute that picks the center
                condition=~Q(code="center"),
                name="services_servicequestion_code_not_reserved",
            ),
        ]

    def __str__(self) -> str:
        return self.prompt

    def clean(self) -> None:
        if not isinstance(self.choices, list) or not all(
            isinstance(c, dict) and {"key", "name"} <= set(c) for c in self.choices
        ):
            raise ValidationError(
                {
                    "choices": _(
                        "Give the choices as a JSON list of objects, each with a key and a name."
                    )
                }
            )

    @property
    def choice_names(self) -> dict[str, str]:
        return {str(c["key"]): str(c["name"]) for c in self.choices}


class VolunteerQuerySet(models.QuerySet["Volunteer"]):
    def visible_to(self, actor: object) -> "VolunteerQuerySet":
        from services.access import center_scope_filter

        return center_scope_filter(self, actor, "center")


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
                fields=["center", "phone"], name="services_volunteer_unique_phone"
            ),
            models.CheckConstraint(
                condition=Q(phone__regex=r"^1[3-9][0-9]{9}$"),
                name="services_volunteer_phone_mobile",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({_('volunteer')})"


OPEN_STATES = ("submitted", "accepted", "in_progress")
CLOSED_STATES = ("completed", "rejected", "cancelled")


class ServiceRequestQuerySet(models.QuerySet["ServiceRequest"]):
    def visible_to(self, actor: object) -> "ServiceRequestQuerySet":
        """Partners see the requests they filed; staff see their centers' (``services.access``)."""
        from services.access import request_scope_filter

        return request_scope_filter(self, actor)

    def for_listing(self) -> "ServiceRequestQuerySet":
        return self.select_related(
            "center", "item__category", "assigned_staff", "assigned_volunteer", "partner"
        )

    def with_history(self) -> "ServiceRequestQuerySet":
        return self.for_listing().prefetch_related(
            models.Prefetch(
                "steps",
                queryset=RequestStep.objects.select_related("actor_user", "actor_partner").order_by(
                    "at", "pk"
                ),
            )
        )

    def open(self) -> "ServiceRequestQuerySet":
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, now: datetime.datetime | None = None) -> "ServiceRequestQuerySet":
        return self.filter(state__in=OPEN_STATES, due_at__lt=now or timezone.now())

    def not_overdue(self, now: datetime.datetime | None = None) -> "ServiceRequestQuerySet":
        return self.exclude(state__in=OPEN_STATES, due_at__lt=now or timezone.now())

    def by_reference(self, reference: str) -> "ServiceRequestQuerySet":
        return self.filter(reference=normalise_reference(reference))


REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out on the phone
REFERENCE_RE = r"^LJ-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$"


def normalise_reference(raw: str) -> str:
    """``lj 7k3m9qxd`` → ``LJ-7K3M-9QXD``: what residents type, as stored."""
    compact = re.sub(r"[^0-9A-Za-z]", "", raw or "").upper()
    if compact.startswith("LJ"):
        compact = compact[2:]
    if len(compact) != 8:
        return (raw or "").strip().upper()
    return f"LJ-{compact[:4]}-{compact[4:]}"


@pghistory.track()
class ServiceRequest(models.Model):
    """A resident's request for one service item at one center, from first call to rating."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    class Channel(models.TextChoices):
        DESK = "desk", _("At the desk")
        WEB = "web", _("Public website")
        PHONE = "phone", _("By phone, through staff")
        API = "api", _("Partner API")
        OPEN311 = "open311", _("Open311")

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="requests"
    )
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("registered resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=11, validators=[validate_mobile_phone])
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)
    partner = models.ForeignKey(
        "licang.Partner",
        verbose_name=_("filed by partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    state_note = models.TextField(
        _("note on the state"),
        blank=True,
        help_text=_("The reason for a rejection or cancellation, or the staff's last note."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    due_at = models.DateTimeField(_("due"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("rejected or cancelled at"), null=True, blank=True)
    assigned_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_service_requests",
    )
    assigned_volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("assigned volunteer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    # set by each action to the time of its step (not auto_now: the demo and imports backdate)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reference__regex=REFERENCE_RE),
                name="services_servicerequest_reference_shape",
            ),
            models.CheckConstraint(
                condition=Q(phone__regex=r"^1[3-9][0-9]{9}$"),
                name="services_servicerequest_phone_mobile",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="services_servicerequest_rating_one_to_five",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(state="completed", rated_at__isnull=False),
                name="services_servicerequest_rated_when_completed",
            ),
            models.CheckConstraint(
                condition=Q(assigned_staff__isnull=True) | Q(assigned_volunteer__isnull=True),
                name="services_servicerequest_one_assignee",
            ),
            models.CheckConstraint(
                condition=~Q(state="completed") | Q(completed_at__isnull=False),
                name="services_servicerequest_completed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["rejected", "cancelled"])
                | (Q(closed_at__isnull=False) & ~Q(state_note="")),
                name="services_servicerequest_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gte=models.F("submitted_at")),
                name="services_servicerequest_due_after_submission",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="services_servicerequest_coordinates_pair",
            ),
        ]
        indexes = [
            # a center's queue, filtered by state
            models.Index(fields=["center", "state"], name="services_request_queue_idx"),
            # overdue open requests
            models.Index(fields=["state", "due_at"], name="services_request_due_idx"),
            # date-range lists (Open311) and monthly figures
            models.Index(fields=["submitted_at"], name="services_request_submitted_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        """``张*``, ``欧阳**``: the family name and a star per other character."""
        if len(self.name) <= 1:
            return self.name
        return self.name[0] + "*" * (len(self.name) - 1)

    @property
    def assignee(self) -> Any:
        return self.assigned_staff or self.assigned_volunteer

    @property
    def can_be_rated(self) -> bool:
        return self.state == self.State.COMPLETED and self.rating is None


@pghistory.track()
class RequestStep(models.Model):
    """One step in a request's history: who did what, when, with which note."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        STARTED = "started", _("Work started")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        ASSIGNED = "assigned", _("Assigned")
        RATED = "rated", _("Rated")
        REOPENED = "reopened", _("Reopened: not solved")

    class ActorKind(models.TextChoices):
        STAFF = "staff", _("Staff")
        PARTNER = "partner", _("Partner")
        RESIDENT = "resident", _("Resident")

    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("service request"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    from_state = models.CharField(
        _("from state"), max_length=12, choices=ServiceRequest.State.choices, blank=True
    )
    to_state = models.CharField(_("to state"), max_length=12, choices=ServiceRequest.State.choices)
    actor_kind = models.CharField(_("by"), max_length=10, choices=ActorKind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_partner = models.ForeignKey(
        "licang.Partner",
        verbose_name=_("partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")
        ordering = ["request", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(actor_kind="staff") | Q(actor_partner__isnull=True),
                name="services_requeststep_staff_is_no_partner",
            ),
            models.CheckConstraint(
                condition=~Q(actor_kind="partner") | Q(actor_user__isnull=True),
                name="services_requeststep_partner_is_no_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    @property
    def actor_display(self) -> str:
        if self.actor_kind == self.ActorKind.PARTNER and self.actor_partner:
            return str(self.actor_partner)
        if self.actor_kind == self.ActorKind.STAFF and self.actor_user:
            user = self.actor_user
            return user.get_full_name() or user.get_username()
        return str(self.get_actor_kind_display())
