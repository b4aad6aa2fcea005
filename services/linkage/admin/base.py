"""What every linkage admin shares: rows scoped by ``visible_to`` and listed by ``for_listing``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from licang.admin_writes import ActionAdmin


class ScopedAdmin(ActionAdmin):
    """Lists and opens only the rows the staff member may see (others are 404)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.model.objects.visible_to(request.user).for_listing()  # type: ignore[no-any-return]
