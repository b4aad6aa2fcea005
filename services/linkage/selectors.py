"""Reads of the linkage that span its models: matching suggestions, the figures, a volunteer's
confirmed hours and the public's view of a wish."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from licang.registry import overview
from licang.registry.models import Resident
from services.centers.hours import Weekday
from services.linkage.models import (
    ZERO,
    Category,
    Child,
    FundingSource,
    Level,
    Need,
    Project,
    SocialOrganisation,
    Spending,
    Visit,
    Volunteer,
    VolunteerHours,
    Wish,
    age_band_label,
    age_band_of,
)

# Needs a volunteer or organisation is working on: their current load.
ACTIVE = [Need.Status.MATCHED, Need.Status.IN_PROGRESS]


@dataclass(frozen=True)
class Suggestion:
    """One ranked candidate for a need, with the line that explains its rank."""

    rank: int
    candidate: Any
    kind: str  # "volunteer" or "organisation"
    score: int
    load: int
    explanation: str


def _days(days: list[int]) -> str:
    return _("、").join(str(Weekday(d).label) for d in sorted(days))


def match_suggestions(need: Need, *, limit: int = 10) -> list[Suggestion]:
    """Volunteers and organisations for an open ``need``: whose skills fit its category, who
    serve its community and (volunteers) are available, ordered by fit and current load.

    Fit: the category (required), the community (required), each weekday a volunteer is free
    (up to 3) and consent to be contacted. Two queries, whatever the number of candidates.
    """
    category = Category(need.category).label
    community = need.community.name
    volunteers = (
        Volunteer.objects.active()
        .filter(skills__contains=[need.category], communities=need.community_id)
        .exclude(available_on=[])
        .annotate(load=Count("needs", filter=Q(needs__status__in=ACTIVE), distinct=True))
    )
    organisations = SocialOrganisation.objects.filter(
        is_active=True, service_areas__contains=[need.category], communities=need.community_id
    ).annotate(load=Count("needs", filter=Q(needs__status__in=ACTIVE), distinct=True))
    found: list[tuple[int, int, str, Any, str]] = []
    for volunteer in volunteers:
        load: int = volunteer.load  # type: ignore[attr-defined]  # the annotation
        free = len(volunteer.available_on)
        score = 10 + min(free, 3) + (2 if volunteer.consents_to_contact else 0)
        line = _(
            "Skilled in %(category)s, serves %(community)s, free on %(days)s, "
            "%(load)d needs in hand%(consent)s."
        ) % {
            "category": category,
            "community": community,
            "days": _days(volunteer.available_on),
            "load": load,
            "consent": _(", agrees to be contacted") if volunteer.consents_to_contact else "",
        }
        found.append((score, load, volunteer.name, volunteer, line))
    for organisation in organisations:
        load = organisation.load  # type: ignore[attr-defined]  # the annotation
        score = 12
        line = _("Works in %(category)s in %(community)s, %(load)d needs in hand.") % {
            "category": category,
            "community": community,
            "load": load,
        }
        found.append((score, load, organisation.name, organisation, line))
    # best fit first; of equal fit, the least loaded; then by name, so the order is stable
    found.sort(key=lambda row: (-row[0], row[1], row[2]))
    return [
        Suggestion(
            rank=index + 1,
            candidate=candidate,
            kind="volunteer" if isinstance(candidate, Volunteer) else "organisation",
            score=score,
            load=load,
            explanation=line,
        )
        for index, (score, load, _name, candidate, line) in enumerate(found[:limit])
    ]


def confirmed_hours(volunteer: Volunteer) -> Decimal:
    total = (
        VolunteerHours.objects.confirmed()
        .filter(volunteer=volunteer)
        .aggregate(total=Sum("hours"))["total"]
    )
    return total or Decimal("0")


def public_wish(wish: Wish, on: datetime.date | None = None) -> dict[str, Any]:
    """What anyone may know of a wish: never the child's name, school, photo or exact age."""
    on = on or timezone.localdate()
    resident = wish.child.resident
    return {
        "id": wish.public_id,
        "alias": wish.child.alias,
        "age_band": (band := age_band_of(resident.birth_date, on)),
        "age_band_label": age_band_label(band),
        "subdistrict": resident.community.subdistrict.name,
        "wish": wish.wish,
        "status": wish.status,
    }


def figures() -> dict[str, Any]:
    """The linkage's figures for the API, the admin and the public statistics page."""
    visited = Visit.objects.filter(household=OuterRef("resident__household"))
    wishes = Wish.objects.aggregate(
        collected=Count("pk"), fulfilled=Count("pk", filter=Q(status=Wish.Status.FULFILLED))
    )
    projects = Project.objects.filter(parent__isnull=True).aggregate(
        **{f"n_{level}": Count("pk", filter=Q(level=level)) for level in Level.values},
        **{f"sum_{level}": Sum("budget", filter=Q(level=level)) for level in Level.values},
    )
    met = dict(
        Need.objects.filter(status=Need.Status.MET)
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    by_source = dict(
        Spending.objects.values_list("source")
        .annotate(total=Sum("amount"))
        .values_list("source", "total")
    )
    growth = (
        SocialOrganisation.objects.filter(community_level=True)
        .annotate(year=models.functions.ExtractYear("founded_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
        .values_list("year", "n")
    )
    return {
        "volunteers": Volunteer.objects.active().count(),
        "children_visited": Child.objects.filter(Exists(visited)).count(),
        "companionship_hours": Visit.objects.aggregate(total=Sum("companionship_hours"))["total"]
        or Decimal("0"),
        "wishes_collected": wishes["collected"],
        "wishes_fulfilled": wishes["fulfilled"],
        "organisations": SocialOrganisation.objects.brought_in().count(),
        "community_organisations_by_year": {str(year): n for year, n in growth},
        "district_key_projects": projects[f"n_{Level.DISTRICT_KEY}"],
        "subdistrict_projects": projects[f"n_{Level.SUBDISTRICT}"],
        "community_projects": projects[f"n_{Level.COMMUNITY}"],
        "invested": {level: projects[f"sum_{level}"] or ZERO for level in Level.values},
        "needs_met_by_category": {category: met.get(category, 0) for category in Category.values},
        "spent_by_source": {
            source: by_source.get(source) or ZERO for source in FundingSource.values
        },
    }


def monthly_figures() -> dict[str, Any]:
    """Volunteers' confirmed hours and wishes fulfilled per month, from the first month with
    either to the last (two queries), for the statistics page's charts."""
    hours = dict(
        VolunteerHours.objects.filter(status=VolunteerHours.Status.CONFIRMED)
        .annotate(month=models.functions.TruncMonth("date"))
        .values_list("month")
        .annotate(total=Sum("hours"))
        .order_by()
        .values_list("month", "total")
    )
    wishes = dict(
        Wish.objects.filter(status=Wish.Status.FULFILLED, fulfilled_on__isnull=False)
        .annotate(month=models.functions.TruncMonth("fulfilled_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("month", "n")
    )
    months: list[datetime.date] = []
    if hours or wishes:
        cursor, last = min([*hours, *wishes]), max([*hours, *wishes])
        while cursor <= last:
            months.append(cursor)
            cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return {
        "months": [f"{m:%Y-%m}" for m in months],
        "hours": [hours.get(m) or ZERO for m in months],
        "wishes_fulfilled": [wishes.get(m, 0) for m in months],
    }


def organisation_figures() -> dict[str, Any]:
    """How many organisations were brought in, and the community organisations by year."""
    growth = (
        SocialOrganisation.objects.filter(community_level=True)
        .annotate(year=models.functions.ExtractYear("founded_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
        .values_list("year", "n")
    )
    by_year = list(growth)
    return {
        "community_by_year": by_year,
        "community_total": sum(n for _year, n in by_year),
    }


# --- the resident page (``licang.registry.overview``) ------------------------------------------


def resident_overview(
    resident: Resident, viewer: Any, *, today: datetime.date
) -> overview.Section | None:
    """The linkage's part of the resident page: the visits to their household and the needs
    recorded there, and their micro-wishes (a child in difficulty), within ``viewer``'s scope
    (``access.community_records``). One query for each list the viewer's role may view."""
    lists = []
    household = resident.household_id
    if household is not None and overview.may_view(viewer, Visit):
        visits, total = overview.latest(
            Visit.objects.visible_to(viewer)
            .filter(household=household)
            .order_by("-visited_on", "-pk")
        )
        lists.append(
            overview.entry_list(
                "visits",
                _("Canvassing visits to the household"),
                visits,
                total,
                lambda visit: overview.Entry(
                    title=visit.situation[:60] or str(_("Visit")),
                    state=_("%(hours)s h of companionship") % {"hours": visit.companionship_hours},
                    date=visit.visited_on,
                    url=overview.change_url(visit),
                ),
                more_url=overview.list_url(Visit, household__id__exact=household),
            )
        )
    if household is not None and overview.may_view(viewer, Need):
        needs, total = overview.latest(
            Need.objects.visible_to(viewer)
            .filter(visit__household=household)
            .select_related("visit__household")
            .order_by("-updated_at", "-pk")
        )
        lists.append(
            overview.entry_list(
                "needs",
                _("Needs of the household"),
                needs,
                total,
                lambda need: overview.Entry(
                    title=f"{need.get_category_display()} · {need.description[:60]}",
                    state=str(need.get_status_display()),
                    date=need.updated_at,
                    url=overview.change_url(need),
                    detail=str(need.get_urgency_display()),
                    tone="warning"
                    if need.status == Need.Status.OPEN and need.urgency == Need.Urgency.URGENT
                    else "",
                ),
                # the needs list searches by household number
                more_url=overview.list_url(Need, q=needs[0].visit.household.number)
                if needs
                else "",
            )
        )
    if overview.may_view(viewer, Wish):
        wishes, total = overview.latest(
            Wish.objects.visible_to(viewer)
            .filter(child__resident=resident)
            .select_related("child")
            .order_by("-created_at", "-pk")
        )
        lists.append(
            overview.entry_list(
                "wishes",
                _("Micro-wishes"),
                wishes,
                total,
                lambda wish: overview.Entry(
                    title=f"{wish.child.alias} · {wish.wish}",
                    state=str(wish.get_status_display()),
                    date=wish.fulfilled_on or wish.created_at,
                    url=overview.change_url(wish),
                ),
                more_url=overview.list_url(Wish, child__id__exact=wishes[0].child_id)
                if wishes
                else "",
            )
        )
    if not lists:
        return None
    return overview.Section("linkage", _("Five-society linkage"), lists=lists)
