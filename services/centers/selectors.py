"""Reads about the centers that need more than one model: who works at which center."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from licang.registry.roles import Role
from services.centers.models import Center


def center_staff(centers: Iterable[Center] | QuerySet[Center]) -> QuerySet[Any]:
    """The staff members who work at ``centers``: active staff accounts with the center-staff
    role at one of them. A center's requests are assigned to them and filtered by them."""
    return get_user_model().objects.filter(
        is_active=True,
        is_staff=True,
        staff_profile__role=Role.CENTER_STAFF,
        staff_profile__center__in=centers,
    )
