"""Who may see which part of the registry: the one scoping rule for admin, pages and API.

- superusers and district administrators: the whole district;
- health-program and housing staff: the whole district (their programs are district-wide);
- subdistrict staff: the communities of their subdistrict;
- center staff: the communities their center serves;
- partners, residents, anonymous visitors and staff without a role: nothing.

Center records (service requests, volunteers) follow ``services.centers.access`` instead.

Deny by default: anything not listed above sees nothing. This module imports no model: the
registry's querysets call it (``Resident.objects.visible_to(actor)``), and it reaches a staff
member's profile and a center's communities through their relations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from licang.registry.roles import DISTRICT_WIDE_ROLES, Role

Q = TypeVar("Q", bound=models.QuerySet[Any])


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    subdistrict_id: int | None = None
    center_id: int | None = None

    @property
    def nothing(self) -> bool:
        return not self.everything and self.subdistrict_id is None and self.center_id is None


NOTHING = Scope()


def is_active_staff(actor: Any) -> bool:
    """A logged-in, active staff account (partners and anonymous visitors are not)."""
    return bool(getattr(actor, "_meta", None) and actor.is_active and actor.is_staff)


def profile_of(actor: Any) -> Any:
    """``actor``'s staff profile, or ``None``."""
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "_meta", None):
        return None
    try:
        return actor.staff_profile
    except ObjectDoesNotExist:
        return None


def role_of(actor: Any) -> str | None:
    """The role of an active staff member with a profile; ``None`` for everyone else."""
    if not is_active_staff(actor):
        return None
    profile = profile_of(actor)
    return profile.role if profile is not None else None


def scope_of(actor: Any) -> Scope:
    """The part of the district ``actor`` may see (cached on the actor for the request)."""
    cached = getattr(actor, "_licang_scope", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    scope = _compute_scope(actor)
    if getattr(actor, "_meta", None):
        actor._licang_scope = scope
    return scope


def _compute_scope(actor: Any) -> Scope:
    if not is_active_staff(actor):
        return NOTHING
    if actor.is_superuser:
        return Scope(everything=True)
    profile = profile_of(actor)
    if profile is None:
        return NOTHING
    if profile.role in DISTRICT_WIDE_ROLES:
        return Scope(everything=True)
    if profile.role == Role.SUBDISTRICT_STAFF and profile.subdistrict_id:
        return Scope(subdistrict_id=profile.subdistrict_id)
    if profile.role == Role.CENTER_STAFF and profile.center_id:
        return Scope(center_id=profile.center_id, subdistrict_id=None)
    return NOTHING


def scope_filter(queryset: Q, actor: Any, community_path: str) -> Q:
    """Filter ``queryset`` to ``actor``'s scope.

    ``community_path`` leads from a row to its community (``"resident__community"``); an empty
    path means the rows are communities themselves.
    """
    scope = scope_of(actor)
    if scope.everything:
        return queryset
    prefix = f"{community_path}__" if community_path else ""
    if scope.subdistrict_id is not None:
        return queryset.filter(**{f"{prefix}subdistrict_id": scope.subdistrict_id})
    if scope.center_id is not None:
        # a subquery, not a join, so that annotations (counts) on ``queryset`` stay exact
        served = _community_model(queryset.model, community_path).objects.filter(
            centers=scope.center_id
        )
        return queryset.filter(**{f"{community_path or 'pk'}__in": served.values("pk")})
    return queryset.none()


def _community_model(model: Any, community_path: str) -> Any:
    for part in community_path.split("__") if community_path else []:
        model = model._meta.get_field(part).related_model
    return model


def can_see_full_identity(actor: Any) -> bool:
    """Whether ``actor`` may see unmasked ID numbers and phones (admin detail pages only)."""
    return is_active_staff(actor) and bool(actor.has_perm("registry.view_full_identity"))
