"""What the certificate program tells owners (``licang.outbox``): their case reached a new step.
Called inside ``case_advance``'s transaction."""

from __future__ import annotations

from housing.models import Case, Step, UnitOwner
from licang.outbox import actions as outbox
from licang.outbox.bodies import render
from licang.outbox.models import Event


def tell_step_reached(case: Case) -> None:
    """Each owner of the unit is told, once per step reached (a step reached again after a
    correction is told again: the time it was reached is in the key)."""
    body = render("case_step", case=case.case_number, step=Step(case.step).label)
    reached = int(case.step_reached_at.timestamp())
    for owner in UnitOwner.objects.filter(unit_id=case.unit_id).select_related("resident"):
        outbox.message_queue(
            event=Event.CASE_STEP,
            body=body,
            about=case,
            dedup_key=f"housing.case:{case.pk}:{case.step}:{reached}:{owner.resident_id}",
            resident=owner.resident,
        )
