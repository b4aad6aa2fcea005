"""The district's directory of the linkage: social organisations, social workers, volunteers and
charity resources."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.manager import MultilingualManager

from licang.masking import mask_phone
from licang.models import Partner
from licang.phones import validate_mobile_phone
from licang.registry.models import Community, Resident
from services.centers.hours import Weekday
from services.centers.models import Volunteer as CenterVolunteer
from services.linkage import access
from services.linkage.models.amounts import ZERO


class Category(models.TextChoices):
    """What a need is about, and what a volunteer or organisation is good at."""

    CARE = "care", _("Care")
    COMPANIONSHIP = "companionship", _("Companionship")
    REPAIRS = "repairs", _("Repairs")
    STUDY = "study", _("Study")
    MATERIAL = "material", _("Material help")
    EMPLOYMENT = "employment", _("Employment")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet["SocialOrganisation"]):
    def for_listing(self) -> OrganisationQuerySet:
        return self.select_related("partner").prefetch_related("communities")

    def visible_to(self, actor: object) -> OrganisationQuerySet:
        return access.directory_records(self, actor, partner_path="partner")

    def brought_in(self) -> OrganisationQuerySet:
        """The district-level organisations (community-level ones are counted apart)."""
        return self.filter(community_level=False)


# tracked by pghistory in translation.py, once its translated fields exist
class SocialOrganisation(models.Model):
    """A social organisation working in the district; each can hold API tokens as a partner."""

    class Kind(models.TextChoices):
        SOCIAL_WORK = "social_work", _("Social-work agency")
        CHARITY = "charity", _("Charity")
        VOLUNTEER_GROUP = "volunteer_group", _("Volunteer group")
        FEDERATION = "federation", _("Federation or association")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    partner = models.OneToOneField(
        Partner,
        verbose_name=_("partner account"),
        on_delete=models.PROTECT,
        related_name="social_organisation",
        null=True,
        blank=True,
        limit_choices_to={"kind": Partner.Kind.SOCIAL_ORGANISATION},
    )
    registration_number = models.CharField(
        _("registration number"), max_length=18, unique=True, help_text=_("统一社会信用代码")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    community_level = models.BooleanField(
        _("community-level organisation"),
        default=False,
        help_text=_("Community social organisations are counted apart from those brought in."),
    )
    founded_on = models.DateField(_("founded on"))
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=11, blank=True, validators=[validate_mobile_phone]
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Where the portal writes to the organisation (a fulfilled wish it adopted)."),
    )
    service_areas = ArrayField(
        models.CharField(max_length=20, choices=Category.choices),
        verbose_name=_("service areas"),
        default=list,
        blank=True,
    )
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities"), related_name="social_organisations", blank=True
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MultilingualManager.from_queryset(OrganisationQuerySet)()
    name_zh_hans: str | None
    name_en: str | None
    description_zh_hans: str | None
    description_en: str | None

    class Meta:
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        ordering = ["community_level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_phone="") | Q(contact_phone__regex=r"^1[3-9][0-9]{9}$"),
                name="linkage_socialorganisation_phone_mobile",
            ),
        ]
        indexes = [
            # the yearly growth figure counts organisations by the year they were founded
            models.Index(fields=["community_level", "founded_on"], name="linkage_org_growth_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)


class SocialWorkerQuerySet(models.QuerySet["SocialWorker"]):
    def for_listing(self) -> SocialWorkerQuerySet:
        return self.select_related("organisation")

    def visible_to(self, actor: object) -> SocialWorkerQuerySet:
        return access.directory_records(self, actor, partner_path="organisation__partner")


@pghistory.track()
class SocialWorker(models.Model):
    """A social worker, the organisation they work for and their certificate level."""

    class Level(models.TextChoices):
        NONE = "none", _("No certificate")
        ASSISTANT = "assistant", _("Assistant social worker")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        SENIOR = "senior", _("Senior social worker")

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    organisation = models.ForeignKey(
        SocialOrganisation,
        verbose_name=_("works for"),
        on_delete=models.PROTECT,
        related_name="social_workers",
    )
    certificate_level = models.CharField(
        _("certificate level"), max_length=20, choices=Level.choices, default=Level.NONE
    )
    phone = models.CharField(
        _("mobile phone"), max_length=11, blank=True, validators=[validate_mobile_phone]
    )

    objects = SocialWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("social worker")
        verbose_name_plural = _("social workers")
        ordering = ["organisation", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=r"^1[3-9][0-9]{9}$"),
                name="linkage_socialworker_phone_mobile",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.organisation}"


class LinkageVolunteerQuerySet(models.QuerySet["Volunteer"]):
    def for_listing(self) -> LinkageVolunteerQuerySet:
        return self.select_related("organisation", "resident").prefetch_related("communities")

    def visible_to(self, actor: object) -> LinkageVolunteerQuerySet:
        return access.directory_records(self, actor, partner_path="organisation__partner")

    def active(self) -> LinkageVolunteerQuerySet:
        return self.filter(is_active=True)


@pghistory.track()
class Volunteer(models.Model):
    """A volunteer of the linkage: a resident or not, with skills, communities and availability.

    A neighborhood center's volunteer becomes one through ``actions.volunteer_from_center``.
    """

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=11, validators=[validate_mobile_phone])
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_(
            "When given, the portal's messages to the volunteer go here instead of by SMS."
        ),
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="linkage_volunteering",
        null=True,
        blank=True,
    )
    center_volunteer = models.OneToOneField(
        CenterVolunteer,
        verbose_name=_("center volunteer"),
        on_delete=models.PROTECT,
        related_name="linkage_volunteer",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        SocialOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="volunteers",
        null=True,
        blank=True,
    )
    skills = ArrayField(
        models.CharField(max_length=20, choices=Category.choices),
        verbose_name=_("skills"),
        default=list,
        blank=True,
    )
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities"), related_name="linkage_volunteers", blank=True
    )
    available_on = ArrayField(
        models.PositiveSmallIntegerField(choices=Weekday.choices),
        verbose_name=_("available on"),
        default=list,
        blank=True,
        help_text=_("The weekdays the volunteer is usually free."),
    )
    consents_to_contact = models.BooleanField(_("consents to be contacted"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LinkageVolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("linkage volunteer")
        verbose_name_plural = _("linkage volunteers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["phone"], name="linkage_volunteer_unique_phone"),
            models.CheckConstraint(
                condition=Q(phone__regex=r"^1[3-9][0-9]{9}$"), name="linkage_volunteer_phone_mobile"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class ResourceQuerySet(models.QuerySet["CharityResource"]):
    def for_listing(self) -> ResourceQuerySet:
        return self.select_related("organisation")

    def visible_to(self, actor: object) -> ResourceQuerySet:
        return access.directory_records(self, actor)

    def available(self) -> ResourceQuerySet:
        return self.filter(remaining__gt=0)


# tracked by pghistory in translation.py, once its translated fields exist
class CharityResource(models.Model):
    """Money, goods or service hours given for the linkage; drawn down as needs use them."""

    class Kind(models.TextChoices):
        MONEY = "money", _("Money (yuan)")
        GOODS = "goods", _("Goods")
        SERVICE_HOURS = "service_hours", _("Service hours")

    name = models.CharField(_("name"), max_length=100)
    donor = models.CharField(_("donor"), max_length=100)
    organisation = models.ForeignKey(
        SocialOrganisation,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="resources",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("e.g. 件, 箱, 元"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    remaining = models.DecimalField(
        _("left"), max_digits=12, decimal_places=2, editable=False, default=ZERO
    )
    restrictions = models.CharField(_("restrictions on use"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"))

    objects = MultilingualManager.from_queryset(ResourceQuerySet)()
    name_zh_hans: str | None
    name_en: str | None
    restrictions_zh_hans: str | None
    restrictions_en: str | None

    class Meta:
        verbose_name = _("charity resource")
        verbose_name_plural = _("charity resources")
        ordering = ["-received_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & Q(remaining__lte=F("quantity")),
                name="linkage_charityresource_remaining_within_quantity",
                violation_error_message=_("What is left must lie between zero and the quantity."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["money", "goods", "service_hours"]),
                name="linkage_charityresource_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.remaining:g}/{self.quantity:g} {self.unit})"

    @property
    def used(self) -> Decimal:
        return self.quantity - self.remaining
