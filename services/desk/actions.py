"""Actions of the service desk: the catalogue and service requests from filing to rating."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from licang.api.authentication import PartnerPrincipal, partner_of
from licang.errors import ConflictError
from licang.models import Partner
from licang.phones import normalise_phone
from licang.registry.models import Resident, StaffProfile
from services.centers.models import (
    Center,
    Volunteer,
)
from services.centers.workdays import due_at
from services.desk.models import (
    REFERENCE_ALPHABET,
    RequestStep,
    ServiceCategory,
    ServiceItem,
    ServiceQuestion,
    ServiceRequest,
)


def _save(record: Any) -> Any:
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def service_category_save(*, category: ServiceCategory) -> ServiceCategory:
    return _save(category)


@transaction.atomic
def service_item_save(*, item: ServiceItem, centers: Iterable[Center] | None = None) -> ServiceItem:
    _save(item)
    if centers is not None:
        item.centers.set(centers)
    return item


@transaction.atomic
def service_question_save(*, question: ServiceQuestion) -> ServiceQuestion:
    return _save(question)


State = ServiceRequest.State


Step = RequestStep.Action


# The partners that may file requests for residents: social organisations (social workers and
# volunteer groups) and the community health institutions that refer elders to the desk.
FILING_PARTNER_KINDS = (Partner.Kind.SOCIAL_ORGANISATION, Partner.Kind.HEALTH_INSTITUTION)


# Fields a transition leaves alone: the foreign keys were checked when the request was filed.
_FIXED_FIELDS = [
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


def _actor_fields(actor: Any) -> dict[str, Any]:
    partner = partner_of(actor)
    if partner is not None:
        return {"actor_kind": RequestStep.ActorKind.PARTNER, "actor_partner": partner}
    if getattr(actor, "_meta", None) is not None and actor.is_authenticated:
        return {"actor_kind": RequestStep.ActorKind.STAFF, "actor_user": actor}
    return {"actor_kind": RequestStep.ActorKind.RESIDENT}


def _record_step(
    service_request: ServiceRequest,
    action: str,
    *,
    from_state: str,
    actor: Any,
    note: str = "",
    at: datetime.datetime,
) -> RequestStep:
    step = RequestStep(
        request=service_request,
        action=action,
        from_state=from_state,
        to_state=service_request.state,
        note=note,
        at=at,
        **_actor_fields(actor),
    )
    step.full_clean(exclude=["request", "actor_user", "actor_partner"], validate_constraints=False)
    step.save()
    return step


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def clean_answers(item: ServiceItem, answers: dict[str, Any] | None) -> dict[str, Any]:
    """The answers to ``item``'s questions, checked and normalised.

    Errors are keyed ``answers.<question code>``.
    """
    answers = dict(answers or {})
    questions = list(item.questions.all())
    known = {q.code for q in questions}
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Any] = {}
    for code in answers:
        if code not in known:
            errors[f"answers.{code}"] = [
                ValidationError(_("This service asks no such question."), code="unknown_question")
            ]
    Datatype = ServiceQuestion.Datatype
    for question in sorted(questions, key=lambda q: q.order):
        raw = answers.get(question.code)
        key = f"answers.{question.code}"
        values = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
        values = [_text(v) for v in values if _text(v)]
        if not values:
            if question.required:
                errors[key] = [ValidationError(_("Please answer this question."), code="required")]
            continue
        try:
            if question.datatype == Datatype.MULTIPLE:
                unknown = [v for v in values if v not in question.choice_names]
                if unknown:
                    raise ValidationError(_("Pick from the choices given."), code="invalid_choice")
                cleaned[question.code] = values
                continue
            if len(values) > 1:
                raise ValidationError(_("Give one answer."), code="invalid")
            value = values[0]
            if question.datatype == Datatype.SINGLE and value not in question.choice_names:
                raise ValidationError(_("Pick from the choices given."), code="invalid_choice")
            if question.datatype == Datatype.NUMBER:
                try:
                    number = Decimal(value)
                except InvalidOperation:
                    raise ValidationError(_("Enter a number."), code="invalid") from None
                if not number.is_finite():
                    raise ValidationError(_("Enter a number."), code="invalid")
                value = str(number)
            if question.datatype == Datatype.DATETIME:
                day = parse_date(value) if "T" not in value and ":" not in value else None
                parsed = parse_datetime(value) or (
                    datetime.datetime.combine(day, datetime.time()) if day else None
                )
                if parsed is None:
                    raise ValidationError(
                        _("Enter a date and time such as 2026-03-01 09:30."), code="invalid"
                    )
                if timezone.is_naive(parsed):
                    parsed = timezone.make_aware(parsed)
                value = parsed.isoformat()
            limit = 2000 if question.datatype == Datatype.TEXT else 200
            if len(value) > limit:
                raise ValidationError(
                    _("Keep the answer under %(limit)d characters.") % {"limit": limit},
                    code="max_length",
                )
            cleaned[question.code] = value
        except ValidationError as exc:
            errors[key] = [exc]
    if errors:
        raise ValidationError(errors)
    return cleaned


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
    address = _text(address)
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
        name=_text(name),
        phone=normalise_phone(phone),
        channel=channel,
        description=_text(description),
        answers=cleaned_answers,
        address=address,
        latitude=latitude,
        longitude=longitude,
        media_url=_text(media_url),
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
            exclude=_FIXED_FIELDS, validate_unique=False, validate_constraints=False
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
    _record_step(
        service_request,
        Step.SUBMITTED,
        from_state="",
        actor=PartnerPrincipal(partner) if partner else submitted_by,
        note=str(service_request.get_channel_display()),
        at=service_request.submitted_at,
    )
    return service_request


# The transitions: from which states each may happen, and the state it leads to.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Step.ACCEPTED: (frozenset({State.SUBMITTED}), State.ACCEPTED),
    Step.STARTED: (frozenset({State.ACCEPTED}), State.IN_PROGRESS),
    Step.COMPLETED: (frozenset({State.IN_PROGRESS}), State.COMPLETED),
    Step.REJECTED: (frozenset({State.SUBMITTED, State.ACCEPTED}), State.REJECTED),
    Step.CANCELLED: (
        frozenset({State.SUBMITTED, State.ACCEPTED, State.IN_PROGRESS}),
        State.CANCELLED,
    ),
    Step.REOPENED: (frozenset({State.COMPLETED}), State.IN_PROGRESS),
}


ACTION_VERBS: dict[str, Any] = {
    Step.ACCEPTED: pgettext_lazy("transition", "accepted"),
    Step.STARTED: pgettext_lazy("transition", "started"),
    Step.COMPLETED: pgettext_lazy("transition", "completed"),
    Step.REJECTED: pgettext_lazy("transition", "rejected"),
    Step.CANCELLED: pgettext_lazy("transition", "cancelled"),
    Step.REOPENED: pgettext_lazy("transition", "reopened"),
    Step.ASSIGNED: pgettext_lazy("transition", "assigned"),
    Step.RATED: pgettext_lazy("transition", "rated"),
}


def _locked(service_request: ServiceRequest) -> ServiceRequest:
    # Row lock for the rest of the transaction: two people acting on one request at once (two
    # staff accepting, a resident cancelling while staff complete, two ratings) are serialised,
    # and the second sees the first one's state.
    return ServiceRequest.objects.select_for_update().get(pk=service_request.pk)


def _refuse(current: ServiceRequest, action: str) -> ConflictError:
    return ConflictError(
        _("A request in the state “%(state)s” cannot be %(action)s.")
        % {"state": current.get_state_display(), "action": ACTION_VERBS[action]},
        code="illegal_transition",
    )


def _transition(
    service_request: ServiceRequest,
    action: str,
    *,
    actor: Any,
    note: str = "",
    at: datetime.datetime | None,
    changes: dict[str, Any] | None = None,
    allowed_from: frozenset[str] | None = None,
) -> ServiceRequest:
    current = _locked(service_request)
    sources, target = TRANSITIONS[action]
    if current.state not in (allowed_from or sources):
        raise _refuse(current, action)
    at = at or timezone.now()
    from_state = current.state
    current.state = target
    current.state_note = note
    current.updated_at = at
    fields = {"state", "state_note", "updated_at"}
    for field, value in (changes or {}).items():
        setattr(current, field, at if value is _NOW else value)
        fields.add(field)
    # transitions change no foreign key; the database constraints hold the state invariants
    current.full_clean(exclude=_FIXED_FIELDS, validate_unique=False, validate_constraints=False)
    current.save(update_fields=sorted(fields))
    _record_step(current, action, from_state=from_state, actor=actor, note=note, at=at)
    return current


_NOW = object()


def _required_text(value: str, field: str, message: Any) -> str:
    text = _text(value)
    if not text:
        raise ValidationError({field: ValidationError(message, code="required")})
    return text


@transaction.atomic
def request_accept(
    *, service_request: ServiceRequest, actor: Any, at: datetime.datetime | None = None
) -> ServiceRequest:
    return _transition(
        service_request, Step.ACCEPTED, actor=actor, at=at, changes={"accepted_at": _NOW}
    )


@transaction.atomic
def request_start(
    *, service_request: ServiceRequest, actor: Any, at: datetime.datetime | None = None
) -> ServiceRequest:
    return _transition(
        service_request, Step.STARTED, actor=actor, at=at, changes={"started_at": _NOW}
    )


@transaction.atomic
def request_complete(
    *,
    service_request: ServiceRequest,
    actor: Any,
    note: str = "",
    at: datetime.datetime | None = None,
) -> ServiceRequest:
    return _transition(
        service_request,
        Step.COMPLETED,
        actor=actor,
        note=_text(note),
        at=at,
        changes={"completed_at": _NOW},
    )


@transaction.atomic
def request_reject(
    *,
    service_request: ServiceRequest,
    actor: Any,
    reason: str,
    at: datetime.datetime | None = None,
) -> ServiceRequest:
    reason = _required_text(reason, "reason", _("Say why the request is rejected."))
    return _transition(
        service_request, Step.REJECTED, actor=actor, note=reason, at=at, changes={"closed_at": _NOW}
    )


@transaction.atomic
def request_cancel(
    *,
    service_request: ServiceRequest,
    actor: Any,
    reason: str,
    at: datetime.datetime | None = None,
) -> ServiceRequest:
    """Cancel a request: staff while it is open; the resident (``actor=None``) or the partner
    that filed it until work starts."""
    reason = _required_text(reason, "reason", _("Say why the request is cancelled."))
    allowed = None
    if _actor_fields(actor)["actor_kind"] != RequestStep.ActorKind.STAFF:
        allowed = frozenset({State.SUBMITTED, State.ACCEPTED})
    return _transition(
        service_request,
        Step.CANCELLED,
        actor=actor,
        note=reason,
        at=at,
        changes={"closed_at": _NOW},
        allowed_from=allowed,
    )


@transaction.atomic
def request_reopen(
    *, service_request: ServiceRequest, comment: str, at: datetime.datetime | None = None
) -> ServiceRequest:
    """The resident says a completed request is not solved: it goes back to staff, with a new
    due time counted from now and the resident's words as its note."""
    comment = _required_text(comment, "comment", _("Tell us what is still not solved."))
    current = _locked(service_request)
    if current.rating is not None:
        raise ConflictError(
            _("This request has been rated; it can no longer be reopened."), code="already_rated"
        )
    at = at or timezone.now()
    return _transition(
        current,
        Step.REOPENED,
        actor=None,
        note=comment,
        at=at,
        changes={
            "completed_at": None,
            "reopened_count": current.reopened_count + 1,
            "due_at": due_at(at, current.item.target_working_days),
        },
    )


def assignable_staff(center: Center) -> Any:
    """The staff members a request of ``center`` may be assigned to: the center's own staff."""
    return get_user_model().objects.filter(
        is_active=True,
        is_staff=True,
        staff_profile__role=StaffProfile.Role.CENTER_STAFF,
        staff_profile__center=center,
    )


@transaction.atomic
def request_assign(
    *,
    service_request: ServiceRequest,
    actor: Any,
    staff: Any = None,
    volunteer: Volunteer | None = None,
    at: datetime.datetime | None = None,
) -> ServiceRequest:
    """Assign an open request to one of its center's staff members or volunteers."""
    if (staff is None) == (volunteer is None):
        raise ValidationError(
            {"assignee": ValidationError(_("Choose one staff member or one volunteer."))}
        )
    current = _locked(service_request)
    if not current.is_open:
        raise _refuse(current, Step.ASSIGNED)
    if staff is not None and not assignable_staff(current.center).filter(pk=staff.pk).exists():
        raise ValidationError(
            {
                "assignee": ValidationError(
                    _("%(name)s is not a staff member of %(center)s.")
                    % {"name": staff, "center": current.center},
                    code="not_center_staff",
                )
            }
        )
    if volunteer is not None and (
        volunteer.center_id != current.center_id or not volunteer.is_active
    ):
        raise ValidationError(
            {
                "assignee": ValidationError(
                    _("%(name)s is not an active volunteer of %(center)s.")
                    % {"name": volunteer.name, "center": current.center},
                    code="not_center_volunteer",
                )
            }
        )
    at = at or timezone.now()
    current.assigned_staff = staff
    current.assigned_volunteer = volunteer
    current.updated_at = at
    current.save(update_fields=["assigned_staff", "assigned_volunteer", "updated_at"])
    name = staff.get_full_name() or staff.get_username() if staff else str(volunteer)
    _record_step(
        current,
        Step.ASSIGNED,
        from_state=current.state,
        actor=actor,
        note=str(_("Assigned to %(name)s") % {"name": name}),
        at=at,
    )
    return current


@transaction.atomic
def request_rate(
    *,
    service_request: ServiceRequest,
    rating: int,
    comment: str = "",
    at: datetime.datetime | None = None,
) -> ServiceRequest:
    """The resident rates a completed request, once (1 to 5, with an optional comment)."""
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ValidationError(
            {"rating": ValidationError(_("Give a rating from 1 to 5."), code="invalid")}
        )
    comment = _text(comment)
    if len(comment) > 1000:
        raise ValidationError(
            {"comment": ValidationError(_("Keep the comment under 1000 characters."))}
        )
    current = _locked(service_request)
    if current.rating is not None:
        raise ConflictError(_("This request has already been rated."), code="already_rated")
    if current.state != State.COMPLETED:
        raise ConflictError(
            _("Only a completed request can be rated; this one is “%(state)s”.")
            % {"state": current.get_state_display()},
            code="not_completed",
        )
    at = at or timezone.now()
    current.rating = rating
    current.rating_comment = comment
    current.rated_at = at
    current.updated_at = at
    current.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    _record_step(current, Step.RATED, from_state=current.state, actor=None, note=comment, at=at)
    return current
