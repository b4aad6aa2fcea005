"""The outbox: each message to a resident (or a volunteer, donor or organisation) written in the
same transaction as the change it tells of, and the rules it honours — the quiet hours of each
year and the residents' opt-outs."""

from __future__ import annotations

import datetime
from typing import Any

import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from licang.masking import mask_email, mask_phone
from licang.registry import access

# 17 digits and a digit or X: a full mainland ID number, which no message may carry
ID_NUMBER_PATTERN = r"[0-9]{17}[0-9Xx]"


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class Event(models.TextChoices):
    REQUEST_ACCEPTED = "request_accepted", _("Service request accepted")
    REQUEST_COMPLETED = "request_completed", _("Service request completed")
    REQUEST_OVERDUE = "request_overdue", _("Service request overdue")
    WISH_FULFILLED = "wish_fulfilled", _("Micro-wish fulfilled")
    MEAL_ORDER_REFUSED = "meal_order_refused", _("Meal order refused or wait-listed")
    DELIVERY_FAILED = "delivery_failed", _("Meal delivery failed")
    CASE_STEP = "case_step", _("Certificate case reached a new step")
    CLAIM_DECIDED = "claim_decided", _("Claim decided")


class MessageQuerySet(models.QuerySet["Message"]):
    def for_listing(self) -> MessageQuerySet:
        return self.select_related("resident")

    def visible_to(self, actor: object) -> MessageQuerySet:
        """Messages to residents within ``actor``'s scope (``licang.registry.access``); messages
        to people outside the registry (volunteers, donors, organisations) only district-wide."""
        return access.scope_filter(self, actor, "resident__community")

    def due(self, now: datetime.datetime) -> MessageQuerySet:
        """Messages waiting for a delivery attempt at ``now``: new ones, those held for the
        quiet hours and failed ones with an attempt left."""
        return self.filter(
            state__in=[Message.State.PENDING, Message.State.HELD, Message.State.FAILED],
            next_attempt_at__lte=now,
        )

    def about(self, obj: models.Model) -> MessageQuerySet:
        return self.filter(
            about_app_label=obj._meta.app_label,
            about_model=obj._meta.model_name,
            about_pk=str(obj.pk),
        )


# the address is left out of the history: the audit log masks fields by name (phones), and an
# address never changes once the message is written
@pghistory.track(exclude=["address"])
class Message(models.Model):
    """One message to one person over one channel, from queued to sent (or skipped)."""

    Channel = Channel
    Event = Event

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        HELD = "held", _("Held for the quiet hours")
        SENT = "sent", _("Sent")
        FAILED = "failed", pgettext_lazy("outbox", "Failed")
        SKIPPED = "skipped", _("Skipped")

    class SkipReason(models.TextChoices):
        NO_CONSENT = "no_consent", _("No consent to be contacted")
        NO_ADDRESS = "no_address", _("No mobile or e-mail on record")

    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="outbox_messages",
        null=True,
        blank=True,
    )
    name = models.CharField(
        _("recipient"),
        max_length=100,
        blank=True,
        help_text=_("The person's name when they are not a registered resident."),
    )
    channel = models.CharField(
        pgettext_lazy("outbox", "channel"), max_length=8, choices=Channel.choices
    )
    address = models.CharField(_("mobile or e-mail"), max_length=254, blank=True)
    body = models.CharField(_("message"), max_length=500)
    event = models.CharField(_("event"), max_length=32, choices=Event.choices)
    about_app_label = models.CharField(_("about (app)"), max_length=50)
    about_model = models.CharField(_("about (kind of record)"), max_length=50)
    about_pk = models.CharField(_("about (record)"), max_length=64)
    dedup_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    skip_reason = models.CharField(
        _("reason skipped"), max_length=12, choices=SkipReason.choices, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message to a resident")
        verbose_name_plural = _("messages to residents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body__regex=ID_NUMBER_PATTERN),
                name="outbox_message_no_id_number",
            ),
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | ~Q(name=""),
                name="outbox_message_has_recipient",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["sms", "email"]), name="outbox_message_channel_known"
            ),
            models.CheckConstraint(
                condition=(Q(state="skipped") & ~Q(skip_reason=""))
                | (~Q(state="skipped") & Q(skip_reason="")),
                name="outbox_message_skipped_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(state="skipped") | ~Q(address=""),
                name="outbox_message_address_unless_skipped",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="outbox_message_sent_has_time",
            ),
        ]
        indexes = [
            # the periodic job's "due for an attempt" scan
            models.Index(fields=["state", "next_attempt_at"], name="outbox_message_due_idx"),
            # the admin's list, newest first
            models.Index(fields=["-created_at", "-id"], name="outbox_message_newest_idx"),
            # "was this record's event told already" (the overdue job's check)
            models.Index(
                fields=["about_app_label", "about_model", "about_pk", "event"],
                name="outbox_message_about_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} · {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        return self.resident.name if self.resident_id else self.name  # type: ignore[union-attr]

    @property
    def masked_address(self) -> str:
        if self.channel == Channel.EMAIL:
            return mask_email(self.address)
        return mask_phone(self.address)


class QuietHoursQuerySet(models.QuerySet["QuietHours"]):
    def in_force(self, year: int) -> QuietHours | None:
        """The rule of ``year``; until staff enter one, the latest earlier year's still holds
        (a night without a rule is no reason to wake anyone)."""
        return self.filter(year__lte=year).order_by("-year").first()


@pghistory.track()
class QuietHours(models.Model):
    """The hours of a year in which no message goes out (local time, Asia/Shanghai). A message
    that falls due in them waits until they end. ``starts`` after ``ends`` spans midnight."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000)]
    )
    starts = models.TimeField(_("quiet from"))
    ends = models.TimeField(_("quiet until"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = QuietHoursQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiet hours")
        verbose_name_plural = _("quiet hours")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(starts=models.F("ends")), name="outbox_quiethours_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Quiet hours %(year)d: %(starts)s–%(ends)s")
            % {"year": self.year, "starts": f"{self.starts:%H:%M}", "ends": f"{self.ends:%H:%M}"}
        )

    def covers(self, moment: datetime.time) -> bool:
        if self.starts < self.ends:
            return self.starts <= moment < self.ends
        return moment >= self.starts or moment < self.ends


class OptOutQuerySet(models.QuerySet["OptOut"]):
    def for_listing(self) -> OptOutQuerySet:
        return self.select_related("resident__community", "recorded_by")

    def visible_to(self, actor: object) -> OptOutQuerySet:
        return access.scope_filter(self, actor, "resident__community")

    def covering(self, resident_id: Any, channel: str) -> OptOutQuerySet:
        return self.filter(Q(channel=channel) | Q(channel=""), resident_id=resident_id)


@pghistory.track()
class OptOut(models.Model):
    """A resident's wish to get no messages (on one channel, or on any), recorded by staff."""

    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="outbox_opt_outs",
    )
    channel = models.CharField(
        pgettext_lazy("outbox", "channel"),
        max_length=8,
        choices=Channel.choices,
        blank=True,
        help_text=_("Leave empty to stop messages on every channel."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = OptOutQuerySet.as_manager()

    class Meta:
        verbose_name = _("opt-out from messages")
        verbose_name_plural = _("opt-outs from messages")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "channel"], name="outbox_optout_once_per_channel"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["", "sms", "email"]), name="outbox_optout_channel_known"
            ),
        ]

    def __str__(self) -> str:
        channel = self.get_channel_display() if self.channel else _("every channel")
        return f"{self.resident} · {channel}"
