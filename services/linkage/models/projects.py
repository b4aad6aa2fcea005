"""Funded service projects: level, lead organisation, budget by funding source, spending against
the budget (and the logged overrides beyond it), milestones and progress that rolls up."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from licang.registry.models import Community, Subdistrict
from services.linkage import access
from services.linkage.models.amounts import ZERO, money
from services.linkage.models.directory import SocialOrganisation


class Level(models.TextChoices):
    DISTRICT_KEY = "district_key", _("District key project")
    SUBDISTRICT = "subdistrict", _("Subdistrict project")
    COMMUNITY = "community", _("Community project")


class FundingSource(models.TextChoices):
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    COMMUNITY = "community", _("Community")
    CHARITY = "charity", _("Charity")


class ProjectQuerySet(models.QuerySet["Project"]):
    def for_listing(self) -> ProjectQuerySet:
        return self.select_related("lead_organisation", "subdistrict", "community", "parent")

    def for_public(self) -> ProjectQuerySet:
        """Projects as the public pages show them, with their milestones and funding."""
        return self.for_listing().prefetch_related(
            models.Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
            models.Prefetch("funding", queryset=Funding.objects.order_by("source")),
        )

    def visible_to(self, actor: object) -> ProjectQuerySet:
        return access.directory_records(self, actor, partner_path="lead_organisation__partner")


# tracked by pghistory in translation.py, once its translated fields exist
class Project(models.Model):
    """A service project ("变废为宝", "益同行"): its budget is the sum of its funding."""

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        related_name="sub_projects",
        null=True,
        blank=True,
    )
    lead_organisation = models.ForeignKey(
        SocialOrganisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        related_name="linkage_projects",
        null=True,
        blank=True,
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="linkage_projects",
        null=True,
        blank=True,
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    target_groups = models.CharField(_("target groups"), max_length=200, blank=True)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), default=0)
    description = models.TextField(_("description"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    budget = money(_("budget"), default=ZERO, editable=False)
    spent = money(_("spent"), default=ZERO, editable=False)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        editable=False,
        validators=[MaxValueValidator(100)],
        help_text=_("From its milestones and sub-projects."),
    )

    objects = MultilingualManager.from_queryset(ProjectQuerySet)()
    name_zh_hans: str | None
    name_en: str | None
    description_zh_hans: str | None
    description_en: str | None
    outcomes_zh_hans: str | None
    outcomes_en: str | None

    class Meta:
        verbose_name = _("service project")
        verbose_name_plural = _("service projects")
        ordering = ["level", "-starts_on", "name"]
        permissions = [("override_budget", _("Can spend beyond a project's budget"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="linkage_project_ends_after_start",
                violation_error_message=_("A project ends on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=["district_key", "subdistrict", "community"]),
                name="linkage_project_level_known",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="linkage_project_progress_percent"
            ),
            models.CheckConstraint(
                condition=Q(spent__gte=0) & Q(budget__gte=0),
                name="linkage_project_amounts_positive",
            ),
        ]
        indexes = [
            # the figures count and sum projects by level
            models.Index(fields=["level"], name="linkage_project_level_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def left(self) -> Decimal:
        return self.budget - self.spent


class FundingQuerySet(models.QuerySet["Funding"]):
    def for_listing(self) -> FundingQuerySet:
        return self.select_related("project")


@pghistory.track()
class Funding(models.Model):
    """What one source puts into a project; the project's budget is their sum."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="funding"
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount = money(_("amount"))

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["project", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source"], name="linkage_funding_one_per_source"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="linkage_funding_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_source_display()} · {self.amount}"


class SpendingQuerySet(models.QuerySet["Spending"]):
    def for_listing(self) -> SpendingQuerySet:
        return self.select_related("project", "recorded_by", "override")

    def visible_to(self, actor: object) -> SpendingQuerySet:
        return access.directory_records(
            self, actor, partner_path="project__lead_organisation__partner"
        )


@pghistory.track()
class Spending(models.Model):
    """Money spent on a project, recorded against its budget."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="spending"
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount = money(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    spent_on = models.DateField(_("spent on"))
    description = models.CharField(_("what for"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    override = models.OneToOneField(
        "BudgetOverride",
        verbose_name=_("budget override"),
        on_delete=models.PROTECT,
        related_name="spending",
        null=True,
        blank=True,
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = SpendingQuerySet.as_manager()

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["-spent_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="linkage_spending_positive"),
        ]
        indexes = [
            # money spent per funding source sums by source
            models.Index(fields=["source"], name="linkage_spending_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.amount} · {self.spent_on:%Y-%m-%d}"


class BudgetOverrideQuerySet(models.QuerySet["BudgetOverride"]):
    def for_listing(self) -> BudgetOverrideQuerySet:
        return self.select_related("project", "by")


@pghistory.track()
class BudgetOverride(models.Model):
    """A district administrator's spending beyond a project's budget: who, when, how much, why."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="overrides"
    )
    amount = money(_("amount spent"))
    spent_before = money(_("spent before"))
    exceeded_by = money(_("over the budget by"))
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = BudgetOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("project budget override")
        verbose_name_plural = _("project budget overrides")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exceeded_by__gt=0), name="linkage_budgetoverride_exceeds_budget"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="linkage_budgetoverride_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · +{self.exceeded_by}"


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def for_listing(self) -> MilestoneQuerySet:
        return self.select_related("project")


# tracked by pghistory in translation.py, once its translated fields exist
class Milestone(models.Model):
    """A dated step of a project; reaching it moves the project's progress."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=100)
    due_on = models.DateField(_("due on"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    objects = MultilingualManager.from_queryset(MilestoneQuerySet)()
    title_zh_hans: str | None
    title_en: str | None

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on"]

    def __str__(self) -> str:
        return f"{self.project} · {self.title}"
