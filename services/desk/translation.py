"""The catalogue's translated fields (django-modeltranslation): every text a resident reads about
a service has a Chinese and an English column, the English falling back to the Chinese."""

import pghistory
from modeltranslation.translator import TranslationOptions, register

from services.desk.models import ServiceCategory, ServiceItem, ServiceQuestion


@register(ServiceCategory)
class ServiceCategoryTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"zh-hans": ("name",)}
    # names are unique in each language: an English name not given yet is NULL, not ""
    empty_values = {"name": None, "description": ""}


@register(ServiceItem)
class ServiceItemTranslation(TranslationOptions):
    fields = ("name", "description", "what_to_bring", "fee_note")
    required_languages = {"zh-hans": ("name", "description")}
    empty_values = {"name": None, "description": "", "what_to_bring": "", "fee_note": ""}


@register(ServiceQuestion)
class ServiceQuestionTranslation(TranslationOptions):
    # ``choices`` in English keep the Chinese keys; an empty list falls back to the Chinese
    fields = ("prompt", "help_text", "choices")
    required_languages = {"zh-hans": ("prompt",)}
    empty_values = {"prompt": "", "help_text": ""}


# History is tracked here rather than by a decorator in models.py: pghistory snapshots the fields a
# model has when it is tracked, and the translated columns exist only once registered above.
pghistory.track()(ServiceCategory)
pghistory.track()(ServiceItem)
pghistory.track()(ServiceQuestion)
