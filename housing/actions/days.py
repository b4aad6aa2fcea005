"""On-site processing days and their batches."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from housing.actions.cases import case_advance
from housing.models import Case, ProcessingDay, ProcessingDayEntry, next_step
from licang.admin_writes import refusal_text
from licang.errors import ConflictError


@transaction.atomic
def processing_day_save(*, day: ProcessingDay) -> ProcessingDay:
    if not (day.tax_bureau or day.registration_center or day.agent_present):
        raise ValidationError(_("Name at least one agency present on the day."))
    day.full_clean()
    day.save()
    return day


@transaction.atomic
def processing_day_apply(
    *,
    day: ProcessingDay,
    cases: Iterable[Case],
    by: Any,
    to: str = "",
    note: str = "",
    at: datetime.datetime | None = None,
) -> list[ProcessingDayEntry]:
    """Move every case that may move on ``day``: each to ``to``, or (empty) each to its own next
    step. Each case moves entirely or not at all (a savepoint each); a case that cannot move is
    reported with its reason and does not stop the others. Every case leaves an entry: the day's
    report."""
    entries = []
    for case in cases:
        target = to or next_step(case.step) or case.step
        entry = ProcessingDayEntry(
            day=day,
            case=case,
            from_step=case.step,
            to_step=target,
            at=at or timezone.now(),
            by_user=by if getattr(by, "pk", None) else None,
        )
        if case.unit.estate_id != day.estate_id:
            entry.moved = False
            entry.code = "other_estate"
            entry.reason = _("The case is not of this day's estate.")
        else:
            try:
                with transaction.atomic():
                    case_advance(case=case, to=target, by=by, note=note, day=day, at=at)
                entry.moved = True
            except (ConflictError, ValidationError) as refusal:
                entry.moved = False
                entry.code = getattr(refusal, "code", None) or "invalid"
                entry.reason = refusal_text(refusal)[:500]
        entry.full_clean()
        entry.save()
        entries.append(entry)
    return entries
