"""Who may call an endpoint at all. Which rows they may reach is each queryset's ``visible_to``."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from licang.api.authentication import PartnerPrincipal


class IsStaffMember(BasePermission):
    """A logged-in staff member, by session or by a staff token."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and not isinstance(user, PartnerPrincipal)
            and user.is_authenticated
            and user.is_active
            and user.is_staff
        )


def partner_of_kind(*kinds: str) -> type[BasePermission]:
    """A permission class admitting partners of ``kinds`` only."""

    class IsPartnerOfKind(BasePermission):
        def has_permission(self, request: Request, view: Any) -> bool:
            user = request.user
            return isinstance(user, PartnerPrincipal) and user.partner.kind in kinds

    IsPartnerOfKind.__name__ = f"IsPartnerOfKind_{'_'.join(kinds)}"
    return IsPartnerOfKind
