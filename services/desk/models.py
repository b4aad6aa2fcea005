"""The one-stop service desk: the catalogue (categories, items and their questions), service
requests and the steps of their history."""

import datetime
import re
from decimal import Decimal
from typing import Any

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.manager import MultilingualManager

from licang.masking import mask_phone
from licang.phones import validate_mobile_phone
from licang.registry.models import Resident
from services.centers.models import Center, Volunteer
from services.desk import access


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
    """``display_name``: the name in the language of the page. The name is a translated field
    (``services/desk/translation.py``) that falls back to the Chinese; the mixin stays a base of
    the two catalogue models because their first migration names it."""

    name: str

    @property
    def display_name(self) -> str:
        return self.name


# tracked by pghistory in translation.py, once its translated fields exist
class ServiceCategory(TranslatedNameMixin, models.Model):
    """A group of the desk's services ("5 categories, 40 items").

    Name and description are translated (``services/desk/translation.py``).
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    # a translated model's manager is modeltranslation's, declared so that the types know it
    objects = MultilingualManager.from_queryset(ServiceCategoryQuerySet)()
    # translated columns (translation.py)
    name_zh_hans: str | None
    name_en: str | None
    description_zh_hans: str | None
    description_en: str | None

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


# tracked by pghistory in translation.py, once its translated fields exist
class ServiceItem(TranslatedNameMixin, models.Model):
    """One service of the desk catalogue, with its fee and target completion time.

    Its texts are translated (``services/desk/translation.py``).
    """

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
    name = models.CharField(_("name"), max_length=100)
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

    objects = MultilingualManager.from_queryset(ServiceItemQuerySet)()
    # translated columns (translation.py)
    name_zh_hans: str | None
    name_en: str | None
    description_zh_hans: str | None
    description_en: str | None
    what_to_bring_zh_hans: str | None
    what_to_bring_en: str | None
    fee_note_zh_hans: str | None
    fee_note_en: str | None

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["category__sort_order", "sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee__gte=0), name="desk_serviceitem_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(code__regex=SERVICE_CODE_RE), name="desk_serviceitem_code_shape"
            ),
            models.UniqueConstraint(
                fields=["category", "name"], name="desk_serviceitem_unique_name_in_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_free(self) -> bool:
        return self.fee == 0


# tracked by pghistory in translation.py, once its translated fields exist
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

    objects = MultilingualManager["ServiceQuestion"]()
    # translated columns (translation.py)
    prompt_zh_hans: str | None
    prompt_en: str | None
    help_text_zh_hans: str | None
    help_text_en: str | None
    choices_zh_hans: list[dict[str, Any]] | None
    choices_en: list[dict[str, Any]] | None

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "code"], name="desk_servicequestion_unique_code"
            ),
            models.UniqueConstraint(
                fields=["item", "order"], name="desk_servicequestion_unique_order"
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1), name="desk_servicequestion_order_positive"
            ),
            models.CheckConstraint(
                condition=~Q(datatype__in=["singlevaluelist", "multivaluelist"]) | ~Q(choices=[]),
                name="desk_servicequestion_lists_have_choices",
                violation_error_message=_("A choice question needs choices."),
            ),
            models.CheckConstraint(
                # "center" is the Open311 attribute that picks the center
                condition=~Q(code="center"),
                name="desk_servicequestion_code_not_reserved",
            ),
        ]

    def __str__(self) -> str:
        return self.prompt

    def clean(self) -> None:
        # the choices in each language (``translation.py``); English may be left empty
        chinese = self.choices_zh_hans or []
        english = self.choices_en or []
        shape = _("Give the choices as a JSON list of objects, each with a key and a name.")
        for field, choices in (("choices_zh_hans", chinese), ("choices_en", english)):
            if not isinstance(choices, list) or not all(
                isinstance(c, dict) and {"key", "name"} <= set(c) for c in choices
            ):
                raise ValidationError({field: shape})
        if english and [c["key"] for c in english] != [c["key"] for c in chinese or []]:
            raise ValidationError(
                {
                    "choices_en": _(
                        "The English choices have the keys of the Chinese ones, in order."
                    )
                }
            )

    @property
    def choice_names(self) -> dict[str, str]:
        return {str(c["key"]): str(c["name"]) for c in self.choices}


OPEN_STATES = ("submitted", "accepted", "in_progress")
CLOSED_STATES = ("completed", "rejected", "cancelled")


class ServiceRequestQuerySet(models.QuerySet["ServiceRequest"]):
    def visible_to(self, actor: object) -> "ServiceRequestQuerySet":
        """Partners see the requests they filed; staff see their centers' (``services.access``)."""
        return access.request_scope_filter(self, actor)

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
                name="desk_servicerequest_reference_shape",
            ),
            models.CheckConstraint(
                condition=Q(phone__regex=r"^1[3-9][0-9]{9}$"),
                name="desk_servicerequest_phone_mobile",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="desk_servicerequest_rating_one_to_five",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(state="completed", rated_at__isnull=False),
                name="desk_servicerequest_rated_when_completed",
            ),
            models.CheckConstraint(
                condition=Q(assigned_staff__isnull=True) | Q(assigned_volunteer__isnull=True),
                name="desk_servicerequest_one_assignee",
            ),
            models.CheckConstraint(
                condition=~Q(state="completed") | Q(completed_at__isnull=False),
                name="desk_servicerequest_completed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["rejected", "cancelled"])
                | (Q(closed_at__isnull=False) & ~Q(state_note="")),
                name="desk_servicerequest_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gte=models.F("submitted_at")),
                name="desk_servicerequest_due_after_submission",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="desk_servicerequest_coordinates_pair",
            ),
        ]
        indexes = [
            # a center's queue, filtered by state
            models.Index(fields=["center", "state"], name="desk_request_queue_idx"),
            # overdue open requests
            models.Index(fields=["state", "due_at"], name="desk_request_due_idx"),
            # date-range lists (Open311) and monthly figures
            models.Index(fields=["submitted_at"], name="desk_request_submitted_idx"),
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
                name="desk_requeststep_staff_is_no_partner",
            ),
            models.CheckConstraint(
                condition=~Q(actor_kind="partner") | Q(actor_user__isnull=True),
                name="desk_requeststep_partner_is_no_staff",
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
