"""Visits and the needs list: record, match, move, close."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate
from licang.registry.models import Household
from services.linkage.actions.directory import resource_draw, resource_return
from services.linkage.models import (
    CharityResource,
    Need,
    NeedStep,
    Project,
    SocialOrganisation,
    SocialWorker,
    Visit,
    Volunteer,
)

S = Need.Status

# The moves a need may make: from each status, the statuses it may go to.
MOVES: dict[str, set[str]] = {
    S.OPEN: {S.MATCHED, S.CLOSED},
    S.MATCHED: {S.IN_PROGRESS, S.MET, S.CLOSED},
    S.IN_PROGRESS: {S.MET, S.CLOSED},
    S.MET: set(),
    S.CLOSED: set(),
}


@transaction.atomic
def visit_record(
    *,
    household: Household,
    visited_on: Any,
    by: Any = None,
    volunteers: Iterable[Volunteer] = (),
    social_workers: Iterable[SocialWorker] = (),
    situation: str = "",
    companionship_hours: Decimal = Decimal("0"),
) -> Visit:
    """Record a canvassing visit to ``household``."""
    snapshots_invalidate(app_label="linkage")  # the public figures count it
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be recorded in the future.")})
    visit = Visit(
        household=household,
        community_id=household.community_id,
        visited_on=visited_on,
        situation=situation,
        companionship_hours=companionship_hours,
        recorded_by=by if getattr(by, "_meta", None) else None,
    )
    visit.full_clean()
    visit.save()
    visit.volunteers.set(volunteers)
    visit.social_workers.set(social_workers)
    return visit


@transaction.atomic
def visit_save(*, visit: Visit) -> Visit:
    """Change a visit's details (its household and community stay)."""
    visit.community_id = visit.household.community_id
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def need_add(
    *,
    visit: Visit,
    category: str,
    description: str,
    urgency: str = Need.Urgency.NORMAL,
    by: Any = None,
) -> Need:
    need = Need(
        visit=visit,
        community_id=visit.community_id,
        category=category,
        urgency=urgency,
        description=description,
    )
    need.full_clean()
    need.save()
    _step(need, S.OPEN, "", by)
    return need


@transaction.atomic
def need_save(*, need: Need) -> Need:
    """Change a need's category, urgency or description (its status moves through actions)."""
    need.full_clean()
    need.save(update_fields=["category", "urgency", "description", "updated_at"])
    return need


def _locked(need: Need) -> Need:
    # Lock the need: two moves at once (a partner's and a staff member's) are made one after the
    # other, the second seeing the first's status.
    return Need.objects.select_for_update().get(pk=need.pk)


def _refuse(need: Need, status: str) -> ConflictError:
    return ConflictError(
        _("A need that is %(current)s cannot become %(new)s.")
        % {"current": S(need.status).label, "new": S(status).label},
        code="invalid_transition",
    )


def _step(need: Need, status: str, note: str, by: Any) -> None:
    partner = getattr(by, "partner", None)
    NeedStep.objects.create(
        need=need,
        status=status,
        note=note,
        by=by if getattr(by, "_meta", None) else None,
        by_partner=partner.name if partner is not None else "",
    )


@transaction.atomic
def need_match(
    *,
    need: Need,
    by: Any = None,
    volunteer: Volunteer | None = None,
    organisation: SocialOrganisation | None = None,
    project: Project | None = None,
    resource: CharityResource | None = None,
    quantity: Decimal | None = None,
    note: str = "",
) -> Need:
    """Match an open need to one volunteer, organisation, project or charity resource. A resource
    is drawn down by ``quantity`` at once, and never below zero."""
    chosen = [x for x in (volunteer, organisation, project, resource) if x is not None]
    if len(chosen) != 1:
        raise ValidationError(
            _("Match the need to exactly one volunteer, organisation, project or resource."),
            code="one_match",
        )
    locked = _locked(need)
    if S.MATCHED not in MOVES[locked.status]:
        raise _refuse(locked, S.MATCHED)
    if resource is not None:
        if quantity is None or quantity <= 0:
            raise ValidationError(
                {"quantity": _("Say how much of the resource the need uses.")}, code="required"
            )
        resource_draw(resource=resource, quantity=quantity)
    locked.volunteer, locked.organisation, locked.project = volunteer, organisation, project
    locked.resource = resource
    locked.resource_quantity = quantity if resource is not None else None
    locked.status = S.MATCHED
    locked.full_clean()
    locked.save()
    _step(locked, S.MATCHED, note or str(chosen[0]), by)
    return locked


@transaction.atomic
def need_progress(*, need: Need, status: str, note: str = "", by: Any = None) -> Need:
    """Move a matched need on: in progress, met, or closed (with ``note`` as the reason). An
    illegal move is a conflict (409 in the API)."""
    if status not in S.values:
        raise ValidationError({"status": _("Unknown status.")}, code="invalid_choice")
    locked = _locked(need)
    if status not in MOVES[locked.status] or status == S.MATCHED:
        raise _refuse(locked, status)
    if status == S.CLOSED:
        if not note.strip():
            raise ValidationError({"note": _("Say why the need is closed.")}, code="required")
        locked.close_reason = note.strip()[:200]
        if locked.resource is not None and locked.resource_quantity:
            # what was drawn for a need that will not be met goes back to the resource
            resource_return(resource=locked.resource, quantity=locked.resource_quantity)
    if status == S.MET:
        locked.met_on = timezone.localdate()
    locked.status = status
    locked.full_clean()
    locked.save()
    _step(locked, status, note, by)
    return locked
