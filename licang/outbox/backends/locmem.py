"""Keeps each SMS in ``outbox`` (the tests read it, as Django's ``mail.outbox``)."""

from __future__ import annotations

from licang.outbox.backends import BaseSmsBackend, Outgoing

outbox: list[Outgoing] = []


class SmsBackend(BaseSmsBackend):
    def send(self, message: Outgoing) -> None:
        outbox.append(message)
