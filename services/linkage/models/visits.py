"""Canvassing visits ("走街、扫楼、入户") and the needs list they build."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from licang.registry.models import Community, Household
from services.linkage import access
from services.linkage.models.directory import (
    Category,
    CharityResource,
    SocialOrganisation,
    SocialWorker,
    Volunteer,
)
from services.linkage.models.projects import Project


class VisitQuerySet(models.QuerySet["Visit"]):
    def for_listing(self) -> VisitQuerySet:
        return self.select_related("household", "community__subdistrict", "recorded_by").annotate(
            need_count=models.Count("needs")
        )

    def visible_to(self, actor: object) -> VisitQuerySet:
        return access.community_records(self, actor, community_path="community", partner_paths=[])


@pghistory.track()
class Visit(models.Model):
    """A door-to-door visit to a household: who went, what they found, how long they stayed."""

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="visits"
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="visits",
        editable=False,
    )
    visited_on = models.DateField(_("visited on"))
    volunteers = models.ManyToManyField(
        Volunteer, verbose_name=_("volunteers who went"), related_name="visits", blank=True
    )
    social_workers = models.ManyToManyField(
        SocialWorker, verbose_name=_("social workers who went"), related_name="visits", blank=True
    )
    situation = models.TextField(_("household situation"), blank=True)
    companionship_hours = models.DecimalField(
        _("companionship hours"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("canvassing visit")
        verbose_name_plural = _("canvassing visits")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(companionship_hours__gte=0) & Q(companionship_hours__lte=24),
                name="linkage_visit_hours_in_a_day",
            ),
        ]
        indexes = [
            # the staff's list of recent visits
            models.Index(fields=["-visited_on"], name="linkage_visit_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} · {self.household}"


class NeedQuerySet(models.QuerySet["Need"]):
    def for_listing(self) -> NeedQuerySet:
        return self.select_related(
            "community__subdistrict",
            "visit__household",
            "volunteer",
            "organisation",
            "project",
            "resource",
        )

    def visible_to(self, actor: object) -> NeedQuerySet:
        """Staff: their scope. A social organisation: the needs matched to it, to one of its
        volunteers or to a project it leads."""
        return access.community_records(
            self,
            actor,
            community_path="community",
            partner_paths=[
                "organisation__partner",
                "volunteer__organisation__partner",
                "project__lead_organisation__partner",
            ],
        )

    def open(self) -> NeedQuerySet:
        return self.filter(status=Need.Status.OPEN)


@pghistory.track()
class Need(models.Model):
    """One need of a household on the needs list: open → matched → in progress → met, or closed
    with a reason. Matched to a volunteer, an organisation, a project or a charity resource."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        IN_PROGRESS = "in_progress", _("In progress")
        MET = "met", _("Met")
        CLOSED = "closed", _("Closed")

    class Urgency(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.PROTECT, related_name="needs"
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="linkage_needs",
        editable=False,
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    description = models.CharField(_("description"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, editable=False
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("matched volunteer"),
        on_delete=models.PROTECT,
        related_name="needs",
        null=True,
        blank=True,
        editable=False,
    )
    organisation = models.ForeignKey(
        SocialOrganisation,
        verbose_name=_("matched organisation"),
        on_delete=models.PROTECT,
        related_name="needs",
        null=True,
        blank=True,
        editable=False,
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("matched project"),
        on_delete=models.PROTECT,
        related_name="needs",
        null=True,
        blank=True,
        editable=False,
    )
    resource = models.ForeignKey(
        CharityResource,
        verbose_name=_("matched resource"),
        on_delete=models.PROTECT,
        related_name="needs",
        null=True,
        blank=True,
        editable=False,
    )
    resource_quantity = models.DecimalField(
        _("quantity used"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    close_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)
    met_on = models.DateField(_("met on"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs list")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open")
                | Q(status="closed")
                | Q(volunteer__isnull=False)
                | Q(organisation__isnull=False)
                | Q(project__isnull=False)
                | Q(resource__isnull=False),
                name="linkage_need_matched_to_someone",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(close_reason=""),
                name="linkage_need_closed_with_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="met") | Q(met_on__isnull=False),
                name="linkage_need_met_has_date",
            ),
            models.CheckConstraint(
                condition=Q(resource__isnull=True, resource_quantity__isnull=True)
                | Q(resource__isnull=False, resource_quantity__gt=0),
                name="linkage_need_resource_with_quantity",
            ),
        ]
        indexes = [
            # the open needs a community's staff match, and the figures by category
            models.Index(fields=["status", "category"], name="linkage_need_status_cat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.description[:30]}"

    @property
    def matched_to(self) -> object | None:
        return self.volunteer or self.organisation or self.project or self.resource


class NeedStepQuerySet(models.QuerySet["NeedStep"]):
    def for_listing(self) -> NeedStepQuerySet:
        return self.select_related("need", "by")


class NeedStep(models.Model):
    """One move of a need, with who made it (a staff member or a partner) and a note."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(_("status"), max_length=20, choices=Need.Status.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    by_partner = models.CharField(_("by partner"), max_length=100, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = NeedStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("need step")
        verbose_name_plural = _("need steps")
        ordering = ["need", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.need} → {self.get_status_display()}"
