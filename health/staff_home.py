"""The health programs' cards on the staff home (found by ``licang.staff_cards``): the insurance
claims and cataract cases waiting for a decision, for the staff who decide them; and this year's
completed health checks against the year's target, for staff who see the whole district (the
target is the district's)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health.models import CataractCase, Checkup, InsuranceClaim, Program
from health.rules import rule_for
from licang.registry.access import scope_of
from licang.staff_cards import Card, changelist_url


def cards(user: Any) -> list[Card]:
    found = []
    if user.has_perm("health.change_insuranceclaim"):
        # one query (health_claim_status_date_idx)
        claims = InsuranceClaim.objects.visible_to(user).filter(
            status=InsuranceClaim.Status.SUBMITTED
        )
        found.append(
            Card(
                key="health-claims",
                title=_("Insurance claims to review"),
                figure=claims.count(),
                url=changelist_url(InsuranceClaim, status__exact=InsuranceClaim.Status.SUBMITTED),
                note=_("submitted, waiting for a decision"),
            )
        )
    if user.has_perm("health.change_cataractcase"):
        # one query (health_case_status_date_idx)
        cases = CataractCase.objects.visible_to(user).filter(status=CataractCase.Status.FILED)
        found.append(
            Card(
                key="health-cataract",
                title=_("Cataract cases to review"),
                figure=cases.count(),
                url=changelist_url(CataractCase, status__exact=CataractCase.Status.FILED),
                note=_("filed by the hospitals, waiting for a decision"),
            )
        )
    if user.has_perm("health.view_checkup") and scope_of(user).everything:
        # two queries: the year's completed checks (health_checkup_year_status_idx), its rule
        year = timezone.localdate().year
        done = (
            Checkup.objects.visible_to(user)
            .filter(year=year, status=Checkup.Status.COMPLETED)
            .count()
        )
        rule = rule_for(Program.CHECKUP, year)
        target = rule.target if rule is not None else 0
        percent = (Decimal(done * 100) / target).quantize(Decimal("0.1")) if target else None
        found.append(
            Card(
                key="health-checks",
                title=_("Health checks done in %(year)d") % {"year": year},
                figure=done,
                url=changelist_url(Checkup, year=year, status__exact=Checkup.Status.COMPLETED),
                note=_("of a target of %(target)d (%(percent)s%%)")
                % {"target": target, "percent": percent}
                if percent is not None
                else _("no target set for the year"),
            )
        )
    return found
