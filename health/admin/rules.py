"""The programs' yearly rules, budgets and the approvals beyond them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from health import actions
from health.admin.writes import ActionAdmin
from health.models import (
    Budget,
    BudgetOverride,
    CataractRule,
    CheckupRule,
    InsuranceRule,
)
from licang.admin_exports import ExportAdmin

# --- Rules ----------------------------------------------------------------------------------------


class RuleAdmin(ActionAdmin):
    readonly_fields = ["version", "updated_at"]
    search_fields = ["note"]
    ordering = ["-year"]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.rule_save(rule=obj)


@admin.register(InsuranceRule)
class InsuranceRuleAdmin(RuleAdmin):
    list_display = [
        "year",
        "daily_allowance",
        "max_hospital_days",
        "cap_accidental_death",
        "cap_accidental_disability",
        "cap_accidental_medical",
        "cap_major_disease",
        "requires_licang_registration",
        "version",
    ]
    list_filter = ["requires_licang_registration"]


@admin.register(CheckupRule)
class CheckupRuleAdmin(RuleAdmin):
    list_display = [
        "year",
        "min_age_anyone",
        "min_age_registered",
        "checks_per_year",
        "target",
        "fee_per_check",
        "oldest_band_from",
        "version",
    ]
    list_filter = ["checks_per_year"]


@admin.register(CataractRule)
class CataractRuleAdmin(RuleAdmin):
    list_display = ["year", "subsidy_per_case", "requires_licang_registration", "version"]
    list_filter = ["requires_licang_registration"]


# --- Budgets ------------------------------------------------------------------------------------


@admin.register(Budget)
class BudgetAdmin(ActionAdmin):
    list_display = [
        "program",
        "year",
        "amount",
        "committed",
        "paid",
        "remaining",
        "use_percent",
        "override_count",
    ]
    list_filter = ["program", "year"]
    search_fields = ["program"]
    readonly_fields = ["committed", "paid", "updated_at"]
    change_list_template = "admin/health/budget/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Budget]:
        return Budget.objects.for_listing()

    @admin.display(description=_("remaining"))
    def remaining(self, obj: Budget) -> Any:
        return obj.remaining

    @admin.display(description=_("used (%)"))
    def use_percent(self, obj: Budget) -> Any:
        return obj.use_percent

    @admin.display(description=_("overrides"), ordering="override_count")
    def override_count(self, obj: Budget) -> int:
        return obj.override_count  # type: ignore[attr-defined,no-any-return]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.budget_save(budget=obj)


@admin.register(BudgetOverride)
class BudgetOverrideAdmin(ExportAdmin):
    list_display = ["created_at", "budget", "subject", "amount", "exceeded_by", "by", "reason"]
    list_filter = ["budget__program", "budget__year"]
    search_fields = ["subject", "reason"]
    list_select_related = ["budget", "by"]
    readonly_fields = [
        "budget",
        "subject",
        "subject_id",
        "amount",
        "committed_before",
        "exceeded_by",
        "reason",
        "by",
        "created_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BudgetOverride]:
        # django-stubs types the manager by the model's class name, which the linkage's own
        # BudgetOverride shares
        return BudgetOverride.objects.for_listing()  # type: ignore[return-value]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # written by approvals that override a budget

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
