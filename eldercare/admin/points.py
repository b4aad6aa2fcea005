"""Care centers, meal points and their pauses."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from eldercare import actions
from eldercare.admin.base import ScopedAdmin
from eldercare.models import CareCenter, Meal, MealPoint, MealPointPause


@admin.register(CareCenter)
class CareCenterAdmin(TranslationAdmin, ScopedAdmin):  # type: ignore[misc]
    list_display = [
        "name",
        "subdistrict",
        "community",
        "beds_total",
        "beds_occupied",
        "beds_free",
        "recreation_area_m2",
        "is_active",
    ]
    list_filter = ["is_active", "subdistrict"]
    search_fields = ["name_zh_hans", "name_en", "address_zh_hans"]
    autocomplete_fields = ["subdistrict", "community"]

    @admin.display(description=_("care beds free"))
    def beds_free(self, obj: CareCenter) -> int:
        return obj.beds_free

    def save_model(self, request: HttpRequest, obj: CareCenter, form: Any, change: bool) -> None:
        actions.care_center_save(center=obj)


@admin.register(MealPoint)
class MealPointAdmin(TranslationAdmin, ScopedAdmin):  # type: ignore[misc]
    list_display = [
        "code",
        "name",
        "operating_model",
        "operator",
        "subdistrict",
        "meals_served",
        "lunch_capacity",
        "dinner_capacity",
        "open_to_public",
        "is_active",
    ]
    list_filter = ["operating_model", "is_active", "open_to_public", "subdistrict", "operator"]
    search_fields = ["code", "name_zh_hans", "name_en", "address_zh_hans"]
    autocomplete_fields = ["operator", "care_center", "subdistrict", "community"]
    readonly_fields = ["created_at"]

    @admin.display(description=_("meals served"))
    def meals_served(self, obj: MealPoint) -> str:
        return "、".join(str(Meal(meal).label) for meal in obj.meals)

    def save_model(self, request: HttpRequest, obj: MealPoint, form: Any, change: bool) -> None:
        actions.meal_point_save(point=obj)


@admin.register(MealPointPause)
class MealPointPauseAdmin(ScopedAdmin):
    list_display = ["point", "starts_on", "ends_on", "reason", "alternative"]
    list_filter = ["starts_on", "point__subdistrict"]
    search_fields = ["point__code", "point__name_zh_hans", "reason"]
    autocomplete_fields = ["point", "alternative"]
    date_hierarchy = "starts_on"

    def get_queryset(self, request: HttpRequest) -> Any:
        points = MealPoint.objects.visible_to(request.user)
        return MealPointPause.objects.filter(point__in=points).select_related(
            "point", "alternative"
        )

    def save_model(
        self, request: HttpRequest, obj: MealPointPause, form: Any, change: bool
    ) -> None:
        actions.pause_save(pause=obj)
