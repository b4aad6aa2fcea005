"""Dish tags and the dietary restrictions that read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tag(models.TextChoices):
    """What a dish is; an elder's dietary restrictions name the tags their dishes must carry."""

    SOFT = "soft", _("Soft")
    LOW_SALT = "low_salt", _("Low salt")
    LOW_SUGAR = "low_sugar", _("Low sugar")
    HALAL = "halal", _("Halal")
    VEGETARIAN = "vegetarian", _("Vegetarian")


class Meal(models.TextChoices):
    LUNCH = "lunch", _("Lunch")
    DINNER = "dinner", _("Dinner")


def tag_labels(values: list[str]) -> list[str]:
    """The tags' names in the reader's language."""
    return [str(Tag(value).label) for value in values if value in Tag.values]


def conflicts(restrictions: list[str], tags: list[str]) -> list[str]:
    """The restrictions a dish with ``tags`` does not meet (a low-salt diet and a dish not
    marked low-salt)."""
    return [restriction for restriction in restrictions if restriction not in tags]
