"""Meal points, their pauses, and the yearly rules."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from eldercare.models import MealPoint, MealPointPause, MealRule, SubsidyTier
from licang.models import Partner


@transaction.atomic
def meal_point_save(*, point: MealPoint) -> MealPoint:
    if point.operator_id and point.operator.kind != Partner.Kind.CATERER:
        raise ValidationError({"operator": _("A meal point is operated by a caterer partner.")})
    if point.community_id and point.community.subdistrict_id != point.subdistrict_id:
        raise ValidationError({"community": _("The community is not in the point's subdistrict.")})
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def pause_save(*, pause: MealPointPause) -> MealPointPause:
    pause.full_clean()
    pause.save()
    return pause


@transaction.atomic
def rule_save(*, rule: Any) -> Any:
    """Save a yearly rule (meal rule, planning norm, population); a changed meal rule gets a new
    version, so that orders name the version they were priced with."""
    rule.full_clean()
    if rule.pk is not None and isinstance(rule, MealRule):
        rule.version = F("version") + 1
    rule.save()
    rule.refresh_from_db()
    return rule


@transaction.atomic
def tier_save(*, tier: SubsidyTier) -> SubsidyTier:
    """Save a subsidy tier; a changed tier gets a new version (orders keep the version used)."""
    tier.full_clean()
    if tier.pk is not None:
        tier.version = F("version") + 1  # type: ignore[assignment]
    tier.save()
    tier.refresh_from_db()
    return tier
