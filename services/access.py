"""Who may see which part of the registry: the one scoping rule for admin, pages and API.

- superusers and district administrators: the whole district;
- health-program and housing staff: the whole district (their programs are district-wide);
- subdistrict staff: the communities of their subdistrict;
- center staff: the communities their center serves;
- partners, residents, anonymous visitors and staff without a role: nothing.

Center records (service requests, volunteers) follow ``center_scope_filter`` below instead.

Deny by default: anything not listed above sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models

from services.models import Center, StaffProfile

Q = TypeVar("Q", bound=models.QuerySet[Any])

DISTRICT_WIDE_ROLES = frozenset(
    {
        StaffProfile.Role.DISTRICT_ADMIN,
        StaffProfile.Role.HEALTH_STAFF,
        StaffProfile.Role.HOUSING_STAFF,
    }
)


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    subdistrict_id: int | None = None
    center_id: int | None = None

    @property
    def nothing(self) -> bool:
        return not self.everything and self.subdistrict_id is None and self.center_id is None


NOTHING = Scope()


def profile_of(actor: Any) -> StaffProfile | None:
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "_meta", None):
        return None
    try:
        return actor.staff_profile  # type: ignore[no-any-return]
    except StaffProfile.DoesNotExist:
        return None


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
    if not getattr(actor, "_meta", None) or not actor.is_active or not actor.is_staff:
        return NOTHING
    if actor.is_superuser:
        return Scope(everything=True)
    profile = profile_of(actor)
    if profile is None:
        return NOTHING
    if profile.role in DISTRICT_WIDE_ROLES:
        return Scope(everything=True)
    if profile.role == StaffProfile.Role.SUBDISTRICT_STAFF and profile.subdistrict_id:
        return Scope(subdistrict_id=profile.subdistrict_id)
    if profile.role == StaffProfile.Role.CENTER_STAFF and profile.center_id:
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
        served = Center.communities.through.objects.filter(center_id=scope.center_id)
        return queryset.filter(**{f"{community_path or 'pk'}__in": served.values("community_id")})
    return queryset.none()


def can_see_full_identity(actor: Any) -> bool:
    """Whether ``actor`` may see unmasked ID numbers and phones (admin detail pages only)."""
    return bool(
        getattr(actor, "_meta", None)
        and actor.is_active
        and actor.is_staff
        and actor.has_perm("services.view_full_identity")
    )


def center_scope_filter(queryset: Q, actor: Any, center_path: str) -> Q:
    """Filter ``queryset`` of center records (requests, volunteers) to ``actor``'s centers.

    - superusers and district administrators: every center;
    - subdistrict staff: the centers of their subdistrict;
    - center staff: their own center;
    - everyone else, health and housing staff included: nothing.

    ``center_path`` leads from a row to its center (``"center"``); empty means centers.
    """
    if not getattr(actor, "_meta", None) or not actor.is_active or not actor.is_staff:
        return queryset.none()
    if actor.is_superuser:
        return queryset
    profile = profile_of(actor)
    if profile is None:
        return queryset.none()
    prefix = f"{center_path}__" if center_path else ""
    if profile.role == StaffProfile.Role.DISTRICT_ADMIN:
        return queryset
    if profile.role == StaffProfile.Role.SUBDISTRICT_STAFF and profile.subdistrict_id:
        return queryset.filter(**{f"{prefix}subdistrict_id": profile.subdistrict_id})
    if profile.role == StaffProfile.Role.CENTER_STAFF and profile.center_id:
        return queryset.filter(**{f"{center_path}_id" if center_path else "pk": profile.center_id})
    return queryset.none()


def request_scope_filter(queryset: Q, actor: Any) -> Q:
    """The service requests ``actor`` may see: a partner its own, staff their centers'."""
    from licang.api.authentication import partner_of

    partner = partner_of(actor)
    if partner is not None:
        return queryset.filter(partner=partner)
    return center_scope_filter(queryset, actor, "center")


def can_work_on_center(actor: Any, center: Center) -> bool:
    """Whether ``actor`` may file and handle requests of ``center`` (admin forms)."""
    return center_scope_filter(Center.objects.filter(pk=center.pk), actor, "").exists()


def access_service_request(actor: Any, reference: str) -> Any:
    """The request ``reference`` if ``actor`` may see it; ``ServiceRequest.DoesNotExist`` (404)
    otherwise, whether it exists or not."""
    from services.models import ServiceRequest

    return ServiceRequest.objects.visible_to(actor).by_reference(reference).get()
