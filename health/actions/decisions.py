"""The one decision lifecycle of insurance claims and cataract cases: approve, reject, pay.

A claim and a case differ only in their data (which status is open, which amount, whose ledger);
``DecisionKind`` names those, and ``decision_approve``, ``decision_reject`` and ``decision_pay``
are the only code that moves either. ``decision_moves`` answers "which moves may happen now" for
the actions, the admin's review page and its buttons alike.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from health.actions.budgets import budget_commit, budget_pay
from health.actions.ledger import ledger_add, locked_ledger
from health.actions.messages import tell_decided, tell_partner_decided
from health.models import ZERO, Benefit, CataractCase, InsuranceClaim, Program
from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate
from licang.models import Partner
from licang.registry.models import Resident

APPROVE, REJECT, PAY = "approve", "reject", "pay"
MOVES = (APPROVE, REJECT, PAY)
# the status each move leaves behind; both models spell these three the same way
APPROVED, REJECTED, PAID = "approved", "rejected", "paid"


def locked(model: Any, obj: Any) -> Any:
    # lock the record: two staff deciding at once must not both move it
    return model.objects.select_for_update().get(pk=obj.pk)


def transition_refused(status_label: Any, action: str) -> ConflictError:
    return ConflictError(
        _("This cannot be %(action)s: it is %(status)s.")
        % {"action": action, "status": status_label},
        code="invalid_transition",
    )


@dataclass(frozen=True)
class DecisionKind:
    """What a decision needs to know about one kind of record."""

    model: type[models.Model]
    program: str
    open_status: str  # the status a decision starts from: submitted, filed
    amount_field: str  # the amount the decision commits and pays
    subject: Any  # how a budget override names the record
    reason_required: Any  # the message when a rejection has no reason
    validate_constraints: bool = True

    def amount(self, record: Any) -> Decimal:
        return getattr(record, self.amount_field)  # type: ignore[no-any-return]

    def resident(self, record: Any) -> Resident:
        if isinstance(record, InsuranceClaim):
            return record.policy.resident
        return record.resident  # type: ignore[no-any-return]

    def partner(self, record: Any) -> Partner | None:
        """Whom the record concerns among the partners: the insurer of a claim (the one that
        submitted it through the API, else the policy's), the hospital of a cataract case."""
        if isinstance(record, InsuranceClaim):
            return record.submitted_by or record.policy.insurer
        return record.hospital  # type: ignore[no-any-return]

    def benefit(self, record: Any) -> str:
        if isinstance(record, InsuranceClaim):
            return record.claim_type
        return Benefit.CATARACT

    def units(self, record: Any) -> int:
        """What the record reserved in the ledger: hospital-care days, or one claim or case."""
        days = getattr(record, "days_payable", None)
        return days if days is not None else 1

    def clean(self, record: Any) -> None:
        record.full_clean(validate_constraints=self.validate_constraints)


CLAIM = DecisionKind(
    model=InsuranceClaim,
    program=Program.INSURANCE,
    open_status=InsuranceClaim.Status.SUBMITTED,
    amount_field="amount_payable",
    subject=gettext_lazy("insurance claim"),
    reason_required=gettext_lazy("Say why the claim is rejected."),
)
CASE = DecisionKind(
    model=CataractCase,
    program=Program.CATARACT,
    open_status=CataractCase.Status.FILED,
    amount_field="subsidy_amount",
    subject=gettext_lazy("cataract case"),
    reason_required=gettext_lazy("Say why the case is rejected."),
    # the conditional one-case-per-eye constraint is the filing's concern, not a decision's
    validate_constraints=False,
)
KINDS: dict[type[models.Model], DecisionKind] = {InsuranceClaim: CLAIM, CataractCase: CASE}


def kind_of(record: Any) -> DecisionKind:
    return KINDS[type(record)]


def decision_moves(record: Any) -> list[str]:
    """The moves that may happen to ``record`` now: approve or reject while it is open, pay once
    it is approved, nothing after."""
    if record.status == kind_of(record).open_status:
        return [APPROVE, REJECT]
    if record.status == APPROVED:
        return [PAY]
    return []


def _refuse_unless(record: Any, move: str, done: str) -> None:
    if move not in decision_moves(record):
        raise transition_refused(record.get_status_display(), done)


@transaction.atomic
def decision_approve(*, record: Any, by: Any, override_reason: str = "") -> Any:
    """Approve an open claim or case, committing its amount against the year's budget."""
    snapshots_invalidate(app_label="health")  # the public figures count it
    kind = kind_of(record)
    record = locked(kind.model, record)
    _refuse_unless(record, APPROVE, _("approved"))
    budget_commit(
        program=kind.program,
        year=record.year,
        amount=kind.amount(record),
        subject=f"{kind.subject} {record.public_id}",
        subject_id=record.public_id,
        by=by,
        override_reason=override_reason,
    )
    record.status = APPROVED
    record.decided_at = timezone.now()
    record.decided_by = by
    kind.clean(record)
    record.save(update_fields=["status", "decided_at", "decided_by"])
    tell_decided(record, resident=kind.resident(record), amount=kind.amount(record))
    tell_partner_decided(record, partner=kind.partner(record), amount=kind.amount(record))
    return record


@transaction.atomic
def decision_reject(*, record: Any, by: Any, reason: str) -> Any:
    """Reject an open claim or case with a reason; what it reserved goes back to the person's
    ledger (a rejected eye may be filed again)."""
    snapshots_invalidate(app_label="health")  # the public figures count it
    kind = kind_of(record)
    if not reason.strip():
        raise ValidationError({"rejection_reason": str(kind.reason_required)})
    record = locked(kind.model, record)
    _refuse_unless(record, REJECT, _("rejected"))
    ledger = locked_ledger(kind.resident(record), record.year, kind.benefit(record))
    ledger_add(ledger, units=-kind.units(record), amount=-kind.amount(record))
    record.status = REJECTED
    record.rejection_reason = reason.strip()
    record.decided_at = timezone.now()
    record.decided_by = by
    kind.clean(record)
    record.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by"])
    tell_decided(record, resident=kind.resident(record), amount=kind.amount(record))
    tell_partner_decided(record, partner=kind.partner(record), amount=kind.amount(record))
    return record


@transaction.atomic
def decision_pay(*, record: Any, paid_on: datetime.date, payment_reference: str = "") -> Any:
    """Record the payment of an approved claim (by the insurer) or case (to the hospital)."""
    snapshots_invalidate(app_label="health")  # the public figures count it
    kind = kind_of(record)
    record = locked(kind.model, record)
    _refuse_unless(record, PAY, _("paid"))
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The payment date is in the future.")})
    amount = kind.amount(record)
    budget_pay(program=kind.program, year=record.year, amount=amount)
    ledger = locked_ledger(kind.resident(record), record.year, kind.benefit(record))
    ledger_add(ledger, units=0, amount=ZERO, paid=amount)
    record.status = PAID
    record.paid_on = paid_on
    record.payment_reference = payment_reference
    kind.clean(record)
    record.save(update_fields=["status", "paid_on", "payment_reference"])
    return record
