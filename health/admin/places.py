"""Designated hospitals and check sites: ended and closed through actions, never deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health import actions
from health.admin.writes import ActionAdmin
from health.models import (
    CheckSite,
    HospitalDesignation,
)

# --- Places -------------------------------------------------------------------------------------


@admin.register(HospitalDesignation)
class HospitalDesignationAdmin(ActionAdmin):
    list_display = ["partner", "valid_from", "valid_until", "in_force", "note"]
    list_filter = ["valid_from", "valid_until"]
    search_fields = ["partner__name", "note"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]

    @admin.display(description=_("in force today"), boolean=True)
    def in_force(self, obj: HospitalDesignation) -> bool:
        today = timezone.localdate()
        return obj.valid_from <= today and (obj.valid_until is None or obj.valid_until >= today)

    actions = ["end_selected"]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.designation_save(designation=obj)

    @admin.action(description=_("End the selected designations today"), permissions=["change"])
    def end_selected(self, request: HttpRequest, queryset: QuerySet[HospitalDesignation]) -> None:
        self.run_action(
            request,
            queryset,
            lambda designation: actions.designation_end(
                designation=designation, on=timezone.localdate()
            ),
            _("%(count)d designations ended."),
        )


@admin.register(CheckSite)
class CheckSiteAdmin(ActionAdmin):
    list_display = ["name", "code", "ownership", "partner", "subdistrict", "is_active"]
    list_filter = ["ownership", "is_active", "subdistrict"]
    search_fields = ["name", "code", "partner__name", "address"]
    list_select_related = ["partner", "subdistrict"]
    autocomplete_fields = ["partner", "subdistrict"]

    actions = ["close_selected"]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.check_site_save(site=obj)

    @admin.action(description=_("Close the selected check sites"), permissions=["change"])
    def close_selected(self, request: HttpRequest, queryset: QuerySet[CheckSite]) -> None:
        self.run_action(
            request,
            queryset,
            lambda site: actions.check_site_close(site=site),
            _("%(count)d check sites closed."),
        )
