"""Elders enrolled at a home meal point."""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eldercare.access import staff_or_partner_filter
from eldercare.models.points import MealPoint
from eldercare.models.rules import SubsidyTier
from eldercare.models.tags import Tag, tag_labels
from licang.registry.models import Resident


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def for_listing(self) -> EnrolmentQuerySet:
        return self.select_related("resident__community", "resident__household", "point")

    def visible_to(self, actor: object) -> EnrolmentQuerySet:
        """Staff of the elder's community; the caterer of the elder's home point."""
        return staff_or_partner_filter(
            self, actor, community_path="resident__community", caterer="point__operator"
        )

    def current(self) -> EnrolmentQuerySet:
        return self.exclude(status=Enrolment.Status.ENDED)


@pghistory.track()
class Enrolment(models.Model):
    """An elder's place in the meal program: their home point, their diet and whether meals are
    brought to them. Suspended (a hospital stay) and ended, never deleted."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="meal_enrolments",
    )
    point = models.ForeignKey(
        MealPoint,
        verbose_name=_("home meal point"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    dietary_restrictions = ArrayField(
        models.CharField(max_length=12, choices=Tag.choices),
        verbose_name=_("dietary restrictions"),
        default=list,
        blank=True,
        help_text=_("Every dish the elder orders should carry these tags."),
    )
    hardship = models.CharField(
        _("hardship"),
        max_length=20,
        choices=SubsidyTier.Hardship.choices,
        blank=True,
        help_text=_("Checked by staff against the documents; gives the hardship tier's subsidy."),
    )
    needs_delivery = models.BooleanField(_("needs home delivery (limited mobility)"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, editable=False
    )
    status_note = models.CharField(_("reason"), max_length=200, blank=True, editable=False)
    enrolled_on = models.DateField(_("enrolled on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("meal enrolment")
        verbose_name_plural = _("meal enrolments")
        ordering = ["point__code", "resident__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=~Q(status="ended"),
                name="eldercare_enrolment_one_current_per_resident",
            ),
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False)
                | (~Q(status="ended") & Q(ended_on__isnull=True)),
                name="eldercare_enrolment_ended_has_date",
            ),
            models.CheckConstraint(
                condition=Q(
                    dietary_restrictions__contained_by=[
                        "soft",
                        "low_salt",
                        "low_sugar",
                        "halal",
                        "vegetarian",
                    ]
                ),
                name="eldercare_enrolment_restrictions_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.point.name}"

    @property
    def restriction_labels(self) -> list[str]:
        return tag_labels(self.dietary_restrictions)
