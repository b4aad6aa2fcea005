"""Volunteer hours: logged, then confirmed or refused by staff."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate
from services.linkage.models import SocialOrganisation, Volunteer, VolunteerHours


@transaction.atomic
def hours_log(
    *,
    volunteer: Volunteer,
    date: Any,
    hours: Decimal,
    activity: str,
    organisation: SocialOrganisation | None = None,
) -> VolunteerHours:
    if date > timezone.localdate():
        raise ValidationError({"date": _("Hours cannot be logged for a day still to come.")})
    record = VolunteerHours(
        volunteer=volunteer, date=date, hours=hours, activity=activity, organisation=organisation
    )
    record.full_clean()
    record.save()
    return record


def _locked_logged(record: VolunteerHours) -> VolunteerHours:
    # lock: a confirmation and a refusal at once must not both apply
    locked = VolunteerHours.objects.select_for_update().get(pk=record.pk)
    if locked.status != VolunteerHours.Status.LOGGED:
        raise ConflictError(
            _("These hours were already %(status)s.")
            % {"status": VolunteerHours.Status(locked.status).label},
            code="invalid_transition",
        )
    return locked


@transaction.atomic
def hours_confirm(*, record: VolunteerHours, by: Any) -> VolunteerHours:
    snapshots_invalidate(app_label="linkage")  # the public figures count it
    locked = _locked_logged(record)
    locked.status = VolunteerHours.Status.CONFIRMED
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def hours_refuse(*, record: VolunteerHours, by: Any, reason: str) -> VolunteerHours:
    if not reason.strip():
        raise ValidationError({"refusal_reason": _("Say why the hours are refused.")})
    locked = _locked_logged(record)
    locked.status = VolunteerHours.Status.REFUSED
    locked.refusal_reason = reason.strip()[:200]
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
    return locked
