"""Cataract cases: filed through the action, reviewed through the decision lifecycle."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from health import actions
from health.admin.decisions import ReviewAdmin, approve_action, pay_action
from health.models import (
    CataractCase,
)
from licang.models import Partner

# --- Cataract aid -------------------------------------------------------------------------------


@admin.register(CataractCase)
class CataractCaseAdmin(ReviewAdmin):
    list_display = [
        "resident_name",
        "masked_id_number",
        "eye",
        "surgery_date",
        "hospital",
        "subsidy_amount",
        "status",
    ]
    list_filter = ["status", "eye", "hospital"]
    search_fields = ["resident__name", "=resident__id_number", "hospital__name"]
    autocomplete_fields = ["resident", "hospital"]
    actions = [
        approve_action(_("Approve the selected cases"), _("%(count)d cases approved.")),
        pay_action(_("Mark the selected cases paid today"), _("%(count)d cases marked paid.")),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CataractCase]:
        return CataractCase.objects.visible_to(request.user).for_listing()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "hospital":
            kwargs["queryset"] = Partner.objects.filter(
                kind=Partner.Kind.HOSPITAL, cataract_designations__isnull=False
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        add = [
            "resident",
            "hospital",
            "eye",
            "surgery_date",
            "diagnosis",
            "indication_confirmed",
            "consent_confirmed",
        ]
        if obj is None:
            return add
        return [
            *add,
            "status",
            "subsidy_amount",
            "decision_text",
            "rejection_reason",
            "filed_at",
            "decided_by",
            "decided_at",
            "paid_on",
            "payment_reference",
            "public_id",
        ]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.cataract_case_file(
            resident=obj.resident,
            hospital=obj.hospital,
            eye=obj.eye,
            surgery_date=obj.surgery_date,
            indication_confirmed=obj.indication_confirmed,
            consent_confirmed=obj.consent_confirmed,
            diagnosis=obj.diagnosis,
        )
