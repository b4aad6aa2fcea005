"""Who may call an endpoint at all. Which rows they may reach is each queryset's ``visible_to``.

Each permission says whom it admits (``callers``: stable names such as ``staff`` or
``partner:hospital``, and ``who``: the same in words), so that a 403 can say who may call the
operation instead of only that the caller may not.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.permissions import OR, BasePermission
from rest_framework.request import Request

from licang.api.authentication import PartnerPrincipal
from licang.models import Partner


class IsStaffMember(BasePermission):
    """A logged-in staff member, by session or by a staff token."""

    callers = ("staff",)

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and not isinstance(user, PartnerPrincipal)
            and user.is_authenticated
            and user.is_active
            and user.is_staff
        )

    def who(self) -> str:
        return _("staff members (by session or staff token)")


def partner_of_kind(*kinds: str) -> type[BasePermission]:
    """A permission class admitting partners of ``kinds`` only."""

    class IsPartnerOfKind(BasePermission):
        callers = tuple(f"partner:{kind}" for kind in kinds)

        def has_permission(self, request: Request, view: Any) -> bool:
            user = request.user
            return isinstance(user, PartnerPrincipal) and user.partner.kind in kinds

        def who(self) -> str:
            labels = _(", ").join(str(Partner.Kind(kind).label) for kind in kinds)
            return _("partners of kind %(kinds)s") % {"kinds": labels}

    IsPartnerOfKind.__name__ = f"IsPartnerOfKind_{'_'.join(kinds)}"
    return IsPartnerOfKind


def _admitted(permission: Any) -> list[Any]:
    """The permissions of ``permission`` that admit callers on their own (the operands of OR)."""
    if isinstance(permission, OR):
        operands: tuple[Any, Any] = (permission.op1, permission.op2)  # type: ignore[attr-defined]
        return _admitted(operands[0]) + _admitted(operands[1])
    return [permission]


def who_may_call(permissions: list[Any]) -> tuple[str, list[str]] | None:
    """Who ``permissions`` (a view's, all required) admit, in words and as caller names.

    ``None`` when one of them does not say: a 403 then keeps its own message.
    """
    if len(permissions) != 1:
        return None
    admitted = _admitted(permissions[0])
    if not all(hasattr(p, "who") and hasattr(p, "callers") for p in admitted):
        return None
    text = _(" or ").join(p.who() for p in admitted)
    callers = [caller for p in admitted for caller in p.callers]
    return text, callers
