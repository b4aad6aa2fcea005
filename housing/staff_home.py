"""The property-certificate program's cards on the staff home (found by ``licang.staff_cards``):
the cases of the user's estates still waiting for their certificate, and those on hold. For the
staff who move cases (housing staff and district administrators)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from housing.models import Case, Step
from licang.staff_cards import Card, changelist_url

PENDING = [step for step in Step.values if step != Step.CERTIFICATE_ISSUED]


def cards(user: Any) -> list[Card]:
    if not user.has_perm("housing.change_case"):
        return []
    # one query over the cases before the certificate (housing_case_step_hold_idx)
    counts = (
        Case.objects.visible_to(user)
        .filter(step__in=PENDING)
        .aggregate(pending=Count("pk"), on_hold=Count("pk", filter=Q(on_hold=True)))
    )
    steps = ",".join(PENDING)
    return [
        Card(
            key="housing-pending",
            title=_("Certificates pending"),
            figure=counts["pending"],
            url=changelist_url(Case, step__in=steps),
            note=_("cases not yet at “certificate issued”"),
        ),
        Card(
            key="housing-on-hold",
            title=_("Certificate cases on hold"),
            figure=counts["on_hold"],
            url=changelist_url(Case, step__in=steps, on_hold__exact="1"),
            note=_("waiting on a special cause"),
        ),
    ]
