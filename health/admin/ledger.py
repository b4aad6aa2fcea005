"""The usage ledger: read-only, kept by claims, checks and cases."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from health.admin.writes import ResidentColumnsMixin
from health.models import (
    UsageLedger,
)
from licang.admin_exports import ExportAdmin


@admin.register(UsageLedger)
class UsageLedgerAdmin(ResidentColumnsMixin, ExportAdmin):
    list_display = [
        "resident_name",
        "masked_id_number",
        "benefit",
        "year",
        "used_units",
        "used_amount",
        "paid_amount",
        "updated_at",
    ]
    list_filter = ["program", "benefit", "year"]
    search_fields = ["resident__name", "=resident__id_number"]
    readonly_fields = [
        "resident",
        "program",
        "benefit",
        "year",
        "used_units",
        "used_amount",
        "paid_amount",
        "updated_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[UsageLedger]:
        return UsageLedger.objects.visible_to(request.user).for_listing()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # kept by claims, checks and cases

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
