"""Who may see and move the desk's service requests.

- staff: the requests of their centers (``services.centers.access``), and every staff move on them;
- a partner allowed to file requests: the requests it filed; it may cancel them and pass on the
  resident's rating, and sees their personal details in Open311;
- a visitor of the public pages: a request once they have given its reference and the last four
  digits of its phone (the session remembers it); they may cancel it, rate it and reopen it;
- nobody else: nothing.

The querysets call this module (``ServiceRequest.objects.visible_to(actor)``); it imports no model
of this app. Lookups that need the desk's models are in ``services.desk.selectors``.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any, TypeVar

from django.db import models

from licang.api.authentication import partner_of
from licang.models import Partner
from services.centers.access import can_work_on_center, center_scope_filter

Q = TypeVar("Q", bound=models.QuerySet[Any])


# The partners that may file requests for residents: social organisations (social workers and
# volunteer groups) and the community health institutions that refer elders to the desk.
FILING_PARTNER_KINDS = (Partner.Kind.SOCIAL_ORGANISATION, Partner.Kind.HEALTH_INSTITUTION)

# The moves on a request each kind of actor may make, whatever the request's state (which moves
# the state allows now is ``services.desk.actions.request_moves_available``).
STAFF_MOVES = frozenset({"accept", "start", "complete", "reject", "cancel", "assign"})
PARTNER_MOVES = frozenset({"cancel", "rate"})
RESIDENT_MOVES = frozenset({"cancel", "rate", "reopen"})

# The session keys of the public pages: the requests a visitor has found with reference and phone
# (the last twenty), and the one they have just filed.
FOLLOWED = "services_verified_references"
LAST_FILED = "services_last_reference"


def request_scope_filter(queryset: Q, actor: Any) -> Q:
    """The service requests ``actor`` may see: a partner its own, staff their centers'."""
    partner = partner_of(actor)
    if partner is not None:
        return queryset.filter(partner=partner)
    return center_scope_filter(queryset, actor, "center")


def may_file_requests(partner: Partner | None) -> bool:
    """Whether ``partner`` may file requests for residents (the API and Open311)."""
    return partner is not None and partner.kind in FILING_PARTNER_KINDS


def partner_filed(partner: Partner | None, service_request: Any) -> bool:
    """Whether ``partner`` filed ``service_request``: only then does it see the request's
    personal details (description, address, the reason given) in Open311."""
    return partner is not None and service_request.partner_id == partner.pk


def request_moves_of(actor: Any, service_request: Any) -> frozenset[str]:
    """The moves ``actor`` may make on ``service_request`` by who they are, whatever its state.

    ``actor`` is a staff member, a partner (``PartnerPrincipal``) or ``None`` for the resident
    on the public pages, who has shown they follow the request (``follows_request``).
    """
    partner = partner_of(actor)
    if partner is not None:
        return PARTNER_MOVES if partner_filed(partner, service_request) else frozenset()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return RESIDENT_MOVES
    if can_work_on_center(actor, service_request.center):
        return STAFF_MOVES
    return frozenset()


# --- the public pages: a visitor follows the requests they have found -------------------------


def follow_request(session: MutableMapping[str, Any], reference: str) -> None:
    """Remember that this visitor gave ``reference`` with its phone's last four digits."""
    followed = [r for r in session.get(FOLLOWED, []) if r != reference]
    session[FOLLOWED] = [reference, *followed][:20]


def follows_request(session: Mapping[str, Any], reference: str) -> bool:
    """Whether this visitor has found ``reference`` with its phone (or filed it) and may see it."""
    return reference in session.get(FOLLOWED, [])


def request_lookup_filter(queryset: Q, *, reference: str, phone_last_four: str) -> Q:
    """The request a visitor may find: its (normalised) reference and its phone's last four
    digits, both right."""
    return queryset.filter(reference=reference, phone__endswith=phone_last_four)
