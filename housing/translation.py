"""The program's translated fields (django-modeltranslation): names and descriptions stored in the
database have a Chinese column and an English one, the English falling back to the Chinese."""

import pghistory
from modeltranslation.translator import TranslationOptions, register

from housing.models import (
    Case,
    CaseDocument,
    CaseMove,
    ChecklistItem,
    Estate,
    Milestone,
    Obstacle,
    ProcessingDay,
    ProcessingDayEntry,
    Unit,
    UnitOwner,
)


@register(Estate)
class EstateTranslation(TranslationOptions):
    fields = ("name", "builder", "description")
    required_languages = {"zh-hans": ("name",)}
    empty_values = {"name": "", "builder": "", "description": ""}


@register(Obstacle)
class ObstacleTranslation(TranslationOptions):
    fields = ("description", "agency", "resolution")
    required_languages = {"zh-hans": ("agency",)}
    empty_values = {"description": "", "agency": "", "resolution": ""}


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("note",)
    empty_values = {"note": ""}


@register(ChecklistItem)
class ChecklistItemTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"zh-hans": ("name",)}
    empty_values = {"name": ""}


# History is tracked here rather than by a decorator in models: pghistory snapshots the fields a
# model has when it is tracked, and the translated columns exist only once registered above.
for model in (
    Estate,
    Obstacle,
    Milestone,
    ChecklistItem,
    Unit,
    UnitOwner,
    Case,
    CaseMove,
    CaseDocument,
    ProcessingDay,
    ProcessingDayEntry,
):
    pghistory.track()(model)
