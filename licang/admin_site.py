"""The portal's admin site: Django's, with the staff home in place of the stock index and the menu
in the order of what each role does (``licang.staff_cards``).

It is the default site (``licang.apps.AdminConfig``), so ``admin.site`` and ``@admin.register``
everywhere are this one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from licang import staff_cards


class LicangAdminSite(admin.AdminSite):
    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """The stock index (the app list and recent actions) with the user's cards above it."""
        context = {"staff_home": staff_cards.sections_for(request), **(extra_context or {})}
        response: TemplateResponse = super().index(request, context)
        return response

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[Any]:
        """The apps of the menu (index, app pages, side bar) in the order of the user's role."""
        app_list = super().get_app_list(request, app_label)
        order = staff_cards.menu_order(request)
        return staff_cards.in_menu_order(app_list, order, lambda app: app["app_label"])
