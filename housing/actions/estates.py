"""Estates, their obstacles, milestones, checklists and units."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from housing.models import (
    Case,
    ChecklistItem,
    Estate,
    Milestone,
    Obstacle,
    Unit,
    UnitOwner,
    new_case_number,
)
from licang.errors import ConflictError
from licang.models import Partner
from licang.registry.models import Resident


@transaction.atomic
def estate_save(*, estate: Estate) -> Estate:
    """Create or change an estate; its agent must be a registration agent."""
    if estate.agent_id is not None:
        agent = Partner.objects.get(pk=estate.agent_id)
        if agent.kind != Partner.Kind.REGISTRATION_AGENT:
            raise ValidationError({"agent": _("The agent must be a registration-agent partner.")})
    estate.full_clean()
    estate.save()
    return estate


@transaction.atomic
def obstacle_save(*, obstacle: Obstacle) -> Obstacle:
    """Record or change an obstacle; a resolved one says how and when."""
    errors: dict[str, str] = {}
    if obstacle.status == Obstacle.Status.RESOLVED:
        if obstacle.resolved_on is None:
            errors["resolved_on"] = _("Give the date the obstacle was resolved.")
        if not obstacle.resolution.strip():
            errors["resolution"] = _("Say what resolved the obstacle.")
    elif obstacle.resolved_on is not None:
        errors["resolved_on"] = _("Only a resolved obstacle has a resolution date.")
    if obstacle.resolved_on and obstacle.resolved_on < obstacle.opened_on:
        errors["resolved_on"] = _("An obstacle cannot be resolved before it was recorded.")
    if errors:
        raise ValidationError(errors)
    obstacle.full_clean()
    obstacle.save()
    return obstacle


@transaction.atomic
def milestone_record(*, milestone: Milestone) -> Milestone:
    """Record a milestone. The initial registration is refused while a blocking obstacle of the
    estate is open: the registration center would not have accepted it."""
    if milestone.happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("A milestone cannot be in the future.")})
    if milestone.kind == Milestone.Kind.INITIAL_REGISTRATION:
        # lock the estate: an obstacle reopened at the same moment waits for this to commit
        Estate.objects.select_for_update().get(pk=milestone.estate_id)
        blocking = list(Obstacle.objects.filter(estate_id=milestone.estate_id).blocking_open())
        if blocking:
            raise ConflictError(
                _(
                    "The initial registration cannot be recorded while a blocking obstacle is "
                    "open: %(obstacles)s."
                )
                % {"obstacles": "、".join(str(o.get_kind_display()) for o in blocking)},
                code="obstacle_open",
            )
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def checklist_item_save(*, item: ChecklistItem) -> ChecklistItem:
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def unit_save(
    *, unit: Unit, owners: list[tuple[Resident, Decimal]] | None = None, case_number: str = ""
) -> Unit:
    """Create or change a unit and, when ``owners`` is given, set its owners and their shares
    (which make 100%). A new unit opens its case (``case_number``: the demo's fixed numbers;
    otherwise a random one)."""
    unit.full_clean()
    created = unit.pk is None
    unit.save()
    if owners is not None:
        if owners and sum((share for _r, share in owners), Decimal(0)) != Decimal(100):
            raise ValidationError({"owners": _("The owners' shares must add up to 100%.")})
        if len({resident.pk for resident, _s in owners}) != len(owners):
            raise ValidationError({"owners": _("An owner is named twice.")})
        UnitOwner.objects.filter(unit=unit).delete()
        for resident, share in owners:
            ownership = UnitOwner(unit=unit, resident=resident, share=share)
            ownership.full_clean()
            ownership.save()
    if created:
        case = Case(unit=unit, case_number=case_number or new_case_number())
        case.step_reached_at = timezone.now()
        case.full_clean()
        case.save()
    return unit
