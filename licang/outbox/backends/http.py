"""The production SMS backend: a JSON POST to the operator's gateway.

``OUTBOX_SMS_GATEWAY_URL`` is the endpoint; the key (``OUTBOX_SMS_GATEWAY_KEY``, from the
environment) goes in the ``Authorization: Bearer`` header; the message's own key goes in an
``Idempotency-Key`` header so that a gateway can drop a repeat. Any answer but 2xx, a timeout
(``OUTBOX_SMS_GATEWAY_TIMEOUT`` seconds) or a refused connection is a ``DeliveryError``: the job
tries again later.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from licang.outbox.backends import BaseSmsBackend, DeliveryError, Outgoing


class SmsBackend(BaseSmsBackend):
    def __init__(
        self, url: str | None = None, key: str | None = None, timeout: float | None = None
    ) -> None:
        self.url = url or settings.OUTBOX_SMS_GATEWAY_URL
        self.key = key if key is not None else settings.OUTBOX_SMS_GATEWAY_KEY
        self.timeout = timeout or settings.OUTBOX_SMS_GATEWAY_TIMEOUT
        if not self.url:
            raise ImproperlyConfigured(
                "OUTBOX_SMS_GATEWAY_URL is not set: the HTTP SMS backend has nowhere to send."
            )

    def send(self, message: Outgoing) -> None:
        payload = json.dumps(
            {"to": message.to, "body": message.body, "reference": message.key},
            ensure_ascii=False,
        ).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.key}",
                "Idempotency-Key": message.key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:  # urllib raises on 4xx and 5xx
            raise DeliveryError(f"gateway answered {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise DeliveryError(f"gateway unreachable: {error}") from error
        if not 200 <= status < 300:
            raise DeliveryError(f"gateway answered {status}")
