"""The texts of the messages, one per kind, in English as the source and rendered in Chinese.

Residents read their messages in Chinese whatever language the staff member who caused them works
in, so ``render`` switches to Simplified Chinese; the English exists for the translators and the
English pages. A text carries a reference (a request's, a case's, a claim's), never an ID number.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

MESSAGE_LANGUAGE = "zh-hans"

# The sender's name that Chinese SMS gateways require at the start of every message.
SIGNATURE = _("[Licang District]")

TEXTS: dict[str, Any] = {
    "request_accepted": _(
        "Your service request %(reference)s (%(item)s) has been accepted by %(center)s."
    ),
    "request_completed": _(
        "Your service request %(reference)s (%(item)s) is completed. You can rate it on the "
        "portal with its reference."
    ),
    "request_overdue": _(
        "Your service request %(reference)s (%(item)s) is taking longer than promised; "
        "%(center)s is working on it. We apologise for the wait."
    ),
    "wish_fulfilled_adopter": _(
        "The micro-wish of %(alias)s that you adopted was fulfilled on %(date)s. Thank you!"
    ),
    "wish_fulfilled_family": _("The micro-wish of %(alias)s was fulfilled on %(date)s."),
    "meal_order_waitlisted": _(
        "The %(meal)s of %(date)s at %(point)s is full: your standing order is on the waiting "
        "list and gets the first seat that frees up."
    ),
    "delivery_failed": _(
        "Your %(meal)s of %(date)s could not be delivered (%(reason)s). Call %(point)s if you "
        "need help."
    ),
    "case_step": _("Your property-certificate case %(case)s has reached the step “%(step)s”."),
    "claim_approved": _("Your %(kind)s %(reference)s has been approved: %(amount)s yuan."),
    "claim_rejected": _(
        "Your %(kind)s %(reference)s was not approved. The health office can tell you why."
    ),
    "claim_approved_partner": _(
        "The %(kind)s %(reference)s that you submitted has been approved: %(amount)s yuan."
    ),
    "claim_rejected_partner": _(
        "The %(kind)s %(reference)s that you submitted was not approved; the reason is in the "
        "portal's API."
    ),
}


def render(text: str, **params: Any) -> str:
    """The message ``text`` (a key of ``TEXTS``) with ``params``, in Chinese. Lazy values
    (choice labels) are rendered in Chinese too, and dates as a month and day (6月15日)."""
    with translation.override(MESSAGE_LANGUAGE):
        values = {key: _value(value) for key, value in params.items()}
        return f"{SIGNATURE}{TEXTS[text] % values}"


def _value(value: Any) -> str:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"{value.month}月{value.day}日"  # messages are always rendered in Chinese
    return str(value)


def chinese(obj: Any, field: str) -> str:
    """A translated field's Chinese value (django-modeltranslation), whatever the active
    language: a message is written in Chinese even when staff work in English."""
    return str(getattr(obj, f"{field}_zh_hans", None) or getattr(obj, field))
