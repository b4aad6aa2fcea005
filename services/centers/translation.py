"""The centers' translated fields (django-modeltranslation): what residents read about a center
has a Chinese and an English column, the English falling back to the Chinese."""

import pghistory
from modeltranslation.translator import TranslationOptions, register

from services.centers.models import Center, Facility, OpeningException


@register(Center)
class CenterTranslation(TranslationOptions):
    fields = ("name", "description", "address", "status_note")
    required_languages = {"zh-hans": ("name",)}
    # names are unique in each language: an English name not given yet is NULL, not ""
    empty_values = {"name": None, "description": "", "address": "", "status_note": ""}


@register(Facility)
class FacilityTranslation(TranslationOptions):
    fields = ("name",)
    # unique with the center and kind in each language: a name not given is NULL, not ""
    empty_values = {"name": None}


@register(OpeningException)
class OpeningExceptionTranslation(TranslationOptions):
    fields = ("note",)
    empty_values = {"note": ""}


# History is tracked here rather than by a decorator in models.py: pghistory snapshots the fields a
# model has when it is tracked, and the translated columns exist only once registered above.
pghistory.track()(Center)
pghistory.track()(Facility)
pghistory.track()(OpeningException)
