"""Actions of the registry: residents, households, communities and staff roles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from licang.phones import normalise_phone
from licang.registry.models import Community, Household, Resident, StaffProfile, Subdistrict
from licang.registry.roles import ROLE_GROUPS


def _prepare_resident(resident: Resident) -> Resident:
    resident.phone = normalise_phone(resident.phone)
    resident.full_clean()  # also derives birth date and sex from the ID number
    return resident


@transaction.atomic
def resident_save(*, resident: Resident) -> Resident:
    """Register a new resident or save changes to one; the ID number decides birth date and sex."""
    household = resident.household
    if household is not None and household.community_id != resident.community_id:
        raise ValidationError(
            {
                "household": ValidationError(
                    _("The household belongs to another community."), code="household_elsewhere"
                )
            }
        )
    _prepare_resident(resident)
    resident.save()
    return resident


@dataclass
class ImportResult:
    created: int
    skipped: int


@transaction.atomic
def residents_import(*, residents: Iterable[Resident], batch_size: int = 500) -> ImportResult:
    """Validate and insert many residents at once; rows whose ID number exists are skipped.

    All rows are validated before anything is written, so a bad row saves nothing.
    """
    prepared: list[Resident] = []
    errors: dict[str, Any] = {}
    for index, resident in enumerate(residents):
        resident.phone = normalise_phone(resident.phone)
        try:
            # foreign keys are checked for the whole batch below, constraints by the database
            resident.clean_fields(exclude=["community", "household"])
            resident.clean()
        except ValidationError as exc:
            errors[str(_("row %(number)d") % {"number": index + 1})] = exc.messages
        prepared.append(resident)
    community_ids = {r.community_id for r in prepared}
    known = set(Community.objects.filter(pk__in=community_ids).values_list("pk", flat=True))
    for index, resident in enumerate(prepared):
        if resident.community_id not in known:
            errors.setdefault(str(_("row %(number)d") % {"number": index + 1}), []).append(
                str(_("Unknown community."))
            )
    if errors:
        raise ValidationError(errors)
    existing = set(
        Resident.objects.filter(id_number__in=[r.id_number for r in prepared]).values_list(
            "id_number", flat=True
        )
    )
    new = [r for r in prepared if r.id_number not in existing]
    Resident.objects.bulk_create(new, batch_size=batch_size, ignore_conflicts=True)
    return ImportResult(created=len(new), skipped=len(prepared) - len(new))


@transaction.atomic
def households_import(*, households: Iterable[Household]) -> list[Household]:
    """Validate and insert many households; those whose (community, number) exists are reused.

    Returns every household asked for, saved, in the order given.
    """
    wanted = list(households)
    for household in wanted:
        household.clean_fields(exclude=["community"])
    existing = {
        (h.community_id, h.number): h
        for h in Household.objects.filter(number__in=[h.number for h in wanted])
    }
    new = [h for h in wanted if (h.community_id, h.number) not in existing]
    Household.objects.bulk_create(new)
    existing.update({(h.community_id, h.number): h for h in new})
    return [existing[(h.community_id, h.number)] for h in wanted]


@transaction.atomic
def household_save(*, household: Household) -> Household:
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def subdistrict_save(*, subdistrict: Subdistrict) -> Subdistrict:
    """Rename a subdistrict or change its area or order (the eleven come from a migration)."""
    subdistrict.full_clean()
    subdistrict.save()
    return subdistrict


@transaction.atomic
def community_save(*, community: Community) -> Community:
    community.full_clean()
    community.save()
    return community


@transaction.atomic
def staff_member_assign(
    *, user: Any, role: str, subdistrict: Any = None, center: Any = None
) -> StaffProfile:
    """Give ``user`` a staff role: profile, staff flag and the role's permission group together."""
    profile = StaffProfile.objects.filter(user=user).first() or StaffProfile(user=user)
    profile.role = role
    profile.subdistrict = subdistrict
    profile.center = center
    profile.full_clean()
    profile.save()
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    role_groups = Group.objects.filter(name__in=ROLE_GROUPS.values())
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[StaffProfile.Role(role)]))
    return profile


@transaction.atomic
def staff_member_unassign(*, profile: StaffProfile) -> None:
    """Take a staff member's role away: the profile and the role's permission group go; the
    account stays (and stays in the history) but no longer reaches the admin."""
    user = profile.user
    user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS.values()))
    if user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    profile.delete()
