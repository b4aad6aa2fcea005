"""What the desk tells the person who asked (``licang.outbox``): their request accepted,
completed, or overdue. Called inside the moving action's transaction."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from licang.outbox import actions as outbox
from licang.outbox.bodies import chinese, render
from licang.outbox.models import Event
from licang.outbox.selectors import already_told
from services.desk.models import ServiceRequest


def _tell(service_request: ServiceRequest, event: str, text: str, key: str) -> None:
    outbox.message_queue(
        event=event,
        body=render(
            text,
            reference=service_request.reference,
            item=chinese(service_request.item, "name"),
            center=chinese(service_request.center, "name"),
        ),
        about=service_request,
        dedup_key=f"desk.servicerequest:{service_request.pk}:{key}",
        resident=service_request.resident,
        name=service_request.name,
        phone=service_request.phone,  # the number given with the request, which may be newer
    )


def tell_accepted(service_request: ServiceRequest) -> None:
    _tell(service_request, Event.REQUEST_ACCEPTED, "request_accepted", "accepted")


def tell_completed(service_request: ServiceRequest) -> None:
    # a reopened request is completed again: each completion is told once
    key = f"completed:{service_request.reopened_count}"
    _tell(service_request, Event.REQUEST_COMPLETED, "request_completed", key)


def tell_overdue(service_request: ServiceRequest) -> None:
    # a reopened request has a new due time, and may become overdue once more
    key = f"overdue:{int(service_request.due_at.timestamp())}"
    _tell(service_request, Event.REQUEST_OVERDUE, "request_overdue", key)


def requests_tell_overdue(*, now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Tell each person whose open request passed its due time, once per due time; the periodic
    job calls this. Returns how many were told."""
    now = now or timezone.now()
    late = (
        ServiceRequest.objects.overdue(now)
        .exclude(already_told(ServiceRequest, Event.REQUEST_OVERDUE, since="due_at"))
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    told = 0
    for pk in list(late):
        with transaction.atomic():
            # locked as the moves lock it: a request completed meanwhile is not told it is late
            current = (
                ServiceRequest.objects.select_for_update(of=("self",))
                .select_related("item", "center")
                .get(pk=pk)
            )
            if current.is_overdue(now):
                tell_overdue(current)
                told += 1
    return told
