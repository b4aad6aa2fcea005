"""Prints each SMS to standard output (development: ``make run`` shows it in the worker's log)."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from licang.outbox.backends import BaseSmsBackend, Outgoing


class SmsBackend(BaseSmsBackend):
    _lock = threading.Lock()

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, message: Outgoing) -> None:
        with self._lock:
            self.stream.write(f"SMS to {message.to} [{message.key}]\n{message.body}\n{'-' * 40}\n")
            self.stream.flush()
