"""Writes each SMS to a file of its own in ``OUTBOX_SMS_FILE_PATH`` (development)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from licang.outbox.backends import BaseSmsBackend, DeliveryError, Outgoing


class SmsBackend(BaseSmsBackend):
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path or settings.OUTBOX_SMS_FILE_PATH)

    def send(self, message: Outgoing) -> None:
        safe_key = re.sub(r"[^A-Za-z0-9_.-]", "_", message.key)
        name = f"{timezone.localtime():%Y%m%d-%H%M%S}-{safe_key}.txt"
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            (self.path / name).write_text(f"To: {message.to}\n\n{message.body}\n", "utf-8")
        except OSError as error:
            raise DeliveryError(str(error)) from error
