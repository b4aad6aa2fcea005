"""The registry's part of the staff home (found by ``licang.staff_cards``): the order of the
admin's menu, which the roles decide (``roles.MENU_ORDER``)."""

from __future__ import annotations

from typing import Any

from licang.registry.access import is_active_staff, role_of
from licang.registry.roles import MENU_ORDER, Role


def menu_order(user: Any) -> tuple[str, ...]:
    """The app labels of ``user``'s menu, first the apps of their role's work; a superuser
    without a role has the district administrators' order."""
    role = role_of(user)
    if role is None and is_active_staff(user) and user.is_superuser:
        role = Role.DISTRICT_ADMIN
    return MENU_ORDER.get(role, ()) if role is not None else ()
