"""Reads of the desk's requests: the queue's counts at a glance, the statistics, and the lookups
that follow the access rules of ``services.desk.access``."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.db.models import Avg, Count, F, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from licang.registry import overview
from licang.registry.models import Resident
from services.desk import access
from services.desk.models import (
    OPEN_STATES,
    ServiceCategory,
    ServiceRequest,
    normalise_reference,
)


class Median(models.Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``: the median of a number or an interval."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


def _duration() -> Any:
    return models.ExpressionWrapper(
        F("completed_at") - F("submitted_at"), output_field=models.DurationField()
    )


def week_start(now: datetime.datetime) -> datetime.datetime:
    """Monday 00:00 Beijing time of the week of ``now``."""
    local = timezone.localtime(now)
    monday = local.date() - datetime.timedelta(days=local.weekday())
    return datetime.datetime.combine(monday, datetime.time(), tzinfo=local.tzinfo)


@dataclass(frozen=True)
class QueueFigures:
    open: int
    overdue: int
    completed_this_week: int
    median_completion: datetime.timedelta | None
    average_rating: Decimal | None


def queue_figures(
    requests: models.QuerySet[ServiceRequest], now: datetime.datetime | None = None
) -> QueueFigures:
    """Counts at a glance for a queue (one query)."""
    now = now or timezone.now()
    completed = Q(state=ServiceRequest.State.COMPLETED)
    figures = requests.order_by().aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("pk", filter=Q(state__in=OPEN_STATES, due_at__lt=now)),
        completed_this_week=Count("pk", filter=completed & Q(completed_at__gte=week_start(now))),
        median_completion=Median(
            _duration(), filter=completed, output_field=models.DurationField()
        ),
        average_rating=Avg("rating", output_field=models.DecimalField()),
    )
    rating = figures["average_rating"]
    return QueueFigures(
        open=figures["open"],
        overdue=figures["overdue"],
        completed_this_week=figures["completed_this_week"],
        median_completion=figures["median_completion"],
        average_rating=Decimal(rating).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if rating is not None
        else None,
    )


def format_duration(value: datetime.timedelta | None) -> str:
    """``1 天 3.5 小时`` / ``1 d 3.5 h``; a dash when there is nothing to show."""
    if value is None:
        return "—"
    hours = Decimal(value.total_seconds()) / 3600
    days = int(hours // 24)
    rest = (hours - days * 24).quantize(Decimal("0.1"), ROUND_HALF_UP)
    if days:
        return _("%(days)d d %(hours)s h") % {"days": days, "hours": rest}
    return _("%(hours)s h") % {"hours": rest}


@dataclass
class Statistics:
    months: list[str]
    categories: list[ServiceCategory]
    counts: dict[tuple[str, str], int]
    total: int
    completed: int
    completed_within_target: int
    median_completion: datetime.timedelta | None
    average_rating: Decimal | None
    ratings: int
    table_rows: list[list[Any]] = field(default_factory=list)

    @property
    def within_target_share(self) -> Decimal | None:
        if not self.completed:
            return None
        return (Decimal(self.completed_within_target) / self.completed).quantize(
            Decimal("0.001"), ROUND_HALF_UP
        )

    def as_json(self) -> dict[str, Any]:
        median = self.median_completion
        return {
            "months": self.months,
            "categories": [{"code": c.code, "name": c.name} for c in self.categories],
            "requests_per_category_and_month": [
                {
                    "month": month,
                    "category": category.code,
                    "requests": self.counts.get((month, category.code), 0),
                }
                for month in self.months
                for category in self.categories
            ],
            "requests": self.total,
            "completed": self.completed,
            "completed_within_target": self.completed_within_target,
            "completed_within_target_share": (
                float(self.within_target_share) if self.within_target_share is not None else None
            ),
            "median_completion_hours": (
                round(median.total_seconds() / 3600, 1) if median is not None else None
            ),
            "average_rating": float(self.average_rating) if self.average_rating else None,
            "ratings": self.ratings,
        }


def request_statistics(
    requests: models.QuerySet[ServiceRequest],
    *,
    months: int = 12,
    now: datetime.datetime | None = None,
) -> Statistics:
    """Requests per category and month for the ``months`` months up to the latest request (the
    current month on a live desk), and how well they went: median time to complete, share
    completed within target, average rating (four queries)."""
    now = timezone.localtime(now or timezone.now())
    latest = requests.filter(submitted_at__lte=now).aggregate(latest=Max("submitted_at"))["latest"]
    if latest is not None:
        now = timezone.localtime(latest)
    first = now.date().replace(day=1)
    for _month in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    since = datetime.datetime.combine(first, datetime.time(), tzinfo=now.tzinfo)
    window = requests.filter(submitted_at__gte=since, submitted_at__lte=now).order_by()
    rows = (
        window.annotate(month=TruncMonth("submitted_at", tzinfo=now.tzinfo))
        .values("month", "item__category__code")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        counts[(f"{row['month']:%Y-%m}", row["item__category__code"])] = row["n"]
    completed = Q(state=ServiceRequest.State.COMPLETED)
    figures = window.aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=completed),
        within=Count("pk", filter=completed & Q(completed_at__lte=F("due_at"))),
        median=Median(_duration(), filter=completed, output_field=models.DurationField()),
        average_rating=Avg("rating", output_field=models.DecimalField()),
        ratings=Count("rating"),
    )
    month_labels = []
    cursor = first
    while cursor <= now.date():
        month_labels.append(f"{cursor:%Y-%m}")
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    categories = list(ServiceCategory.objects.order_by("sort_order", "code"))
    stats = Statistics(
        months=month_labels,
        categories=categories,
        counts=counts,
        total=figures["total"],
        completed=figures["completed"],
        completed_within_target=figures["within"],
        median_completion=figures["median"],
        average_rating=Decimal(figures["average_rating"]).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if figures["average_rating"] is not None
        else None,
        ratings=figures["ratings"],
    )
    stats.table_rows = [
        [
            month,
            *[counts.get((month, c.code), 0) for c in categories],
            sum(counts.get((month, c.code), 0) for c in categories),
        ]
        for month in month_labels
    ]
    return stats


def completion_by_month(
    requests: models.QuerySet[ServiceRequest], months: list[str]
) -> dict[str, list[int]]:
    """Of the requests submitted in each of ``months`` (``"YYYY-MM"``, as ``request_statistics``
    gives them), how many were completed and how many of those within target (one query)."""
    tz = timezone.get_current_timezone()
    # with no month the query still runs (and finds nothing): the page's queries do not depend on
    # whether the district has requests yet
    first = (
        datetime.datetime.strptime(months[0], "%Y-%m").replace(tzinfo=tz)
        if months
        else timezone.now()
    )
    completed = Q(state=ServiceRequest.State.COMPLETED)
    rows = {
        f"{row['month']:%Y-%m}": row
        for row in requests.filter(submitted_at__gte=first)
        .annotate(month=TruncMonth("submitted_at", tzinfo=tz))
        .values("month")
        .annotate(
            completed=Count("pk", filter=completed),
            within=Count("pk", filter=completed & Q(completed_at__lte=F("due_at"))),
        )
        .order_by()
    }
    return {
        "completed": [rows[m]["completed"] if m in rows else 0 for m in months],
        "within_target": [rows[m]["within"] if m in rows else 0 for m in months],
    }


def visible_request(actor: Any, reference: str) -> ServiceRequest:
    """The request ``reference`` if ``actor`` may see it (``services.desk.access``);
    ``ServiceRequest.DoesNotExist`` (a 404) otherwise, whether it exists or not."""
    return ServiceRequest.objects.visible_to(actor).by_reference(reference).get()


def request_found_by_resident(*, reference: str, phone_last_four: str) -> ServiceRequest | None:
    """The request a resident finds with its reference and the last four digits of its phone."""
    return access.request_lookup_filter(
        ServiceRequest.objects.all(),
        reference=normalise_reference(reference),
        phone_last_four=phone_last_four,
    ).first()


def followed_request(session: Mapping[str, Any], reference: str) -> ServiceRequest | None:
    """The request ``reference`` with its history if this visitor follows it
    (``access.follows_request``); ``None`` otherwise, whether it exists or not."""
    if not access.follows_request(session, reference):
        return None
    return ServiceRequest.objects.with_history().filter(reference=reference).first()


def last_filed_request(session: Mapping[str, Any]) -> ServiceRequest | None:
    """The request this visitor has just filed on the public form, for its confirmation page."""
    reference = session.get(access.LAST_FILED)
    if not reference:
        return None
    return ServiceRequest.objects.for_listing().filter(reference=reference).first()


# --- the resident page (``licang.registry.overview``) ------------------------------------------


def resident_overview(
    resident: Resident, viewer: Any, *, today: datetime.date
) -> overview.Section | None:
    """The desk's part of the resident page: their newest requests at the centers ``viewer``
    works with (``access.request_scope_filter``). One query."""
    if not overview.may_view(viewer, ServiceRequest):
        return None
    now = timezone.now()
    rows, total = overview.latest(
        ServiceRequest.objects.visible_to(viewer)
        .filter(resident=resident)
        .select_related("center", "item")
        .order_by("-submitted_at", "-pk")
    )

    def entry(request: ServiceRequest) -> overview.Entry:
        overdue = request.is_overdue(now)
        return overview.Entry(
            title=f"{request.reference} · {request.item.name}",
            state=str(_("Overdue")) if overdue else str(request.get_state_display()),
            date=request.submitted_at,
            url=overview.change_url(request),
            detail=request.center.name,
            tone="warning" if overdue else "",
        )

    requests = overview.entry_list(
        "requests",
        _("Service requests"),
        rows,
        total,
        entry,
        more_url=overview.list_url(ServiceRequest, resident__id__exact=resident.pk),
    )
    return overview.Section("desk", _("One-stop service desk"), lists=[requests])
