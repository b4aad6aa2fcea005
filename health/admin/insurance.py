"""Special families, policies and claims."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from health import actions
from health.admin.decisions import ReviewAdmin, approve_action, decision_html, pay_action
from health.admin.writes import ActionAdmin, ResidentColumnsMixin
from health.models import (
    InsuranceClaim,
    InsurancePolicy,
    SpecialFamily,
)

# --- Insurance ------------------------------------------------------------------------------------


@admin.register(SpecialFamily)
class SpecialFamilyAdmin(ActionAdmin):
    list_display = ["__str__", "situation", "certificate_number", "recognised_on", "policy_count"]
    list_filter = ["situation", "recognised_on"]
    search_fields = ["certificate_number", "household__number", "household__address"]
    readonly_fields = ["public_id", "created_at"]
    autocomplete_fields = ["household"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SpecialFamily]:
        return SpecialFamily.objects.visible_to(request.user).for_listing()

    @admin.display(description=_("insurance policies"), ordering="policy_count")
    def policy_count(self, obj: SpecialFamily) -> int:
        return obj.policy_count  # type: ignore[attr-defined,no-any-return]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.special_family_save(family=obj)


@admin.register(InsurancePolicy)
class InsurancePolicyAdmin(ResidentColumnsMixin, ActionAdmin):
    list_display = [
        "policy_number",
        "resident_name",
        "masked_id_number",
        "community",
        "year",
        "insurer",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["year", "insurer"]
    search_fields = ["policy_number", "resident__name", "=resident__id_number"]
    readonly_fields = ["public_id", "created_at", "decision_text"]
    autocomplete_fields = ["resident", "family", "insurer"]
    read_only_after_creation = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[InsurancePolicy]:
        return InsurancePolicy.objects.visible_to(request.user).for_listing()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [
            f.name for f in InsurancePolicy._meta.fields if f.name not in {"id", "decision"}
        ] + ["decision_text"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["resident", "year", "insurer", "family", "policy_number", "starts_on", "ends_on"]
        return fields if obj is None else [*fields, "public_id", "created_at", "decision_text"]

    @admin.display(description=_("eligibility decision"))
    def decision_text(self, obj: InsurancePolicy) -> str:
        return decision_html(obj.decision)

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.policy_issue(
            resident=obj.resident,
            year=obj.year,
            insurer=obj.insurer,
            family=obj.family,
            policy_number=obj.policy_number,
            starts_on=obj.starts_on,
            ends_on=obj.ends_on,
        )


@admin.register(InsuranceClaim)
class InsuranceClaimAdmin(ReviewAdmin):
    resident_path = "policy__resident"
    # the template keeps dates, amounts and ID numbers on one line and drops columns on a phone
    list_display = [
        "claim_type",
        "resident_name",
        "masked_id_number",
        "incident_date",
        "days",
        "amount_payable",
        "status",
        "submitted_on",
    ]
    list_filter = ["status", "claim_type", "policy__year", "policy__insurer"]
    search_fields = [
        "policy__resident__name",
        "=policy__resident__id_number",
        "=policy__policy_number",
    ]
    autocomplete_fields = ["policy"]
    actions = [
        approve_action(_("Approve the selected claims"), _("%(count)d claims approved.")),
        pay_action(_("Mark the selected claims paid today"), _("%(count)d claims marked paid.")),
    ]
    add_fields = [
        "policy",
        "claim_type",
        "incident_date",
        "admission_date",
        "discharge_date",
        "days",
        "amount_claimed",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[InsuranceClaim]:
        return InsuranceClaim.objects.visible_to(request.user).for_listing()

    @admin.display(description=_("submitted on"), ordering="submitted_at")
    def submitted_on(self, obj: InsuranceClaim) -> str:
        return date_format(timezone.localtime(obj.submitted_at), "SHORT_DATE_FORMAT")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.add_fields
        return [
            "policy",
            "claim_type",
            "status",
            "incident_date",
            "admission_date",
            "discharge_date",
            "days",
            "amount_claimed",
            "days_payable",
            "amount_payable",
            "decision_text",
            "rejection_reason",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "paid_on",
            "payment_reference",
            "public_id",
        ]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.claim_submit(
            resident=obj.policy.resident,
            claim_type=obj.claim_type,
            incident_date=obj.incident_date,
            days=obj.days,
            admission_date=obj.admission_date,
            discharge_date=obj.discharge_date,
            amount_claimed=obj.amount_claimed,
        )
