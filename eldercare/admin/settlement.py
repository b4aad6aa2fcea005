"""Caterer settlements: computed, adjusted, approved (then locked), exported to Excel."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from eldercare import actions, selectors
from eldercare.access import can_approve_settlements
from eldercare.admin.base import ScopedAdmin
from eldercare.exports import settlement_workbook
from eldercare.models import Settlement, SettlementAdjustment, SettlementLine
from licang.admin_writes import refusal_text
from licang.errors import ConflictError
from licang.models import Partner


class LineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SettlementLine
    fields = ["tier_name", "meals", "subsidy"]
    readonly_fields = ["tier_name", "meals", "subsidy"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ComputeForm(forms.Form):
    caterer = forms.ModelChoiceField(
        label=_("caterer"), queryset=Partner.objects.filter(kind=Partner.Kind.CATERER)
    )
    month = forms.DateField(
        label=_("month"), help_text=_("Any day of the month, e.g. 2026-11-01."), required=True
    )


@admin.register(Settlement)
class SettlementAdmin(ScopedAdmin):
    list_display = [
        "month_label",
        "caterer",
        "status",
        "meals_served",
        "subsidised_meals",
        "subsidy_total",
        "adjustments_total",
        "due",
        "export",
    ]
    list_filter = ["status", "month", "caterer"]
    search_fields = ["caterer__name"]
    readonly_fields = [
        "caterer",
        "month",
        "status",
        "meals_served",
        "subsidised_meals",
        "subsidy_total",
        "adjustments_total",
        "computed_at",
        "approved_at",
        "approved_by",
    ]
    inlines = [LineInline]
    actions = ["recompute_selected", "approve_selected"]
    change_list_template = "admin/eldercare/settlement/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # computed by the action ("compute a month")

    def save_model(self, request: HttpRequest, obj: Settlement, form: Any, change: bool) -> None:
        # every figure is computed: saving a draft computes it again, an approved one refuses
        actions.settlement_compute(caterer=obj.caterer, month=obj.month)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # the lines are the action's

    @admin.display(description=_("month"), ordering="month")
    def month_label(self, obj: Settlement) -> str:
        return f"{obj.month:%Y-%m}"

    @admin.display(description=_("amount due"))
    def due(self, obj: Settlement) -> Decimal:
        return obj.amount_due  # type: ignore[no-any-return]

    @admin.display(description=_("Excel"))
    def export(self, obj: Settlement) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:eldercare_settlement_export", args=[obj.pk]),
            _("download"),
        )

    @admin.action(description=_("Compute the selected settlements again"), permissions=["change"])
    def recompute_selected(self, request: HttpRequest, queryset: QuerySet[Settlement]) -> None:
        self.run_action(
            request,
            queryset.select_related("caterer"),
            lambda s: actions.settlement_compute(caterer=s.caterer, month=s.month),
            _("%(count)d settlements computed."),
        )

    @admin.action(
        description=_("Approve and lock the selected settlements"), permissions=["change"]
    )
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Settlement]) -> None:
        if not can_approve_settlements(request.user):
            messages.error(request, _("Only a district administrator approves settlements."))
            return
        self.run_action(
            request,
            queryset.select_related("caterer"),
            lambda s: actions.settlement_approve(settlement=s, by=request.user),
            _("%(count)d settlements approved."),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:settlement_id>/export/",
                self.admin_site.admin_view(self.export_view),
                name="eldercare_settlement_export",
            ),
            path(
                "compute/",
                self.admin_site.admin_view(self.compute_view),
                name="eldercare_settlement_compute",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest, settlement_id: int) -> HttpResponse:
        settlement = get_object_or_404(
            Settlement.objects.visible_to(request.user).select_related("caterer"),
            pk=settlement_id,
        )
        if not self.has_view_permission(request, settlement):
            raise PermissionDenied
        content = settlement_workbook(selectors.settlement_sheet(settlement))
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"settlement-{settlement.month:%Y-%m}-{settlement.caterer_id}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def compute_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        initial = {"month": (timezone.localdate().replace(day=1) - datetime.timedelta(days=1))}
        form = ComputeForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                settlement = actions.settlement_compute(
                    caterer=form.cleaned_data["caterer"], month=form.cleaned_data["month"]
                )
            except (ValidationError, ConflictError) as refusal:
                form.add_error(None, refusal_text(refusal))
            else:
                return HttpResponseRedirect(
                    reverse("admin:eldercare_settlement_change", args=[settlement.pk])
                )
        return TemplateResponse(
            request,
            "admin/eldercare/settlement/compute.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Compute a month's settlement"),
                "opts": self.opts,
                "form": form,
            },
        )


class AdjustmentForm(forms.ModelForm):
    class Meta:
        model = SettlementAdjustment
        fields = ["settlement", "amount", "reason"]
        help_texts = {
            "settlement": _(
                "A draft month takes the adjustment; an approved month's correction goes into the "
                "next month."
            )
        }


@admin.register(SettlementAdjustment)
class SettlementAdjustmentAdmin(ScopedAdmin):
    form = AdjustmentForm
    list_display = ["settlement", "amount", "reason", "corrects", "created_by", "created_at"]
    list_filter = ["settlement__month", "settlement__caterer"]
    search_fields = ["reason", "settlement__caterer__name"]
    autocomplete_fields = ["settlement"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SettlementAdjustment]:
        return SettlementAdjustment.objects.filter(
            settlement__in=Settlement.objects.visible_to(request.user)
        ).select_related("settlement__caterer", "corrects__caterer", "created_by")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: SettlementAdjustment, form: Any, change: bool
    ) -> None:
        settlement = form.cleaned_data["settlement"]
        if settlement.status == Settlement.Status.APPROVED:
            saved = actions.settlement_correct(
                settlement=settlement, amount=obj.amount, reason=obj.reason, by=request.user
            )
        else:
            saved = actions.settlement_adjust(
                settlement=settlement, amount=obj.amount, reason=obj.reason, by=request.user
            )
        obj.pk = saved.pk
