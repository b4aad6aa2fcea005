"""Estates, the obstacles that blocked their certificates, their milestones and their checklists."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from housing.access import estate_filter
from licang.models import Partner
from licang.registry.models import Community


class EstateQuerySet(models.QuerySet["Estate"]):
    def for_listing(self) -> EstateQuerySet:
        return self.select_related("community__subdistrict", "agent").order_by("code")

    def visible_to(self, actor: object) -> EstateQuerySet:
        """An agent sees the estates it was appointed to; staff their scope; anyone else none."""
        return estate_filter(self, actor, estate_path="")


class Estate(models.Model):
    """A resettlement estate whose homes wait for their property certificates."""

    class LandType(models.TextChoices):
        ALLOCATED = "allocated", _("Allocated state land")
        TRANSFERRED = "transferred", _("Transferred state land")
        COLLECTIVE = "collective", _("Collective land")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    land_type = models.CharField(_("land type"), max_length=16, choices=LandType.choices)
    builder = models.CharField(_("built by"), max_length=200, blank=True)
    year_occupied = models.PositiveSmallIntegerField(
        _("year occupied"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    homes = models.PositiveIntegerField(_("homes"))
    shops = models.PositiveIntegerField(_("shop units"), default=0)
    agent = models.ForeignKey(
        Partner,
        verbose_name=_("registration agent"),
        on_delete=models.PROTECT,
        related_name="housing_estates",
        limit_choices_to={"kind": Partner.Kind.REGISTRATION_AGENT},
        null=True,
        blank=True,
    )
    work_began_on = models.DateField(_("work began on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = MultilingualManager.from_queryset(EstateQuerySet)()

    class Meta:
        verbose_name = _("estate")
        verbose_name_plural = _("estates")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(land_type__in=["allocated", "transferred", "collective"]),
                name="housing_estate_land_type_known",
            ),
            models.CheckConstraint(
                condition=Q(homes__gte=0) & Q(shops__gte=0), name="housing_estate_units_counted"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_count(self) -> int:
        return self.homes + self.shops


class ObstacleQuerySet(models.QuerySet["Obstacle"]):
    def for_listing(self) -> ObstacleQuerySet:
        return self.select_related("estate").order_by("estate__code", "-opened_on", "pk")

    def visible_to(self, actor: object) -> ObstacleQuerySet:
        return estate_filter(self, actor, estate_path="estate")

    def blocking_open(self) -> ObstacleQuerySet:
        return self.filter(blocking=True).exclude(status=Obstacle.Status.RESOLVED)


class Obstacle(models.Model):
    """What stood in the way of an estate's certificates, who was to solve it, and how it was."""

    class Kind(models.TextChoices):
        FIRE_SAFETY = "fire_safety", _("Fire safety")
        SUNLIGHT = "sunlight", _("Sunlight analysis")
        MAIN_STRUCTURE = "main_structure", _("Main structure")
        PLANNING = "planning", _("Planning")
        TAX = "tax", _("Tax")
        MISSING_DRAWINGS = "missing_drawings", _("Missing drawings")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("Being resolved")
        RESOLVED = "resolved", _("Resolved")

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="obstacles"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    agency = models.CharField(_("responsible agency"), max_length=100)
    blocking = models.BooleanField(
        _("blocks the initial registration"),
        default=True,
        help_text=_(
            "While a blocking obstacle is open the initial registration cannot be recorded."
        ),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default="open")
    opened_on = models.DateField(_("recorded on"))
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    objects = MultilingualManager.from_queryset(ObstacleQuerySet)()

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        ordering = ["estate", "opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "fire_safety",
                        "sunlight",
                        "main_structure",
                        "planning",
                        "tax",
                        "missing_drawings",
                        "other",
                    ]
                ),
                name="housing_obstacle_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "resolved"]),
                name="housing_obstacle_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved")
                | (Q(resolved_on__isnull=False) & ~Q(resolution="")),
                name="housing_obstacle_resolved_has_date_and_how",
            ),
        ]
        indexes = [
            # "is a blocking obstacle open?" before the initial registration is recorded
            models.Index(fields=["estate", "blocking", "status"], name="housing_obstacle_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.estate} · {self.get_kind_display()}"


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def for_listing(self) -> MilestoneQuerySet:
        return self.select_related("estate").order_by("estate__code", "happened_on", "pk")

    def visible_to(self, actor: object) -> MilestoneQuerySet:
        return estate_filter(self, actor, estate_path="estate")


class Milestone(models.Model):
    """A dated step of an estate's long road: shown to staff and, without names, to the public."""

    class Kind(models.TextChoices):
        TASK_FORCE = "task_force", _("Task force set up")
        SURVEYS = "surveys", _("Surveys done")
        JOINT_COMMITMENT = "joint_commitment", _("Joint commitment stamped")
        FIRE_APPROVAL = "fire_approval", _("Fire-safety approval")
        SUNLIGHT_APPROVAL = "sunlight_approval", _("Sunlight approval")
        INITIAL_REGISTRATION = "initial_registration", _("Initial registration")
        PROCESSING_DAY = "processing_day", _("On-site processing day")
        CEREMONY = "ceremony", _("Certificate ceremony")
        OTHER = "other", _("Other")

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)

    objects = MultilingualManager.from_queryset(MilestoneQuerySet)()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["estate", "happened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "task_force",
                        "surveys",
                        "joint_commitment",
                        "fire_approval",
                        "sunlight_approval",
                        "initial_registration",
                        "processing_day",
                        "ceremony",
                        "other",
                    ]
                ),
                name="housing_milestone_kind_known",
            ),
            models.UniqueConstraint(
                fields=["estate"],
                condition=Q(kind="initial_registration"),
                name="housing_milestone_one_initial_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.estate} · {self.get_kind_display()} · {self.happened_on}"


class ChecklistItemQuerySet(models.QuerySet["ChecklistItem"]):
    def for_listing(self) -> ChecklistItemQuerySet:
        return self.select_related("estate").order_by("estate__code", "sort_order", "code")

    def visible_to(self, actor: object) -> ChecklistItemQuerySet:
        return estate_filter(self, actor, estate_path="estate")


class ChecklistItem(models.Model):
    """A document every case of an estate must hold before ``documents_complete`` (set by staff)."""

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="checklist"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    required = models.BooleanField(_("required"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = MultilingualManager.from_queryset(ChecklistItemQuerySet)()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["estate", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "code"], name="housing_checklistitem_code_unique_per_estate"
            ),
        ]

    def __str__(self) -> str:
        return self.name
