"""What the care centers offer besides meals: senior-university classes and outings, with
sign-up up to a capacity."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from eldercare.access import staff_or_partner_filter
from eldercare.models.points import CareCenter
from licang.registry.models import Resident


class ActivityQuerySet(models.QuerySet["Activity"]):
    def for_listing(self) -> ActivityQuerySet:
        return self.select_related("center").annotate(
            signed_up=Count("signups", filter=Q(signups__cancelled_at__isnull=True))
        )

    def visible_to(self, actor: object) -> ActivityQuerySet:
        return staff_or_partner_filter(self, actor, community_path="center__community")

    def upcoming(self, today) -> ActivityQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(ends_on__gte=today, center__is_active=True)


class Activity(models.Model):
    """A senior-university class (a term of sessions) or an outing. Tracked by pghistory in
    ``translation.py``."""

    class Kind(models.TextChoices):
        CLASS = "class", _("Senior-university class")
        OUTING = "outing", _("Outing")

    center = models.ForeignKey(
        CareCenter,
        verbose_name=_("care center"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(_("place"), max_length=200)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    signup_closes_on = models.DateField(_("sign-up closes on"))

    objects = MultilingualManager.from_queryset(ActivityQuerySet)()

    class Meta:
        verbose_name = _("class or outing")
        verbose_name_plural = _("classes and outings")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="eldercare_activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="eldercare_activity_has_places"
            ),
            models.CheckConstraint(
                condition=Q(signup_closes_on__lte=F("starts_on")),
                name="eldercare_activity_signup_closes_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.starts_on:%Y-%m-%d}）"


class SignupQuerySet(models.QuerySet["ActivitySignup"]):
    def for_listing(self) -> SignupQuerySet:
        return self.select_related("activity__center", "resident")

    def visible_to(self, actor: object) -> SignupQuerySet:
        return staff_or_partner_filter(self, actor, community_path="activity__center__community")

    def current(self) -> SignupQuerySet:
        return self.filter(cancelled_at__isnull=True)


@pghistory.track()
class ActivitySignup(models.Model):
    """A place taken in a class or an outing, by an elder at the desk or on the public page."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("class or outing"),
        on_delete=models.PROTECT,
        related_name="signups",
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="activity_signups",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)

    objects = SignupQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["activity", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "phone"],
                condition=Q(cancelled_at__isnull=True),
                name="eldercare_activitysignup_once_per_phone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.name}"
