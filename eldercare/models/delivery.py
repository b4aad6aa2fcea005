"""Meals brought home, their outcome, and the follow-ups a failed delivery raises."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eldercare.access import staff_or_partner_filter
from eldercare.models.orders import Order


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def for_listing(self) -> DeliveryQuerySet:
        return self.select_related(
            "order__point", "order__resident__household", "order__resident__community"
        ).prefetch_related("order__dishes")

    def visible_to(self, actor: object) -> DeliveryQuerySet:
        return staff_or_partner_filter(
            self, actor, community_path="order__point__community", caterer="order__point__operator"
        )


@pghistory.track()
class Delivery(models.Model):
    """A delivery order's trip to the elder's door."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To deliver")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        NOT_HOME = "not_home", _("Not at home")
        REFUSED = "refused", _("Refused")
        ADDRESS_WRONG = "address_wrong", _("Address wrong")

    order = models.OneToOneField(
        Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="delivery"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    failure = models.CharField(
        _("why it failed"), max_length=15, choices=Failure.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-order__date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="failed") & ~Q(failure="") | ~Q(status="failed") & Q(failure=""),
                name="eldercare_delivery_failure_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(recorded_at__isnull=False),
                name="eldercare_delivery_outcome_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.get_status_display()}"


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def for_listing(self) -> FollowUpQuerySet:
        return self.select_related(
            "community__subdistrict",
            "delivery__order__resident",
            "delivery__order__point",
            "closed_by",
        )

    def visible_to(self, actor: object) -> FollowUpQuerySet:
        return staff_or_partner_filter(self, actor, community_path="community")

    def open(self) -> FollowUpQuerySet:
        return self.filter(closed_at__isnull=True)


@pghistory.track()
class FollowUp(models.Model):
    """A visit the community owes an elder who lives alone and whose meal could not be delivered."""

    delivery = models.OneToOneField(
        Delivery, verbose_name=_("delivery"), on_delete=models.PROTECT, related_name="follow_up"
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="meal_follow_ups",
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    outcome = models.CharField(_("what the visit found"), max_length=300, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery follow-up")
        verbose_name_plural = _("delivery follow-ups")
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(outcome=""),
                name="eldercare_followup_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Follow-up for %(delivery)s") % {"delivery": self.delivery})
