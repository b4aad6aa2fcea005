"""Reads that span records of the program: an estate's progress, the figures, the public lookup."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from housing.models import (
    STEPS,
    Case,
    CaseMove,
    Estate,
    HoldReason,
    Milestone,
    Step,
)
from licang.registry import overview
from licang.registry.models import Resident

LOOKUP_SUFFIX_LENGTH = 4


def estate_progress(estate: Estate, today: datetime.date | None = None) -> dict[str, Any]:
    """Progress at a glance: cases per step, certificates issued of all units, days since the
    work began, cases on hold and why (three queries)."""
    today = today or timezone.localdate()
    cases = Case.objects.filter(unit__estate=estate)
    per_step = dict(cases.values_list("step").annotate(n=Count("pk")).order_by())
    holds = dict(
        cases.filter(on_hold=True).values_list("hold_reason").annotate(n=Count("pk")).order_by()
    )
    issued = per_step.get(Step.CERTIFICATE_ISSUED, 0)
    return {
        "steps": [
            {"step": step, "label": Step(step).label, "count": per_step.get(step, 0)}
            for step in STEPS
        ],
        "issued": issued,
        "units": estate.unit_count,
        "percent_issued": round(100 * issued / estate.unit_count, 1) if estate.unit_count else 0,
        "days_since_start": (today - estate.work_began_on).days if estate.work_began_on else None,
        "on_hold": sum(holds.values()),
        "holds": [
            {"reason": reason, "label": HoldReason(reason).label, "count": holds[reason]}
            for reason in HoldReason.values
            if holds.get(reason)
        ],
    }


def timeline(estate: Estate) -> list[Milestone]:
    """The estate's milestones in order: nothing personal is in them, so the public sees them."""
    return list(Milestone.objects.filter(estate=estate).order_by("happened_on", "pk"))


def case_for_lookup(case_number: str, id_suffix: str) -> Case | None:
    """The case whose number is ``case_number`` and one of whose owners' ID numbers ends with
    ``id_suffix`` (four characters, X in either case), or ``None`` (one query).

    The caller says the same thing for a wrong number and wrong digits: nothing to tell them
    apart."""
    number = case_number.strip().upper()
    suffix = id_suffix.strip().upper()
    if len(suffix) != LOOKUP_SUFFIX_LENGTH or not number:
        return None
    return (
        Case.objects.for_listing()
        .filter(
            case_number=number,
            unit__ownerships__resident__id_number__iendswith=suffix,
        )
        .distinct()
        .first()
    )


def last_reached_on(case: Case) -> datetime.date:
    return timezone.localdate(case.step_reached_at)


def figures(today: datetime.date | None = None) -> dict[str, Any]:
    """Certificates issued per estate and month, and the special cases still open (three
    queries whatever the number of estates)."""
    estates = list(
        Estate.objects.annotate(
            units_total=Count("units", distinct=True),
            issued=Count("units", filter=Q(units__case__step=Step.CERTIFICATE_ISSUED)),
            held=Count("units", filter=Q(units__case__on_hold=True)),
        ).order_by("code")
    )
    monthly = (
        CaseMove.objects.filter(kind=CaseMove.Kind.ADVANCE, to_step=Step.CERTIFICATE_ISSUED)
        .annotate(month=TruncMonth("at", tzinfo=timezone.get_current_timezone()))
        .values_list("case__unit__estate_id", "month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    per_estate: dict[int, list[dict[str, Any]]] = {}
    for estate_id, month, count in monthly:
        per_estate.setdefault(estate_id, []).append({"month": month.date(), "issued": count})
    holds = dict(
        Case.objects.filter(on_hold=True)
        .values_list("hold_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "estates": [
            {
                "code": e.code,
                "name": e.name,
                "units": e.unit_count,
                "issued": e.issued,  # type: ignore[attr-defined]
                "on_hold": e.held,  # type: ignore[attr-defined]
                "monthly": per_estate.get(e.pk, []),
            }
            for e in estates
        ],
        "issued": sum(e.issued for e in estates),  # type: ignore[attr-defined]
        "on_hold": sum(holds.values()),
        "holds": [
            {"reason": r, "label": HoldReason(r).label, "count": holds[r]}
            for r in HoldReason.values
            if holds.get(r)
        ],
    }


# --- the resident page (``licang.registry.overview``) ------------------------------------------


def resident_overview(
    resident: Resident, viewer: Any, *, today: datetime.date
) -> overview.Section | None:
    """The program's part of the resident page: the cases of the units they own, within
    ``viewer``'s scope (``access.estate_filter``). One query."""
    if not overview.may_view(viewer, Case):
        return None
    cases, total = overview.latest(
        Case.objects.visible_to(viewer)
        .filter(unit__ownerships__resident=resident)
        .select_related("unit__estate")
        .order_by("-step_reached_at", "-pk")
    )

    def entry(case: Case) -> overview.Entry:
        state = str(case.get_step_display())
        if case.on_hold:
            state = _("%(step)s, on hold") % {"step": state}
        return overview.Entry(
            title=f"{case.case_number} · {case.unit}",
            state=state,
            date=case.step_reached_at,
            url=overview.change_url(case),
            detail=str(case.get_hold_reason_display()) if case.on_hold else "",
            tone="warning" if case.on_hold else "",
        )

    # the cases list has no filter by owner that the page may put in a link: a resident owns a
    # unit or two, all on the page
    listed = overview.entry_list("cases", _("Certificate cases"), cases, total, entry)
    return overview.Section("housing", _("Property-certificate cases"), lists=[listed])
