"""Who may see and do what in the health programs: the one place for admin, pages and API.

Rows:
- staff: the residents of their scope (``services.access``); health-program staff and district
  administrators see the whole district;
- the insurer: policies and claims it underwrites, nothing else;
- a health institution: checks at its own sites;
- a hospital: its own cataract cases;
- anyone else (other partners, anonymous visitors): nothing.

Programs shown by the eligibility service: staff see all three; a partner only the program it
works in (the insurer insurance, a hospital cataract aid, an institution health checks).
"""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.db import models

from health.programs import Program
from licang.api.authentication import partner_of
from licang.models import Partner
from licang.registry.access import scope_filter, scope_of

Q = TypeVar("Q", bound=models.QuerySet[Any])

PROGRAMS_OF_PARTNER = {
    Partner.Kind.INSURER: [Program.INSURANCE],
    Partner.Kind.HOSPITAL: [Program.CATARACT],
    Partner.Kind.HEALTH_INSTITUTION: [Program.CHECKUP],
}


def partner_kind_filter(
    queryset: Q,
    actor: Any,
    *,
    community_path: str,
    insurer: str | None = None,
    institution: str | None = None,
    hospital: str | None = None,
) -> Q:
    """Filter ``queryset`` to the rows ``actor`` may see (see the module docstring).

    ``insurer``, ``institution`` and ``hospital`` name the path from a row to the partner of
    that kind who owns it; a partner of a kind not named sees nothing.
    """
    partner = partner_of(actor)
    if partner is not None:
        path = {
            Partner.Kind.INSURER: insurer,
            Partner.Kind.HEALTH_INSTITUTION: institution,
            Partner.Kind.HOSPITAL: hospital,
        }.get(Partner.Kind(partner.kind))
        if path is None or not partner.is_active:
            return queryset.none()
        return queryset.filter(**{path: partner})
    return scope_filter(queryset, actor, community_path)


def programs_visible_to(actor: Any) -> list[str]:
    """The programs whose eligibility ``actor`` may ask about."""
    partner = partner_of(actor)
    if partner is not None:
        return [p.value for p in PROGRAMS_OF_PARTNER.get(Partner.Kind(partner.kind), [])]
    if scope_of(actor).nothing:
        return []
    return [p.value for p in Program]


def is_designated_hospital(partner: Partner, on: datetime.date | None = None) -> bool:
    """Whether ``partner`` is designated for cataract aid on ``on`` (or at any time)."""
    # through the reverse relation, so that access reads no health model module
    designations = partner.cataract_designations.all()  # type: ignore[attr-defined]
    if on is not None:
        designations = designations.on(on)
    return partner.kind == Partner.Kind.HOSPITAL and designations.exists()


def can_override_budget(user: Any) -> bool:
    """Only district administrators hold ``health.override_budget`` (see the roles migration)."""
    return bool(
        getattr(user, "_meta", None)
        and user.is_active
        and user.is_staff
        and user.has_perm("health.override_budget")
    )
