"""Reads of the statistics page: the stored sections, in ``INSTALLED_APPS`` order."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from licang.figures_cache import actions, sections
from licang.figures_cache.models import Snapshot

# The periodic job refreshes every ten minutes; a snapshot this old means no worker is running,
# so one request recomputes it (the others go on serving the old one meanwhile).
MAX_AGE = datetime.timedelta(hours=1)
# pg_try_advisory_xact_lock's key space is shared by the whole database: one key of our own
_LOCK_KEY = 0x4C43_5354  # "LCST"; the second key is the program's


def statistics_sections(*, language: str, now: datetime.datetime | None = None) -> list[dict]:
    """Every program's section in ``language``.

    One query when every snapshot is fresh. A section never computed (a new deployment, a new
    program) is computed here, in the request, once; a stale one is recomputed by the one
    request that takes the advisory lock.
    """
    now = now or timezone.now()
    stored = {s.app_label: s for s in Snapshot.objects.filter(language=language)}
    found: list[dict[str, Any]] = []
    for label, _module in sections.statistics_modules():
        snapshot = stored.get(label)
        if snapshot is None:
            snapshot = actions.snapshot_refresh(app_label=label, language=language, now=now)
        elif snapshot.computed_at < now - MAX_AGE:
            with transaction.atomic():
                if _take_refresh_turn(label):
                    snapshot = actions.snapshot_refresh(app_label=label, language=language, now=now)
        found.append(snapshot.section)
    return found


def chart(
    *, language: str, section_key: str, chart_key: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The section and the chart of the page with these keys, or ``None``."""
    for section in statistics_sections(language=language):
        if section["key"] == section_key:
            for c in section.get("charts", []):
                if c["key"] == chart_key:
                    return section, c
    return None


def _take_refresh_turn(app_label: str) -> bool:
    """Whether this request is the one to recompute a stale section: the lock is held to the end
    of the caller's transaction, so concurrent requests serve the old snapshot rather than all
    scanning the program's records at once."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [_LOCK_KEY, app_label])
        return bool(cursor.fetchone()[0])
