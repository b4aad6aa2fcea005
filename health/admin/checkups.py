"""Free health checks: recorded or booked through the action, completed or cancelled in bulk."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from health import actions
from health.admin.decisions import decision_html
from health.admin.writes import ActionAdmin, ActionForm, ResidentColumnsMixin
from health.models import (
    Checkup,
)

# --- Health checks ------------------------------------------------------------------------------


class CheckupAddForm(ActionForm):
    booked = forms.BooleanField(
        label=_("appointment only"),
        required=False,
        help_text=_("Tick to book the check; leave empty when the check has taken place."),
    )

    class Meta:
        model = Checkup
        fields = ["resident", "site", "check_date", "family_doctor_signed"]


@admin.register(Checkup)
class CheckupAdmin(ResidentColumnsMixin, ActionAdmin):
    list_display = [
        "resident_name",
        "masked_id_number",
        "check_date",
        "site",
        "status",
        "age_on_check",
        "registered_in_licang",
        "family_doctor_signed",
    ]
    list_filter = ["status", "year", "age_band", "registered_in_licang", "site__ownership", "site"]
    search_fields = ["resident__name", "=resident__id_number", "site__name"]
    autocomplete_fields = ["resident", "site"]
    actions = ["complete_selected", "cancel_selected"]
    read_only_after_creation = True
    change_list_template = "admin/health/checkup/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Checkup]:
        return Checkup.objects.visible_to(request.user).for_listing()

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = CheckupAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["resident", "site", "check_date", "booked", "family_doctor_signed"]
        return [
            "resident",
            "site",
            "check_date",
            "status",
            "age_on_check",
            "age_band",
            "registered_in_licang",
            "family_doctor_signed",
            "fee",
            "decision_text",
            "recorded_by",
            "created_at",
            "completed_at",
            "public_id",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.get_fields(request, obj)

    @admin.display(description=_("decision"))
    def decision_text(self, obj: Checkup) -> str:
        return decision_html(obj.decision)

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.checkup_record(
            resident=obj.resident,
            site=obj.site,
            check_date=obj.check_date,
            booked=form.cleaned_data.get("booked", False),
            family_doctor_signed=obj.family_doctor_signed,
        )

    @admin.action(
        description=_("Record the selected bookings as completed"), permissions=["change"]
    )
    def complete_selected(self, request: HttpRequest, queryset: QuerySet[Checkup]) -> None:
        self.run_action(
            request,
            queryset,
            lambda checkup: actions.checkup_complete(checkup=checkup),
            _("%(count)d checks recorded as completed."),
        )

    @admin.action(description=_("Cancel the selected bookings"), permissions=["change"])
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Checkup]) -> None:
        self.run_action(
            request,
            queryset,
            lambda checkup: actions.checkup_cancel(checkup=checkup),
            _("%(count)d bookings cancelled."),
        )
