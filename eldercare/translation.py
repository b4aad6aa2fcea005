"""The program's translated fields (django-modeltranslation): what residents read about care
centers, meal points, dishes, tiers and activities has a Chinese and an English column, the
English falling back to the Chinese."""

import pghistory
from modeltranslation.translator import TranslationOptions, register

from eldercare.models import Activity, CareCenter, Dish, MealPoint, SubsidyTier


@register(CareCenter)
class CareCenterTranslation(TranslationOptions):
    fields = ("name", "address", "description", "clinic_hours", "home_visit_services")
    required_languages = {"zh-hans": ("name",)}
    # names are unique in each language: an English name not given yet is NULL, not ""
    empty_values = {
        "name": None,
        "address": "",
        "description": "",
        "clinic_hours": "",
        "home_visit_services": "",
    }


@register(MealPoint)
class MealPointTranslation(TranslationOptions):
    fields = ("name", "address")
    required_languages = {"zh-hans": ("name", "address")}
    empty_values = {"name": "", "address": ""}


@register(Dish)
class DishTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"zh-hans": ("name",)}
    # unique with the menu in each language: a name not given is NULL, not ""
    empty_values = {"name": None}


@register(SubsidyTier)
class SubsidyTierTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"zh-hans": ("name",)}
    empty_values = {"name": ""}


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "place", "schedule")
    required_languages = {"zh-hans": ("title", "place")}
    empty_values = {"title": "", "place": "", "schedule": ""}


# History is tracked here rather than by a decorator in models: pghistory snapshots the fields a
# model has when it is tracked, and the translated columns exist only once registered above.
pghistory.track()(CareCenter)
pghistory.track()(MealPoint)
pghistory.track()(Dish)
pghistory.track()(SubsidyTier)
pghistory.track()(Activity)
