"""Filing a service request (at the desk, by phone, online, by API, through Open311) and the
record of each step of its history."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from licang.api.authentication import PartnerPrincipal, partner_of
from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate
from licang.models import Partner
from licang.phones import normalise_phone
from licang.registry.models import Resident
from services.centers.models import Center
from services.centers.workdays import due_at
from services.desk.actions.catalogue import clean_answers, clean_text
from services.desk.models import (
    REFERENCE_ALPHABET,
    RequestStep,
    ServiceItem,
    ServiceRequest,
)

State = ServiceRequest.State


Step = RequestStep.Action


# Fields a transition leaves alone: the foreign keys were checked when the request was filed.
FIXED_FIELDS = [
    "center",
    "item",
    "resident",
    "partner",
    "submitted_by",
    "assigned_staff",
    "assigned_volunteer",
]


def new_reference() -> str:
    """A random reference: 31⁸ ≈ 850 billion possibilities, so one says nothing of another."""
    while True:
        chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"LJ-{chars[:4]}-{chars[4:]}"
        if not ServiceRequest.objects.filter(reference=reference).exists():
            return reference


def actor_fields(actor: Any) -> dict[str, Any]:
    """Who acted, as a step records it: a partner, a staff member, or the resident (``None``)."""
    partner = partner_of(actor)
    if partner is not None:
        return {"actor_kind": RequestStep.ActorKind.PARTNER, "actor_partner": partner}
    if getattr(actor, "_meta", None) is not None and actor.is_authenticated:
        return {"actor_kind": RequestStep.ActorKind.STAFF, "actor_user": actor}
    return {"actor_kind": RequestStep.ActorKind.RESIDENT}


def record_step(
    service_request: ServiceRequest,
    action: str,
    *,
    from_state: str,
    actor: Any,
    note: str = "",
    at: datetime.datetime,
) -> RequestStep:
    snapshots_invalidate(app_label="desk")  # the public figures count it
    step = RequestStep(
        request=service_request,
        action=action,
        from_state=from_state,
        to_state=service_request.state,
        note=note,
        at=at,
        **actor_fields(actor),
    )
    step.full_clean(exclude=["request", "actor_user", "actor_partner"], validate_constraints=False)
    step.save()
    return step


def request_prepare(
    *,
    center: Center,
    item: ServiceItem,
    name: str = "",
    phone: str = "",
    channel: str,
    description: str = "",
    answers: dict[str, Any] | None = None,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    media_url: str = "",
    resident: Resident | None = None,
    partner: Partner | None = None,
    submitted_by: Any = None,
    at: datetime.datetime | None = None,
) -> ServiceRequest:
    """Check a new request and return it unsaved, with its due time; writes nothing.

    Forms call it to show errors before ``request_submit``, which calls it again.
    Raises ``ConflictError`` when the center takes no requests, ``ValidationError`` otherwise.
    """
    if not center.accepts_requests:
        raise ConflictError(
            _("%(center)s is closed and takes no requests at the moment. %(note)s")
            % {"center": center.name, "note": center.status_note},
            code="center_closed",
        )
    errors: dict[str, Any] = {}
    if not item.is_active or not item.centers.filter(pk=center.pk).exists():
        errors["item"] = ValidationError(
            _("%(center)s does not offer “%(item)s”.") % {"center": center.name, "item": item.name},
            code="not_offered",
        )
    if resident is not None:
        name = name or resident.name
        phone = phone or resident.phone
    address = clean_text(address)
    if item.needs_address and not address:
        errors["address"] = ValidationError(
            _("This service is done at home: give the address."), code="required"
        )
    try:
        cleaned_answers = clean_answers(item, answers)
    except ValidationError as exc:
        errors.update(exc.error_dict)
        cleaned_answers = {}
    at = at or timezone.now()
    service_request = ServiceRequest(
        reference="LJ-AAAA-AAAA",  # replaced by a random one when saved
        center=center,
        item=item,
        resident=resident,
        name=clean_text(name),
        phone=normalise_phone(phone),
        channel=channel,
        description=clean_text(description),
        answers=cleaned_answers,
        address=address,
        latitude=latitude,
        longitude=longitude,
        media_url=clean_text(media_url),
        partner=partner,
        submitted_by=submitted_by,
        submitted_at=at,
        updated_at=at,
        due_at=due_at(at, item.target_working_days),
    )
    try:
        # field validators check the input; the check constraints hold invariants of states and
        # times that input cannot break, and the database enforces them on save
        service_request.full_clean(
            exclude=FIXED_FIELDS, validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            errors.setdefault(field, field_errors)
    if errors:
        raise ValidationError(errors)
    return service_request


@transaction.atomic
def request_submit(
    *,
    center: Center,
    item: ServiceItem,
    name: str = "",
    phone: str = "",
    channel: str,
    description: str = "",
    answers: dict[str, Any] | None = None,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    media_url: str = "",
    resident: Resident | None = None,
    partner: Partner | None = None,
    submitted_by: Any = None,
    at: datetime.datetime | None = None,
    reference: str | None = None,
) -> ServiceRequest:
    """File a request for a service item at a center (at the desk, by phone, online, by API).

    Checks as ``request_prepare`` does; the due time counts the item's target in working days.
    ``reference`` is for the demo and imports; otherwise a random one is drawn.
    """
    service_request = request_prepare(
        center=center,
        item=item,
        name=name,
        phone=phone,
        channel=channel,
        description=description,
        answers=answers,
        address=address,
        latitude=latitude,
        longitude=longitude,
        media_url=media_url,
        resident=resident,
        partner=partner,
        submitted_by=submitted_by,
        at=at,
    )
    service_request.reference = reference or new_reference()
    service_request.save()
    record_step(
        service_request,
        Step.SUBMITTED,
        from_state="",
        actor=PartnerPrincipal(partner) if partner else submitted_by,
        note=str(service_request.get_channel_display()),
        at=service_request.submitted_at,
    )
    return service_request
