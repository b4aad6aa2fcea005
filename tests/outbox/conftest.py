"""The outbox's tests: the SMS kept by the locmem backend (tests/settings.py), emptied for each
test, and a daytime clock so that the quiet hours (21:00–08:00, seeded for 2026) hold nothing
unless a test asks for the night."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from licang.outbox.backends import locmem

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, day: datetime.date = datetime.date(2026, 6, 15)) -> Any:
    return datetime.datetime.combine(day, datetime.time(hour, minute), SHANGHAI)


@pytest.fixture(autouse=True)
def sms() -> Any:
    locmem.outbox.clear()
    yield locmem.outbox
    locmem.outbox.clear()
