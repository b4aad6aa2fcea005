"""Moving a service request on, from acceptance to rating: the transitions, assignment, the
resident's rating and reopening, and ``request_move``, the one entry every interface calls."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from licang.errors import ConflictError
from services.centers.models import Volunteer
from services.centers.selectors import center_staff
from services.centers.workdays import due_at
from services.desk import access
from services.desk.actions.catalogue import clean_text
from services.desk.actions.filing import FIXED_FIELDS, State, Step, actor_fields, record_step
from services.desk.actions.messages import tell_accepted, tell_completed
from services.desk.models import RequestStep, ServiceRequest

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

# Residents and partners cancel until work starts; staff while the request is open.
CANCEL_BEFORE_WORK = frozenset({State.SUBMITTED, State.ACCEPTED})

# The moves, as interfaces name them, and the step each records.
MOVE_STEPS: dict[str, str] = {
    "accept": Step.ACCEPTED,
    "start": Step.STARTED,
    "complete": Step.COMPLETED,
    "reject": Step.REJECTED,
    "cancel": Step.CANCELLED,
    "assign": Step.ASSIGNED,
    "reopen": Step.REOPENED,
    "rate": Step.RATED,
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


def _refuse(current: ServiceRequest, step: str) -> ConflictError:
    return ConflictError(
        _("A request in the state “%(state)s” cannot be %(action)s.")
        % {"state": current.get_state_display(), "action": ACTION_VERBS[step]},
        code="illegal_transition",
    )


def _is_staff(actor: Any) -> bool:
    return bool(actor_fields(actor)["actor_kind"] == RequestStep.ActorKind.STAFF)


def _refusal(current: ServiceRequest, move: str, actor: Any) -> ConflictError | None:
    """Why ``move`` cannot happen to ``current`` in its state now, or ``None``.

    The one state rule: each action asks it under the row lock, ``request_moves_available``
    asks it to show the moves an interface offers.
    """
    if move == "rate":
        if current.rating is not None:
            return ConflictError(_("This request has already been rated."), code="already_rated")
        if current.state != State.COMPLETED:
            return ConflictError(
                _("Only a completed request can be rated; this one is “%(state)s”.")
                % {"state": current.get_state_display()},
                code="not_completed",
            )
        return None
    if move == "reopen" and current.rating is not None:
        return ConflictError(
            _("This request has been rated; it can no longer be reopened."), code="already_rated"
        )
    if move == "assign":
        return None if current.is_open else _refuse(current, Step.ASSIGNED)
    step = MOVE_STEPS[move]
    sources, _target = TRANSITIONS[step]
    if move == "cancel" and not _is_staff(actor):
        sources = CANCEL_BEFORE_WORK
    return None if current.state in sources else _refuse(current, step)


def _transition(
    service_request: ServiceRequest,
    move: str,
    *,
    actor: Any,
    note: str = "",
    at: datetime.datetime | None,
    changes: dict[str, Any] | None = None,
) -> ServiceRequest:
    current = _locked(service_request)
    refusal = _refusal(current, move, actor)
    if refusal is not None:
        raise refusal
    step = MOVE_STEPS[move]
    _sources, target = TRANSITIONS[step]
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
    current.full_clean(exclude=FIXED_FIELDS, validate_unique=False, validate_constraints=False)
    current.save(update_fields=sorted(fields))
    record_step(current, step, from_state=from_state, actor=actor, note=note, at=at)
    return current


_NOW = object()


def _required_text(value: str, field: str, message: Any) -> str:
    text = clean_text(value)
    if not text:
        raise ValidationError({field: ValidationError(message, code="required")})
    return text


@transaction.atomic
def request_accept(
    *, service_request: ServiceRequest, actor: Any, at: datetime.datetime | None = None
) -> ServiceRequest:
    accepted = _transition(
        service_request, "accept", actor=actor, at=at, changes={"accepted_at": _NOW}
    )
    tell_accepted(accepted)  # the outbox row is written in this transaction
    return accepted


@transaction.atomic
def request_start(
    *, service_request: ServiceRequest, actor: Any, at: datetime.datetime | None = None
) -> ServiceRequest:
    return _transition(service_request, "start", actor=actor, at=at, changes={"started_at": _NOW})


@transaction.atomic
def request_complete(
    *,
    service_request: ServiceRequest,
    actor: Any,
    note: str = "",
    at: datetime.datetime | None = None,
) -> ServiceRequest:
    completed = _transition(
        service_request,
        "complete",
        actor=actor,
        note=clean_text(note),
        at=at,
        changes={"completed_at": _NOW},
    )
    tell_completed(completed)  # the outbox row is written in this transaction
    return completed


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
        service_request, "reject", actor=actor, note=reason, at=at, changes={"closed_at": _NOW}
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
    return _transition(
        service_request, "cancel", actor=actor, note=reason, at=at, changes={"closed_at": _NOW}
    )


@transaction.atomic
def request_reopen(
    *, service_request: ServiceRequest, comment: str, at: datetime.datetime | None = None
) -> ServiceRequest:
    """The resident says a completed request is not solved: it goes back to staff, with a new
    due time counted from now and the resident's words as its note."""
    comment = _required_text(comment, "comment", _("Tell us what is still not solved."))
    current = _locked(service_request)
    at = at or timezone.now()
    return _transition(
        current,
        "reopen",
        actor=None,
        note=comment,
        at=at,
        changes={
            "completed_at": None,
            "reopened_count": current.reopened_count + 1,
            "due_at": due_at(at, current.item.target_working_days),
        },
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
    refusal = _refusal(current, "assign", actor)
    if refusal is not None:
        raise refusal
    if staff is not None and not center_staff([current.center]).filter(pk=staff.pk).exists():
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
    record_step(
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
    comment = clean_text(comment)
    if len(comment) > 1000:
        raise ValidationError(
            {"comment": ValidationError(_("Keep the comment under 1000 characters."))}
        )
    current = _locked(service_request)
    refusal = _refusal(current, "rate", None)
    if refusal is not None:
        raise refusal
    at = at or timezone.now()
    current.rating = rating
    current.rating_comment = comment
    current.rated_at = at
    current.updated_at = at
    current.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    record_step(current, Step.RATED, from_state=current.state, actor=None, note=comment, at=at)
    return current


# --- the one entry of the interfaces ---------------------------------------------------------


def request_moves_available(*, service_request: ServiceRequest, actor: Any) -> frozenset[str]:
    """The moves ``actor`` may make on ``service_request`` now: theirs to make
    (``access.request_moves_of``) and allowed by the request's state. The admin's buttons, the
    status page's forms and ``request_move`` ask this; the answer is only a promise until
    ``request_move`` checks the state again under the row lock."""
    return frozenset(
        move
        for move in access.request_moves_of(actor, service_request)
        if _refusal(service_request, move, actor) is None
    )


@transaction.atomic
def request_move(
    *,
    service_request: ServiceRequest,
    action: str,
    actor: Any,
    note: str = "",
    reason: str = "",
    rating: int | None = None,
    staff: Any = None,
    volunteer: Volunteer | None = None,
    at: datetime.datetime | None = None,
) -> ServiceRequest:
    """Make one move on a request; the admin, the public pages, the API and Open311 call this.

    ``action`` is a key of ``MOVE_STEPS``: ``accept``, ``start``, ``complete``, ``reject``,
    ``cancel``, ``assign`` (to ``staff`` or a ``volunteer``), ``reopen``, ``rate`` (``rating``
    from 1 to 5). ``note`` is the note to the resident of ``complete``, the resident's words of
    ``reopen`` and the comment of ``rate``; ``reason`` says why ``reject`` or ``cancel`` (an
    interface with one text box passes its text as both). ``actor`` is a staff member, a partner
    (``PartnerPrincipal``) or ``None`` for the resident on the public pages.

    Raises ``PermissionDenied`` if the move is not the actor's to make, ``ConflictError``
    (``illegal_transition``, ``already_rated``, ``not_completed``) if the request's state does not
    allow it, ``ValidationError`` for missing or bad input (no reason, no assignee).
    """
    if action not in MOVE_STEPS:
        raise ValidationError({"action": ValidationError(_("Unknown action."), code="invalid")})
    if action not in access.request_moves_of(actor, service_request):
        raise PermissionDenied(_("This move on the request is not yours to make."))
    target = service_request
    match action:
        case "accept":
            return request_accept(service_request=target, actor=actor, at=at)
        case "start":
            return request_start(service_request=target, actor=actor, at=at)
        case "complete":
            return request_complete(service_request=target, actor=actor, note=note, at=at)
        case "reject":
            return request_reject(service_request=target, actor=actor, reason=reason, at=at)
        case "cancel":
            return request_cancel(service_request=target, actor=actor, reason=reason, at=at)
        case "assign":
            return request_assign(
                service_request=target, actor=actor, staff=staff, volunteer=volunteer, at=at
            )
        case "reopen":
            return request_reopen(service_request=target, comment=note, at=at)
        case _:  # "rate": the step records the resident, whoever passes the rating on
            return request_rate(
                service_request=target,
                rating=rating,  # type: ignore[arg-type]
                comment=note,
                at=at,
            )
