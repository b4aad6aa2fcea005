"""Enrolling elders at a home meal point; suspending, resuming and ending an enrolment."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from eldercare import pricing
from eldercare.models import Enrolment, MealPoint, StandingOrder
from licang.errors import ConflictError
from licang.registry.models import Resident


def _check_elder(resident: Resident, on: datetime.date) -> None:
    rule = pricing.rule_for(on)
    if rule is None:
        raise ValidationError(
            {"enrolled_on": _("No meal rule is set for %(year)d yet.") % {"year": on.year}}
        )
    if not pricing.is_elder(resident, on, rule):
        raise ValidationError(
            {
                "resident": _(
                    "The meal program is for residents aged %(age)d and over; by the ID number "
                    "this person is %(actual)d."
                )
                % {"age": rule.elder_age, "actual": resident.age_on(on)}
            },
            code="not_an_elder",
        )


@transaction.atomic
def enrolment_create(
    *,
    resident: Resident,
    point: MealPoint,
    enrolled_on: datetime.date,
    dietary_restrictions: list[str] | None = None,
    hardship: str = "",
    needs_delivery: bool = False,
    by: Any = None,
) -> Enrolment:
    """Enrol an elder (60 or over by the ID number, under the year's rule) at a home point."""
    _check_elder(resident, enrolled_on)
    if needs_delivery and point.delivery_radius_m == 0:
        raise ValidationError(
            {"needs_delivery": _("This point does not deliver: choose a point that does.")}
        )
    enrolment = Enrolment(
        resident=resident,
        point=point,
        enrolled_on=enrolled_on,
        dietary_restrictions=sorted(set(dietary_restrictions or [])),
        hardship=hardship,
        needs_delivery=needs_delivery,
        enrolled_by=by if getattr(by, "_meta", None) else None,
    )
    enrolment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:
        raise ConflictError(
            _("This elder is already enrolled; change or end the current enrolment."),
            code="already_enrolled",
        ) from exc
    return enrolment


@transaction.atomic
def enrolment_save(*, enrolment: Enrolment, by: Any = None) -> Enrolment:
    """Save staff's changes to an enrolment (a new one is created by ``enrolment_create``)."""
    if enrolment.pk is None:
        return enrolment_create(
            resident=enrolment.resident,
            point=enrolment.point,
            enrolled_on=enrolment.enrolled_on,
            dietary_restrictions=enrolment.dietary_restrictions,
            hardship=enrolment.hardship,
            needs_delivery=enrolment.needs_delivery,
            by=by,
        )
    Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.needs_delivery and enrolment.point.delivery_radius_m == 0:
        raise ValidationError(
            {"needs_delivery": _("This point does not deliver: choose a point that does.")}
        )
    enrolment.dietary_restrictions = sorted(set(enrolment.dietary_restrictions))
    enrolment.full_clean()
    enrolment.save()
    return enrolment


def _move(enrolment: Enrolment, *, to: str, allowed_from: list[str], note: str) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in allowed_from:
        raise ConflictError(
            _("The enrolment is %(status)s.") % {"status": enrolment.get_status_display()},
            code="illegal_transition",
        )
    enrolment.status = to
    enrolment.status_note = note
    return enrolment


@transaction.atomic
def enrolment_suspend(*, enrolment: Enrolment, reason: str) -> Enrolment:
    """Suspend an enrolment (a hospital stay): its meals are charged the standard price and its
    standing orders place nothing until it is resumed."""
    if not reason.strip():
        raise ValidationError({"status_note": _("Say why the enrolment is suspended.")})
    enrolment = _move(
        enrolment,
        to=Enrolment.Status.SUSPENDED,
        allowed_from=[Enrolment.Status.ACTIVE],
        note=reason,
    )
    enrolment.full_clean()
    enrolment.save(update_fields=["status", "status_note"])
    return enrolment


@transaction.atomic
def enrolment_resume(*, enrolment: Enrolment) -> Enrolment:
    enrolment = _move(
        enrolment, to=Enrolment.Status.ACTIVE, allowed_from=[Enrolment.Status.SUSPENDED], note=""
    )
    enrolment.save(update_fields=["status", "status_note"])
    return enrolment


@transaction.atomic
def enrolment_end(*, enrolment: Enrolment, on: datetime.date, reason: str) -> Enrolment:
    """End an enrolment for good (moved away, passed away); its standing orders end with it."""
    if not reason.strip():
        raise ValidationError({"status_note": _("Say why the enrolment ends.")})
    enrolment = _move(
        enrolment,
        to=Enrolment.Status.ENDED,
        allowed_from=[Enrolment.Status.ACTIVE, Enrolment.Status.SUSPENDED],
        note=reason,
    )
    enrolment.ended_on = on
    enrolment.full_clean(validate_constraints=False)
    enrolment.save(update_fields=["status", "status_note", "ended_on"])
    StandingOrder.objects.filter(enrolment=enrolment, is_active=True).update(is_active=False)
    return enrolment
