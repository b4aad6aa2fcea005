"""Who may see the desk's service requests: a partner the requests it filed, staff the requests
of their centers (``services.centers.access``), nobody else. The querysets call this module
(``ServiceRequest.objects.visible_to(actor)``); it imports no model of this app."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from licang.api.authentication import partner_of
from services.centers.access import center_scope_filter

Q = TypeVar("Q", bound=models.QuerySet[Any])


def request_scope_filter(queryset: Q, actor: Any) -> Q:
    """The service requests ``actor`` may see: a partner its own, staff their centers'."""
    partner = partner_of(actor)
    if partner is not None:
        return queryset.filter(partner=partner)
    return center_scope_filter(queryset, actor, "center")
