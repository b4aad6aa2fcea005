"""The registry every program reads: subdistricts, communities, households, residents and the
staff profiles that give each staff member a role and a part of the district."""

import datetime
import uuid
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.manager import MultilingualManager

from licang import idnumber
from licang.idnumber import validate_id_number
from licang.masking import mask_id_number, mask_phone
from licang.phones import validate_mobile_phone
from licang.registry import access, names, search
from licang.registry.roles import Role


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

    # a translated model's manager is modeltranslation's, declared so that the types know it
    objects = MultilingualManager.from_queryset(SubdistrictQuerySet)()
    # translated columns (translation.py)
    name_zh_hans: str | None
    name_en: str | None

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
        return access.scope_filter(self, actor, "")


# tracked by pghistory in translation.py, once its translated fields exist
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

    objects = MultilingualManager.from_queryset(CommunityQuerySet)()
    # translated columns (translation.py)
    name_zh_hans: str | None
    name_en: str | None

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["subdistrict__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "name"], name="registry_community_unique_name_in_subdistrict"
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
        return access.scope_filter(self, actor, "community")


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
                fields=["community", "number"], name="registry_household_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.address}"


class ResidentQuerySet(models.QuerySet["Resident"]):
    def for_listing(self) -> "ResidentQuerySet":
        return self.select_related("community__subdistrict", "household")

    def visible_to(self, actor: object) -> "ResidentQuerySet":
        """The residents ``actor`` may see: see ``licang.registry.access`` for the rule."""
        return access.scope_filter(self, actor, "community")

    def search(self, text: str) -> "ResidentQuerySet":
        """The residents a staff member's search finds: by characters, pinyin, initials or the
        last digits of the ID number or phone, each word served by an index
        (``licang.registry.search``). Scope is the caller's: ``visible_to`` first."""
        found = search.search_filter(text)
        if found is None:
            return self
        return self.alias(**search.expressions()).filter(found)

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


# the pinyin keys are derived from the name, which the history already holds
@pghistory.track(exclude=["name_pinyin", "name_initials"])
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
    # derived from the name (``licang.registry.names``) so that staff can search by pinyin
    name_pinyin = models.CharField(
        _("name in pinyin"), max_length=names.PINYIN_LENGTH, blank=True, editable=False
    )
    name_initials = models.CharField(
        _("initials of the name"), max_length=names.INITIALS_LENGTH, blank=True, editable=False
    )
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
                name="registry_resident_id_number_shape",
            ),
            models.CheckConstraint(
                condition=Q(birth_date=_birth_date_from_id_number()),
                name="registry_resident_birth_date_from_id_number",
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=r"^1[3-9][0-9]{9}$"),
                name="registry_resident_phone_mobile",
            ),
        ]
        indexes = [
            # age-based eligibility lists filter on birth date
            models.Index(fields=["birth_date"], name="registry_resident_birth_idx"),
            # registry search by name: the admin's and the API's "name contains" (ILIKE '%…%')
            GinIndex(
                fields=["name"], opclasses=["gin_trgm_ops"], name="registry_resident_name_trgm"
            ),
            # registry search by pinyin: "name_pinyin contains zhang" (ILIKE '%zhang%')
            GinIndex(
                fields=["name_pinyin"],
                opclasses=["gin_trgm_ops"],
                name="registry_resident_pinyin_trgm",
            ),
            # registry search by initials: "zs" finds 张三 and "zsf" 张三丰 (trigrams cannot
            # serve a two-letter pattern): the first reading's initials start with it
            # (LIKE 'zs%') ...
            models.Index(
                fields=["name_initials"],
                opclasses=["varchar_pattern_ops"],
                name="registry_resident_initials",
            ),
            # ... and any reading's initials exactly: "cx" finds 曾祥 read Ceng (initials "zx cx")
            GinIndex(search.initials_readings(), name="registry_resident_initials_any"),
            # registry search by one or two characters ("张", "秀英"), too short for trigrams:
            # the name holds each character (then contains them, rechecked on the rows found)
            GinIndex(search.name_characters(), name="registry_resident_name_chars"),
            # registry search by the last digits of the ID number or the phone ("ends with 1234"):
            # a prefix match on the reversed number (LIKE '4321%')
            models.Index(
                OpClass(search.id_number_reversed(), name="text_pattern_ops"),
                name="registry_resident_id_suffix",
            ),
            models.Index(
                OpClass(search.phone_reversed(), name="text_pattern_ops"),
                name="registry_resident_phone_suffix",
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

    def clean_fields(self, exclude: Any = None) -> None:
        # the pinyin keys follow the name wherever the name is validated, bulk imports too
        self.name_pinyin, self.name_initials = names.pinyin_keys(self.name)
        super().clean_fields(exclude=exclude)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def age_on(self, day: datetime.date) -> int:
        return idnumber.age_on(self.birth_date, day)


class StaffProfileQuerySet(models.QuerySet["StaffProfile"]):
    def for_listing(self) -> "StaffProfileQuerySet":
        return self.select_related("user", "subdistrict", "center")


@pghistory.track()
class StaffProfile(models.Model):
    """A staff member's role and the part of the district it covers."""

    Role = Role

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
    # The registry's one reference to a program: a center worker's workplace. It is named by
    # label only, so the registry imports nothing of services.centers.
    center = models.ForeignKey(
        "centers.Center",
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
                name="registry_staffprofile_subdistrict_staff_has_subdistrict",
            ),
            models.CheckConstraint(
                condition=~Q(role="center_staff") | Q(center__isnull=False),
                name="registry_staffprofile_center_staff_has_center",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
