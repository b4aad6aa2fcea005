"""Enrolments, standing orders and their pauses, and the follow-ups of failed deliveries."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eldercare import actions
from eldercare.admin.base import ResidentColumns, ScopedAdmin, ask_reason
from eldercare.models import Enrolment, FollowUp, StandingOrder, StandingOrderPause


@admin.register(Enrolment)
class EnrolmentAdmin(ResidentColumns, ScopedAdmin):
    list_display = [
        "resident_name",
        "masked_id_number",
        "point",
        "status",
        "hardship",
        "needs_delivery",
        "restrictions",
        "enrolled_on",
    ]
    list_filter = ["status", "hardship", "needs_delivery", "point__subdistrict", "point"]
    search_fields = ["resident__name", "=resident__id_number", "point__code"]
    autocomplete_fields = ["resident", "point"]
    readonly_fields = ["status", "status_note", "ended_on", "enrolled_by", "created_at"]
    actions = ["suspend_selected", "resume_selected", "end_selected"]

    @admin.display(description=_("dietary restrictions"))
    def restrictions(self, obj: Enrolment) -> str:
        return "、".join(obj.restriction_labels) or "—"

    def save_model(self, request: HttpRequest, obj: Enrolment, form: Any, change: bool) -> None:
        saved = actions.enrolment_save(enrolment=obj, by=request.user)
        obj.pk = saved.pk

    @admin.action(description=_("Suspend the selected enrolments"), permissions=["change"])
    def suspend_selected(
        self, request: HttpRequest, queryset: QuerySet[Enrolment]
    ) -> HttpResponse | None:
        page = ask_reason(
            self, request, queryset, action="suspend_selected", title=_("Suspend enrolments")
        )
        if page is not None:
            return page
        reason = request.POST["reason"]
        self.run_action(
            request,
            queryset,
            lambda e: actions.enrolment_suspend(enrolment=e, reason=reason),
            _("%(count)d enrolments suspended."),
        )
        return None

    @admin.action(description=_("Resume the selected enrolments"), permissions=["change"])
    def resume_selected(self, request: HttpRequest, queryset: QuerySet[Enrolment]) -> None:
        self.run_action(
            request,
            queryset,
            lambda e: actions.enrolment_resume(enrolment=e),
            _("%(count)d enrolments resumed."),
        )

    @admin.action(description=_("End the selected enrolments"), permissions=["change"])
    def end_selected(
        self, request: HttpRequest, queryset: QuerySet[Enrolment]
    ) -> HttpResponse | None:
        page = ask_reason(self, request, queryset, action="end_selected", title=_("End enrolments"))
        if page is not None:
            return page
        reason = request.POST["reason"]
        self.run_action(
            request,
            queryset,
            lambda e: actions.enrolment_end(enrolment=e, on=timezone.localdate(), reason=reason),
            _("%(count)d enrolments ended."),
        )
        return None


@admin.register(StandingOrder)
class StandingOrderAdmin(ScopedAdmin):
    list_display = ["enrolment", "meal", "mode", "weekdays", "is_active"]
    list_filter = ["is_active", "meal", "mode", "enrolment__point"]
    search_fields = ["enrolment__resident__name", "=enrolment__resident__id_number"]
    autocomplete_fields = ["enrolment"]
    readonly_fields = ["created_at"]

    def save_model(self, request: HttpRequest, obj: StandingOrder, form: Any, change: bool) -> None:
        actions.standing_order_save(standing_order=obj)


@admin.register(StandingOrderPause)
class StandingOrderPauseAdmin(ScopedAdmin):
    list_display = ["standing_order", "starts_on", "ends_on", "reason"]
    list_filter = ["starts_on"]
    search_fields = ["standing_order__enrolment__resident__name", "reason"]
    autocomplete_fields = ["standing_order"]
    date_hierarchy = "starts_on"

    def get_queryset(self, request: HttpRequest) -> QuerySet[StandingOrderPause]:
        regulars = StandingOrder.objects.visible_to(request.user)
        return StandingOrderPause.objects.filter(standing_order__in=regulars).select_related(
            "standing_order__enrolment__resident", "standing_order__enrolment__point"
        )

    def save_model(
        self, request: HttpRequest, obj: StandingOrderPause, form: Any, change: bool
    ) -> None:
        actions.standing_order_pause_save(pause=obj)


@admin.register(FollowUp)
class FollowUpAdmin(ResidentColumns, ScopedAdmin):
    resident_path = "delivery__order__resident"
    list_display = ["raised_at", "resident_name", "masked_id_number", "community", "is_open"]
    list_filter = ["closed_at", "community__subdistrict", "community"]
    search_fields = ["delivery__order__resident__name", "outcome"]
    readonly_fields = ["delivery", "community", "raised_at", "closed_at", "closed_by"]
    fields = ["delivery", "community", "raised_at", "outcome", "closed_at", "closed_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # raised by a failed delivery

    @admin.display(description=_("open"), boolean=True)
    def is_open(self, obj: FollowUp) -> bool:
        return obj.closed_at is None

    def save_model(self, request: HttpRequest, obj: FollowUp, form: Any, change: bool) -> None:
        actions.follow_up_close(follow_up=obj, outcome=obj.outcome, by=request.user)
