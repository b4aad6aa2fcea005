"""A case's steps: forward one at a time, back only as a recorded correction, holds and resumes,
and the documents of its checklist.

Refusals are ``ConflictError``s with stable codes: ``step_skipped`` (not the next step: a skip, a
step back without a correction, or the step it already holds), ``documents_missing`` (the
checklist is not complete), ``on_hold`` (a held case does not move), ``not_on_hold``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from housing import access, documents
from housing.actions.messages import tell_step_reached
from housing.models import (
    STEPS,
    Case,
    CaseDocument,
    CaseMove,
    ChecklistItem,
    HoldReason,
    ProcessingDay,
    Step,
    next_step,
    step_index,
)
from licang.api.authentication import partner_of
from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate


def _by(by: Any) -> dict[str, Any]:
    partner = partner_of(by)
    if partner is not None:
        return {"by_partner": partner}
    return {"by_user": by if getattr(by, "pk", None) else None}


def _locked(case: Case) -> Case:
    # the row lock serialises moves of one case: two staff members (or the agent and a staff
    # member) moving it at once would otherwise both pass the "next step" check
    return (
        Case.objects.select_related("unit__estate").select_for_update(of=("self",)).get(pk=case.pk)
    )


def step_label(step: str) -> str:
    return str(Step(step).label)


def missing_items(case: Case) -> list[ChecklistItem]:
    """The required checklist items of the case's estate with no document received (queried)."""
    received = CaseDocument.objects.filter(case=case).values("item_id")
    return list(
        ChecklistItem.objects.filter(estate_id=case.unit.estate_id, required=True)
        .exclude(pk__in=received)
        .order_by("sort_order", "code")
    )


def advance_refusal(case: Case, to: str) -> ConflictError | None:
    """Why ``case`` may not move to ``to`` now, or ``None``."""
    if case.on_hold:
        return ConflictError(
            _("The case is on hold (%(reason)s); resume it before moving it.")
            % {"reason": HoldReason(case.hold_reason).label},
            code="on_hold",
        )
    expected = next_step(case.step)
    if to != expected:
        if expected is None:
            message = _("The certificate has already been issued; the case has no further step.")
        elif step_index(to) <= step_index(case.step):
            message = _(
                "The case is at “%(current)s”; going back to “%(to)s” needs a correction "
                "recorded by staff with its reason."
            ) % {"current": step_label(case.step), "to": step_label(to)}
        else:
            message = _(
                "The case is at “%(current)s”; its next step is “%(next)s”, not “%(to)s”. "
                "Steps cannot be skipped."
            ) % {
                "current": step_label(case.step),
                "next": step_label(expected),
                "to": step_label(to),
            }
        return ConflictError(message, code="step_skipped")
    if to == Step.DOCUMENTS_COMPLETE:
        missing = missing_items(case)
        if missing:
            return ConflictError(
                _("Documents are still missing: %(items)s.")
                % {"items": "、".join(str(item.name) for item in missing)},
                code="documents_missing",
            )
    return None


def _when(at: datetime.datetime | None) -> datetime.datetime:
    """``at`` (a step recorded after the fact: paper records entered later, the demo), or now."""
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise ValidationError({"at": _("A step cannot be recorded in the future.")})
    return at


def _move(
    case: Case,
    *,
    kind: str,
    to: str,
    by: Any,
    note: str,
    hold_reason: str = "",
    day: ProcessingDay | None = None,
    at: datetime.datetime | None = None,
) -> datetime.datetime:
    snapshots_invalidate(app_label="housing")  # the public figures count it
    now = _when(at)
    move = CaseMove(
        case=case,
        kind=kind,
        from_step=case.step,
        to_step=to,
        hold_reason=hold_reason,
        note=note,
        at=now,
        processing_day=day,
        **_by(by),
    )
    move.full_clean()
    move.save()
    return now


@transaction.atomic
def case_advance(
    *,
    case: Case,
    to: str,
    by: Any,
    note: str = "",
    day: ProcessingDay | None = None,
    at: datetime.datetime | None = None,
) -> Case:
    """Move a case to its next step (``to`` must be it). Refused with a ``ConflictError`` when
    the case is on hold, ``to`` is not the next step, or documents are missing."""
    if to not in STEPS:
        raise ValidationError({"to": _("“%(to)s” is not a step.") % {"to": to}})
    case = _locked(case)
    refusal = advance_refusal(case, to)
    if refusal is not None:
        raise refusal
    case.step_reached_at = _move(
        case, kind=CaseMove.Kind.ADVANCE, to=to, by=by, note=note, day=day, at=at
    )
    case.step = to
    case.full_clean()
    case.save(update_fields=["step", "step_reached_at"])
    tell_step_reached(case)  # the outbox rows are written in this transaction
    return case


@transaction.atomic
def case_correct(*, case: Case, to: str, by: Any, reason: str) -> Case:
    """Staff move a case back to an earlier step, recording why (a wrong tax form, a refused
    transfer). Only staff correct; the reason is required."""
    if not access.may_correct(by):
        raise PermissionDenied(_("Only staff may record a correction."))
    if to not in STEPS:
        raise ValidationError({"to": _("“%(to)s” is not a step.") % {"to": to}})
    if not reason.strip():
        raise ValidationError({"note": _("Say why the case goes back a step.")})
    case = _locked(case)
    if step_index(to) >= step_index(case.step):
        raise ConflictError(
            _("A correction moves a case back; “%(to)s” is not before “%(current)s”.")
            % {"to": step_label(to), "current": step_label(case.step)},
            code="step_skipped",
        )
    _move(case, kind=CaseMove.Kind.CORRECTION, to=to, by=by, note=reason)
    case.step = to
    case.step_reached_at = timezone.now()
    case.full_clean()
    case.save(update_fields=["step", "step_reached_at"])
    return case


@transaction.atomic
def case_hold(
    *, case: Case, reason: str, by: Any, note: str = "", at: datetime.datetime | None = None
) -> Case:
    """Put a case on hold for a special cause, at whatever step it stands."""
    if reason not in HoldReason.values:
        raise ValidationError({"hold_reason": _("Choose the special cause of the hold.")})
    case = _locked(case)
    if case.on_hold:
        raise ConflictError(_("The case is already on hold."), code="on_hold")
    _move(case, kind=CaseMove.Kind.HOLD, to=case.step, by=by, note=note, hold_reason=reason, at=at)
    case.on_hold = True
    case.hold_reason = reason
    case.hold_note = note
    case.full_clean()
    case.save(update_fields=["on_hold", "hold_reason", "hold_note"])
    return case


@transaction.atomic
def case_resume(*, case: Case, by: Any, note: str = "") -> Case:
    """Resume a held case where it stood."""
    case = _locked(case)
    if not case.on_hold:
        raise ConflictError(_("The case is not on hold."), code="not_on_hold")
    _move(case, kind=CaseMove.Kind.RESUME, to=case.step, by=by, note=note)
    case.on_hold = False
    case.hold_reason = ""
    case.hold_note = ""
    case.full_clean()
    case.save(update_fields=["on_hold", "hold_reason", "hold_note"])
    return case


@transaction.atomic
def case_document_receive(
    *,
    case: Case,
    item: ChecklistItem,
    by: Any,
    upload: File[Any] | None = None,
    at: datetime.datetime | None = None,
) -> CaseDocument:
    """Record a checklist item received for a case, with its scan or photo when ``upload`` is
    given (a PDF, JPEG or PNG checked from its content). Receiving an item again replaces its
    file."""
    if item.estate_id != case.unit.estate_id:
        raise ValidationError({"item": _("This checklist item is not one of the case's estate.")})
    content_type = documents.checked_content_type(upload) if upload is not None else ""
    document = CaseDocument.objects.select_for_update().filter(case=case, item=item).first()
    who = {f"received_{key}": value for key, value in _by(by).items()}
    if document is None:
        document = CaseDocument(case=case, item=item, **who)
    else:
        for key, value in who.items():
            setattr(document, key, value)
    document.received_at = _when(at)
    if upload is not None:
        old = document.file.name if document.file else ""
        document.content_type = content_type
        document.size = upload.size or 0
        document.file.save("upload", upload, save=False)
        if old:
            # the replaced file goes only once the new row is committed
            storage, name = document.file.storage, old
            transaction.on_commit(lambda: storage.delete(name))
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def case_documents_receive_all(
    *, case: Case, by: Any, at: datetime.datetime | None = None
) -> list[CaseDocument]:
    """Record every missing required item as received on paper (a counter check on site)."""
    return [
        case_document_receive(case=case, item=item, by=by, at=at) for item in missing_items(case)
    ]
