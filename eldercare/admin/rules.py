"""The yearly rules: meal rules, subsidy tiers, planning norms and the population figures."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from eldercare import actions
from eldercare.models import MealRule, PlanningNorm, SubdistrictPopulation, SubsidyTier
from licang.admin_writes import ActionAdmin


@admin.register(MealRule)
class MealRuleAdmin(ActionAdmin):
    list_display = ["year", "min_dishes", "elder_age", "version", "updated_at"]
    list_filter = ["year"]
    search_fields = ["note"]
    readonly_fields = ["version", "updated_at"]

    def save_model(self, request: HttpRequest, obj: MealRule, form: Any, change: bool) -> None:
        actions.rule_save(rule=obj)


@admin.register(SubsidyTier)
class SubsidyTierAdmin(TranslationAdmin, ActionAdmin):  # type: ignore[misc]
    list_display = ["year", "name", "code", "kind", "min_age", "max_age", "hardship", "subsidy"]
    list_filter = ["year", "kind", "hardship"]
    search_fields = ["code", "name_zh_hans", "name_en"]
    readonly_fields = ["version", "updated_at"]

    def save_model(self, request: HttpRequest, obj: SubsidyTier, form: Any, change: bool) -> None:
        actions.tier_save(tier=obj)


@admin.register(PlanningNorm)
class PlanningNormAdmin(ActionAdmin):
    list_display = ["year", "beds_per_thousand", "recreation_m2_per_hundred_households"]
    list_filter = ["year"]
    search_fields = ["year"]
    readonly_fields = ["updated_at"]

    def save_model(self, request: HttpRequest, obj: PlanningNorm, form: Any, change: bool) -> None:
        actions.rule_save(rule=obj)


@admin.register(SubdistrictPopulation)
class SubdistrictPopulationAdmin(ActionAdmin):
    list_display = ["year", "subdistrict", "population", "households"]
    list_filter = ["year", "subdistrict"]
    search_fields = ["subdistrict__name"]
    list_select_related = ["subdistrict"]
    readonly_fields = ["updated_at"]

    def save_model(
        self, request: HttpRequest, obj: SubdistrictPopulation, form: Any, change: bool
    ) -> None:
        actions.population_save(population=obj)
