"""Units, their owners, one case per unit, the steps of each case and its documents."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from housing.access import estate_filter
from housing.documents import document_storage
from housing.models.estates import ChecklistItem, Estate
from licang.models import Partner
from licang.registry.models import Resident

# No 0/O, 1/I: a case number is read out over the phone and typed by elderly residents.
CASE_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CASE_NUMBER_LENGTH = 10


def new_case_number() -> str:
    """A case number nobody can guess from another: 10 random characters (50 bits)."""
    body = "".join(secrets.choice(CASE_NUMBER_ALPHABET) for _ in range(CASE_NUMBER_LENGTH))
    return f"FC{body}"


class Step(models.TextChoices):
    """The steps of a case, in the only order a case may take them."""

    NOT_STARTED = "not_started", _("Not started")
    DOCUMENTS_COMPLETE = "documents_complete", _("Documents complete")
    TAX_ASSESSED = "tax_assessed", _("Tax assessed")
    TAX_PAID = "tax_paid", _("Tax paid")
    TRANSFER_SUBMITTED = "transfer_submitted", _("Transfer submitted")
    REGISTERED = "registered", _("Registered")
    CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")


STEPS: list[str] = list(Step.values)


def step_index(step: str) -> int:
    return STEPS.index(step)


def next_step(step: str) -> str | None:
    index = step_index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


class HoldReason(models.TextChoices):
    INHERITANCE_DISPUTE = "inheritance_dispute", _("Inheritance dispute")
    OWNER_ABROAD = "owner_abroad", _("Owner abroad")
    UNPAID_BALANCE = "unpaid_balance", _("Unpaid resettlement balance")
    OTHER = "other", _("Other special cause")


class UnitQuerySet(models.QuerySet["Unit"]):
    def for_listing(self) -> UnitQuerySet:
        return self.select_related("estate").order_by(
            "estate__code", "building", "entrance", "room"
        )

    def visible_to(self, actor: object) -> UnitQuerySet:
        return estate_filter(self, actor, estate_path="estate")


class Unit(models.Model):
    """A home or a shop unit of an estate."""

    class Kind(models.TextChoices):
        # a context: Django's admin catalogue translates a bare "Home" as the home page
        HOME = "home", pgettext_lazy("unit kind", "Home")
        SHOP = "shop", _("Shop unit")

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="units"
    )
    building = models.CharField(_("building"), max_length=20)
    entrance = models.CharField(_("entrance"), max_length=20, blank=True)
    room = models.CharField(_("room"), max_length=20)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.HOME)
    floor_area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1.00"))],
    )
    owners: models.ManyToManyField[Resident, UnitOwner] = models.ManyToManyField(
        Resident, through="UnitOwner", verbose_name=_("owners"), related_name="+"
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["estate", "building", "entrance", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "building", "entrance", "room"],
                name="housing_unit_address_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["home", "shop"]), name="housing_unit_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(floor_area__gt=0), name="housing_unit_floor_area_positive"
            ),
        ]

    def __str__(self) -> str:
        entrance = f"-{self.entrance}" if self.entrance else ""
        return f"{self.estate} {self.building}{entrance}-{self.room}"


class UnitOwner(models.Model):
    """An owner of a unit and their share (percent); several owners' shares make 100."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="ownerships"
    )
    resident = models.ForeignKey(
        Resident, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["unit", "-share", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "resident"], name="housing_unitowner_once"),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="housing_unitowner_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.share}%"


class CaseQuerySet(models.QuerySet["Case"]):
    def for_listing(self) -> CaseQuerySet:
        """With what every list shows: the unit, the estate and its checklist, the documents
        received (for ``missing_documents``) — a fixed number of queries whatever the rows."""
        return self.select_related("unit__estate").prefetch_related(
            models.Prefetch(
                "unit__estate__checklist",
                queryset=ChecklistItem.objects.filter(required=True).order_by("sort_order", "code"),
            ),
            "documents",
        )

    def visible_to(self, actor: object) -> CaseQuerySet:
        """An agent sees its estates' cases; staff their scope; anyone else nothing."""
        return estate_filter(self, actor, estate_path="unit__estate")


class Case(models.Model):
    """A unit's road to its property certificate: one case per unit."""

    case_number = models.CharField(
        _("case number"), max_length=16, unique=True, default=new_case_number, editable=False
    )
    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="case"
    )
    step = models.CharField(
        _("step"), max_length=24, choices=Step.choices, default=Step.NOT_STARTED
    )
    step_reached_at = models.DateTimeField(_("step reached at"))
    on_hold = models.BooleanField(_("on hold"), default=False)
    hold_reason = models.CharField(
        _("hold reason"), max_length=24, choices=HoldReason.choices, blank=True
    )
    hold_note = models.CharField(_("hold note"), max_length=500, blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate case")
        verbose_name_plural = _("certificate cases")
        ordering = ["unit__estate__code", "unit__building", "unit__entrance", "unit__room"]
        constraints = [
            models.CheckConstraint(condition=Q(step__in=STEPS), name="housing_case_step_known"),
            models.CheckConstraint(
                condition=(Q(on_hold=True) & ~Q(hold_reason=""))
                | (Q(on_hold=False) & Q(hold_reason="")),
                name="housing_case_hold_has_reason",
            ),
        ]
        indexes = [
            # the estate page counts cases per step and the filters select by step and hold
            models.Index(fields=["step", "on_hold"], name="housing_case_step_hold_idx"),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def next_step(self) -> str | None:
        return next_step(self.step)

    def missing_documents(self) -> list[ChecklistItem]:
        """The estate's required items with no document received (prefetched by ``for_listing``)."""
        received = {d.item_id for d in self.documents.all()}  # type: ignore[attr-defined]
        return [i for i in self.unit.estate.checklist.all() if i.pk not in received and i.required]


class CaseMove(models.Model):
    """A step of a case's history: who moved it, when, from where to where, and why."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Moved forward")
        CORRECTION = "correction", _("Correction (moved back)")
        HOLD = "hold", _("Put on hold")
        RESUME = "resume", _("Resumed")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="moves"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    from_step = models.CharField(_("from"), max_length=24, choices=Step.choices)
    to_step = models.CharField(_("to"), max_length=24, choices=Step.choices)
    hold_reason = models.CharField(
        _("hold reason"), max_length=24, choices=HoldReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"))
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by staff member"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    by_partner = models.ForeignKey(
        Partner,
        verbose_name=_("by partner"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    processing_day = models.ForeignKey(
        "housing.ProcessingDay",
        verbose_name=_("processing day"),
        on_delete=models.PROTECT,
        related_name="moves",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["case", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["advance", "correction", "hold", "resume"]),
                name="housing_casemove_kind_known",
            ),
            models.CheckConstraint(
                condition=~Q(kind="correction") | ~Q(note=""),
                name="housing_casemove_correction_has_note",
            ),
            models.CheckConstraint(
                condition=~Q(kind="hold") | ~Q(hold_reason=""),
                name="housing_casemove_hold_has_reason",
            ),
        ]
        indexes = [
            # the figures count certificates issued per month
            models.Index(fields=["to_step", "kind", "at"], name="housing_move_issued_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()} · {self.get_to_step_display()}"

    @property
    def actor_name(self) -> str:
        if self.by_partner_id:
            return str(self.by_partner)
        return str(self.by_user) if self.by_user_id else ""


def document_path(instance: CaseDocument, filename: str) -> str:
    # the stored name says nothing about the family: a random name under the case's folder
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.content_type, "bin"
    )
    return f"housing/{instance.case.case_number}/{uuid.uuid4().hex}.{extension}"


class CaseDocument(models.Model):
    """A checklist item received for a case: seen on paper, or uploaded as a scan or photo."""

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="documents"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(
        _("file"), upload_to=document_path, storage=document_storage, blank=True, max_length=200
    )
    content_type = models.CharField(_("file type"), max_length=40, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    received_at = models.DateTimeField(_("received at"))
    received_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by staff member"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    received_by_partner = models.ForeignKey(
        Partner,
        verbose_name=_("received by partner"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["case", "item__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "item"], name="housing_casedocument_once"),
            models.CheckConstraint(
                condition=Q(file="")
                | Q(content_type__in=["application/pdf", "image/jpeg", "image/png"]),
                name="housing_casedocument_file_type_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.item}"
