"""Who may see and do what in the property-certificate program: one place for admin, pages and API.

Rows:
- staff: the estates of the communities in their scope (``licang.registry.access``); housing staff
  and district administrators see the whole district;
- a registration agent: the estates it was appointed to, and nothing else;
- anyone else (other partners, anonymous visitors): nothing.

Residents do not log in: the public status lookup proves a case by its number and the last four
characters of an owner's ID number (``housing.selectors.case_for_lookup``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from licang.api.authentication import partner_of
from licang.models import Partner
from licang.registry.access import is_active_staff, scope_filter

Q = TypeVar("Q", bound=models.QuerySet[Any])


def estate_filter(queryset: Q, actor: Any, *, estate_path: str) -> Q:
    """Filter ``queryset`` to the rows of the estates ``actor`` may see (see the module).

    ``estate_path`` leads from a row to its estate (``"unit__estate"``); empty for estates.
    """
    prefix = f"{estate_path}__" if estate_path else ""
    partner = partner_of(actor)
    if partner is not None:
        if partner.kind != Partner.Kind.REGISTRATION_AGENT or not partner.is_active:
            return queryset.none()
        return queryset.filter(**{f"{prefix}agent": partner})
    if not is_active_staff(actor):
        return queryset.none()
    return scope_filter(queryset, actor, f"{prefix}community")


def may_correct(actor: Any) -> bool:
    """Only staff record corrections (a step back) and holds: an agent moves cases forward."""
    return partner_of(actor) is None and is_active_staff(actor)


def access_case(actor: Any, case: Any) -> bool:
    """Whether ``actor`` may see ``case`` (and its documents): the one check of pages and files."""
    manager: Any = type(case)._default_manager
    return bool(case is not None and manager.visible_to(actor).filter(pk=case.pk).exists())
