"""Processing days and their report: what moved, and why the others could not."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from housing import actions
from housing.models import ProcessingDay, ProcessingDayEntry
from licang.admin_writes import ActionAdmin


@admin.register(ProcessingDay)
class ProcessingDayAdmin(ActionAdmin):
    list_display = ["day", "estate", "place", "agencies_present", "moved", "refused"]
    list_filter = ["estate"]
    search_fields = ["place", "estate__name_zh_hans"]
    list_select_related = ["estate"]
    autocomplete_fields = ["estate"]
    date_hierarchy = "day"
    readonly_fields = ["report"]
    fields = [
        "estate",
        "day",
        "place",
        "tax_bureau",
        "registration_center",
        "agent_present",
        "note",
        "report",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProcessingDay]:
        return ProcessingDay.objects.visible_to(request.user).for_listing()

    @admin.display(description=_("agencies present"))
    def agencies_present(self, obj: ProcessingDay) -> str:
        return "、".join(obj.agencies())

    @admin.display(description=_("cases moved"), ordering="moved")
    def moved(self, obj: ProcessingDay) -> int:
        return obj.moved  # type: ignore[attr-defined,no-any-return]

    @admin.display(description=_("cases not moved"), ordering="refused")
    def refused(self, obj: ProcessingDay) -> int:
        return obj.refused  # type: ignore[attr-defined,no-any-return]

    @admin.display(description=_("the day's report"))
    def report(self, obj: ProcessingDay) -> str:
        if obj.pk is None:
            return "—"
        entries = (
            ProcessingDayEntry.objects.filter(day=obj).select_related("case").order_by("at", "pk")
        )
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{} → {}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    e.case.case_number,
                    e.get_from_step_display(),
                    e.get_to_step_display(),
                    _("moved") if e.moved else _("not moved"),
                    e.reason,
                )
                for e in entries
            ),
        )
        return format_html("<table><tbody>{}</tbody></table>", rows) if rows else "—"

    def save_model(self, request: HttpRequest, obj: ProcessingDay, form: Any, change: bool) -> None:
        actions.processing_day_save(day=obj)
