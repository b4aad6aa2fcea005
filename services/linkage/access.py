"""Who may see and do what in the five-society linkage: the one place for admin, pages and API.

- staff: the visits, needs, children and wishes of the communities in their scope
  (``licang.registry.access``); district administrators the whole district. Organisations,
  volunteers, resources and projects are the district's shared directory: any staff member with a
  role reads them;
- a social organisation (a partner of kind ``social_organisation``): the needs matched to it (to
  it, to one of its volunteers or to a project it leads), the wishes it adopted and its own
  volunteers' hours; nothing else, and never a child's name;
- anyone else (other partners, anonymous visitors, staff without a role): nothing.

This module imports no model of this app: the querysets call it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q as Where

from licang.api.authentication import partner_of
from licang.models import Partner
from licang.registry.access import is_active_staff, scope_filter, scope_of

Q = TypeVar("Q", bound=models.QuerySet[Any])


def organisation_partner(actor: Any) -> Partner | None:
    """The social-organisation partner calling, or ``None`` (staff, other partners, anyone)."""
    partner = partner_of(actor)
    if partner is None or not partner.is_active:
        return None
    if partner.kind != Partner.Kind.SOCIAL_ORGANISATION:
        return None
    return partner


def community_records(
    queryset: Q, actor: Any, *, community_path: str, partner_paths: list[str]
) -> Q:
    """Rows in a community: staff by scope, a social organisation by ``partner_paths`` (each a
    path from a row to the partner who owns it), anyone else nothing."""
    if partner_of(actor) is not None:
        partner = organisation_partner(actor)
        if partner is None or not partner_paths:
            return queryset.none()
        where = Where()
        for path in partner_paths:
            where |= Where(**{path: partner})
        return queryset.filter(where)
    return scope_filter(queryset, actor, community_path)


def directory_records(queryset: Q, actor: Any, *, partner_path: str | None = None) -> Q:
    """The district's shared directory (organisations, volunteers, resources, projects): staff
    with a role read all of it; a social organisation only its own rows (``partner_path``)."""
    if partner_of(actor) is not None:
        partner = organisation_partner(actor)
        if partner is None or partner_path is None:
            return queryset.none()
        return queryset.filter(**{partner_path: partner})
    if not is_active_staff(actor) or scope_of(actor).nothing:
        return queryset.none()
    return queryset


def access_child_record(actor: Any, child: Any) -> bool:
    """Whether ``actor`` may read ``child``'s full record (staff within scope only; every read
    is logged by ``actions.child_record_read``)."""
    if partner_of(actor) is not None or not is_active_staff(actor):
        return False
    return bool(
        scope_filter(type(child).objects.filter(pk=child.pk), actor, "resident__community").exists()
    )


def can_override_budget(user: Any) -> bool:
    """Only district administrators hold ``linkage.override_budget`` (see the roles migration)."""
    return bool(
        getattr(user, "_meta", None)
        and user.is_active
        and user.is_staff
        and user.has_perm("linkage.override_budget")
    )
