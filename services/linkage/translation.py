"""The linkage's translated fields (django-modeltranslation): names and descriptions stored in
Chinese and English, the English falling back to the Chinese."""

import pghistory
from modeltranslation.translator import TranslationOptions, register

from services.linkage.models import CharityResource, Milestone, Project, SocialOrganisation, Wish


@register(SocialOrganisation)
class SocialOrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"zh-hans": ("name",)}
    empty_values = {"name": None, "description": ""}


@register(CharityResource)
class CharityResourceTranslation(TranslationOptions):
    fields = ("name", "restrictions")
    required_languages = {"zh-hans": ("name",)}
    empty_values = {"name": "", "restrictions": ""}


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name", "description", "outcomes")
    required_languages = {"zh-hans": ("name",)}
    empty_values = {"name": "", "description": "", "outcomes": ""}


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = {"zh-hans": ("title",)}
    empty_values = {"title": ""}


@register(Wish)
class WishTranslation(TranslationOptions):
    fields = ("wish",)
    required_languages = {"zh-hans": ("wish",)}
    empty_values = {"wish": ""}


# History is tracked here rather than by a decorator in models.py: pghistory snapshots the fields a
# model has when it is tracked, and the translated columns exist only once registered above.
pghistory.track()(SocialOrganisation)
pghistory.track()(CharityResource)
pghistory.track()(Project)
pghistory.track()(Milestone)
pghistory.track()(Wish)
