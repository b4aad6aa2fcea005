"""Classes and outings with their sign-ups, the planning report and the program's figures."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from eldercare import actions, figures, selectors
from eldercare.admin.base import ScopedAdmin
from eldercare.models import Activity, ActivitySignup
from licang.masking import mask_phone


@admin.register(Activity)
class ActivityAdmin(TranslationAdmin, ScopedAdmin):  # type: ignore[misc]
    list_display = ["title", "kind", "center", "starts_on", "ends_on", "places", "signup_closes_on"]
    list_filter = ["kind", "center__subdistrict", "center", "starts_on"]
    search_fields = ["title_zh_hans", "title_en", "place_zh_hans"]
    autocomplete_fields = ["center"]
    date_hierarchy = "starts_on"

    @admin.display(description=_("places taken"))
    def places(self, obj: Activity) -> str:
        return f"{obj.signed_up} / {obj.capacity}"  # type: ignore[attr-defined]

    def save_model(self, request: HttpRequest, obj: Activity, form: Any, change: bool) -> None:
        actions.activity_save(activity=obj)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "planning/",
                self.admin_site.admin_view(self.planning_view),
                name="eldercare_planning_report",
            ),
            path(
                "figures/",
                self.admin_site.admin_view(self.figures_view),
                name="eldercare_figures",
            ),
            *super().get_urls(),
        ]

    def planning_view(self, request: HttpRequest) -> HttpResponse:
        """Each subdistrict's care beds and recreation area against the year's norms."""
        if not request.user.has_perm("eldercare.view_subdistrictpopulation"):
            raise PermissionDenied
        try:
            year = int(request.GET.get("year", ""))
        except ValueError:
            year = timezone.localdate().year
        if not 2000 <= year <= 2100:
            year = timezone.localdate().year
        norm, rows = selectors.planning_report(year)
        return TemplateResponse(
            request,
            "admin/eldercare/planning_report.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Care-planning report %(year)d") % {"year": year},
                "opts": self.opts,
                "year": year,
                "norm": norm,
                "rows": rows,
            },
        )

    def figures_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("eldercare.view_mealpoint"):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/eldercare/figures.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Meal program figures"),
                "opts": self.opts,
                "figures": figures.program_figures(timezone.localdate()),
            },
        )


@admin.register(ActivitySignup)
class ActivitySignupAdmin(ScopedAdmin):
    list_display = ["activity", "name", "masked_phone", "created_at", "is_current"]
    list_filter = ["activity__kind", "activity", "cancelled_at"]
    search_fields = ["name", "=phone", "activity__title_zh_hans"]
    autocomplete_fields = ["activity", "resident"]
    readonly_fields = ["created_at", "cancelled_at"]
    actions = ["cancel_selected"]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj: ActivitySignup) -> str:
        return mask_phone(obj.phone)

    @admin.display(description=_("current"), boolean=True)
    def is_current(self, obj: ActivitySignup) -> bool:
        return obj.cancelled_at is None

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: ActivitySignup, form: Any, change: bool
    ) -> None:
        saved = actions.activity_sign_up(
            activity=obj.activity, name=obj.name, phone=obj.phone, resident=obj.resident
        )
        obj.pk = saved.pk

    @admin.action(description=_("Cancel the selected sign-ups"), permissions=["view"])
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[ActivitySignup]) -> None:
        self.run_action(
            request,
            queryset,
            lambda s: actions.signup_cancel(signup=s),
            _("%(count)d sign-ups cancelled."),
        )
