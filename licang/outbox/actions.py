"""Every write of the outbox: queueing a message (inside the caller's transaction), delivering it
(the job's work), retrying it, and the rules staff keep — quiet hours and opt-outs.

A program's action calls ``message_queue`` in its own transaction, so that the message exists
exactly when the change it tells of does; the delivery job is deferred with ``on_commit`` and
sends at most once (``message_deliver`` locks the row and returns at once if it was sent).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import re
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from licang.errors import ConflictError
from licang.outbox import backends
from licang.outbox.backends import EMAIL_SUBJECT
from licang.outbox.bodies import MESSAGE_LANGUAGE
from licang.outbox.models import ID_NUMBER_PATTERN, Channel, Message, OptOut, QuietHours

if TYPE_CHECKING:
    from licang.registry.models import Resident

logger = logging.getLogger(__name__)

LOCAL = ZoneInfo(settings.TIME_ZONE)
# Attempts before a message is left as failed for staff to retry by hand, and the backoff between
# them (seconds: 10, 100, 1000, 10000: procrastinate's exponential wait, see ``tasks``).
MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 10
_ID_NUMBER = re.compile(ID_NUMBER_PATTERN)
DELIVER_TASK = "licang.outbox.deliver"


class DeliveryFailed(Exception):
    """A delivery attempt failed and another is due: the job raises it so the queue retries."""


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=BACKOFF_BASE_SECONDS**attempts)


def refuse_id_numbers(body: str) -> None:
    """A message never carries a full ID number (the database refuses it too)."""
    if _ID_NUMBER.search(body):
        raise ValidationError(
            {"body": _("A message must not contain a full ID number.")}, code="id_number"
        )


def _opted_out(resident_id: Any, channel: str) -> bool:
    return bool(resident_id) and OptOut.objects.covering(resident_id, channel).exists()


def message_queue(
    *,
    event: str,
    body: str,
    about: models.Model,
    dedup_key: str,
    resident: Resident | None = None,
    name: str = "",
    phone: str = "",
    email: str = "",
    consents: bool = True,
) -> Message:
    """Write a message to the outbox, in the caller's transaction, and defer its delivery until
    that transaction commits.

    The recipient is a registered ``resident`` or, for someone outside the registry, a ``name``.
    It goes by e-mail to ``email`` when the caller passes one (a volunteer's or a partner's
    address: where someone keeps an e-mail address, that is how they asked to be written to),
    else by SMS to ``phone`` (a resident's registered mobile by default). ``consents`` is the
    caller's record of the person's consent (a volunteer's "consents to be contacted"); a
    resident's opt-out is looked up here. Without consent or an
    address the message is kept as skipped, with the reason.

    ``dedup_key`` names the event once (``desk.request:42:completed``): queueing the same event
    again returns the message already written and sends nothing more.
    """
    if event not in Message.Event.values:
        raise ValidationError({"event": f"unknown event {event!r}"})
    refuse_id_numbers(body)
    existing = Message.objects.filter(dedup_key=dedup_key).first()
    if existing is not None:
        return existing
    if email:
        channel, address = Channel.EMAIL, email
    else:
        channel, address = Channel.SMS, phone or (resident.phone if resident is not None else "")
    message = Message(
        resident=resident,
        name="" if resident is not None else name[:100],
        channel=channel,
        address=address,
        body=body,
        event=event,
        about_app_label=about._meta.app_label,
        about_model=about._meta.model_name or "",
        about_pk=str(about.pk),
        dedup_key=dedup_key,
        next_attempt_at=timezone.now(),
    )
    if not consents or _opted_out(message.resident_id, channel):
        message.state, message.skip_reason = Message.State.SKIPPED, Message.SkipReason.NO_CONSENT
    elif not address:
        message.state, message.skip_reason = Message.State.SKIPPED, Message.SkipReason.NO_ADDRESS
    if message.state == Message.State.SKIPPED:
        message.next_attempt_at = None
    message.full_clean(exclude=["resident", "dedup_key"], validate_constraints=False)
    try:
        # A savepoint: when another transaction wrote the same event first, the unique key
        # refuses this insert (after waiting for that transaction to commit) and the caller's
        # transaction goes on with the message already there.
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        return Message.objects.get(dedup_key=dedup_key)
    if message.state == Message.State.PENDING:
        message_id = message.pk
        transaction.on_commit(lambda: defer_delivery(message_id))
    return message


def defer_delivery(message_id: int, *, at: datetime.datetime | None = None) -> None:
    """Put the message's delivery job in the queue (once: a job already waiting is enough)."""
    # by name: ``tasks`` defines the job and calls ``message_deliver`` of this module
    with contextlib.suppress(AlreadyEnqueued):
        app.configure_task(
            DELIVER_TASK,
            allow_unknown=False,
            queue="outbox",
            queueing_lock=f"outbox-message-{message_id}",
            schedule_at=at,
        ).defer(message_id=message_id)


def quiet_until(now: datetime.datetime) -> datetime.datetime | None:
    """When the quiet hours around ``now`` end, or ``None`` if ``now`` is not in them."""
    local = timezone.localtime(now, LOCAL)
    rule = QuietHours.objects.in_force(local.year)
    if rule is None or not rule.covers(local.time().replace(tzinfo=None)):
        return None
    end = local.replace(hour=rule.ends.hour, minute=rule.ends.minute, second=0, microsecond=0)
    if end <= local:
        end += datetime.timedelta(days=1)
    return end


def message_deliver(*, message_id: int, now: datetime.datetime | None = None) -> Message:
    """Try to send one message: the delivery job's work.

    The row is locked for the attempt, so that two runs of the job (a retry racing a re-queue, a
    job run twice) send once: the second waits for the first and finds the message sent. A
    message in the quiet hours is held until they end; one whose person opted out since it was
    queued is skipped. A failed attempt is recorded and ``DeliveryFailed`` raised while
    attempts are left, so that the queue tries again.
    """
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.state in (Message.State.SENT, Message.State.SKIPPED):
            return message
        now = now or timezone.now()
        if _opted_out(message.resident_id, message.channel):
            message.state, message.skip_reason = (
                Message.State.SKIPPED,
                Message.SkipReason.NO_CONSENT,
            )
            message.next_attempt_at = None
            message.save(update_fields=["state", "skip_reason", "next_attempt_at"])
            return message
        held_until = quiet_until(now)
        if held_until is not None:
            message.state, message.next_attempt_at = Message.State.HELD, held_until
            message.save(update_fields=["state", "next_attempt_at"])
            transaction.on_commit(lambda: defer_delivery(message_id, at=held_until))
            return message
        outgoing = backends.Outgoing(
            to=message.address, body=message.body, key=f"outbox-{message.pk}"
        )
        message.attempts += 1
        try:
            if message.channel == Channel.EMAIL:
                with translation.override(MESSAGE_LANGUAGE):
                    subject = str(EMAIL_SUBJECT)
                backends.send_email(outgoing, subject=subject)
            else:
                backends.sms_backend().send(outgoing)
        except Exception as error:
            logger.warning("Message %s not delivered: %s", message.pk, error)
            message.state = Message.State.FAILED
            message.last_error = str(error)[:500] or type(error).__name__
            retry = message.attempts < MAX_ATTEMPTS
            message.next_attempt_at = now + backoff(message.attempts) if retry else None
        else:
            message.state, message.sent_at = Message.State.SENT, now
            message.next_attempt_at = None
            retry = False
        message.save(
            update_fields=["state", "attempts", "last_error", "next_attempt_at", "sent_at"]
        )
    if retry:
        raise DeliveryFailed(message.last_error)
    return message


@transaction.atomic
def message_retry(*, message: Message, now: datetime.datetime | None = None) -> Message:
    """Staff send a failed or held message again now (quiet hours still hold it)."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state not in (Message.State.FAILED, Message.State.HELD, Message.State.PENDING):
        raise ConflictError(
            _("A message that is %(state)s is not sent again.")
            % {"state": message.get_state_display()},
            code="not_retryable",
        )
    message.state = Message.State.PENDING
    message.next_attempt_at = now or timezone.now()
    if message.attempts >= MAX_ATTEMPTS:
        message.attempts = 0  # a fresh round of attempts
    message.save(update_fields=["state", "next_attempt_at", "attempts"])
    message_id = message.pk
    transaction.on_commit(lambda: defer_delivery(message_id))
    return message


def messages_requeue_due(*, now: datetime.datetime | None = None, limit: int = 1000) -> int:
    """Defer the delivery of every message due at ``now`` whose job is not already waiting (held
    ones whose quiet hours ended, failed ones whose next attempt came, any whose job was lost).
    Returns how many were looked at."""
    now = now or timezone.now()
    due = list(
        Message.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
    for message_id in due:
        defer_delivery(message_id)
    return len(due)


@transaction.atomic
def quiet_hours_save(*, rule: QuietHours) -> QuietHours:
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def opt_out_save(*, opt_out: OptOut, by: Any = None) -> OptOut:
    """Record (or change) a resident's opt-out; messages not yet sent to them are then skipped
    when their turn comes."""
    if opt_out.pk is None and getattr(by, "pk", None):
        opt_out.recorded_by = by
    opt_out.full_clean()
    opt_out.save()
    return opt_out


@transaction.atomic
def opt_out_delete(*, opt_out: OptOut) -> None:
    """The resident agrees to messages again (messages skipped meanwhile stay skipped)."""
    opt_out.delete()
