"""The usage ledger: what each person has used of each benefit, locked before it is read."""

from __future__ import annotations

from decimal import Decimal

from health.models import (
    BENEFIT_PROGRAM,
    ZERO,
    UsageLedger,
)
from licang.registry.models import Resident


def locked_ledger(resident: Resident, year: int, benefit: str) -> UsageLedger:
    """The person's ledger row for ``benefit`` in ``year``, created if needed, locked.

    The row is inserted with ON CONFLICT DO NOTHING, then read with SELECT … FOR UPDATE: a second
    request for the same person and benefit waits here until the first commits, then reads the
    balance the first left. This is what keeps caps when two claims arrive at once.
    """
    UsageLedger.objects.bulk_create(
        [
            UsageLedger(
                resident=resident, year=year, benefit=benefit, program=BENEFIT_PROGRAM[benefit]
            )
        ],
        ignore_conflicts=True,
    )
    return UsageLedger.objects.select_for_update().get(
        resident=resident, year=year, benefit=benefit
    )


def ledger_add(ledger: UsageLedger, *, units: int, amount: Decimal, paid: Decimal = ZERO) -> None:
    ledger.used_units += units
    ledger.used_amount += amount
    ledger.paid_amount += paid
    ledger.full_clean()
    ledger.save(update_fields=["used_units", "used_amount", "paid_amount", "updated_at"])
