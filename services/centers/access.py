"""Who may see and work on which centers' records (volunteers, and the desk's requests).

- superusers and district administrators: every center;
- subdistrict staff: the centers of their subdistrict;
- center staff: their own center;
- everyone else, health and housing staff included: nothing.

The registry's scoping rule (``licang.registry.access``) decides which residents each staff
member sees; this one decides which centers. It imports no model of this app: the querysets
call it (``Volunteer.objects.visible_to(actor)``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from licang.registry.access import is_active_staff, profile_of
from licang.registry.roles import Role

Q = TypeVar("Q", bound=models.QuerySet[Any])


def center_scope_filter(queryset: Q, actor: Any, center_path: str) -> Q:
    """Filter ``queryset`` of center records to ``actor``'s centers (see the module docstring).

    ``center_path`` leads from a row to its center (``"center"``); empty means centers.
    """
    if not is_active_staff(actor):
        return queryset.none()
    if actor.is_superuser:
        return queryset
    profile = profile_of(actor)
    if profile is None:
        return queryset.none()
    prefix = f"{center_path}__" if center_path else ""
    if profile.role == Role.DISTRICT_ADMIN:
        return queryset
    if profile.role == Role.SUBDISTRICT_STAFF and profile.subdistrict_id:
        return queryset.filter(**{f"{prefix}subdistrict_id": profile.subdistrict_id})
    if profile.role == Role.CENTER_STAFF and profile.center_id:
        return queryset.filter(**{f"{center_path}_id" if center_path else "pk": profile.center_id})
    return queryset.none()


def can_work_on_center(actor: Any, center: Any) -> bool:
    """Whether ``actor`` may file and handle the records of ``center``: the same rule as
    ``center_scope_filter``, asked of one center."""
    if not is_active_staff(actor):
        return False
    if actor.is_superuser:
        return True
    profile = profile_of(actor)
    if profile is None:
        return False
    if profile.role == Role.DISTRICT_ADMIN:
        return True
    if profile.role == Role.SUBDISTRICT_STAFF and profile.subdistrict_id:
        return bool(center.subdistrict_id == profile.subdistrict_id)
    if profile.role == Role.CENTER_STAFF and profile.center_id:
        return bool(center.pk == profile.center_id)
    return False
