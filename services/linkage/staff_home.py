"""The linkage's card on the staff home (found by ``licang.staff_cards``): the open needs of the
user's communities, linked oldest first (by the day of the visit that found them)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from licang.staff_cards import Card, changelist_url
from services.linkage.admin.needs import NeedAdmin
from services.linkage.models import Need


def cards(user: Any) -> list[Card]:
    if not user.has_perm("linkage.view_need"):
        return []
    # one query over the open needs (linkage_need_status_cat_idx) and the visits that found them
    found = (
        Need.objects.visible_to(user)
        .open()
        .aggregate(open=Count("pk"), oldest=Min("visit__visited_on"))
    )
    oldest = found["oldest"]
    note = (
        _("the oldest found on %(date)s, %(days)d days ago")
        % {"date": oldest.isoformat(), "days": (timezone.localdate() - oldest).days}
        if oldest
        else _("none waiting")
    )
    # the changelist sorted by its "found on" column, oldest first
    by_age = NeedAdmin.list_display.index("found_on") + 1
    return [
        Card(
            key="linkage-needs",
            title=_("Open needs, longest waiting first"),
            figure=found["open"],
            url=changelist_url(Need, status__exact=Need.Status.OPEN, o=by_age),
            note=note,
        )
    ]
