"""The registry's translated fields (django-modeltranslation): a Chinese and an English column
each, the English falling back to the Chinese (settings ``MODELTRANSLATION_*``)."""

import pghistory
from modeltranslation.translator import TranslationOptions, register

from licang.registry.models import Community, Subdistrict


@register(Subdistrict)
class SubdistrictTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hans",)
    # names are unique in each language: an English name not given yet is NULL, not ""
    empty_values = {"name": None}


@register(Community)
class CommunityTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hans",)
    empty_values = {"name": None}


# History is tracked here rather than by a decorator in models.py: pghistory snapshots the fields a
# model has when it is tracked, and the translated columns exist only once registered above.
pghistory.track()(Community)
