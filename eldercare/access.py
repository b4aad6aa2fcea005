"""Who may see and do what in the elder-meal program: the one place for admin, pages and API.

Rows:
- staff: the points, enrolments, orders and care centers of their scope
  (``licang.registry.access``); district administrators see the whole district;
- a caterer: the points it operates and everything at them (menus, orders, kitchen counts,
  delivery lists, settlements), nothing of other caterers' points;
- anyone else (other partners, anonymous visitors): nothing. The public directory and menus are
  read through ``public()`` querysets, which carry no personal data.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from licang.api.authentication import partner_of
from licang.models import Partner
from licang.registry.access import is_active_staff, scope_filter, scope_of

Q = TypeVar("Q", bound=models.QuerySet[Any])


def staff_or_partner_filter(
    queryset: Q, actor: Any, *, community_path: str, caterer: str | None = None
) -> Q:
    """Filter ``queryset`` to the rows ``actor`` may see (see the module docstring).

    ``caterer`` names the path from a row to the caterer that operates it; without it a partner
    sees nothing.
    """
    partner = partner_of(actor)
    if partner is not None:
        if caterer is None or not partner.is_active or partner.kind != Partner.Kind.CATERER:
            return queryset.none()
        return queryset.filter(**{caterer: partner})
    return scope_filter(queryset, actor, community_path)


def caterer_of(actor: Any) -> Partner | None:
    """The caterer ``actor`` is, or ``None``."""
    partner = partner_of(actor)
    if partner is not None and partner.kind == Partner.Kind.CATERER and partner.is_active:
        return partner
    return None


def access_point(actor: Any, point: Any) -> bool:
    """Whether ``actor`` may work a point: its caterer, or staff whose scope holds it."""
    partner = partner_of(actor)
    if partner is not None:
        return partner.kind == Partner.Kind.CATERER and point.operator_id == partner.pk
    if not is_active_staff(actor) or scope_of(actor).nothing:
        return False
    return type(point).objects.visible_to(actor).filter(pk=point.pk).exists()  # type: ignore[no-any-return]


def can_approve_settlements(user: Any) -> bool:
    """Only staff holding ``eldercare.approve_settlement`` (district administrators)."""
    return bool(is_active_staff(user) and user.has_perm("eldercare.approve_settlement"))


def district_or_caterer_filter(queryset: Q, actor: Any, *, caterer: str) -> Q:
    """Records that span subdistricts (a caterer's monthly settlement): staff with a district-wide
    scope and the caterer itself; a subdistrict's or a center's staff see none."""
    partner = partner_of(actor)
    if partner is not None:
        return staff_or_partner_filter(queryset, actor, community_path="", caterer=caterer)
    return queryset if scope_of(actor).everything else queryset.none()
