"""What the health programs tell (``licang.outbox``): a person, of their insurance claim or
cataract case decided; the partner that submitted it, by e-mail where it keeps an address. Called
inside the deciding action's transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from licang.models import Partner
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


def tell_partner_decided(record: Any, *, partner: Partner | None, amount: Decimal) -> None:
    """The submitting partner (the insurer of a claim, the hospital of a cataract case) learns of
    the decision by e-mail when it keeps a contact address; partners without one read it from
    the API as before. The message names the record by reference only, never the person."""
    if partner is None or not partner.contact_email:
        return
    outbox.message_queue(
        event=Event.CLAIM_DECIDED,
        body=render(
            "claim_approved_partner" if record.status == "approved" else "claim_rejected_partner",
            kind=record._meta.verbose_name,
            reference=reference_of(record),
            amount=f"{amount:.2f}",
        ),
        about=record,
        dedup_key=f"health.{record._meta.model_name}:{record.pk}:decided:partner",
        name=partner.contact_name or partner.name,
        email=partner.contact_email,
    )
