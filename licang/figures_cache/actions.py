"""Writes of the computed statistics sections."""

from __future__ import annotations

import contextlib
import datetime

from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from licang.figures_cache import sections
from licang.figures_cache.models import Snapshot


def snapshot_refresh(
    *, app_label: str, language: str, now: datetime.datetime | None = None
) -> Snapshot:
    """Compute one program's section in one language and store it in place of the last one.

    The upsert (``update_or_create`` on the unique program and language) lets two workers that
    refresh the same section at once both succeed; the later computation wins.
    """
    module = dict(sections.statistics_modules())[app_label]
    section = sections.compute(module, language)
    snapshot, _created = Snapshot.objects.update_or_create(
        app_label=app_label,
        language=language,
        defaults={"section": section, "computed_at": now or timezone.now()},
    )
    return snapshot


def snapshots_refresh(*, app_label: str | None = None) -> int:
    """Refresh every language of one program's section (every program's without ``app_label``);
    the number of snapshots written."""
    labels = [label for label, _m in sections.statistics_modules()]
    written = 0
    for label in labels if app_label is None else [app_label]:
        for language in sections.languages():
            with transaction.atomic():
                snapshot_refresh(app_label=label, language=language)
            written += 1
    return written


def snapshots_invalidate(*, app_label: str) -> None:
    """A program's figures changed: have a worker recompute its section once the change commits.

    Called by a program's actions for the records its figures count. However many changes commit
    before a worker takes the job, one recomputation is queued (the queueing lock), so a busy
    day of meal orders costs one aggregate pass per worker round, not one per order.
    """
    transaction.on_commit(lambda: _defer_refresh(app_label))


REFRESH_TASK = "figures_cache.refresh_section"
# a queue of its own: a worker may be given it alone, and the programs' queues see none of it
QUEUE = "figures"


def _defer_refresh(app_label: str) -> None:
    # a refresh already waiting will read this change too; the savepoint keeps the refused
    # insert from aborting a transaction around this (a test running on-commit callbacks inside
    # its own)
    with contextlib.suppress(AlreadyEnqueued), transaction.atomic():
        app.configure_task(
            name=REFRESH_TASK, queue=QUEUE, queueing_lock=f"{REFRESH_TASK}:{app_label}"
        ).defer(app_label=app_label)
