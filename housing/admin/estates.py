"""Estates with their progress at a glance and timeline; obstacles, milestones, checklists."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from housing import actions, selectors
from housing.models import ChecklistItem, Estate, Milestone, Obstacle, Step
from licang.admin_writes import ActionAdmin
from licang.models import Partner


@admin.register(Estate)
class EstateAdmin(ActionAdmin):
    list_display = [
        "name",
        "community",
        "land_type",
        "year_occupied",
        "units",
        "issued",
        "on_hold",
        "agent",
    ]
    list_filter = ["land_type", "community__subdistrict"]
    search_fields = ["code", "name_zh_hans", "name_en"]
    list_select_related = ["community", "agent"]
    autocomplete_fields = ["community"]
    readonly_fields = ["progress", "issued_by_month", "timeline_table", "obstacle_table"]
    fields = [
        "progress",
        "issued_by_month",
        "timeline_table",
        "obstacle_table",
        "code",
        "name_zh_hans",
        "name_en",
        "community",
        "land_type",
        "builder_zh_hans",
        "builder_en",
        "year_occupied",
        "homes",
        "shops",
        "agent",
        "work_began_on",
        "description_zh_hans",
        "description_en",
    ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # the estate at a glance first; a new estate has nothing to show yet
        return self.fields if obj is not None else self.fields[len(self.readonly_fields) :]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Estate]:
        return (
            Estate.objects.visible_to(request.user)
            .for_listing()
            .annotate(
                issued_count=Count("units", filter=Q(units__case__step=Step.CERTIFICATE_ISSUED)),
                held_count=Count("units", filter=Q(units__case__on_hold=True)),
            )
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agent":
            kwargs["queryset"] = Partner.objects.filter(kind=Partner.Kind.REGISTRATION_AGENT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("units"))
    def units(self, obj: Estate) -> int:
        return obj.unit_count

    @admin.display(description=_("certificates issued"), ordering="issued_count")
    def issued(self, obj: Estate) -> str:
        return f"{obj.issued_count} / {obj.unit_count}"  # type: ignore[attr-defined]

    @admin.display(description=_("on hold"), ordering="held_count")
    def on_hold(self, obj: Estate) -> int:
        return obj.held_count  # type: ignore[attr-defined,no-any-return]

    @admin.display(description=_("progress at a glance"))
    def progress(self, obj: Estate) -> str:
        if obj.pk is None:
            return "—"
        p = selectors.estate_progress(obj)
        cases = reverse("admin:housing_case_changelist")
        steps = format_html_join(
            "",
            '<tr><td>{}</td><td><a href="{}?unit__estate__id__exact={}&amp;step__exact={}">{}</a>'
            "</td></tr>",
            ((s["label"], cases, obj.pk, s["step"], s["count"]) for s in p["steps"]),
        )
        holds = format_html_join(
            "", "<li>{}: {}</li>", ((h["label"], h["count"]) for h in p["holds"])
        )
        return format_html(
            '<p class="housing-progress"><strong>{}</strong> {} / {} ({}%) · {} {} · {} {}</p>'
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>"
            "<p>{}</p><ul>{}</ul>",
            _("Certificates issued:"),
            p["issued"],
            p["units"],
            p["percent_issued"],
            _("days since the work began:"),
            p["days_since_start"] if p["days_since_start"] is not None else "—",
            _("cases on hold:"),
            p["on_hold"],
            _("step"),
            _("cases"),
            steps,
            _("On hold, by reason:"),
            holds or format_html("<li>—</li>"),
        )

    @admin.display(description=_("certificates issued by month"))
    def issued_by_month(self, obj: Estate) -> str:
        if obj.pk is None:
            return "—"
        estate = next((e for e in selectors.figures()["estates"] if e["code"] == obj.code), None)
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td></tr>",
            (
                (m["month"].strftime("%Y-%m"), m["issued"])
                for m in (estate or {}).get("monthly", [])
            ),
        )
        return format_html("<table><tbody>{}</tbody></table>", rows) if rows else "—"

    @admin.display(description=_("timeline"))
    def timeline_table(self, obj: Estate) -> str:
        if obj.pk is None:
            return "—"
        rows = format_html_join(
            "",
            "<li><time>{}</time> · {} · {}</li>",
            (
                (m.happened_on.isoformat(), m.get_kind_display(), m.note)
                for m in selectors.timeline(obj)
            ),
        )
        return format_html('<ol class="housing-timeline">{}</ol>', rows) if rows else "—"

    @admin.display(description=_("obstacles"))
    def obstacle_table(self, obj: Estate) -> str:
        if obj.pk is None:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    o.get_kind_display(),
                    o.agency,
                    o.get_status_display(),
                    o.resolution,
                    o.resolved_on.isoformat() if o.resolved_on else "",
                )
                for o in Obstacle.objects.filter(estate=obj).order_by("opened_on", "pk")
            ),
        )
        return format_html("<table><tbody>{}</tbody></table>", rows) if rows else "—"

    def save_model(self, request: HttpRequest, obj: Estate, form: Any, change: bool) -> None:
        actions.estate_save(estate=obj)


@admin.register(Obstacle)
class ObstacleAdmin(ActionAdmin):
    list_display = ["estate", "kind", "agency", "blocking", "status", "opened_on", "resolved_on"]
    list_filter = ["status", "kind", "blocking", "estate"]
    search_fields = ["estate__name_zh_hans", "agency_zh_hans", "description_zh_hans"]
    list_select_related = ["estate"]
    autocomplete_fields = ["estate"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Obstacle]:
        return Obstacle.objects.visible_to(request.user).for_listing()

    def save_model(self, request: HttpRequest, obj: Obstacle, form: Any, change: bool) -> None:
        actions.obstacle_save(obstacle=obj)


@admin.register(Milestone)
class MilestoneAdmin(ActionAdmin):
    list_display = ["estate", "happened_on", "kind", "note"]
    list_filter = ["kind", "estate"]
    search_fields = ["estate__name_zh_hans", "note_zh_hans"]
    list_select_related = ["estate"]
    autocomplete_fields = ["estate"]
    date_hierarchy = "happened_on"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Milestone]:
        return Milestone.objects.visible_to(request.user).for_listing()

    def save_model(self, request: HttpRequest, obj: Milestone, form: Any, change: bool) -> None:
        actions.milestone_record(milestone=obj)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ActionAdmin):
    list_display = ["estate", "sort_order", "code", "name", "required"]
    list_filter = ["estate", "required"]
    search_fields = ["code", "name_zh_hans", "name_en"]
    list_select_related = ["estate"]
    autocomplete_fields = ["estate"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ChecklistItem]:
        return ChecklistItem.objects.visible_to(request.user).for_listing()

    def save_model(self, request: HttpRequest, obj: ChecklistItem, form: Any, change: bool) -> None:
        actions.checklist_item_save(item=obj)
