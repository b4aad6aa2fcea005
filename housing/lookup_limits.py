"""Limits on the public status lookup, so that a case number's last four ID characters cannot be
guessed, without letting a stranger lock the real family out.

Only failed lookups count, in two counters (PostgreSQL, shared by every worker):

- per client address: a few failures an hour, then that address waits (it is the guesser);
- per case number: a few failures in a short window, whoever tries, so that guessing from many
  addresses is slow too. The window is short: the real family, whose right pair never fails,
  waits at most that long even if a stranger is hammering their case number.

The limits are settings (``HOUSING_LOOKUP_LIMITS``: (failures, seconds) per counter).
"""

from __future__ import annotations

import datetime
import hashlib
import math

from django.conf import settings
from django.utils import timezone

from licang.api.throttling import count_hit
from licang.models import ThrottleCounter

DEFAULT_LIMITS = {
    "client": (10, 3600),  # failures from one address in an hour
    "case": (5, 900),  # failures on one case number in a quarter hour, from anywhere
}


def _limit(kind: str) -> tuple[int, int]:
    limits = getattr(settings, "HOUSING_LOOKUP_LIMITS", {})
    return tuple(limits.get(kind, DEFAULT_LIMITS[kind]))  # type: ignore[return-value]


def _key(kind: str, ident: str) -> str:
    # hashed: the counter table holds neither addresses nor case numbers in clear
    return "housing-lookup:" + hashlib.sha256(f"{kind}:{ident}".encode()).hexdigest()[:40]


def _window(duration: int) -> tuple[datetime.datetime, float]:
    now = timezone.now()
    start = datetime.datetime.fromtimestamp(
        int(now.timestamp()) // duration * duration, tz=datetime.UTC
    )
    return start, (start + datetime.timedelta(seconds=duration) - now).total_seconds()


def wait_minutes(client: str, case_number: str) -> int:
    """Minutes to wait before another lookup of ``case_number`` from ``client`` (0: go)."""
    waits = []
    for kind, ident in (("client", client), ("case", case_number)):
        limit, duration = _limit(kind)
        start, left = _window(duration)
        hits = (
            ThrottleCounter.objects.filter(key=_key(kind, ident), window_start=start)
            .values_list("hits", flat=True)
            .first()
        )
        if hits is not None and hits >= limit:
            waits.append(max(1, math.ceil(left / 60)))
    return max(waits, default=0)


def record_failure(client: str, case_number: str) -> None:
    for kind, ident in (("client", client), ("case", case_number)):
        count_hit(_key(kind, ident), _limit(kind)[1])
