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
from django.db.models import Q as Where

from health.programs import Program
from licang.api.authentication import partner_of
from licang.models import Partner
from licang.registry.access import scope_filter, scope_of
from licang.registry.models import years_before

Q = TypeVar("Q", bound=models.QuerySet[Any])
R = TypeVar("R", bound=models.QuerySet[Any])

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


def program_of(actor: Any) -> str | None:
    """The one program a partner works in, or ``None`` (staff, other partners, anyone)."""
    partner = partner_of(actor)
    if partner is None:
        return None
    programs = PROGRAMS_OF_PARTNER.get(Partner.Kind(partner.kind))
    return programs[0].value if programs else None


def residents_reachable(
    residents: R,
    actor: Any,
    *,
    served: models.QuerySet[Any] | None,
    rule: Any,
    on: datetime.date,
) -> R:
    """The residents ``actor`` may look up by ID number.

    Staff reach the residents of their scope. A partner of a health program reaches those it
    serves (``served``: the resident ids of its own policies, checks or cases) and those it may
    newly enrol under its program's ``rule`` for the year of ``on``:

    - the insurer: parents of special family-planning families;
    - a health institution: residents who reach the rule's lowest check age
      (``min_age_registered``) by the end of that year;
    - a designated hospital: anyone in the registry (cataract aid has no age or family criterion;
      whether the designation covers the surgery date is the filing's question);

    the remaining conditions (registration, the check age on the day, the eye) are then decided,
    with their reasons, by the eligibility service. Without a rule for the year a partner reaches
    only those it serves; any other partner, nobody.
    """
    partner = partner_of(actor)
    if partner is None:
        return residents.visible_to(actor)  # type: ignore[attr-defined,no-any-return]
    kind = Partner.Kind(partner.kind)
    if not partner.is_active or kind not in PROGRAMS_OF_PARTNER:
        return residents.none()
    reach = Where(pk__in=served if served is not None else [])
    if rule is not None:
        if kind == Partner.Kind.INSURER:
            reach |= Where(special_family_planning=True)
        elif kind == Partner.Kind.HEALTH_INSTITUTION:
            end_of_year = datetime.date(on.year, 12, 31)
            reach |= Where(birth_date__lte=years_before(end_of_year, rule.min_age_registered))
        elif is_designated_hospital(partner):
            return residents
    return residents.filter(reach)


def access_insurance_balance(actor: Any, *, policies: models.QuerySet[Any]) -> bool:
    """Whether ``actor`` may read a person's insurance balance for a year: staff (the lookup has
    already kept them to their scope) always; the insurer only when ``policies`` (the person's
    policies of that year that the insurer sees) holds one."""
    return partner_of(actor) is None or policies.exists()
