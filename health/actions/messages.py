"""What the health programs tell a person (``licang.outbox``): their insurance claim or cataract
case decided. Called inside the deciding action's transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from licang.outbox import actions as outbox
from licang.outbox.bodies import render
from licang.outbox.models import Event
from licang.registry.models import Resident


def reference_of(record: Any) -> str:
    """The record's short reference in a message: the start of its public ID (never a policy or
    ID number)."""
    return str(record.public_id).replace("-", "")[:8].upper()


def tell_decided(record: Any, *, resident: Resident, amount: Decimal) -> None:
    approved = record.status == "approved"
    outbox.message_queue(
        event=Event.CLAIM_DECIDED,
        body=render(
            "claim_approved" if approved else "claim_rejected",
            kind=record._meta.verbose_name,
            reference=reference_of(record),
            amount=f"{amount:.2f}",
        ),
        about=record,
        dedup_key=f"health.{record._meta.model_name}:{record.pk}:decided",
        resident=resident,
    )
