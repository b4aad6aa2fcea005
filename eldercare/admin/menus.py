"""Menus with their dishes, published through the action; the kitchen count and the delivery
round of each meal as printable pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from eldercare import actions, selectors
from eldercare.admin.base import ScopedAdmin
from eldercare.models import Dish, Menu


class DishInline(TranslationTabularInline):  # type: ignore[misc]
    model = Dish
    fields = ["position", "name", "price", "tags"]
    extra = 0


@admin.register(Menu)
class MenuAdmin(ScopedAdmin):
    list_display = [
        "date",
        "meal",
        "point",
        "status",
        "dish_count",
        "set_price",
        "seats",
        "printouts",
    ]
    list_filter = ["status", "meal", "date", "point__operating_model", "point__subdistrict"]
    search_fields = ["point__code", "point__name_zh_hans"]
    autocomplete_fields = ["point"]
    readonly_fields = ["status", "published_at", "created_at"]
    date_hierarchy = "date"
    inlines = [DishInline]
    actions = ["publish_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Menu]:
        return Menu.objects.visible_to(request.user).for_listing().with_seats_taken()

    @admin.display(description=_("dishes"), ordering="dish_count")
    def dish_count(self, obj: Menu) -> int:
        return obj.dish_count  # type: ignore[attr-defined,no-any-return]

    @admin.display(description=_("seats taken"))
    def seats(self, obj: Menu) -> str:
        return f"{obj.seats_taken} / {obj.point.capacity_for(obj.meal)}"  # type: ignore[attr-defined]

    @admin.display(description=_("for the kitchen"))
    def printouts(self, obj: Menu) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:eldercare_menu_kitchen", args=[obj.pk]),
            _("kitchen count"),
            reverse("admin:eldercare_menu_delivery", args=[obj.pk]),
            _("delivery list"),
        )

    def save_model(self, request: HttpRequest, obj: Menu, form: Any, change: bool) -> None:
        actions.menu_save(menu=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        dishes = formset.save(commit=False)
        for dish in formset.deleted_objects:
            actions.dish_delete(dish=dish)
        for dish in dishes:
            actions.dish_save(dish=dish)

    @admin.action(description=_("Publish the selected menus"), permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Menu]) -> None:
        self.run_action(
            request,
            queryset.select_related("point"),
            lambda menu: actions.menu_publish(
                point=menu.point, date=menu.date, meal=menu.meal, menu=menu
            ),
            _("%(count)d menus published."),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:menu_id>/kitchen/",
                self.admin_site.admin_view(self.kitchen_view),
                name="eldercare_menu_kitchen",
            ),
            path(
                "<int:menu_id>/delivery/",
                self.admin_site.admin_view(self.delivery_view),
                name="eldercare_menu_delivery",
            ),
            *super().get_urls(),
        ]

    def _menu(self, request: HttpRequest, menu_id: int) -> Menu:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            Menu.objects.visible_to(request.user).select_related("point"), pk=menu_id
        )

    def kitchen_view(self, request: HttpRequest, menu_id: int) -> HttpResponse:
        menu = self._menu(request, menu_id)
        return TemplateResponse(
            request,
            "admin/eldercare/kitchen_count.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Kitchen count"),
                "opts": self.opts,
                "count": selectors.kitchen_count(menu),
            },
        )

    def delivery_view(self, request: HttpRequest, menu_id: int) -> HttpResponse:
        menu = self._menu(request, menu_id)
        return TemplateResponse(
            request,
            "admin/eldercare/delivery_list.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Delivery list"),
                "opts": self.opts,
                "menu": menu,
                "stops": selectors.delivery_round(menu),
            },
        )
