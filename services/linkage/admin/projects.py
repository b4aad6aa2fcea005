"""Projects with their funding, spending (beyond the budget only with a logged override),
milestones and the overrides' log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from services.linkage import actions
from services.linkage.admin.base import ScopedAdmin
from services.linkage.models import BudgetOverride, Funding, Milestone, Project, Spending


class ReadOnlyAdmin(ScopedAdmin):
    """A log: nothing is added or changed here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(TranslationAdmin, ScopedAdmin):  # type: ignore[misc]
    list_display = [
        "name",
        "level",
        "lead_organisation",
        "subdistrict",
        "budget",
        "spent",
        "progress",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["level", "subdistrict"]
    search_fields = ["name_zh_hans", "name_en", "lead_organisation__name_zh_hans"]
    list_select_related = ["lead_organisation", "subdistrict", "community", "parent"]
    autocomplete_fields = ["lead_organisation", "subdistrict", "community", "parent"]
    readonly_fields = ["public_id", "budget", "spent", "progress"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.project_save(project=obj)


@admin.register(Funding)
class FundingAdmin(ScopedAdmin):
    list_display = ["project", "source", "amount"]
    list_filter = ["source"]
    search_fields = ["project__name_zh_hans"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return Funding.objects.filter(
            project__in=Project.objects.visible_to(request.user)
        ).for_listing()

    def save_model(self, request: HttpRequest, obj: Funding, form: Any, change: bool) -> None:
        saved = actions.funding_set(project=obj.project, source=obj.source, amount=obj.amount)
        obj.pk = saved.pk


class SpendingForm(forms.ModelForm):
    override_reason = forms.CharField(
        label=_("reason for overriding the budget"),
        required=False,
        max_length=500,
        help_text=_("Only a district administrator may spend beyond the budget, with a reason."),
    )

    class Meta:
        model = Spending
        fields = ["project", "source", "amount", "spent_on", "description"]


@admin.register(Spending)
class SpendingAdmin(ScopedAdmin):
    form = SpendingForm
    list_display = [
        "project",
        "source",
        "amount",
        "spent_on",
        "description",
        "override",
        "recorded_by",
    ]
    list_filter = ["source", "spent_on"]
    search_fields = ["project__name_zh_hans", "description"]
    list_select_related = ["project", "recorded_by", "override"]
    autocomplete_fields = ["project"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # recorded spending is kept as it was; a correction is a new (negative-free) record
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Spending, form: Any, change: bool) -> None:
        saved = actions.spending_record(
            project=obj.project,
            source=obj.source,
            amount=obj.amount,
            spent_on=obj.spent_on,
            description=obj.description,
            by=request.user,
            override_reason=form.cleaned_data.get("override_reason", ""),
        )
        obj.pk = saved.pk


@admin.register(BudgetOverride)
class BudgetOverrideAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "project", "amount", "exceeded_by", "by", "reason"]
    list_filter = ["created_at"]
    search_fields = ["project__name_zh_hans", "reason"]
    list_select_related = ["project", "by"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return BudgetOverride.objects.filter(
            project__in=Project.objects.visible_to(request.user)
        ).for_listing()


@admin.register(Milestone)
class MilestoneAdmin(TranslationAdmin, ScopedAdmin):  # type: ignore[misc]
    list_display = ["title", "project", "due_on", "reached_on"]
    list_filter = ["due_on", "reached_on"]
    search_fields = ["title_zh_hans", "project__name_zh_hans"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return Milestone.objects.filter(
            project__in=Project.objects.visible_to(request.user)
        ).for_listing()

    def save_model(self, request: HttpRequest, obj: Milestone, form: Any, change: bool) -> None:
        if obj.reached_on and (not change or "reached_on" in form.changed_data):
            actions.milestone_save(milestone=obj)
            actions.milestone_reach(milestone=obj, on=obj.reached_on)
        else:
            actions.milestone_save(milestone=obj)
