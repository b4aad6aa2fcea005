"""The senders of messages, chosen in settings.

E-mail goes through Django's own e-mail backends (``EMAIL_BACKEND``). SMS goes through
``OUTBOX_SMS_BACKEND``, a dotted path to one of:

- ``licang.outbox.backends.console.SmsBackend``: prints each SMS (development);
- ``licang.outbox.backends.filebased.SmsBackend``: writes each SMS to a file in
  ``OUTBOX_SMS_FILE_PATH`` (development; ``.data/sms/`` by default);
- ``licang.outbox.backends.http.SmsBackend``: POSTs JSON to the operator's gateway at
  ``OUTBOX_SMS_GATEWAY_URL`` (production);
- ``licang.outbox.backends.locmem.SmsBackend``: keeps them in a list (the tests).

A backend's ``send`` returns when the message is accepted and raises ``DeliveryError`` when it is
not; the delivery job records the error and tries again later.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class DeliveryError(Exception):
    """The backend could not hand the message over; worth another try later."""


@dataclass(frozen=True)
class Outgoing:
    """What a backend sends: the address, the text and the message's own key (which a gateway
    may use to drop a repeat)."""

    to: str
    body: str
    key: str


class BaseSmsBackend:
    def send(self, message: Outgoing) -> None:
        raise NotImplementedError


def sms_backend() -> BaseSmsBackend:
    backend: BaseSmsBackend = import_string(settings.OUTBOX_SMS_BACKEND)()
    return backend


EMAIL_SUBJECT = _("A message from the Licang District community services")


def send_email(message: Outgoing, *, subject: str) -> None:
    """Through Django's ``EMAIL_BACKEND``; its errors (SMTP, network) are the backend's refusal."""
    try:
        EmailMessage(subject=subject, body=message.body, to=[message.to]).send()
    except OSError as error:  # smtplib's errors are OSErrors
        raise DeliveryError(str(error)) from error
