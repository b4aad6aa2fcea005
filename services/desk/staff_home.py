"""The desk's cards on the staff home (found by ``licang.staff_cards``): the open requests of the
user's centers and, of them, the overdue ones. For staff who see the desk's queue."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from licang.staff_cards import Card, changelist_url
from services.desk.models import OPEN_STATES, ServiceRequest


def cards(user: Any) -> list[Card]:
    if not user.has_perm("desk.view_servicerequest"):
        return []
    # one query over the open requests of the user's centers (desk_request_queue_idx for a
    # center's staff, desk_request_due_idx for the overdue)
    counts = (
        ServiceRequest.objects.visible_to(user)
        .open()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=timezone.now())))
    )
    return [
        Card(
            key="desk-open",
            title=_("Open service requests"),
            figure=counts["open"],
            url=changelist_url(ServiceRequest, state__in=",".join(OPEN_STATES)),
            note=_("submitted, accepted or in progress"),
        ),
        Card(
            key="desk-overdue",
            title=_("Overdue service requests"),
            figure=counts["overdue"],
            url=changelist_url(ServiceRequest, overdue="yes"),
            note=_("open past their target time"),
            alert=counts["overdue"] > 0,
        ),
    ]
