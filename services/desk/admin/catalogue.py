"""The desk's catalogue in the admin: categories, items and the questions items ask.

Every write goes through ``services.desk.actions``: an item is taken out of the catalogue, never
deleted (its requests keep it); a category is deleted only while it has no items; a question is
removed through its action.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from licang.admin_writes import ActionAdmin
from services.desk import actions
from services.desk.models import ServiceCategory, ServiceItem, ServiceQuestion


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(TranslationAdmin, ActionAdmin):  # type: ignore[misc]
    """Name and description are edited in Chinese and English side by side (``translation.py``)."""

    list_display = ["name_zh_hans", "name_en", "code", "item_count", "sort_order"]
    search_fields = ["name_zh_hans", "name_en", "code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceCategory]:
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=_("items"), ordering="item_count")
    def item_count(self, obj: ServiceCategory) -> int:
        return obj.item_count  # type: ignore[attr-defined,no-any-return]

    def save_model(
        self, request: HttpRequest, obj: ServiceCategory, form: Any, change: bool
    ) -> None:
        actions.service_category_save(category=obj)

    def delete_record(self, request: HttpRequest, obj: ServiceCategory) -> None:
        actions.service_category_delete(category=obj)


class ServiceQuestionInline(TranslationStackedInline):  # type: ignore[type-arg]
    model = ServiceQuestion
    fields = [("code", "order", "required"), "prompt", "datatype", "help_text", "choices"]
    extra = 0


@admin.register(ServiceItem)
class ServiceItemAdmin(TranslationAdmin, ActionAdmin):  # type: ignore[misc]
    """Every text a resident reads is edited in Chinese and English side by side
    (``translation.py``), the questions' prompts, help and choices too."""

    list_display = [
        "code",
        "name",
        "category",
        "fee_display",
        "target_working_days",
        "needs_address",
        "is_active",
    ]
    list_filter = ["category", "is_active", "needs_address", "centers"]
    search_fields = ["code", "name_zh_hans", "name_en", "keywords"]
    list_select_related = ["category"]
    autocomplete_fields = ["category"]
    filter_horizontal = ["centers"]
    inlines = [ServiceQuestionInline]
    actions = ["deactivate_selected"]

    @admin.display(description=_("fee"), ordering="fee")
    def fee_display(self, obj: ServiceItem) -> str:
        return str(_("free")) if obj.is_free else f"¥{obj.fee}"

    def save_model(self, request: HttpRequest, obj: ServiceItem, form: Any, change: bool) -> None:
        actions.service_item_save(item=obj, centers=form.cleaned_data["centers"])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # the centers were set by the action in save_model; only the questions are left
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        questions = formset.save(commit=False)
        # removed questions first: a new question may take a removed one's code or order
        for question in formset.deleted_objects:
            actions.service_question_delete(question=question)
        for question in questions:
            actions.service_question_save(question=question)

    @admin.action(
        description=_("Take the selected items out of the catalogue"), permissions=["change"]
    )
    def deactivate_selected(self, request: HttpRequest, queryset: QuerySet[ServiceItem]) -> None:
        self.run_action(
            request,
            queryset,
            lambda item: actions.service_item_deactivate(item=item),
            str(_("%(count)d items taken out of the catalogue.")),
        )
