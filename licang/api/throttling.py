"""Throttling per API token (per user for sessions, per address for anonymous callers).

Counters live in PostgreSQL, so every worker process shares them: one ``INSERT … ON CONFLICT DO
UPDATE … RETURNING`` per request counts the hit and reads the total atomically (no read-then-write
race between two workers). Windows are fixed: ``600/minute`` allows 600 requests in each
calendar minute and tells a throttled caller to retry when the next one starts.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from licang.models import ApiToken, ThrottleCounter

DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

UPSERT = f"""
INSERT INTO {ThrottleCounter._meta.db_table} (key, window_start, hits)
VALUES (%s, %s, 1)
ON CONFLICT (key, window_start) DO UPDATE SET hits = {ThrottleCounter._meta.db_table}.hits + 1
RETURNING hits
"""


def parse_rate(rate: str) -> tuple[int, int]:
    count, period = rate.split("/")
    return int(count), DURATIONS[period[0]]


def count_hit(key: str, duration: int) -> tuple[int, float]:
    """Count one hit for ``key`` in the current window of ``duration`` seconds.

    Returns the hits in the window so far, this one included, and the seconds until the window
    ends. Also used outside the API (public forms, Open311), so every counter is one table. Past
    windows are deleted by ``manage.py prune_api_records``, not here: a request always runs the
    same single query.
    """
    now = timezone.now()
    start = datetime.datetime.fromtimestamp(
        int(now.timestamp()) // duration * duration, tz=datetime.UTC
    )
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [key, start])
        hits = cursor.fetchone()[0]
    return hits, (start + datetime.timedelta(seconds=duration) - now).total_seconds()


class PerTokenThrottle(BaseThrottle):
    scope = "token"

    def get_ident_key(self, request: Request) -> tuple[str, str]:
        if isinstance(request.auth, ApiToken):
            return f"token:{request.auth.pk}", "token"
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}", "token"
        return f"addr:{self.get_ident(request)}", "anon"

    def allow_request(self, request: Request, view: Any) -> bool:
        key, scope = self.get_ident_key(request)
        rates: dict[str, str] = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]  # type: ignore[assignment]
        limit, duration = parse_rate(rates[scope])
        hits, self._wait = count_hit(key, duration)
        return bool(hits <= limit)

    def wait(self) -> float:
        return max(self._wait, 1.0)
